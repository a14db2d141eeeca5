"""The importer's pure pieces: SQL values, text repair, HTML to Markdown, provinces."""

from __future__ import annotations

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
