"""The importer's pure pieces: SQL values, text repair, HTML to Markdown, provinces."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nukeviet_import.charset import is_double_encoded, repair, tcvn3_to_unicode
from nukeviet_import.errors import DumpError
from nukeviet_import.html2md import Links, convert_body, legacy_query, uploads_path
from nukeviet_import.mapping import infer_province
from nukeviet_import.sqldump import read_dump
from provinces.registry import Registry

ROOT = Path(__file__).resolve().parents[2]


def test_sql_values_and_escapes(tmp_path):
    dump = tmp_path / "d.sql"
    dump.write_text(
        "-- MySQL dump 10.13\n"
        "CREATE TABLE `x_stories` (\n  `sid` int(11) NOT NULL,\n  `title` varchar(255),\n  `n` int\n) ENGINE=MyISAM;\n"
        "INSERT INTO `x_stories` VALUES (1,'a\\\\',-3),(2,'b\\'c\\nd\\r\\0','x''y'),(3,NULL,0x4142);\n"
        "-- Dump completed on 2024-01-01\n", encoding="utf-8")
    table = read_dump(dump).tables["x_stories"]
    assert table.columns == ["sid", "title", "n"]
    assert table.rows == [(1, "a\\", -3), (2, "b'c\nd\r\x00", "x'y"), (3, None, b"AB")]


def test_a_truncated_statement_is_named(tmp_path):
    dump = tmp_path / "d.sql"
    dump.write_text("INSERT INTO `x_stories` VALUES (1,'abc\n", encoding="utf-8")
    with pytest.raises(DumpError, match="câu lệnh bắt đầu ở dòng 1 không có phần kết thúc"):
        read_dump(dump)


HOI = "Hội Khuyến học Việt Nam – “người” ơ ư Đ"
MOJIBAKE = HOI.encode("utf-8").decode("sloppy-windows-1252")


@pytest.mark.parametrize(("text", "double", "expected"), [
    (MOJIBAKE, True, HOI),
    (HOI, True, HOI),  # right text in a double-encoded dump stays right
    (HOI, False, HOI),
    ("Ná»™i dung.", True, "Nội dung."),  # too short for ftfy's guess; exact with the dump's mode
    ("plain ascii", True, "plain ascii"),
])
def test_repair(text, double, expected):
    assert repair(text, double) == (expected, False)


def test_double_encoding_is_decided_per_dump():
    assert is_double_encoded([MOJIBAKE, "Ná»™i dung", "ascii"])
    assert not is_double_encoded([HOI, "Nội dung"])


def test_tcvn3():
    assert tcvn3_to_unicode("Héi KhuyÕn häc ViÖt Nam") == ("Hội Khuyến học Việt Nam", True)
    assert tcvn3_to_unicode("Héi", capitals=True) == ("HỘI", True)


@pytest.mark.parametrize("href", [
    "modules.php?name=News&op=viewst&sid=7",
    "modules.php?name=News&amp;op=viewst&amp;sid=7",
    "http://khuyenhoc.vn/modules.php?sid=7&file=article&name=News",
    "/modules.php?name=News&file=print&sid=7",
])
def test_legacy_story_links(href):
    query = legacy_query(href)
    assert query["name"] == "News" and query["sid"] == "7"
    body = convert_body(f'<p><a href="{href}">bài</a></p>',
                        Links(story=lambda sid: f"/tin/x/{sid}/", category=lambda c: None, image=lambda p: None))
    assert body.markdown == "[bài](/tin/x/7/)\n" and body.problems == []


@pytest.mark.parametrize(("src", "expected"), [
    ("uploads/News/pic/a.jpg", "News/pic/a.jpg"),
    ("/uploads/News/pic/2009/a.jpg", "News/pic/2009/a.jpg"),
    ("http://khuyenhoc.vn/uploads/News/pic/a.jpg", "News/pic/a.jpg"),
    ("http://example.com/a.jpg", None),
])
def test_uploads_path(src, expected):
    assert uploads_path(src) == expected


def test_word_junk_script_and_tables():
    html = ('<p class="MsoNormal" style="mso-x:1"><font face="Arial">A&nbsp;b<o:p></o:p></font></p>'
            '<!--[if gte mso 9]><xml>w</xml><![endif]--><script>x()</script>'
            '<table style="w"><tr><td colspan="2" onclick="x">T</td></tr></table>')
    body = convert_body(html, Links(lambda s: None, lambda c: None, lambda p: None))
    assert body.markdown == 'A b\n\n<table><tbody><tr><td colspan="2">T</td></tr></tbody></table>\n'
    assert body.problems == ["đã bỏ nội dung không an toàn: <script>"]


@pytest.fixture(scope="module")
def registry():
    return Registry.load(ROOT / "data" / "provinces.yml")


@pytest.mark.parametrize(("title", "province", "candidates"), [
    ("Đại hội Hội Khuyến học tỉnh Yên Bái", "Yên Bái", ()),
    ("TP Hồ Chí Minh khen thưởng học sinh giỏi", "Hồ Chí Minh", ()),
    ("Trao học bổng cho học sinh vùng cao Hà Giang", None, ("Hà Giang",)),
    ("Hội Khuyến học Nghệ An và Hà Tĩnh ký kết", None, ("Nghệ An", "Hà Tĩnh")),
    ("Hội nghị tổng kết năm 2010", None, ()),
])
def test_province_is_only_written_when_sure(registry, title, province, candidates):
    guess = infer_province(registry, title)
    assert (guess.province, guess.candidates) == (province, candidates)


def test_text_that_looks_like_html_stays_text():
    html = "<p>Thẻ &lt;script&gt; và 5 &lt; 6 &amp; AT&amp;T\x85</p>"
    body = convert_body(html, Links(lambda s: None, lambda c: None, lambda p: None))
    assert body.markdown == "Thẻ &lt;script&gt; và 5 &lt; 6 &amp; AT&amp;T\n"


def test_odd_link_addresses_and_alt_text():
    html = '<p><a href="http://example.com/a b(1).htm">x</a><img src="uploads/a.jpg" alt="Ảnh [1] &quot;đẹp&quot;"></p>'
    body = convert_body(html, Links(lambda s: None, lambda c: None, lambda p: "/images/2009/a.jpg"))
    assert body.markdown == "[x](http://example.com/a%20b%281%29.htm)![Ảnh (1) ”đẹp”](/images/2009/a.jpg)\n"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(["<p>", "</p>", "<table><tr><td>", "</td></tr></table>", "<a href='modules.php?sid=1'>",
                           "</a>", "<img src='uploads/x.jpg'>", "<font face='.VnTime'>", "</font>", "&nbsp;", "&",
                           "<", ">", "<script>", "<!--", "-->", "<o:p>", "*", "_", "[", "]", "(", ")", "\n", "\x85"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=30))
def test_any_old_html_gives_markdown_without_controls(pieces):
    body = convert_body("".join(pieces), Links(lambda s: "/tin/a/", lambda c: None, lambda p: None))
    assert isinstance(body.markdown, str)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", body.markdown)
    assert "<script" not in body.markdown.lower()


def test_text_still_broken_after_repair_is_flagged():
    assert repair("Tiêu đề h\ufffdng") == ("Tiêu đề h\ufffdng", True)
    # A field mangled on its own in a right dump: ftfy still mends what it can prove.
    assert repair("Kh\u00c3\u00b4ng r\u00c3\u00b5") == ("Không rõ", False)


# -- the old site's view count ("Xem nhiều") ------------------------------------------

import datetime as dt  # noqa: E402

from nukeviet_import.importer import Story, render  # noqa: E402


def _story(views: int) -> Story:
    return Story(key="sid:7", sid=7, title="Tin cũ", date=dt.datetime(2019, 5, 23, 3, 22), author="Ban biên tập",
                 catid=1, hometext="", bodytext="", images="", imgtext="", source="", featured=False,
                 scheduled=False, views=views)


@pytest.mark.parametrize(("views", "line"), [(1520, "legacy_views: 1520"), (0, None)])
def test_the_view_count_is_written_when_the_old_site_counted_reads(views, line):
    header = render(_story(views), "Hoạt động Hội", "", "", "", None, "Nội dung.").split("---\n")[1]
    fields = header.splitlines()
    assert fields[-1] == (line or "legacy_sid: 7")
    assert (line in fields) if line else not any(f.startswith("legacy_views") for f in fields)


def test_topics_become_threads_appended_once_and_found_again_by_slug_or_title():
    from nukeviet_import.mapping import THREADS_HEADER, merge_threads
    from threads.registry import parse

    text, slugs = merge_threads(None, ["Đại hội", "Lũ lụt 2020"])
    assert text.startswith(THREADS_HEADER)
    assert slugs == {"Đại hội": "dai-hoi", "Lũ lụt 2020": "lu-lut-2020"}
    reg = parse(text, "dong-su-kien.yml")
    assert reg.problems == [] and [t.title for t in reg.threads.values()] == ["Đại hội", "Lũ lụt 2020"]
    # An editor retitles a thread and adds one; the next import keeps both and adds none.
    edited = text.replace('title: "Đại hội"', "title: Đại hội Hội Khuyến học tỉnh") + \
        "  - slug: dai-hoi-2\n    title: Đại hội lần hai\n"
    again, slugs = merge_threads(edited, ["Đại hội", "Lũ lụt 2020"])
    assert again == edited and slugs["Đại hội"] == "dai-hoi"
    # A topic spelt another way but with the same slug is that thread; two new topics of
    # one slug get two.
    assert merge_threads(edited, ["Đại-hội!"])[1] == {"Đại-hội!": "dai-hoi"}
    assert merge_threads(None, ["Lũ lụt", "Lũ-lụt"])[1] == {"Lũ lụt": "lu-lut", "Lũ-lụt": "lu-lut-2"}
    more, slugs = merge_threads("threads: []\n", ["Cứu trợ"])
    assert more.startswith("threads:\n  - slug: cuu-tro\n") and parse(more, "x").problems == []
