"""Feeds through the real build: the sample site and small sites of our own."""

from __future__ import annotations

import re
from html.parser import HTMLParser
import xml.etree.ElementTree as ET

import feedparser

from .feed_rules import atom_problems, rss_problems
from .validator import ATOM, RSS, jing

BASE = "http://localhost:8000/"


def feeds(output):
    return sorted(output.glob("rss/**/*.xml")) + sorted(output.glob("atom/**/*.xml"))


def test_every_feed_parses_and_follows_the_rules(sample_build):
    out = sample_build.output
    files = feeds(out)
    # all + central + 63 provinces + 8 clusters + 6 categories + 1 thread, in two formats
    assert len(files) == 2 * (1 + 1 + 63 + 8 + 6 + 1)
    problems = {}
    for path in files:
        data = path.read_bytes()
        parsed = feedparser.parse(data)
        address = BASE + path.relative_to(out).as_posix()
        found = [f"bozo: {parsed.get('bozo_exception')}"] if parsed.bozo else []
        found += rss_problems(data, address) if path.parts[len(out.parts)] == "rss" else atom_problems(data, address)
        dates = [e.published_parsed for e in parsed.entries]
        if dates != sorted(dates, reverse=True):
            found.append("not newest first")
        if found:
            problems[path.relative_to(out).as_posix()] = found
    assert problems == {}


def test_every_feed_passes_the_validator(sample_build):
    out = sample_build.output
    rss, atom = sorted(out.glob("rss/**/*.xml")), sorted(out.glob("atom/**/*.xml"))
    assert len(rss) == len(atom) == 1 + 1 + 63 + 8 + 6 + 1  # and the thread
    assert jing(RSS, rss) + jing(ATOM, atom) == []


def test_site_feed_content_is_absolute_and_titles_escaped(sample_build):
    data = (sample_build.output / "rss/tat-ca.xml").read_text(encoding="utf-8")
    parsed = feedparser.parse(data)
    published = len(list(sample_build.output.glob("tin/*/*/*/*/index.html")))
    assert len(parsed.entries) == min(50, published)
    assert all(e.published.endswith("+0700") for e in parsed.entries)
    titles = [e.title for e in parsed.entries]
    assert 'Hội thảo "Học tập suốt đời" & chuyển đổi số <2022>' in titles
    assert "&lt;2022&gt;" in data and "<2022>" not in data
    # The RSS description is HTML (readers show it so): the summary's text escaped as HTML.
    summaries = {e.title: e.summary for e in parsed.entries}
    assert summaries['Hội thảo "Học tập suốt đời" & chuyển đổi số <2022>'].endswith(
        "trung tâm học tập cộng đồng &amp; các lớp học cho người lớn tuổi.")
    without_descriptions = re.sub(r"<description>.*?</description>", "", data, flags=re.DOTALL)
    assert "&amp;amp;" not in without_descriptions and "&amp;quot;" not in data
    atom = feedparser.parse((sample_build.output / "atom/tat-ca.xml").read_bytes())
    assert {e.title: e.summary for e in atom.entries}['Hội thảo "Học tập suốt đời" & chuyển đổi số <2022>'].endswith(
        "trung tâm học tập cộng đồng & các lớp học cho người lớn tuổi.")
    for entry in parsed.entries:
        html = entry.content[0].value
        assert 'src="/' not in html and 'src="..' not in html and 'href="..' not in html
    with_photo = next(e for e in parsed.entries if e.title.startswith("Hội Khuyến học tỉnh Yên Bái trao học bổng"))
    assert re.search(r'src="http://localhost:8000/anh/[0-9a-f]+/le-trao-hoc-bong-1600\.jpg"', with_photo.content[0].value)
    assert 'srcset="http://localhost:8000/anh/' in data  # (feedparser's sanitizer drops srcset)
    assert 'srcset="../' not in data
    enclosure = with_photo.enclosures[0]
    assert enclosure["type"] == "image/jpeg"
    assert int(enclosure["length"]) == (sample_build.output / enclosure["href"].removeprefix(BASE)).stat().st_size
    assert with_photo.author == "Thu Hà"
    assert {t.term for t in with_photo.tags} >= {"Học bổng – Khen thưởng", "Yên Bái", "Cụm Tây Bắc"}


def test_merged_provinces_feeds_continue(sample_build):
    yen_bai = feedparser.parse((sample_build.output / "rss/tinh/yen-bai.xml").read_bytes())
    lao_cai = feedparser.parse((sample_build.output / "rss/tinh/lao-cai.xml").read_bytes())
    assert yen_bai.entries[0].title == "Ra mắt Hội Khuyến học tỉnh Lào Cai sau hợp nhất"
    assert "Hội Khuyến học tỉnh Yên Bái trao học bổng hè 2024" in [e.title for e in lao_cai.entries]
    assert "Lào Cai" in yen_bai.feed.subtitle


def test_directory_page_and_opml_list_every_feed(sample_build):
    out = sample_build.output
    opml = ET.parse(out / "rss/khuyen-hoc.opml").getroot()
    urls = {o.get("xmlUrl") for o in opml.iter("outline") if o.get("xmlUrl")}
    assert len(urls) == 1 + 1 + 6 + 8 + 63 + 1
    assert all((out / u.removeprefix(BASE)).is_file() for u in urls)
    page = (out / "rss/index.html").read_text(encoding="utf-8")
    assert page.count('href="../rss/tinh/') == 63 and page.count('href="../atom/tinh/') == 63
    assert "Cụm Đông Bắc" in page and "khuyen-hoc.opml" in page


def test_feed_discovery_links(sample_build):
    out = sample_build.output
    province = (out / "tinh/lao-cai/index.html").read_text(encoding="utf-8")
    assert 'type="application/rss+xml" title="Hội Khuyến học – Tin tỉnh Lào Cai (RSS)" href="../../rss/tinh/lao-cai.xml"' in province
    home = (out / "index.html").read_text(encoding="utf-8")
    assert home.count('rel="alternate"') == 2
    pages = {
        "cum/tay-bac/index.html": "../../rss/cum/tay-bac.xml",
        "chuyen-muc/hoat-dong-hoi/index.html": "../../rss/chuyen-muc/hoat-dong-hoi.xml",
        "trung-uong/index.html": "../rss/trung-uong.xml",
        "tinh/yen-bai/index.html": "../../rss/tinh/yen-bai.xml",  # a former province
    }
    for page, feed in pages.items():
        html = (out / page).read_text(encoding="utf-8")
        assert html.count('rel="alternate" type="application/') == 4, page
        assert 'type="application/rss+xml" title="Hội Khuyến học – ' in html and f'href="{feed}"' in html, page
        assert f'href="{feed.replace("rss/", "atom/", 1)}"' in html, page
    article = next(out.glob("tin/2025/07/10/*/index.html")).read_text(encoding="utf-8")
    assert article.count('rel="alternate" type="application/') == 2


def _ids(output, path="rss/tat-ca.xml"):
    return {e.title: e.id for e in feedparser.parse((output / path).read_bytes()).entries}


def test_ids_survive_rebuilds_and_title_and_slug_changes(site):
    site.article("2024-07-15-hoc-bong", title="Trao học bổng")
    site.article("2024-07-16-dai-hoi", title="Đại hội", date="2024-07-16 08:00")
    assert site.build().returncode == 0
    first = _ids(site.output)
    first_bytes = [p.read_bytes() for p in feeds(site.output)]
    assert site.build().returncode == 0
    assert [p.read_bytes() for p in feeds(site.output)] == first_bytes  # deterministic
    site.article("2024-07-15-hoc-bong", title="Trao học bổng (đã sửa)", slug="hoc-bong-he")
    assert site.build().returncode == 0
    second = _ids(site.output)
    assert second["Trao học bổng (đã sửa)"] == first["Trao học bổng"]
    assert second["Đại hội"] == first["Đại hội"]
    assert first["Trao học bổng"] == "tag:khuyenhoc.vn,2008:bai/2024-07-15-hoc-bong"
    # a renamed file keeps its id through ``id: <old file name>`` (docs/feeds.md)
    (site.content / "articles/2024-07-15-hoc-bong.md").unlink()
    site.article("hoc-bong-he-2024", title="Trao học bổng (đã sửa)", slug="hoc-bong-he", id="2024-07-15-hoc-bong")
    assert site.build().returncode == 0
    assert _ids(site.output)["Trao học bổng (đã sửa)"] == first["Trao học bổng"]


def test_explicit_id_and_item_limit(site):
    for n in range(1, 8):
        site.article(f"bai-{n}", title=f"Bài {n}", date=f"2024-07-{n:02d} 08:00")
    site.article("doi-ten", title="Bài đổi tên tệp", date="2024-06-01 08:00", id="tag:khuyenhoc.vn,2008:bai/ten-cu")
    assert site.build("FEEDS_MAX_ITEMS=3").returncode == 0
    entries = feedparser.parse((site.output / "atom/tat-ca.xml").read_bytes()).entries
    assert [e.title for e in entries] == ["Bài 7", "Bài 6", "Bài 5"]
    assert site.build().returncode == 0
    assert _ids(site.output)["Bài đổi tên tệp"] == "tag:khuyenhoc.vn,2008:bai/ten-cu"


def test_two_articles_with_one_id_is_an_error(site):
    site.article("a", title="Một", id="tag:x,2008:1")
    site.article("b", title="Hai", id="tag:x,2008:1", date="2024-07-16")
    result = site.build()
    assert result.returncode == 1
    (line,) = [l for l in result.stderr.replace(str(site.root) + "/", "").splitlines() if ": id: " in l]
    assert line.startswith(("content/articles/a.md: id:", "content/articles/b.md: id:"))
    assert 'mã bài "tag:x,2008:1" trùng với bài content/articles/' in line


def test_published_site_feeds_use_its_address_escape_titles_and_drop_control_characters(site):
    site.image("images/2024/le-trao.jpg", size=(800, 600))
    site.article(
        "2024-07-15-trao-hoc-bong", title='Trao "học bổng" & quà <2024>\x0b', date="2024-07-15 08:00",
        province="Yên Bái", image="images/2024/le-trao.jpg",
        body="Đoạn\x08 một.\n\n[Giới thiệu](../../../../../gioi-thieu/) và [mục lục](#muc-luc).",
    )
    result = site.build(settings="publishconf.py")
    assert result.returncode == 0, result.stderr
    home = "https://khuyenhoc.example.vn/"
    for path in ("rss/tat-ca.xml", "atom/tat-ca.xml", "rss/tinh/yen-bai.xml", "atom/tinh/lao-cai.xml"):
        data = (site.output / path).read_bytes()
        parsed = feedparser.parse(data)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        (entry,) = parsed.entries
        assert entry.title == 'Trao "học bổng" & quà <2024>'
        assert entry.link == home + "tin/2024/07/15/trao-hoc-bong-qua-2024/"
        html = entry.content[0].value
        assert f'href="{home}gioi-thieu/"' in html and "\x08" not in html
        (enclosure,) = entry.enclosures
        assert enclosure["href"].startswith(home + "anh/") and enclosure["type"] == "image/jpeg"
        assert int(enclosure["length"]) > 0
        assert b"localhost" not in data
    atom = ET.fromstring((site.output / "atom/tat-ca.xml").read_bytes())
    assert atom.findtext("{http://www.w3.org/2005/Atom}id") == "tag:khuyenhoc.vn,2008:atom/tat-ca"


class _LiveMarkup(HTMLParser):
    """What a feed reader that shows HTML as it is would run or fetch."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "object", "embed", "form", "link", "meta", "base"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if value.startswith(("javascript:", "vbscript:", "data:text")):
                self.found.append(f"{tag} {name}={value[:20]}")
            if name in ("src", "srcset", "poster") and value and not value.startswith(BASE):
                self.found.append(f"{tag} {name}={value[:40]}")
            if tag == "a" and name == "target" and ("rel", "noopener noreferrer") not in attrs:
                self.found.append("target without rel=noopener noreferrer")


def live_markup(html: str) -> list[str]:
    parser = _LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.found


HOSTILE_SUMMARY = ('<script>alert("s")</script><img src=x onerror=alert(2)> '
                   '<a href="javascript:alert(3)">bấm</a> &lt;script&gt;alert(4)&lt;/script&gt;')
HOSTILE_BODY = (
    "Đoạn &lt;script&gt;alert(5)&lt;/script&gt; và &lt;img src=x onerror=alert(6)&gt;\n\n"
    '<img src="x" onerror="alert(7)"> <a href="javascript:alert(8)">bấm</a> '
    '<a href="https://moet.gov.vn" target="_blank" rel="opener">Bộ</a>\n\n'
    '<img src="https://tracker.example/p.gif" alt="">\n\n<script>alert(9)</script>\n'
)


def test_no_script_event_handler_or_outside_image_reaches_a_feed_reader(site):
    site.article("co-tom-tat", title="Tin <script>alert(1)</script> <img src=x onerror=alert(1)>",
                 summary=f"'{HOSTILE_SUMMARY}'", body=HOSTILE_BODY, author="<b onmouseover=alert(1)>Thu Hà</b>")
    # Without a summary: the start of the body, entities decoded, is the description.
    site.article("tu-tom-tat", title="Tự tóm tắt", date="2024-07-16 08:00", body=HOSTILE_BODY)
    result = site.build()
    assert result.returncode == 0, result.stderr
    for path in ("rss/tat-ca.xml", "atom/tat-ca.xml"):
        parsed = feedparser.parse((site.output / path).read_bytes(), sanitize_html=False)
        assert not parsed.bozo and len(parsed.entries) == 2, path
        for entry in parsed.entries:
            # As HTML, whatever the feed says its type is: RSS titles and descriptions
            # are shown as HTML by many readers.
            shown = {"title": entry.title, "content": entry.content[0].value, "author": entry.author,
                     "tags": " ".join(t.term for t in entry.tags)}
            if path.startswith("rss/"):
                shown["description"] = entry.summary
            else:
                assert entry.summary_detail.type == "text/plain"
            problems = {field: live_markup(value) for field, value in shown.items() if live_markup(value)}
            assert problems == {}, (path, entry.title, problems)
    rss = {e.title: e for e in feedparser.parse((site.output / "rss/tat-ca.xml").read_bytes(),
                                                 sanitize_html=False).entries}
    # A summary is text: a reader shows exactly what the editor typed, markup included.
    assert rss["Tin"].summary.startswith('&lt;script&gt;alert("s")&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;')
    assert "&amp;lt;script&amp;gt;alert(4)" in rss["Tin"].summary
    # Entity-encoded markup in a body stays text.
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in rss["Tự tóm tắt"].content[0].value
    assert "&lt;img src=x onerror=alert(6)&gt;" in rss["Tự tóm tắt"].summary
    assert '<a href="https://moet.gov.vn" rel="noopener noreferrer" target="_blank">' in rss["Tin"].content[0].value
    assert "tracker.example" not in rss["Tin"].content[0].value
    assert rss["Tin"].author == "Thu Hà"


FOLLOW = re.compile(r'<p class="feed-follow"><a class="feed-follow__link" href="([^"]+)" type="application/rss\+xml">'
                    r"([^<]+)</a>")


def test_every_province_cluster_category_and_central_page_shows_its_feed(sample_build):
    """Readers see "Theo dõi … (RSS)" on the listing pages that have a feed of their own,
    linking to that feed, and every page's footer links to the RSS page."""
    out = sample_build.output
    expected = {"tinh": "Theo dõi tin tỉnh này (RSS)", "cum": "Theo dõi tin cụm này (RSS)",
                "chuyen-muc": "Theo dõi tin chuyên mục này (RSS)", "trung-uong": "Theo dõi tin Trung ương Hội (RSS)"}
    pages = [p for p in out.glob("tinh/*/index.html")] + list(out.glob("cum/*/index.html")) \
        + list(out.glob("chuyen-muc/*/index.html")) + [out / "trung-uong/index.html"]
    assert len(pages) > 40
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = FOLLOW.search(html)
        assert found, page
        href, text = found.groups()
        assert text == expected[page.relative_to(out).parts[0]], page
        feed = (page.parent / href).resolve()
        assert feed.is_file() and feedparser.parse(feed.read_bytes()).version == "rss20", (page, href)
    assert "feed-follow" not in (out / "index.html").read_text(encoding="utf-8")
    for page in [out / "index.html", *pages[:3], next(out.glob("tin/*/*/*/*/index.html"))]:
        footer = page.read_text(encoding="utf-8").split('<footer class="site-footer">', 1)[1]
        link = re.search(r'<a href="([^"]*rss/)">Nhận tin qua RSS</a>', footer)
        assert link and (page.parent / link.group(1) / "index.html").is_file(), page
