import io

import pytest
from PIL import Image

from images.pipeline import ImageFailure, ImageSpec, derive, target_widths

SPEC = ImageSpec()


def jpeg(size=(2000, 1000), exif=None, color=(200, 50, 50)) -> bytes:
    img = Image.new("RGB", size, color)
    img.paste((0, 0, 255), (0, 0, size[0] // 4, size[1] // 4))  # blue top-left corner
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif if exif is not None else Image.Exif())
    return out.getvalue()


def read(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


@pytest.mark.parametrize("width, expected", [(2000, [320, 640, 1024, 1600]), (500, [320, 500]), (1600, [320, 640, 1024, 1600]), (200, [200])])
def test_widths_never_upscale(width, expected):
    assert target_widths(width, SPEC.widths) == expected


def test_widths_and_formats_produced():
    derived, files = derive(jpeg((2000, 1000)), "anh", SPEC, 10**8)
    full = derived.of("full")
    assert sorted({(v.width, v.mime) for v in full}) == sorted(
        {(w, m) for w in (320, 640, 1024, 1600) for m in ("image/webp", "image/jpeg")})
    for v in full:
        img = read(files[v.path])
        assert img.size == (v.width, v.height) and img.format == ("WEBP" if v.mime == "image/webp" else "JPEG")
    share = derived.of("share")[0]
    assert read(files[share.path]).size == (1200, 630)
    assert {read(files[v.path]).size for v in derived.of("thumb")} == {(160, 107), (320, 213)}


@pytest.mark.parametrize("orientation, size, blue_corner", [
    (6, (20, 40), (15, 3)),   # rotated 90° clockwise: the corner moves to the top right
    (8, (20, 40), (3, 35)),   # rotated 90° counter-clockwise: to the bottom left
])
def test_exif_orientation_is_applied(orientation, size, blue_corner):
    exif = Image.Exif()
    exif[0x0112] = orientation
    derived, files = derive(jpeg((40, 20), exif), "xoay", SPEC, 10**8)
    jpg = [v for v in derived.of("full") if v.mime == "image/jpeg"][0]
    img = read(files[jpg.path]).convert("RGB")
    assert img.size == size
    r, g, b = img.getpixel(blue_corner)
    assert b > 150 and r < 100


def test_gps_and_all_metadata_are_removed():
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (21.0, 1.0, 30.0)
    derived, files = derive(jpeg((800, 600), exif), "gps", SPEC, 10**8)
    assert b"Exif" in jpeg((800, 600), exif)
    for path, data in files.items():
        img = read(data)
        assert not img.getexif(), path
        assert "exif" not in img.info and "xmp" not in img.info, path


def test_png_transparency_is_kept():
    img = Image.new("RGBA", (700, 400), (0, 0, 0, 0))
    img.paste((255, 0, 0, 255), (0, 0, 100, 100))
    out = io.BytesIO()
    img.save(out, "PNG")
    derived, files = derive(out.getvalue(), "trong", SPEC, 10**8)
    png = [v for v in derived.of("full") if v.mime == "image/png"]
    assert [v.width for v in png] == [320, 640, 700]
    for v in derived.of("full"):
        result = read(files[v.path]).convert("RGBA")
        assert result.getpixel((result.width - 1, result.height - 1))[3] == 0
        assert result.getpixel((1, 1))[3] == 255


def test_corrupt_and_oversized_sources_fail_clearly():
    data = jpeg((800, 600))
    with pytest.raises(ImageFailure, match="hỏng"):
        derive(data[: len(data) // 3], "cut", SPEC, 10**8)
    with pytest.raises(ImageFailure, match="hỏng"):
        derive(b"not an image", "text", SPEC, 10**8)
    with pytest.raises(ImageFailure, match="quá lớn"):
        derive(jpeg((2000, 2000)), "big", SPEC, 1_000_000)


def test_same_source_same_bytes():
    a = derive(jpeg((900, 600)), "x", SPEC, 10**8)[1]
    b = derive(jpeg((900, 600)), "x", SPEC, 10**8)[1]
    assert a == b
