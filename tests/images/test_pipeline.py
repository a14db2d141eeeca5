import hashlib
import io
import struct

import pytest
from PIL import Image, ImageOps, ImageStat, PngImagePlugin

from images import pipeline  # by module: a test of a new function fails on its own without it
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


# -- formats, pixel modes, metadata -----------------------------------------------------

MARK = b"BIMAT-GPS-21.0285"


def encoded(img: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **options)
    return out.getvalue()


def gradient_16bit(size=(512, 8)) -> Image.Image:
    w, h = size
    row = struct.pack(f"<{w}H", *(round(x * 65535 / (w - 1)) for x in range(w)))
    return Image.frombytes("I;16", size, row * h)


def modes():
    """(mode, a 2×1 image in it, the expected mode, the expected two pixels)."""
    def palette(transparent: bool) -> Image.Image:
        img = Image.new("P", (2, 1))
        img.putpalette([255, 0, 0, 0, 0, 255])
        img.putpixel((1, 0), 1)
        if transparent:
            img.info["transparency"] = 0
        return img

    i16 = [0, 32896]  # 0 and 128 × 257
    return [
        ("I;16", Image.frombytes("I;16", (2, 1), struct.pack("<2H", *i16)), "L", [0, 128]),
        ("I;16B", Image.frombytes("I;16B", (2, 1), struct.pack(">2H", *i16)), "L", [0, 128]),
        ("I;16 white", Image.frombytes("I;16", (2, 1), struct.pack("<2H", 65535, 257)), "L", [255, 1]),
        ("I", Image.frombytes("I", (2, 1), struct.pack("<2i", 65535, -5)), "L", [255, 0]),
        ("F 0..1", Image.frombytes("F", (2, 1), struct.pack("<2f", 0.5, 1.0)), "L", [128, 255]),
        ("F 0..255", Image.frombytes("F", (2, 1), struct.pack("<2f", 100.0, 300.0)), "L", [100, 255]),
        ("1", Image.frombytes("1", (2, 1), b"\x40"), "L", [0, 255]),
        ("P", palette(False), "RGB", [(255, 0, 0), (0, 0, 255)]),
        ("P transparent", palette(True), "RGBA", [(255, 0, 0, 0), (0, 0, 255, 255)]),
        ("L transparent", _with_info(Image.frombytes("L", (2, 1), b"\x07\x08"), 7), "LA", [(7, 0), (8, 255)]),
        ("LA", Image.frombytes("LA", (2, 1), b"\x10\x00\x20\xff"), "LA", [(16, 0), (32, 255)]),
        ("CMYK", Image.frombytes("CMYK", (2, 1), b"\x00\xff\xff\x00\x00\x00\x00\xff"), "RGB",
         [(255, 0, 0), (0, 0, 0)]),
        ("RGBX", Image.frombytes("RGBX", (2, 1), b"\x01\x02\x03\x00\x04\x05\x06\x00"), "RGB",
         [(1, 2, 3), (4, 5, 6)]),
        ("RGB", Image.frombytes("RGB", (2, 1), b"\x01\x02\x03\x04\x05\x06"), "RGB", [(1, 2, 3), (4, 5, 6)]),
    ]


def _with_info(img: Image.Image, transparency: int) -> Image.Image:
    img.info["transparency"] = transparency
    return img


@pytest.mark.parametrize("name, img, mode, pixels", modes(), ids=[m[0] for m in modes()])
def test_every_pixel_mode_becomes_8_bit_looking_the_same(name, img, mode, pixels):
    result = pipeline.to_8bit(img)
    assert result.mode == mode
    assert [result.getpixel((x, 0)) for x in range(2)] == pixels


def test_the_dispatch_table_names_every_mode_a_decoder_of_an_accepted_format_gives():
    assert {"I;16", "I;16B", "I", "F", "CMYK", "1", "P", "LA", "L", "RGB", "RGBA"} <= set(pipeline.TO_8BIT)


def test_a_16_bit_grey_gradient_keeps_its_brightness():
    source = gradient_16bit()
    mean = ImageStat.Stat(source.convert("I").point(lambda v: v / 257)).mean[0]  # 127.5
    derived, files = derive(encoded(source, "PNG"), "xam", SPEC, 10**8)
    for v in derived.variants:
        got = ImageStat.Stat(read(files[v.path]).convert("L")).mean[0]
        assert abs(got - mean) < 3, (v.path, got, mean)


def test_transparency_shows_on_white_in_jpeg_and_is_kept_otherwise():
    img = Image.new("RGBA", (400, 300), (0, 0, 0, 0))  # transparent black, as editors' tools save it
    derived, files = derive(encoded(img, "WEBP", lossless=True), "trong", SPEC, 10**8)
    assert {v.mime for v in derived.variants} == {"image/webp", "image/png", "image/jpeg"}
    for v in derived.variants:
        pixel = read(files[v.path]).convert("RGBA").getpixel((5, 5))
        assert (min(pixel) > 245) if v.mime == "image/jpeg" else pixel[3] == 0, (v.path, pixel)
    assert pipeline.opaque(Image.new("LA", (1, 1), (0, 0))).getpixel((0, 0)) == 255


def heic(size=(900, 600), color=(30, 140, 200)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = MARK.decode()
    exif.get_ifd(0x8825)[1] = MARK.decode()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description about="' + MARK + b'"/></x:xmpmeta>'
    # pillow-heif's own encoder: the test process does not register it with Pillow, the
    # code under test must
    import pillow_heif

    out = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", size, color)).save(out, quality=90, exif=exif.tobytes(), xmp=xmp)
    return out.getvalue()


def test_heic_photos_are_converted():
    data = heic()
    assert data[4:12] == b"ftypheic"
    derived, files = derive(data, "iphone", SPEC, 10**8)
    assert (derived.width, derived.height) == (900, 600)
    assert {v.mime for v in derived.variants} == {"image/webp", "image/jpeg"}
    r, g, b = ImageStat.Stat(read(files[derived.of("full", "image/jpeg")[-1].path]).convert("RGB")).mean
    assert abs(r - 30) < 6 and abs(g - 140) < 6 and abs(b - 200) < 6


SVG = (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg" width="9" '
       b'height="9"><script>alert(1)</script></svg>')


@pytest.mark.parametrize("data, message", [
    (SVG, "ảnh SVG không dùng được cho ảnh bài viết (tệp SVG có thể chứa mã chạy, script); "
          "hãy xuất ảnh ra PNG hoặc JPEG rồi dùng tệp đó."),
    (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "ảnh SVG không dùng được"),
    (encoded(Image.new("RGB", (9, 9)), "EPS"),
     "tệp PostScript (EPS) không phải ảnh; hãy xuất ảnh ra PNG hoặc JPEG"),
    (b"%PDF-1.7\n...", "tệp PDF không phải ảnh; hãy xuất ảnh ra PNG hoặc JPEG"),
    (b"8BPS\x00\x01", "tệp Photoshop (PSD) không phải ảnh"),
    (encoded(Image.new("RGB", (9, 9)), "ICO"),
     "tệp ảnh hỏng hoặc không phải ảnh thuộc các định dạng nhận được (JPEG, PNG, WebP, GIF, HEIC/HEIF, AVIF, "
     "TIFF, BMP)"),
    (b"<html><body>not a photo</body></html>", "tệp ảnh hỏng hoặc không phải ảnh"),
    (heic()[:400], "tệp ảnh hỏng"),
])
def test_unusable_files_are_refused_with_the_reason_and_the_fix(data, message):
    with pytest.raises(ImageFailure) as caught:
        derive(data, "x", SPEC, 10**8)
    assert str(caught.value).startswith(message), str(caught.value)
    assert "0x" not in str(caught.value)  # no object address from Pillow


def png_with_metadata() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", MARK.decode())
    info.add_text("Author", MARK.decode(), zip=True)
    info.add_itxt("XML:com.adobe.xmp", f"<x:xmpmeta>{MARK.decode()}</x:xmpmeta>")
    exif = Image.Exif()
    exif.get_ifd(0x8825)[1] = MARK.decode()
    img = Image.new("RGB", (700, 400), (10, 120, 60))
    return encoded(img, "PNG", pnginfo=info, exif=exif, dpi=(300, 300))


def png_chunks(data: bytes) -> list[bytes]:
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.append(kind)
        at += 12 + length
    return chunks


@pytest.mark.parametrize("source", ["heic", "png"])
def test_no_metadata_survives_from_heic_or_png(source):
    data = heic() if source == "heic" else png_with_metadata()
    assert MARK in data
    derived, files = derive(data, "meta", SPEC, 10**8)
    for path, out in files.items():
        assert MARK not in out and b"Exif\x00\x00" not in out and b"xmpmeta" not in out, path
        img = read(out)
        assert not img.getexif(), path
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "Comment", "dpi"} & set(img.info), path
        if path.endswith(".png"):
            assert set(png_chunks(out)) <= {b"IHDR", b"PLTE", b"tRNS", b"iCCP", b"IDAT", b"IEND"}, path


def test_every_variant_records_its_size_and_digest():
    derived, files = derive(jpeg((900, 600)), "x", SPEC, 10**8)
    for v in derived.variants:
        assert v.size == len(files[v.path]) and v.digest == hashlib.sha256(files[v.path]).hexdigest()
    assert type(derived).from_json(derived.to_json()) == derived


# without a profile, and with a print profile lcms refuses
@pytest.mark.parametrize("profile", [None, b"\x00" * 16 + b"CMYK" + b"\x00" * 108])
def test_a_cmyk_photo_is_drawn_in_rgb_without_its_print_profile(profile):
    cmyk = Image.new("CMYK", (400, 300), (0, 255, 255, 0))  # magenta and yellow inks: red
    derived, files = derive(encoded(cmyk, "JPEG", icc_profile=profile), "in", SPEC, 10**8)
    for v in derived.variants:
        img = read(files[v.path])
        assert img.mode == "RGB" and "icc_profile" not in img.info
        r, g, b = img.getpixel((5, 5))
        assert r > 200 and g < 60 and b < 60, (v.path, (r, g, b))


def test_an_rgb_profile_is_kept_and_a_grey_one_only_on_grey_files():
    from PIL import ImageCms
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    colour = encoded(Image.new("RGB", (400, 300), (9, 99, 199)), "JPEG", icc_profile=srgb)
    derived, files = derive(colour, "p", SPEC, 10**8)
    assert all(read(data).info.get("icc_profile") == srgb for data in files.values())
    # a profile claiming grey on a grey PNG: kept on the grey copies, not on WebP (which has no grey)
    grey = srgb[:16] + b"GRAY" + srgb[20:]
    derived, files = derive(encoded(Image.new("L", (400, 300), 90), "PNG", icc_profile=grey), "g", SPEC,
                            10**8)
    for path, data in files.items():
        assert (read(data).info.get("icc_profile") == grey) != path.endswith(".webp"), path


def test_a_heic_photo_stored_on_its_side_is_turned_once():
    import pillow_heif
    img = Image.new("RGB", (400, 200), (200, 0, 0))
    img.paste((0, 0, 255), (0, 0, 100, 50))  # blue top-left corner
    exif = Image.Exif()
    exif[0x0112] = 6  # seen turned 90° clockwise: the corner at the top right
    out = io.BytesIO()
    pillow_heif.from_pillow(img).save(out, exif=exif.tobytes())
    derived, files = derive(out.getvalue(), "doc", SPEC, 10**8)
    assert (derived.width, derived.height) == (200, 400)
    seen = read(files[derived.of("full", "image/jpeg")[-1].path]).convert("RGB")
    assert seen.size == (200, 400)
    r, g, b = seen.getpixel((190, 10))
    assert b > 150 and r < 100
