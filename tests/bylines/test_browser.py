"""What readers click, in Chromium on the sample site: an author's page with a profile,
an external-link item followed out of a listing, a grid category on a 360 px phone with
the "Mới" badge set by the reader's clock."""

from __future__ import annotations

import pytest

EXTERNAL = "https://giaoducthoidai.vn/tu-sach-dung-chung-o-cac-khu-chung-cu.html"


def watch(page) -> list[str]:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


@pytest.mark.browser
def test_an_author_page_shows_the_profile_with_its_photo(browser, sample_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems = watch(page)
    page.goto(f"{sample_url}/tac-gia/minh-trang/")
    profile = page.locator(".author-profile")
    # (a screen reader hears "Giới thiệu tác giả:" first; the eye sees the name)
    assert profile.locator(".author-profile__name").inner_text().endswith("Nguyễn Minh Trang")
    assert profile.locator(".author-profile__pen-name").inner_text() == "Bút danh: Minh Trang"
    photo = profile.locator("img.author-profile__photo")
    photo.scroll_into_view_if_needed()
    assert page.evaluate("img => img.complete && img.naturalWidth > 0", photo.element_handle())
    assert photo.get_attribute("alt") == "Ảnh tác giả Nguyễn Minh Trang"
    # The profile opens the page, the author's articles follow it.
    assert page.evaluate("() => document.querySelector('.author-profile').compareDocumentPosition("
                         "document.querySelector('.items')) & Node.DOCUMENT_POSITION_FOLLOWING") != 0
    # An article's byline leads back to the same page.
    page.locator(".items .item__link").first.click()
    page.wait_for_load_state()
    page.locator(".article__author a", has_text="Minh Trang").click()
    page.wait_for_load_state()
    assert page.url == f"{sample_url}/tac-gia/minh-trang/"
    assert problems == []
    context.close()


@pytest.mark.browser
def test_an_external_link_item_leads_out_of_the_listing(browser, sample_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems = watch(page)
    # The other site answers from here: the test needs no network.
    page.route(EXTERNAL, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8",
                                                     body="<!doctype html><title>Bài gốc</title><p>Bài gốc</p>"))
    page.goto(f"{sample_url}/chuyen-muc/xay-dung-xa-hoi-hoc-tap/")
    item = page.locator(".item--external")
    assert item.locator(".item__external").inner_text() == "Bài đăng tại Báo Giáo dục và Thời đại (nguồn ngoài) ↗"
    item.locator(".item__link").click()
    page.wait_for_load_state()
    assert page.url == EXTERNAL and page.title() == "Bài gốc"
    # Its own page on the site still exists, with the link out.
    page.goto(f"{sample_url}/tin/2026/09/12/bao-giao-duc-va-thoi-dai-tu-sach-dung-chung-o-cac-khu-chung-cu/")
    assert page.locator(".article__external-link").get_attribute("href") == EXTERNAL
    assert problems == []
    context.close()


@pytest.mark.browser
def test_a_grid_category_on_a_phone(browser, sample_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    problems = watch(page)
    page.goto(f"{sample_url}/chuyen-muc/guong-sang-hieu-hoc/")
    assert page.locator(".category-intro").is_visible()
    cards = page.locator(".items--grid > .item")
    assert cards.count() >= 3
    grid = page.locator(".items--grid").bounding_box()
    boxes = [cards.nth(n).bounding_box() for n in range(cards.count())]
    # One column: every card the list's whole width, each below the one before.
    assert all(abs(box["width"] - grid["width"]) < 1 for box in boxes)
    assert all(b["y"] >= a["y"] + a["height"] for a, b in zip(boxes, boxes[1:]))
    # A card's picture fills the card's width, above its title.
    card = page.locator(".items--grid > .item--thumb").first
    picture, title = card.locator("img").bounding_box(), card.locator(".item__title").bounding_box()
    assert abs(picture["width"] - card.bounding_box()["width"]) < 3 and picture["y"] < title["y"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert problems == []
    context.close()


@pytest.mark.browser
def test_the_new_badge_follows_the_readers_clock(browser, sample_url):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    # Two days after the external-link article (12/09/2026 15:00), then ten.
    page.clock.set_fixed_time("2026-09-14T12:00:00+07:00")
    page.goto(f"{sample_url}/chuyen-muc/xay-dung-xa-hoi-hoc-tap/")
    page.wait_for_selector(".badge-new")
    badged = page.locator(".item:has(.badge-new) .item__link").all_inner_texts()
    assert badged == ["Báo Giáo dục và Thời đại: tủ sách dùng chung ở các khu chung cư"]
    assert page.locator(".badge-new").first.inner_text().strip().lower() == "mới"
    page.clock.set_fixed_time("2026-09-22T12:00:00+07:00")
    page.reload()
    page.wait_for_load_state("load")
    assert page.locator(".badge-new").count() == 0
    context.close()
