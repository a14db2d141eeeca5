"""The blocks other pages load ("Tin mới cập nhật", "Tiêu điểm"), in Chromium."""

from __future__ import annotations

import pytest

from tests.conftest import serve_folder

# The sum of the page's layout shifts (Cumulative Layout Shift), as Chromium reports them.
CLS = """window.__cls = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
  .observe({type: "layout-shift", buffered: true});"""
ARTICLE = "tin/2024/07/01/bai-so-1/"


def _titles(page, block: str) -> list[str]:
    return page.locator(f".block--{block} .mini a").all_inner_texts()


@pytest.mark.browser
def test_blocks_load_in_place_and_follow_a_new_article_without_the_page_changing(browser, site):
    for n in range(1, 13):
        fields = {"featured": "true"} if n in (2, 5) else {}
        site.article(f"bai-{n}", title=f"Bài số {n}", date=f"2024-07-{n:02d} 08:00", **fields)
    assert site.build().returncode == 0
    server = serve_folder(site.output)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.add_init_script(CLS)
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(base + ARTICLE)
        page.wait_for_selector(".block--latest .mini a")
        page.wait_for_selector(".block--featured .mini a")
        assert _titles(page, "latest") == [f"Bài số {n}" for n in range(12, 2, -1)]
        assert _titles(page, "featured") == ["Bài số 5", "Bài số 2"]
        assert page.locator("[data-block]").count() == 0  # both placeholders replaced
        # the days with news of the article's month are marked from the data file
        page.wait_for_selector("[data-calendar][data-ready=true]")
        assert page.locator(".calendar td a").count() == 12
        assert page.evaluate("window.__cls") < 0.05
        # its links are the site's, though the file they came from is elsewhere
        page.click(".block--latest .mini a >> nth=0")
        page.wait_for_load_state()
        assert page.url == base + "tin/2024/07/12/bai-so-12/"
        assert problems == []

        # A new article: the page read before is not written again, yet shows it.
        before = (site.output / ARTICLE / "index.html").stat()
        site.article("moi", title="Bài mới nhất", date="2024-07-20 08:00")
        assert site.build().returncode == 0
        after = (site.output / ARTICLE / "index.html").stat()
        assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
        page.goto(base + ARTICLE)
        page.wait_for_selector(".block--latest .mini a")
        assert _titles(page, "latest")[0] == "Bài mới nhất"
        assert page.locator(".calendar td[data-date='2024-07-20'] a").count() == 1
        context.close()

        # Without JavaScript: a link to the home page, which shows the newest news (the
        # front page's own column) and "Tiêu điểm".
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + ARTICLE)
        assert _titles(page, "latest") == []
        page.click(".block--latest .block__more a")
        assert page.url == base
        assert "Bài mới nhất" in page.inner_text("main")
        assert _titles(page, "featured")
        context.close()
    finally:
        server.shutdown()


@pytest.mark.browser
def test_same_province_news_is_loaded_without_the_page_itself(browser, site):
    for n in range(1, 8):
        site.article(f"lc-{n}", title=f"Tin Lào Cai {n}", date=f"2024-07-{n:02d} 08:00", province="Lào Cai")
    assert site.build().returncode == 0
    server = serve_folder(site.output)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    page_of_6 = "tin/2024/07/06/tin-lao-cai-6/"
    try:
        page = browser.new_page()
        page.goto(base + page_of_6)
        page.wait_for_selector("section[aria-labelledby=tin-cung-tinh] li")
        titles = page.locator("section[aria-labelledby=tin-cung-tinh] li a").all_inner_texts()
        assert titles == ["Tin Lào Cai 7", "Tin Lào Cai 5", "Tin Lào Cai 4", "Tin Lào Cai 3", "Tin Lào Cai 2"]
        # A new article of the province: the page is not written again, yet lists it.
        before = (site.output / page_of_6 / "index.html").stat()
        site.article("lc-moi", title="Tin Lào Cai mới", date="2024-07-20 08:00", province="Lào Cai")
        assert site.build().returncode == 0
        after = (site.output / page_of_6 / "index.html").stat()
        assert (after.st_mtime_ns, after.st_ino) == (before.st_mtime_ns, before.st_ino)
        page.goto(base + page_of_6)
        page.wait_for_selector("section[aria-labelledby=tin-cung-tinh] li")
        assert page.locator("section[aria-labelledby=tin-cung-tinh] li a").all_inner_texts()[0] == "Tin Lào Cai mới"
        page.close()
    finally:
        server.shutdown()
