"""Discovery and sharing metadata through the real build."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import datetime as dt

import pytest

from seo.metadata import SitemapEntry, robots, sitemap_files

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
    assert data["dateModified"] == "2024-07-16T10:00:00+07:00"
    assert data["image"] == [og_image]
    assert data["publisher"] == {"@type": "Organization", "name": "Hội Khuyến học Việt Nam",
                                 "logo": {"@type": "ImageObject", "url": BASE + "theme/images/logo.svg"}}
    assert _meta(html, "og:title") == data["headline"] == _meta(html, "twitter:title")
    assert _meta(html, "og:description") == "400 suất học bổng được trao cho học sinh nghèo vượt khó trong dịp hè."
    assert _meta(html, "description") == _meta(html, "og:description") == data["description"]
    assert _meta(html, "og:site_name") == "Hội Khuyến học Việt Nam"
    assert _meta(html, "twitter:image") == og_image
    assert _meta(html, "article:published_time") == "2024-07-15T09:30:00+07:00"


def test_listing_pages_are_websites_with_their_own_title(sample_build):
    html = sample_build.page("chuyen-muc/hoat-dong-hoi/index.html")
    assert '<link rel="canonical" href="http://localhost:8000/chuyen-muc/hoat-dong-hoi/">' in html
    assert _meta(html, "og:type") == "website"
    assert _meta(html, "og:title") == "Hoạt động Hội"
    assert _meta(html, "twitter:card") == "summary"
    # no NewsArticle: the one JSON-LD block is the breadcrumb's
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    assert [b["@type"] for b in blocks] == ["BreadcrumbList"]
    assert [(i["position"], i["name"], i["item"]) for i in blocks[0]["itemListElement"]] == [
        (1, "Trang chủ", "http://localhost:8000/"), (2, "Chuyên mục", "http://localhost:8000/chuyen-muc/"),
        (3, "Hoạt động Hội", "http://localhost:8000/chuyen-muc/hoat-dong-hoi/")]
    home = sample_build.page("index.html")
    assert '<link rel="canonical" href="http://localhost:8000/">' in home
    assert _meta(home, "og:title") == "Hội Khuyến học Việt Nam"


def test_not_found_page_is_not_indexed_and_has_no_canonical(sample_build):
    html = sample_build.page("404.html")
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html and "og:url" not in html


def test_published_build_uses_siteurl(site):
    site.article("x", title="Bài xuất bản")
    result = site.build(settings="publishconf.py")
    assert result.returncode == 0, result.stderr
    html = result.page("tin/2024/07/15/bai-xuat-ban/index.html")
    assert '<link rel="canonical" href="https://khuyenhoc.example.vn/tin/2024/07/15/bai-xuat-ban/">' in html
    assert result.page("robots.txt").endswith("Sitemap: https://khuyenhoc.example.vn/sitemap.xml\n")


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
    # An archived article (expired: its page kept with a notice) is listed nowhere, the sitemap included.
    archived = {a for a in articles if "thong-bao-nhan-ho-so-hoc-bong" in a}
    assert len(archived) == 1 and not archived & locs
    assert articles - archived <= locs
    assert BASE + "dong-su-kien/huong-toi-dai-hoi-vii/" in locs and BASE + "dong-su-kien/" in locs
    assert not [l for l in locs if "ke-hoach-nam-2027" in l or "dai-hoi-dai-bieu-toan-quoc" in l]
    assert BASE + "gioi-thieu/" in locs
    # listing pages: home, categories, tags, authors, provinces and clusters with news
    for listing in ("", "chuyen-muc/hoat-dong-hoi/", "tu-khoa/hoc-bong/", "tinh/", "tinh/yen-bai/",
                    "trung-uong/"):
        assert BASE + listing in locs, listing
    assert any(l.startswith(BASE + "cum/") for l in locs) and any(l.startswith(BASE + "tac-gia/") for l in locs)
    assert len(locs) == len(ET.parse(out / "sitemap.xml").getroot().findall("s:url", ns))  # each once
    root = ET.parse(out / "sitemap.xml").getroot()
    lastmod = {u.find("s:loc", ns).text: u.find("s:lastmod", ns) for u in root.findall("s:url", ns)}
    assert lastmod[BASE + "tin/2024/07/15/hoi-khuyen-hoc-tinh-yen-bai-trao-hoc-bong-he-2024/"].text == "2024-07-16"
    # pelicanconf.py keeps robots out of the search indexes and the web editor.
    disallowed = ("/pagefind/", "/quan-tri/")
    assert (out / "robots.txt").read_text() == robots(BASE + "sitemap.xml", disallowed)


def test_a_large_sitemap_becomes_an_index():
    entries = [SitemapEntry(f"{BASE}tin/{i}/", dt.date(2024, 1, 1 + i)) for i in range(5)]
    files = sitemap_files(entries, "sitemap.xml", BASE, limit=2)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    assert [e.text for e in index.findall("s:sitemap/s:loc", ns)] == [f"{BASE}sitemap-{n}.xml" for n in (1, 2, 3)]
    assert [e.text for e in index.findall("s:sitemap/s:lastmod", ns)] == ["2024-01-02", "2024-01-04", "2024-01-05"]
    assert len(ET.fromstring(files["sitemap-3.xml"]).findall("s:url", ns)) == 1
    assert sitemap_files(entries, "sitemap.xml", BASE).keys() == {"sitemap.xml"}


@pytest.mark.parametrize(("disallow", "expected"), [
    ((), "User-agent: *\nAllow: /\n\nSitemap: https://kh.vn/sitemap.xml\n"),
    (("/pagefind/",), "User-agent: *\nAllow: /\nDisallow: /pagefind/\n\nSitemap: https://kh.vn/sitemap.xml\n"),
])
def test_robots(disallow, expected):
    assert robots("https://kh.vn/sitemap.xml", disallow) == expected
