import io

import pytest
from PIL import Image, ImageOps

from images.pipeline import ImageFailure, ImageSpec, _save, derive, target_widths

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


def detailed_png(size=(3000, 2000)) -> bytes:
    """A photo with fine detail (narrow coloured bars, like books on a shelf)."""
    import random
    from PIL import ImageDraw
    rng = random.Random(7)
    img = Image.new("RGB", size, (225, 215, 190))
    draw = ImageDraw.Draw(img)
    for _ in range(900):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        draw.rectangle((x, y, x + rng.randrange(6, 40), y + rng.randrange(40, 200)),
                       fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    img.save(out, "PNG")  # PNG copies are lossless: only the resampling can differ
    return out.getvalue()


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    from PIL import ImageChops, ImageStat
    return sum(ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).mean) / 3


# Tolerances in levels of 255, measured: the chain moves the PNG copies by 0.3 at most
# and the 160 px thumbnail by 1.3 (its crop falls a fraction of a pixel apart); the JPEG
# copies stay within 0.03 of copies made straight from the photo (decoded at a quarter,
# upscaled, the widest would drift by 0.8).
@pytest.mark.parametrize("kind, tolerance", [("png", 1.5), ("jpeg", 0.3), ("mpo", 0.3)])
def test_copies_are_as_faithful_as_copies_made_straight_from_the_photo(kind, tolerance):
    # For speed a large JPEG is decoded at half size, each narrower copy is resampled from
    # the next wider one and each thumbnail from a copy at least three times its width.
    # None may drift from the photo more than a copy made straight from the full photo
    # and saved the same way (PNG copies are lossless, so there only resampling counts).
    data = detailed_png((3000, 2000) if kind == "png" else (4000, 3000))
    if kind != "png":  # decoded at 2000×1500; MPO: a phone's JPEG with a second frame
        out = io.BytesIO()
        photo = read(data).convert("RGB")
        frames = {"save_all": True, "append_images": [photo.resize((400, 300))]} if kind == "mpo" else {}
        photo.save(out, kind.upper(), quality=95, **frames)
        data = out.getvalue()
        assert read(data).format == kind.upper()
    photo = read(data).convert("RGB")
    derived, files = derive(data, "ke-sach", SPEC, 10**8)
    saved_as = "png" if kind == "png" else "jpeg"
    mime = f"image/{saved_as}"
    made = derived.of("full", mime) + derived.of("thumb", mime) + derived.of("share", mime)
    assert len(made) == (6 if kind == "png" else 7)
    for v in made:
        copy = read(files[v.path])
        if v.kind == "full":
            direct = photo.resize((v.width, v.height), Image.LANCZOS)
        else:
            direct = ImageOps.fit(photo, (v.width, v.height), Image.LANCZOS)
        assert copy.size == direct.size
        saved_straight = read(_save(direct, saved_as.upper(), SPEC, None))
        drift, reference = mean_difference(copy, direct), mean_difference(saved_straight, direct)
        assert drift < reference + tolerance, (v.path, drift, reference)


def test_a_large_photo_stored_on_its_side_is_decoded_reduced_and_turned():
    exif = Image.Exif()
    exif[0x0112] = 6  # stored 2600×1300, seen 1300×2600
    spec = ImageSpec(widths=(320, 640))
    derived, files = derive(jpeg((2600, 1300), exif), "doc", spec, 10**8)
    assert (derived.width, derived.height) == (1300, 2600)
    widest = [v for v in derived.of("full", "image/jpeg") if v.width == 640][0]
    img = read(files[widest.path]).convert("RGB")
    assert img.size == (640, 1280)
    r, g, b = img.getpixel((600, 40))  # the blue corner, top right once turned
    assert b > 150 and r < 100
    r, g, b = img.getpixel((40, 1240))
    assert r > 150 and b < 100
