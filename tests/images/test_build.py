"""The image pipeline through the real build: cache, markup, errors."""

from __future__ import annotations

import io
import os
import re
import struct

from PIL import Image, ImageStat

from tests.images.test_pipeline import png_chunks


def stats(result) -> dict:
    """The photos the build derived and took from the cache (its log line, with ``-v``)."""
    found = re.findall(r"Images: (\d+) processed, (\d+) from the cache", result.stdout + result.stderr)
    assert len(found) == 1, result.stdout + result.stderr
    return {"processed": int(found[0][0]), "reused": int(found[0][1])}


def test_second_build_decodes_nothing_and_one_change_reprocesses_one(site):
    site.image("images/a.jpg", (900, 600))
    site.image("images/b.jpg", (700, 500))
    site.article("a", title="Bài A", image="images/a.jpg", image_caption="Ảnh A",
                 body='![](/images/b.jpg "Ảnh B trong bài")')
    result = site.build("-v")
    assert result.returncode == 0 and stats(result) == {"processed": 2, "reused": 0}
    # another article changes: the build runs, both photos come from the cache
    site.article("b", title="Bài B")
    result = site.build("-v")
    assert result.returncode == 0 and stats(result) == {"processed": 0, "reused": 2}
    Image.new("RGB", (900, 600), (10, 200, 10)).save(site.content / "images/a.jpg")
    result = site.build("-v")
    assert result.returncode == 0
    assert stats(result) == {"processed": 1, "reused": 1}
    page = result.page("tin/2024/07/15/bai-a/index.html")
    # lead image: <picture> with WebP, fallback, sizes, dimensions, not lazy (first image)
    lead = re.search(r'<figure class="lead-figure">\s*(<picture>.*?</picture>)', page, re.S).group(1)
    assert '<source type="image/webp" srcset="' in lead and 'sizes="' in lead
    assert 'width="900" height="600"' in lead and 'fetchpriority="high"' in lead and "loading=" not in lead
    assert 'alt="Ảnh A"' in lead
    body = re.search(r"<figure><picture>.*?</figure>", page, re.S).group(0)
    assert 'loading="lazy"' in body and 'width="700" height="500"' in body
    assert "<figcaption>Ảnh B trong bài</figcaption>" in body and 'alt="Ảnh B trong bài"' in body
    for src in re.findall(r'(?:src|srcset)="([^"]+)"', page):
        for part in src.split(","):
            url = part.strip().split(" ")[0]
            if "/anh/" in url:
                assert (result.output / url.split("anh/", 1)[0].replace("../", "") / ("anh/" + url.split("anh/", 1)[1])).is_file()
    assert not (result.output / "images").exists()  # originals are not published


def test_a_photo_of_the_same_size_and_time_is_not_read_again(site):
    """A build takes a photo's hash from the build's look at its input files, which reads
    again only files whose size or modification time changed (an archive's photos are
    too many gigabytes to read on every build): bytes changed behind both are not seen."""
    photo = site.image("images/a.jpg", (900, 600))
    site.article("a", title="Bài A", image="images/a.jpg")
    assert site.build("-v").returncode == 0
    marks = os.stat(photo)
    data = bytearray(photo.read_bytes())
    data[len(data) // 2] ^= 0xFF
    photo.write_bytes(bytes(data))
    os.utime(photo, ns=(marks.st_atime_ns, marks.st_mtime_ns))
    site.article("b", title="Bài B")
    result = site.build("-v")
    assert result.returncode == 0 and stats(result) == {"processed": 0, "reused": 1}


def test_bad_images_are_content_errors_reported_together(site):
    site.image("images/ok.jpg", (400, 300))
    (site.content / "images/hong.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    site.image("images/to.jpg", (3000, 2000))
    site.article("a", title="Ảnh hỏng", image="images/hong.jpg")
    site.article("b", title="Ảnh to", date="2024-07-16", body='![](/images/to.jpg "Ảnh quá lớn")')
    site.article("c", title="Ảnh ngoài", date="2024-07-17", image="../ngoai.jpg")
    result = site.build("IMAGES_MAX_PIXELS=1000000")
    assert result.returncode == 1
    lines = [l.replace(str(site.content) + "/", "") for l in result.error_lines]
    assert any(l.startswith("articles/a.md:") and ': image: ảnh "images/hong.jpg": tệp ảnh hỏng' in l for l in lines), lines
    assert any(l.startswith("articles/b.md:") and ': image: ảnh "images/to.jpg": ảnh quá lớn' in l for l in lines), lines
    assert any(l.startswith("articles/c.md:") and "nằm ngoài thư mục nội dung" in l for l in lines), lines
    assert "Traceback" not in result.stderr


# -- hostile input -----------------------------------------------------------------

MARK = "BIMAT-GPS-21.0285"  # planted in every metadata block a source can carry


def published_images(result, page: str) -> list[str]:
    """The derived files ``page`` links, as paths in the output folder."""
    found = re.findall(r'(?:src|srcset|content)="([^"]+)"', result.page(page))
    urls = (part.strip().split(" ")[0] for value in found for part in value.split(","))
    return sorted({url[url.index("anh/"):] for url in urls if "anh/" in url})


def test_a_damaged_cached_file_is_derived_again_and_never_published(site):
    site.image("images/a.jpg", (900, 600))
    site.image("images/b.png", (700, 500))
    site.article("a", title="Bài A", image="images/a.jpg", body='![](/images/b.png "Ảnh B")')
    result = site.build()
    assert result.returncode == 0
    page = "tin/2024/07/15/bai-a/index.html"
    first = {path: (site.output / path).read_bytes() for path in published_images(result, page)}
    assert any(p.endswith(".jpg") for p in first) and any(p.endswith(".png") for p in first)
    cache = site.root / "cache" / "images" / "files"
    truncated = next(p for p in first if p.endswith("-900.jpg"))
    garbled = next(p for p in first if p.endswith("-700.png"))
    data = (cache / truncated).read_bytes()
    (cache / truncated).write_bytes(data[: len(data) // 2])
    data = bytearray((cache / garbled).read_bytes())
    data[len(data) // 2:] = bytes(len(data) - len(data) // 2)  # same size, the second half zeroed
    (cache / garbled).write_bytes(bytes(data))
    site.output = site.root / "output-2"  # a new output folder: every file is copied from the cache
    result = site.build("--verbose")
    assert result.returncode == 0, result.stderr
    assert stats(result) == {"processed": 2, "reused": 0}
    log = " ".join((result.stdout + result.stderr).split())  # the log wraps long lines
    assert f"cached {truncated} of images/a.jpg is" in log, log
    assert f"cached {garbled} of images/b.png is" in log, log
    assert published_images(result, page) == sorted(first)
    for path, fresh in first.items():
        published = (result.output / path).read_bytes()
        Image.open(io.BytesIO(published)).load()  # decodes
        assert published == fresh, path
    # the cache is whole again: a build into a third folder takes every file from it
    site.output = site.root / "output-3"
    result = site.build("-v")
    assert result.returncode == 0 and stats(result) == {"processed": 0, "reused": 2}


def test_a_copy_the_site_publishes_already_needs_no_cached_copy(site):
    """The published copy of a derived file is kept as it is: the cache's copy is not
    looked at for it. A copy missing from both is derived again."""
    site.image("images/a.jpg", (900, 600))
    site.article("a", title="Bài A", image="images/a.jpg")
    result = site.build()
    assert result.returncode == 0
    page = "tin/2024/07/15/bai-a/index.html"
    first = {path: (site.output / path).read_bytes() for path in published_images(result, page)}
    cache = site.root / "cache" / "images" / "files"
    gone = next(p for p in first if p.endswith("-900.jpg"))
    (cache / gone).unlink()
    site.article("b", title="Bài B")
    result = site.build("-v")
    assert result.returncode == 0 and stats(result) == {"processed": 0, "reused": 1}
    assert (site.output / gone).read_bytes() == first[gone] and not (cache / gone).exists()
    (site.output / gone).unlink()  # removed by hand from the site too
    site.article("c", title="Bài C")
    result = site.build("-v")
    assert result.returncode == 0 and stats(result) == {"processed": 1, "reused": 0}
    assert {path: (site.output / path).read_bytes() for path in first} == first
    assert (cache / gone).read_bytes() == first[gone]

def heic(path, size=(800, 600), color=(30, 140, 200)) -> None:
    """A real HEIC file (pillow-heif encodes), with EXIF (GPS) and XMP."""
    import pillow_heif

    exif = Image.Exif()
    exif[0x010F] = MARK
    exif.get_ifd(0x8825)[1] = MARK
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description about="{MARK}"/></x:xmpmeta>'.encode()
    heif = pillow_heif.from_pillow(Image.new("RGB", size, color))
    heif.save(path, quality=90, exif=exif.tobytes(), xmp=xmp)


def gradient_16bit(path, size=(512, 64)) -> float:
    """A 16-bit greyscale PNG, black to white left to right; its mean level of 255."""
    w, h = size
    row = [round(x * 65535 / (w - 1)) for x in range(w)]
    Image.frombytes("I;16", size, struct.pack(f"<{w}H", *row) * h).save(path)  # PNG keeps the 16 bits
    return sum(row) / len(row) / 257


def test_unusable_photos_say_why_and_how_to_fix_naming_file_and_line(site):
    svg = ('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
           '<script>alert(document.cookie)</script><rect width="40" height="40" fill="red"/></svg>\n')
    site.write("images/logo.svg", svg)
    Image.new("RGB", (60, 40)).save(site.content / "images/in.eps", "EPS")
    (site.content / "images/ghi-chu.png").write_text("không phải ảnh")
    site.article("svg", title="Logo", body="Đoạn đầu.\n\n![](/images/logo.svg \"Logo của Hội\")")
    site.article("eps", title="Bản in", date="2024-07-16", image="images/in.eps")
    site.article("txt", title="Ghi chú", date="2024-07-17", image="images/ghi-chu.png")
    result = site.build()
    assert result.returncode == 1
    lines = sorted(l.replace(str(site.content) + "/", "") for l in result.error_lines)
    assert lines == [
        'articles/eps.md:6: image: ảnh "images/in.eps": tệp PostScript (EPS) không phải ảnh; '
        "hãy xuất ảnh ra PNG hoặc JPEG rồi dùng tệp đó.",
        'articles/svg.md:9: image: ảnh "images/logo.svg": ảnh SVG không dùng được cho ảnh bài viết '
        "(tệp SVG có thể chứa mã chạy, script); hãy xuất ảnh ra PNG hoặc JPEG rồi dùng tệp đó.",
        'articles/txt.md:6: image: ảnh "images/ghi-chu.png": tệp ảnh hỏng hoặc không phải ảnh thuộc các định '
        "dạng nhận được (JPEG, PNG, WebP, GIF, HEIC/HEIF, AVIF, TIFF, BMP); hãy chép lại ảnh gốc, hoặc hãy "
        "xuất ảnh ra PNG hoặc JPEG rồi dùng tệp đó.",
    ], lines
    assert "Ghostscript" not in result.stderr and "Traceback" not in result.stderr


def test_heic_16_bit_and_transparent_photos_become_faithful_copies_without_metadata(site):
    heic(site.content / "images/iphone.heic")
    source_mean = gradient_16bit(site.content / "images/xam16.png")
    la = Image.new("LA", (600, 400), (90, 0))  # transparent but for the top-left corner
    la.paste((20, 255), (0, 0, 150, 100))
    la.save(site.content / "images/trong.webp", lossless=True)
    png = Image.new("RGB", (500, 300), (10, 120, 60))
    info = __import__("PIL.PngImagePlugin", fromlist=["PngInfo"]).PngInfo()
    info.add_text("Comment", MARK)
    info.add_itxt("XML:com.adobe.xmp", f"<x:xmpmeta>{MARK}</x:xmpmeta>")
    exif = Image.Exif()
    exif.get_ifd(0x8825)[1] = MARK
    png.save(site.content / "images/chu.png", pnginfo=info, exif=exif)
    exif = Image.Exif()
    exif[0x010F] = MARK
    exif.get_ifd(0x8825)[2] = (21.0, 1.0, 30.0)
    Image.new("RGB", (800, 600), (200, 60, 60)).save(site.content / "images/gps.jpg", exif=exif,
                                                     xmp=f"<x:xmpmeta>{MARK}</x:xmpmeta>".encode())
    site.article("heic", title="Ảnh iPhone", image="images/iphone.heic",
                 body='![](/images/gps.jpg "Ảnh có GPS")\n\n![](/images/chu.png "Ảnh có chữ")')
    site.article("xam", title="Ảnh xám", date="2024-07-16", image="images/xam16.png")
    site.article("trong", title="Ảnh trong suốt", date="2024-07-17", image="images/trong.webp")
    result = site.build()
    assert result.returncode == 0, result.stderr
    heic_files = published_images(result, "tin/2024/07/15/anh-iphone/index.html")
    lead = [p for p in heic_files if "/iphone-" in p]
    assert {p.rsplit(".", 1)[1] for p in lead} == {"webp", "jpg"}
    for path in lead:
        img = Image.open(result.output / path).convert("RGB")
        r, g, b = ImageStat.Stat(img).mean
        assert abs(r - 30) < 6 and abs(g - 140) < 6 and abs(b - 200) < 6, (path, r, g, b)
    grey = [p for p in published_images(result, "tin/2024/07/16/anh-xam/index.html") if "/xam16-" in p]
    widest = [p for p in grey if p.endswith("-512.png")][0]
    img = Image.open(result.output / widest)
    mean = ImageStat.Stat(img.convert("L")).mean[0]
    assert abs(mean - source_mean) < 2, (mean, source_mean)
    share = [p for p in grey if p.endswith("-chia-se.jpg")][0]
    assert abs(ImageStat.Stat(Image.open(result.output / share).convert("L")).mean[0] - source_mean) < 3
    clear = [p for p in published_images(result, "tin/2024/07/17/anh-trong-suot/index.html")
             if "/trong-" in p]
    assert {p.rsplit(".", 1)[1] for p in clear} == {"webp", "png", "jpg"}  # PNG fallback keeps transparency
    for path in clear:
        img = Image.open(result.output / path).convert("RGBA")
        corner = img.getpixel((img.width - 1, img.height - 1))
        # transparent stays transparent; the JPEG sharing image shows it on white, not black
        assert min(corner) > 245 if path.endswith(".jpg") else corner[3] == 0, (path, corner)
    # every derived file the site publishes, not only those the pages above link
    every = sorted(p.relative_to(result.output).as_posix() for p in (result.output / "anh").rglob("*") if p.is_file())
    assert set(heic_files) | set(grey) | set(clear) <= set(every) and len(every) > 30
    for path in every:
        data = (result.output / path).read_bytes()
        assert MARK.encode() not in data and b"Exif\x00\x00" not in data and b"xmpmeta" not in data, path
        img = Image.open(io.BytesIO(data))
        assert not img.getexif() and not {"exif", "xmp", "XML:com.adobe.xmp", "Comment"} & set(img.info), path
        if path.endswith(".png"):
            assert set(png_chunks(data)) <= {b"IHDR", b"PLTE", b"tRNS", b"iCCP", b"IDAT", b"IEND"}, path



def test_the_build_reports_its_photo_phase_and_another_webp_method_derives_again(site):
    site.image("images/a.jpg", (900, 600))
    site.article("a", title="Bài A", image="images/a.jpg", image_caption="Ảnh A")
    result = site.build("SITE_REPORT_PHASES=true", "-v")
    assert result.returncode == 0 and stats(result) == {"processed": 1, "reused": 0}
    line = re.search(r"^Phases: (.+)$", result.stderr, re.M).group(1)
    names = [name for name, _ in re.findall(r"([\w ]+?) ([\d.]+) s(?:, |$)", line)]
    assert names[:3] == ["read", "photos", "render"] and "search index" in names and names[-1] == "publish"
    before = {p.relative_to(site.output).as_posix() for p in (site.output / "anh").rglob("*.webp")}
    # the derived files are keyed by the settings: another WebP effort makes them again,
    # in a folder of another name, and the earlier ones leave the site
    result = site.build("IMAGES_WEBP_METHOD=6", "-v")
    assert result.returncode == 0 and stats(result) == {"processed": 1, "reused": 0}
    after = {p.relative_to(site.output).as_posix() for p in (site.output / "anh").rglob("*.webp")}
    assert len(after) == len(before) == 5 and not after & before  # 320, 640, 900, two thumbnails
