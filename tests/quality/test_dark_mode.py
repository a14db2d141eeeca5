"""Dark mode: pages follow the reader's system (prefers-color-scheme) and stay readable."""

from __future__ import annotations

import pytest

from tests.quality.pages import axe_violations, representative_pages, url_of

KINDS = ["home", "article", "category", "province", "day archive", "lookup", "documents", "404",
         "author with a profile", "grid category", "all news"]


def luminance(css: str) -> float:
    """Relative luminance (WCAG) of an ``rgb(r, g, b)`` computed colour."""
    values = [int(v) / 255 for v in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
    lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.browser
@pytest.mark.parametrize("kind", KINDS)
def test_dark_pages_are_dark_and_pass_axe(browser, sample_build, sample_url, kind):
    page_file = representative_pages(sample_build.output)[kind]
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme="dark", bypass_csp=True)
    page = context.new_page()
    page.goto(url_of(sample_build.output, page_file, sample_url), wait_until="networkidle")
    colours = page.evaluate("""() => { const s = getComputedStyle(document.body);
        return [s.backgroundColor, s.color, getComputedStyle(document.querySelector('main a') || document.body).color]; }""")
    background, text, link = map(luminance, colours)
    assert background < 0.02 and text > 0.7 and link > 0.4, colours
    violations = axe_violations(page)
    context.close()
    assert violations == []


@pytest.mark.browser
def test_light_is_the_default_and_paper_stays_white(browser, sample_build, sample_url):
    article = url_of(sample_build.output, representative_pages(sample_build.output)["article"], sample_url)
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(article)
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    context.close()
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(article)
    page.emulate_media(media="print", color_scheme="dark")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    # the title prints in the association's dark blue, not the light blue of dark screens
    assert page.evaluate("getComputedStyle(document.querySelector('.article__title')).color") == "rgb(8, 58, 102)"
    context.close()
