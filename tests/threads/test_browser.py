"""A reader follows a thread of the sample site in Chromium, and meets an expired notice.
(axe and the Nu HTML checker look at these page types in tests/quality: ``PAGE_TYPES``.)"""

from __future__ import annotations

import pytest

THREAD = "dong-su-kien/huong-toi-dai-hoi-vii/"
EXPIRED = "tin/2026/08/03/thong-bao-nhan-ho-so-hoc-bong-vuot-kho-den-truong-nam-2026/"


@pytest.mark.browser
def test_a_reader_follows_a_thread_and_sees_an_expired_notice(browser, sample_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        # The list of threads leads to the thread's page.
        page.goto(f"{sample_url}/dong-su-kien/")
        page.get_by_role("link", name="Hướng tới Đại hội đại biểu toàn quốc lần thứ VII").click()
        page.wait_for_load_state()
        assert page.url == f"{sample_url}/{THREAD}"
        assert page.get_by_role("heading", level=1).inner_text() == (
            "Dòng sự kiện: Hướng tới Đại hội đại biểu toàn quốc lần thứ VII")
        assert page.locator(".thread-intro img").is_visible()
        titles = page.locator(".item__link").all_inner_texts()
        assert titles == ["Các tỉnh, thành hội hoàn thành đại hội nhiệm kỳ 2026–2031",
                          "Lấy ý kiến dự thảo văn kiện trình Đại hội VII",
                          "Hội nghị Ban Chấp hành Trung ương Hội lần thứ 10"]
        # An article of the thread: the block under it lists the other two; a link there opens one.
        page.locator(".item__link", has_text="Lấy ý kiến dự thảo").click()
        page.wait_for_load_state()
        block = page.locator("section[aria-labelledby=dong-su-kien]")
        assert block.get_by_role("heading").inner_text() == (
            "Theo dòng sự kiện: Hướng tới Đại hội đại biểu toàn quốc lần thứ VII")
        assert block.locator(".more__list a").all_inner_texts() == [
            "Các tỉnh, thành hội hoàn thành đại hội nhiệm kỳ 2026–2031",
            "Hội nghị Ban Chấp hành Trung ương Hội lần thứ 10"]
        block.get_by_role("link", name="Hội nghị Ban Chấp hành Trung ương Hội lần thứ 10").click()
        page.wait_for_load_state()
        assert page.url == f"{sample_url}/tin/2026/01/08/hoi-nghi-ban-chap-hanh-trung-uong-hoi-lan-thu-10/"
        page.locator("section[aria-labelledby=dong-su-kien]").get_by_role("link", name="Xem cả dòng sự kiện").click()
        page.wait_for_load_state()
        assert page.url == f"{sample_url}/{THREAD}"
        # An archived article after its expiry: the notice is what a reader sees under the title.
        page.goto(f"{sample_url}/{EXPIRED}")
        notice = page.locator(".notice--expired")
        assert notice.is_visible()
        assert notice.inner_text().startswith("Tin đã hết hạn. Hạn của tin là Thứ Tư, 30/09/2026")
        box, title = notice.bounding_box(), page.locator("h1").bounding_box()
        assert box["y"] > title["y"]  # right under the title
        assert problems == []
    finally:
        page.close()
