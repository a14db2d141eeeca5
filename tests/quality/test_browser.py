"""Every page type in a real browser at phone and desktop widths."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.quality.pages import axe_violations, representative_pages, url_of

PAGE_KINDS = [
    "home", "article", "category", "province", "cluster", "central", "day archive", "month archive",
    "year archive", "tag", "author", "search", "rss directory", "404", "static page", "documents", "menu",
    "lookup", "author with a profile", "grid category", "external-link article", "all news",
]


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_fits_loads_cleanly_and_stays_on_the_site(browser, sample_build, sample_url, kind, width):
    page_file = representative_pages(sample_build.output)[kind]
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    problems: list[str] = []
    host = urlsplit(sample_url).netloc
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: problems.append(f"other host: {r.url}")
            if urlsplit(r.url).netloc not in (host, "") and not r.url.startswith("data:") else None)
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 and kind != "404" else None)
    page.goto(url_of(sample_build.output, page_file, sample_url), wait_until="networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{overflow}px of horizontal scrolling at {width}px"
    assert problems == []


@pytest.mark.browser
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_violation_of_any_level(browser, sample_build, sample_url, kind):
    page_file = representative_pages(sample_build.output)[kind]
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto(url_of(sample_build.output, page_file, sample_url), wait_until="networkidle")
    violations = axe_violations(page)
    context.close()
    assert violations == []


# Layout shifts as the browser reports them (the Layout Instability API), from the start.
COUNT_SHIFTS = """window.__shifts = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
    if (!e.hadRecentInput) window.__shifts += e.value; }).observe({type: 'layout-shift', buffered: true});"""


def home_of(sample_build, sample_url) -> str:
    return url_of(sample_build.output, representative_pages(sample_build.output)["home"], sample_url)


@pytest.mark.browser
def test_phone_menu_button_opens_the_menu_in_place_and_the_page_does_not_jump(browser, sample_build, sample_url):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.add_init_script(COUNT_SHIFTS)
    page.goto(home_of(sample_build, sample_url), wait_until="networkidle")
    page.wait_for_timeout(500)
    header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    assert header <= 120, f"the phone header is {header}px tall"
    button = page.get_by_role("button", name="Danh mục")
    assert button.get_attribute("aria-expanded") == "false" and button.get_attribute("aria-controls") == "menu-chinh"
    assert page.locator("a.menu-toggle").count() == 0  # the link became the button
    menu = page.locator("#menu-chinh")
    assert not menu.is_visible()
    shifts = page.evaluate("window.__shifts")
    assert shifts < 0.01, f"cumulative layout shift {shifts:.3f} at 360 px"
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert menu.get_by_role("link", name="Hoạt động Hội").is_visible()
    # one link a row, none cut off, the page as wide as the screen
    rows = page.evaluate("""() => { const links = [...document.querySelectorAll('#menu-chinh a')];
        return {rows: new Set(links.map(a => Math.round(a.getBoundingClientRect().top))).size, links: links.length,
                cut: links.filter(a => a.scrollWidth > a.clientWidth + 1).length,
                page: document.documentElement.scrollWidth - document.documentElement.clientWidth}; }""")
    assert rows["rows"] == rows["links"] and rows["cut"] == 0 and rows["page"] == 0, rows
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not menu.is_visible()
    assert page.evaluate("document.activeElement.id") == "nut-danh-muc"
    # the calendar, far down a phone's page, is one tap away in the menu
    button.click()
    menu.get_by_role("link", name="Tìm tin theo ngày").click()
    page.wait_for_timeout(300)
    calendar = page.evaluate("document.getElementById('khoi-lich').getBoundingClientRect().top")
    assert -2 <= calendar < 800 and button.get_attribute("aria-expanded") == "false"
    context.close()


@pytest.mark.browser
def test_phone_menu_without_javascript_is_a_link_to_the_menu_page(browser, sample_build, sample_url):
    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(home_of(sample_build, sample_url), wait_until="networkidle")
    assert page.get_by_role("button", name="Danh mục").count() == 0
    assert not page.locator("#menu-chinh").is_visible()
    link = page.get_by_role("link", name="Danh mục")
    assert link.is_visible()
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.url == f"{sample_url}/danh-muc/"
    assert page.get_by_role("heading", level=1).inner_text() == "Danh mục trang tin"
    main = page.locator("main")
    for name in ("Hoạt động Hội", "Tất cả tỉnh hội", "Lịch tin (tìm tin theo ngày)", "Tra cứu bài viết được đăng",
                 "Nhận tin qua RSS"):
        assert main.get_by_role("link", name=name, exact=True).is_visible(), name
    main.get_by_role("link", name="Lịch tin (tìm tin theo ngày)").click()
    assert -2 <= page.evaluate("document.getElementById('khoi-lich').getBoundingClientRect().top") < 800
    context.close()


@pytest.mark.browser
def test_desktop_shows_the_navigation_row_and_no_menu_button(browser, sample_build, sample_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(home_of(sample_build, sample_url), wait_until="networkidle")
    assert not page.locator(".menu-toggle").is_visible()
    nav = page.locator("#menu-chinh")
    assert nav.get_by_role("link", name="Xây dựng xã hội học tập").is_visible()
    assert not nav.get_by_role("link", name="Tìm tin theo ngày").is_visible()  # the calendar is beside the news
    context.close()


@pytest.mark.browser
def test_phone_listings_are_compact(browser, sample_build, sample_url):
    """Twenty items with small thumbnails beside their titles: a few screens, not nine
    thousand pixels (a full-width photo an item, before)."""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{sample_url}/trang/1/", wait_until="networkidle")
    measured = page.evaluate("""() => { const items = document.querySelector('.items');
        const thumbs = [...items.querySelectorAll('.item__thumb img')].map(i => i.getBoundingClientRect().width);
        return {count: items.children.length, height: items.getBoundingClientRect().height, thumbs}; }""")
    context.close()
    assert measured["count"] == 20
    assert measured["height"] < 20 * 180, measured
    assert measured["thumbs"] and max(measured["thumbs"]) <= 110, measured


@pytest.mark.browser
def test_front_page_lead_photo_loads_first_and_nothing_shifts(browser, sample_build, sample_url):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.add_init_script(COUNT_SHIFTS)
    page.goto(home_of(sample_build, sample_url), wait_until="networkidle")
    # the sample's headline group (content/nhom-tin.yml) opens the page: its first photo
    # is the lead photo, the next ones wait for their slide
    lead = page.locator(".headline__slide img").first
    assert lead.get_attribute("fetchpriority") == "high" and lead.evaluate("i => i.complete && i.naturalWidth > 0")
    assert 260 <= lead.evaluate("i => i.getBoundingClientRect().width") <= 300
    assert page.locator(".headline__slide img").nth(1).get_attribute("loading") == "lazy"
    # the gallery's photos load as they come into view, in their boxes
    page.locator(".gallery").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    assert page.locator(".gallery__img").evaluate_all("imgs => imgs.every(i => i.getBoundingClientRect().height > 50)")
    shifts = page.evaluate("window.__shifts")
    context.close()
    assert shifts < 0.01, f"cumulative layout shift {shifts:.3f} on the front page at 360 px"
