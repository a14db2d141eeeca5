"""Discovery and sharing metadata through the real build."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from seo.metadata import robots

BASE = "http://localhost:8000/"


def _meta(html: str, prop: str) -> str:
    return re.search(rf'<meta (?:property|name)="{prop}" content="([^"]*)"', html).group(1)


def test_article_page_has_open_graph_canonical_and_json_ld(sample_build):
    page = next(sample_build.output.glob("tin/2024/07/15/*/index.html"))
    html = page.read_text(encoding="utf-8")
    url = BASE + page.parent.relative_to(sample_build.output).as_posix() + "/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert _meta(html, "og:url") == url
    assert _meta(html, "og:type") == "article"
    assert _meta(html, "og:locale") == "vi_VN"
    og_image = _meta(html, "og:image")
    assert re.fullmatch(re.escape(BASE) + r"anh/[0-9a-f]+/le-trao-hoc-bong-chia-se\.jpg", og_image)
    assert (sample_build.output / og_image.removeprefix(BASE)).is_file()
    assert _meta(html, "twitter:card") == "summary_large_image"
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Hội Khuyến học tỉnh Yên Bái trao học bổng hè 2024"
    assert data["datePublished"] == "2024-07-15T09:30:00+07:00"
    assert data["author"] == [{"@type": "Person", "name": "Thu Hà"}]
    assert data["publisher"]["name"] == "Hội Khuyến học Việt Nam"
    assert data["mainEntityOfPage"]["@id"] == url


def test_json_ld_cannot_close_its_script(site):
    site.article("x", title="Thử </script><script>alert(1)</script>", summary="a")
    result = site.build()
    assert result.returncode == 0, result.stderr
    html = next(result.output.glob("tin/2024/07/15/*/index.html")).read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["headline"].startswith("Thử </script>")
    assert "</script><script>" not in html


def test_sitemap_lists_every_published_article_and_robots_points_to_it(sample_build):
    out = sample_build.output
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {e.text for e in ET.parse(out / "sitemap.xml").getroot().findall("s:url/s:loc", ns)}
    articles = {BASE + p.parent.relative_to(out).as_posix() + "/" for p in out.glob("tin/*/*/*/*/index.html")}
    assert articles and articles <= locs
    assert not [l for l in locs if "ke-hoach-nam-2027" in l or "dai-hoi-dai-bieu-toan-quoc" in l]
    assert BASE + "gioi-thieu/" in locs
    assert (out / "robots.txt").read_text() == robots(BASE + "sitemap.xml")
