"""Issue 35: "Xem nhiều" (most read, from the old site's view counts) and "Văn bản mới"
(the newest attachments) in the sidebar of every page."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest

from sidebars.selection import most_read
from tests.conftest import serve_folder


def article(url: str, day: int, views: int = 0):
    return SimpleNamespace(url=url, date=dt.datetime(2021, 1, day, tzinfo=dt.timezone.utc), views=views)


@pytest.mark.parametrize(("items", "count", "chosen"), [
    ([article("a", 1, 10), article("b", 2, 30), article("c", 3, 20)], 5, ["b", "c", "a"]),
    ([article("a", 1, 10), article("b", 2, 30), article("c", 3, 20)], 2, ["b", "c"]),
    ([article("a", 1, 10), article("b", 2, 10)], 5, ["b", "a"]),  # equal counts: newest first
    ([article("a", 1, 0), article("b", 2, 0)], 5, []),  # nothing counted: no block
    ([article("a", 1, 0), article("b", 2, 7)], 5, ["b"]),  # new articles are never "most read"
])
def test_most_read_orders_by_views_then_newest(items, count, chosen):
    assert [a.url for a in most_read(items, count, lambda a: a.views)] == chosen


def block(html: str, css_class: str) -> str | None:
    found = re.search(rf'<section class="block {css_class}".*?</section>', html, re.S)
    return found.group(0) if found else None


def entries(section: str) -> list[tuple[str, str]]:
    return [(title, " ".join(re.sub(r"<[^>]+>", " ", meta).split()))
            for title, meta in re.findall(r'<li><a href="[^"]+"(?: download)?>([^<]+)</a>\s*(.*?)</li>', section, re.S)]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import Site

    site = Site(tmp_path_factory.mktemp("blocks"))
    site.write("files/ke-hoach.pdf", "%PDF-1.4 " + "x" * 3000)
    site.write("files/bao-cao.docx", "d" * 2000)
    site.article("cu", title="Bài cũ đọc nhiều", date="2019-03-01 08:00", legacy_views="4870")
    site.article("cu-2", title="Bài cũ khác", date="2019-04-01", legacy_views="12500",
                 body="[Báo cáo tổng kết]({static}/files/bao-cao.docx)")
    site.article("cu-3", title="Bài cũ ít đọc", date="2019-05-01 08:00", legacy_views="15")
    site.article("moi", title="Bài mới", date="2024-07-15 09:30", body="Xem [Kế hoạch 2024]({static}/files/ke-hoach.pdf).")
    result = site.build()
    assert result.returncode == 0, result.stderr
    return result


def test_most_read_lists_the_old_sites_counts_on_the_home_page_and_for_every_other(built):
    # the home page shows it; every other page loads it from its file (khoi/)
    for page in ("tin/2024/07/15/bai-moi/index.html", "tac-gia/minh-trang/index.html"):
        assert 'aria-labelledby="khoi-xem-nhieu" data-block="' in built.page(page), page
    for page in ("index.html", "khoi/xem-nhieu.html"):
        section = block(built.page(page), "block--most-read")
        assert section is not None, page
        assert "<h2 class=\"block__title\" id=\"khoi-xem-nhieu\">Xem nhiều</h2>" in section
        assert "Theo lượt xem trên trang cũ của Hội" in section
        assert entries(section) == [("Bài cũ khác", "12.500 lượt xem"), ("Bài cũ đọc nhiều", "4.870 lượt xem"),
                                    ("Bài cũ ít đọc", "15 lượt xem")]


def test_a_changed_count_reaches_the_block_though_the_list_stays(site, tmp_path_factory):
    from tests.incremental.test_incremental import clean_build_of, files_of

    site.article("cu", title="Bài cũ đọc nhiều", date="2019-03-01 08:00", legacy_views="4870")
    site.article("cu-3", title="Bài cũ ít đọc", date="2019-05-01 08:00", legacy_views="15")
    assert site.build().returncode == 0
    site.article("cu-3", title="Bài cũ ít đọc", date="2019-05-01 08:00", legacy_views="16")
    result = site.build()
    assert result.returncode == 0, result.stderr
    for page in ("index.html", "khoi/xem-nhieu.html"):
        assert ("Bài cũ ít đọc", "16 lượt xem") in entries(block(result.page(page), "block--most-read")), page
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory)


def test_newest_documents_are_listed_with_their_type_size_and_day(built):
    section = block(built.page("index.html"), "block--documents")
    assert section is not None
    assert entries(section) == [("Kế hoạch 2024", "(PDF, 3 KB) · 15/07/2024"),
                                ("Báo cáo tổng kết", "(DOCX, 2 KB) · 01/04/2019")]
    assert re.search(r'<p class="block__more"><a href="\./van-ban/">Tất cả văn bản, tài liệu</a></p>', section)
    # the "Văn bản" page says the day alone of an article given no time
    assert "Thứ Hai, 01/04/2019</time>" in built.page("van-ban/index.html")


def test_no_counts_and_no_files_no_blocks(site):
    site.article("mot", title="Bài một")
    result = site.build()
    assert result.returncode == 0, result.stderr
    home = result.page("index.html")
    assert block(home, "block--most-read") is None and block(home, "block--documents") is None


def test_a_view_count_that_is_not_a_number_is_a_content_error(site):
    site.article("sai", title="Bài sai", legacy_views="nhiều")
    result = site.build()
    assert result.returncode == 1
    assert 'legacy_views: lượt xem "nhiều" không phải một số nguyên không âm (ví dụ: legacy_views: 1520).' in result.stderr


@pytest.mark.browser
def test_a_reader_opens_a_most_read_article_and_downloads_a_new_document(browser, built):
    server = serve_folder(built.output)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{base}/")
        page.click(".block--most-read >> text=Bài cũ khác")
        assert page.inner_text("h1") == "Bài cũ khác"
        with page.expect_download() as download:
            page.click(".block--documents >> text=Kế hoạch 2024")
        assert download.value.suggested_filename == "ke-hoach.pdf"
        page.click(".block--documents >> text=Tất cả văn bản, tài liệu")
        assert page.inner_text("h1") == "Văn bản, tài liệu"
    finally:
        context.close()
        server.shutdown()


# -- "Được dẫn nhiều": the articles the others link to ---------------------------------

from content_model.links import article_hrefs  # noqa: E402
from sidebars.linking import links_of  # noqa: E402
from sidebars.selection import most_linked  # noqa: E402


@pytest.mark.parametrize(("href", "sources", "addresses"), [
    ("{filename}../2024/bai.md#doan-2", {"articles/2024/bai.md"}, set()),
    ("{filename}/articles/2023/c.md", {"articles/2023/c.md"}, set()),
    ("/tin/2024/07/15/slug/", set(), {"tin/2024/07/15/slug/"}),
    ("../../../../2023/01/02/khac/", set(), {"tin/2023/01/02/khac/"}),
    ("https://khuyenhoc.vn/tin/2022/01/01/e/?a=1", set(), {"tin/2022/01/01/e/"}),
    ("/tin/2021/01/01/f/index.html", set(), {"tin/2021/01/01/f/"}),
    ("https://other.vn/tin/2022/01/01/e/", set(), set()),
    ("{static}/files/x.pdf", set(), set()),  # a file, not an article
    ("#tren", set(), set()),
    ("mailto:a@b.vn", set(), set()),
])
def test_links_of_a_body_from_the_site_root(href, sources, addresses):
    found = links_of([href], "articles/2025", "tin/2025/01/01/bai/", ("https://khuyenhoc.vn/",))
    assert (found.sources, found.addresses) == (sources, addresses)


def test_most_linked_needs_two_other_articles_and_counts_each_once():
    a, b, c, d = (article(u, day) for u, day in (("a", 1), ("b", 2), ("c", 3), ("d", 4)))
    links = {"a": [b, b, a], "b": [a], "c": [a, b], "d": [c]}
    chosen = most_linked([a, b, c, d], 5, lambda x: links[x.url])
    assert [(x.url, n) for x, n in chosen] == [("b", 2), ("a", 2)]  # equal: newest first; c has one
    assert most_linked([a, b, c, d], 1, lambda x: links[x.url])[0][0] is b


@pytest.mark.parametrize(("href", "kept"), [
    ("{filename}../2024/bai.md", True),
    ("/tin/2024/07/15/slug/", True),
    ("../../../../2023/01/02/khac/", True),
    ("https://khuyenhoc.vn/tin/2022/01/01/e/", True),
    ("https://other.vn/tin/2022/01/01/e/", False),
    ("//other.vn/x/", False),
    ("{static}/files/x.pdf", False),
    ("|attach|files/x.pdf", False),
    ("{tag}hoc-bong", False),
    ("#tren", False),
    ("mailto:a@b.vn", False),
])
def test_the_reader_keeps_the_links_that_may_name_an_article(href, kept):
    """content_model's ``article_links``: what the resident build compares between two
    versions of an article, so that an edit of them is a full build, never a body alone."""
    body = f'<p><a class="x" href="{href.replace("&", "&amp;")}">một</a> <a href="{href}">hai</a></p>'
    assert article_hrefs(body, ("https://khuyenhoc.vn/",)) == ((href,) if kept else ())


def test_most_linked_articles_are_listed_with_their_count(site):
    site.article("dich", title="Bài được dẫn", date="2024-07-01 08:00")
    site.article("mot-lan", title="Bài dẫn một lần", date="2024-07-02 08:00")
    site.article("a", title="Bài A", date="2024-07-10 08:00", body="Xem [bài trước]({filename}dich.md).")
    site.article("b", title="Bài B", date="2024-07-11 08:00",
                 body="Xem [bài này](/tin/2024/07/01/bai-duoc-dan/) và [bài kia](/tin/2024/07/02/bai-dan-mot-lan/).")
    site.article("c", title="Bài C", date="2024-07-12 08:00",
                 body="Theo [bài](http://localhost:8000/tin/2024/07/01/bai-duoc-dan/), [lại bài](/tin/2024/07/01/bai-duoc-dan/).")
    result = site.build()
    assert result.returncode == 0, result.stderr
    section = block(result.page("khoi/xem-nhieu.html"), "block--most-read")  # what other pages load
    assert section is not None
    assert "Xem nhiều</h2>" in section and "Theo lượt xem trên trang cũ" not in section  # no imported counts
    assert '<h3 class="block__subtitle">Được dẫn nhiều</h3>' in section
    assert entries(section) == [("Bài được dẫn", "3 bài dẫn tới")]
