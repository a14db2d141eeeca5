"""Issue 35, "orphans": author and index pages are linked, listings have breadcrumbs
(with schema.org BreadcrumbList), and a date given without a time shows as the day."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape

import pytest

from content_model.dates import VIETNAM, gives_time, parse_datetime
from seo.metadata import breadcrumb_json_ld
from site_pages.vndates import iso_moment, vn_moment


@pytest.mark.parametrize(("value", "timed"), [
    ("15/07/2024", False), ("2024-07-15", False), ("15.07.2024", False), ("15-07-2024", False),
    ("15/07/2024 09:30", True), ("2024-07-15 09:30", True), ("2024-07-15T00:00:00+07:00", True),
    ("23/05/2018 3:22:03 SA", True), ("  15/07/2024  ", False), ("15/07/2024 0h00", True),
    (dt.date(2024, 7, 15), False), (dt.datetime(2024, 7, 15), True),
])
def test_gives_time_tells_a_day_from_a_moment(value, timed):
    parse_datetime(value)  # only values the parser accepts are asked about
    assert gives_time(value) is timed


def test_a_day_alone_shows_without_midnight():
    midnight = dt.datetime(2024, 7, 15, tzinfo=VIETNAM)
    assert vn_moment(midnight, has_time=False) == "Thứ Hai, 15/07/2024"
    assert iso_moment(midnight, has_time=False) == "2024-07-15"
    # a time the editor wrote is shown, even midnight
    assert vn_moment(midnight, has_time=True) == "Thứ Hai, 15/07/2024 00:00"
    assert iso_moment(midnight) == "2024-07-15T00:00:00+07:00"
    # the day is Vietnam's, whatever zone the value carries
    utc = dt.datetime(2024, 7, 14, 17, 0, tzinfo=dt.timezone.utc)
    assert vn_moment(utc, has_time=False) == "Thứ Hai, 15/07/2024"


def test_breadcrumb_json_ld_numbers_the_trail_and_cannot_close_its_script():
    text = breadcrumb_json_ld([("Trang chủ", "https://x.vn/"), ("</script><b>", "https://x.vn/a/")])
    assert "</script>" not in text and "<" not in text
    data = json.loads(text)
    assert data["@type"] == "BreadcrumbList"
    assert data["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Trang chủ", "item": "https://x.vn/"},
        {"@type": "ListItem", "position": 2, "name": "</script><b>", "item": "https://x.vn/a/"},
    ]


def crumbs(html: str) -> list[tuple[str | None, str]]:
    """(address or None for the current page, name) of each breadcrumb item."""
    nav = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    found = re.findall(r'<li>(?:<a href="([^"]+)">([^<]+)</a>|<span aria-current="page">([^<]+)</span>)</li>', nav)
    return [(href or None, unescape(name or current)) for href, name, current in found]


def breadcrumb_data(html: str) -> list[tuple[str, str]]:
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    (trail,) = [b for b in blocks if b["@type"] == "BreadcrumbList"]
    return [(i["name"], i["item"]) for i in trail["itemListElement"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import Site

    site = Site(tmp_path_factory.mktemp("wayfinding"))
    site.article("ngay-khong-gio", title="Bài chỉ có ngày", date="15/07/2024", author="Minh Trang",
                 province="Yên Bái", tags="học bổng")
    site.article("co-gio", title="Bài có giờ", date="2024-07-16 09:30", author="Minh Trang; Thu Hà",
                 modified="17/07/2024 08:15", category="Hoạt động Hội")
    site.article("sua-cung-ngay", title="Bài sửa không ghi giờ", date="2024-07-17 07:00", author="Thu Hà",
                 modified="2024-07-18")
    result = site.build()
    assert result.returncode == 0, result.stderr
    return result


def test_a_date_without_a_time_shows_the_day_only(built):
    article = built.page("tin/2024/07/15/bai-chi-co-ngay/index.html")
    assert '<time datetime="2024-07-15">Thứ Hai, 15/07/2024</time>' in article
    timed = built.page("tin/2024/07/16/bai-co-gio/index.html")
    assert '<time datetime="2024-07-16T09:30:00+07:00">Thứ Ba, 16/07/2024 09:30</time>' in timed
    listing = built.page("index.html")
    assert '<time datetime="2024-07-15">Thứ Hai, 15/07/2024</time>' in listing
    assert '<time datetime="2024-07-16T09:30:00+07:00">Thứ Ba, 16/07/2024 09:30</time>' in listing
    assert "00:00</time>" not in listing and "00:00</time>" not in article
    # the saved copy ("Lưu dạng file") and the search results say the same
    saved = built.page("tin/2024/07/15/bai-chi-co-ngay/bai-viet.html")
    assert '<time datetime="2024-07-15">Thứ Hai, 15/07/2024</time>' in saved
    assert 'data-pagefind-meta="date:Thứ Hai, 15/07/2024"' in article
    assert 'data-pagefind-meta="date:Thứ Ba, 16/07/2024 09:30"' in timed


def test_an_update_shows_cap_nhat_luc_with_its_time_only_when_given(built):
    timed = built.page("tin/2024/07/16/bai-co-gio/index.html")
    assert ('<span class="article__updated">Cập nhật lúc <time datetime="2024-07-17T08:15:00+07:00">'
            "Thứ Tư, 17/07/2024 08:15</time></span>") in timed
    day = built.page("tin/2024/07/17/bai-sua-khong-ghi-gio/index.html")
    assert 'Cập nhật lúc <time datetime="2024-07-18">Thứ Năm, 18/07/2024</time>' in day
    assert "Cập nhật lúc" not in built.page("tin/2024/07/15/bai-chi-co-ngay/index.html")


def test_authors_are_linked_to_their_pages(built):
    html = built.page("tin/2024/07/16/bai-co-gio/index.html")
    author = re.search(r'<p class="article__author">(.*?)</p>', html).group(1)
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', author) == [
        ("../../../../../tac-gia/minh-trang/", "Minh Trang"), ("../../../../../tac-gia/thu-ha/", "Thu Hà")]
    minh_trang = built.page("tac-gia/minh-trang/index.html")
    assert "Bài chỉ có ngày" in minh_trang and "Bài có giờ" in minh_trang


def test_every_index_is_linked_from_the_footer_and_the_tags_line(built):
    home = built.page("index.html")
    footer = re.search(r'<p class="site-footer__links">(.*?)</p>', home, re.S).group(1)
    links = dict((unescape(name), href) for href, name in re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer))
    assert {k: links[k] for k in ("Chuyên mục", "Từ khóa", "Tác giả")} == {
        "Chuyên mục": "./chuyen-muc/", "Từ khóa": "./tu-khoa/", "Tác giả": "./tac-gia/"}
    for folder in ("chuyen-muc", "tu-khoa", "tac-gia"):
        assert (built.output / folder / "index.html").is_file()
    article = built.page("tin/2024/07/15/bai-chi-co-ngay/index.html")
    assert '<p class="article__tags" data-pagefind-ignore><a href="../../../../../tu-khoa/">Từ khóa:</a>' in article


@pytest.mark.parametrize(("page", "trail"), [
    ("chuyen-muc/hoat-dong-hoi/index.html", [("chuyen-muc/", "Chuyên mục"), (None, "Hoạt động Hội")]),
    ("tu-khoa/hoc-bong/index.html", [("tu-khoa/", "Từ khóa"), (None, "học bổng")]),
    ("tac-gia/thu-ha/index.html", [("tac-gia/", "Tác giả"), (None, "Thu Hà")]),
    ("tinh/yen-bai/index.html", [("tinh/", "Tỉnh hội khuyến học"), ("cum/tay-bac/", "Cụm Tây Bắc"),
                                 (None, "Yên Bái")]),
    ("cum/tay-bac/index.html", [("tinh/", "Tỉnh hội khuyến học"), (None, "Cụm Tây Bắc")]),
    ("trung-uong/index.html", [(None, "Tin Trung ương Hội")]),
    ("tin/2024/index.html", [("tin/", "Tất cả tin"), (None, "Tin năm 2024")]),
    ("tin/2024/07/index.html", [("tin/", "Tất cả tin"), ("tin/2024/", "Tin năm 2024"), (None, "Tin tháng 7/2024")]),
    ("tin/2024/07/15/index.html", [("tin/", "Tất cả tin"), ("tin/2024/", "Tin năm 2024"),
                                   ("tin/2024/07/", "Tin tháng 7/2024"), (None, "Tin ngày 15/07/2024")]),
    ("tu-khoa/index.html", [(None, "Từ khóa")]),
    ("tac-gia/index.html", [(None, "Tác giả")]),
    ("chuyen-muc/index.html", [(None, "Chuyên mục")]),
    ("tin/index.html", [(None, "Tất cả tin")]),
    ("tinh/index.html", [(None, "Tỉnh hội khuyến học")]),
])
def test_listings_have_a_breadcrumb_and_its_breadcrumb_list(built, page, trail):
    html = built.page(page)
    up = "../" * page.count("/")
    got = crumbs(html)
    assert got[0] == (up or "./", "Trang chủ")
    assert got[1:] == [(up + href if href else None, name) for href, name in trail]
    # the same trail for search engines, each with its absolute address (this page's own last)
    here = "http://localhost:8000/" + page.removesuffix("index.html")
    assert breadcrumb_data(html) == [("Trang chủ", "http://localhost:8000/")] + [
        (name, "http://localhost:8000/" + href if href else here) for href, name in trail]


@pytest.mark.browser
def test_a_reader_walks_up_the_archives_and_to_an_author(browser, sample_url):
    page = browser.new_page()
    page.goto(f"{sample_url}/tin/2024/07/15/")
    page.click(".breadcrumb >> text=Tin tháng 7/2024")
    assert page.url.endswith("/tin/2024/07/") and page.inner_text("h1") == "Tin tháng 7/2024"
    page.click(".breadcrumb >> text=Tin năm 2024")
    assert page.url.endswith("/tin/2024/") and page.inner_text("h1") == "Tin năm 2024"
    page.goto(f"{sample_url}/tin/2024/07/15/hoi-khuyen-hoc-tinh-yen-bai-trao-hoc-bong-he-2024/")
    page.click(".article__author a")
    assert page.url.endswith("/tac-gia/thu-ha/") and page.inner_text("h1") == "Tác giả: Thu Hà"
    assert page.locator(".breadcrumb [aria-current=page]").inner_text() == "Thu Hà"
    page.click(".site-footer >> text=Từ khóa")
    assert page.url.endswith("/tu-khoa/") and page.inner_text("h1") == "Từ khóa"
    page.close()
