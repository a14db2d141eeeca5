"""Every page type in a real browser at phone and desktop widths."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.quality.pages import representative_pages, url_of

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGE_KINDS = [
    "home", "article", "category", "province", "cluster", "central", "day archive", "month archive",
    "year archive", "tag", "author", "search", "rss directory", "404", "static page", "documents",
    "lookup",
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
def test_axe_finds_no_serious_or_critical_violation(browser, sample_build, sample_url, kind):
    page_file = representative_pages(sample_build.output)[kind]
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto(url_of(sample_build.output, page_file, sample_url), wait_until="networkidle")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    context.close()
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


@pytest.mark.browser
def test_phone_menu_is_one_row_that_scrolls_and_the_page_does_not_jump(browser, sample_build, sample_url):
    home = url_of(sample_build.output, representative_pages(sample_build.output)["home"], sample_url)
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    # Layout shifts as the browser reports them (the Layout Instability API), from the start.
    page.add_init_script("""window.__shifts = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
        if (!e.hadRecentInput) window.__shifts += e.value; }).observe({type: 'layout-shift', buffered: true});""")
    page.goto(home, wait_until="networkidle")
    page.wait_for_timeout(500)
    menu = page.locator("#menu-chinh")
    row = page.evaluate("""() => { const m = document.getElementById('menu-chinh');
        const tops = [...m.querySelectorAll('a')].map(a => a.getBoundingClientRect().top);
        return {rows: new Set(tops).size, scrolls: m.scrollWidth > m.clientWidth,
                page: document.documentElement.scrollWidth - document.documentElement.clientWidth}; }""")
    assert row == {"rows": 1, "scrolls": True, "page": 0}
    last = menu.locator("a").last
    last.scroll_into_view_if_needed()
    assert last.is_visible()
    # the row scrolled to show its last link
    assert menu.evaluate("m => m.scrollLeft") > 0
    shifts = page.evaluate("window.__shifts")
    context.close()
    assert shifts < 0.05, f"cumulative layout shift {shifts:.3f} at 360 px"
