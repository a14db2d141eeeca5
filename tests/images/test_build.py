"""The image pipeline through the real build: cache, markup, errors."""

from __future__ import annotations

import json
import re

from PIL import Image


def stats(site) -> dict:
    return json.loads((site.root / "cache" / "images" / "last-build.json").read_text())


def test_second_build_decodes_nothing_and_one_change_reprocesses_one(site):
    site.image("images/a.jpg", (900, 600))
    site.image("images/b.jpg", (700, 500))
    site.article("a", title="Bài A", image="images/a.jpg", image_caption="Ảnh A",
                 body='![](/images/b.jpg "Ảnh B trong bài")')
    assert site.build().returncode == 0
    assert stats(site) == {"processed": 2, "reused": 0}
    # another article changes: the build runs, both photos come from the cache
    site.article("b", title="Bài B")
    assert site.build().returncode == 0
    assert stats(site) == {"processed": 0, "reused": 2}
    Image.new("RGB", (900, 600), (10, 200, 10)).save(site.content / "images/a.jpg")
    result = site.build()
    assert result.returncode == 0
    assert stats(site) == {"processed": 1, "reused": 1}
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
