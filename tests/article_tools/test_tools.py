"""Article tools through the real build and in a real browser."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from article_tools.links import mailto

ARTICLE = "tin/2024/07/15/hoi-khuyen-hoc-tinh-yen-bai-trao-hoc-bong-he-2024/"
URL = "http://localhost:8000/" + ARTICLE


def test_mailto_is_percent_encoded_utf8():
    link = mailto("Trao học bổng & khen thưởng", "Tóm tắt: 400 suất", "https://kh.vn/tin/a/")
    assert "+" not in link and " " not in link
    query = parse_qs(urlsplit(link).query)
    assert query["subject"] == ["Trao học bổng & khen thưởng"]
    assert query["body"] == ["Tóm tắt: 400 suất\r\n\r\nhttps://kh.vn/tin/a/"]


def test_tool_links_on_the_article_page(sample_build):
    html = (sample_build.output / ARTICLE / "index.html").read_text(encoding="utf-8")
    assert 'href="https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Flocalhost%3A8000%2Ftin%2F2024' in html
    assert 'href="https://sp.zalo.me/share_to?url=http%3A%2F%2Flocalhost' in html
    assert html.count('rel="noopener noreferrer"') == 2
    assert "Bản để in" in html and "Lưu dạng file" in html and "Gửi tin qua email" in html


@pytest.mark.browser
def test_mailto_link_reaches_the_mail_program_in_vietnamese(browser, sample_url):
    page = browser.new_page()
    page.goto(f"{sample_url}/{ARTICLE}")
    href = page.get_attribute(".tool--mail", "href")
    query = parse_qs(urlsplit(href).query)
    assert query["subject"] == ["Hội Khuyến học tỉnh Yên Bái trao học bổng hè 2024"]
    assert query["body"][0].startswith("400 suất học bổng được trao")
    assert query["body"][0].endswith(URL)
    page.close()


@pytest.mark.browser
def test_photo_dialog_opens_moves_and_closes(browser, sample_url):
    page = browser.new_page()
    page.goto(f"{sample_url}/{ARTICLE}")
    photos = page.locator(".article img.is-zoomable")
    assert photos.count() == 2
    photos.nth(0).click()
    dialog = page.locator("dialog.viewer")
    assert dialog.is_visible()
    assert page.inner_text(".viewer__caption") == "Lễ trao học bổng hè năm 2024"
    page.keyboard.press("ArrowRight")
    assert page.inner_text(".viewer__caption") == "Lãnh đạo Hội trao học bổng cho các em học sinh"
    assert page.inner_text(".viewer__count") == "2/2"
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('is-zoomable')")
    page.close()


@pytest.mark.browser
def test_print_view_shows_the_article_only(browser, sample_url):
    page = browser.new_page()
    page.goto(f"{sample_url}/{ARTICLE}")
    page.emulate_media(media="print")
    assert page.locator(".article__title").is_visible()
    assert page.locator(".article__author").is_visible()
    for hidden in (".site-header", ".sidebar", ".site-footer", ".article-tools", ".article-more"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".article__address").is_visible()
    assert URL in page.inner_text(".article__address")
    page.close()


@pytest.mark.browser
def test_saved_file_opens_offline_with_its_images(browser, sample_url, tmp_path):
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{sample_url}/{ARTICLE}")
    with page.expect_download() as info:
        page.click(".tool--save")
    saved = tmp_path / "bai.html"
    info.value.save_as(saved)
    html = saved.read_text(encoding="utf-8")
    assert "Hội Khuyến học tỉnh Yên Bái trao học bổng hè 2024" in html
    assert re.search(r"data:image/(webp|jpeg);base64,", html)
    page.close()
    context = browser.new_context(offline=True)
    offline = context.new_page()
    offline.goto(saved.as_uri())
    widths = offline.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
    assert len(widths) == 2 and all(w > 0 for w in widths)
    assert offline.inner_text("h1") == "Hội Khuyến học tỉnh Yên Bái trao học bổng hè 2024"
    context.close()
