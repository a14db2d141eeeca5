"""Archives and the calendar through the real build, and in a real browser."""

from __future__ import annotations

import json
import re

import pytest


def _calendar(html: str) -> str:
    return re.search(r'<section class="block block--calendar".*?</section>', html, re.S).group(0)


def _linked_days(html: str) -> list[str]:
    return re.findall(r'<td data-date="([\d-]+)"[^>]*><a ', _calendar(html))


def test_day_first_dates_leap_day_and_vietnam_time(site):
    site.article("a", title="Ngày năm tháng sáu", date="05/06/2019 08:00")
    site.article("b", title="Ngày nhuận", date="29/02/2024 10:00")
    site.article("c", title="Sáng sớm năm mới", date="2024-01-01 05:00")
    site.article("nhap", title="Bài nháp", date="2024-01-10 08:00", status="draft")
    site.article("sau", title="Bài tương lai", date="2026-12-01 08:00")
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert "Ngày năm tháng sáu" in result.page("tin/2019/06/05/index.html")
    assert "<h1>Tin ngày 05/06/2019</h1>" in result.page("tin/2019/06/05/index.html")
    assert "Ngày nhuận" in result.page("tin/2024/02/29/index.html")
    assert "Sáng sớm năm mới" in result.page("tin/2024/01/01/index.html")
    assert "<h1>Tin tháng 1/2024</h1>" in result.page("tin/2024/01/index.html")
    assert "<h1>Tin năm 2024</h1>" in result.page("tin/2024/index.html")
    # the article's page shows its own month; its days with news come from the data file
    # (the page stays as it is when an article is published)
    article = result.page("tin/2024/01/01/sang-som-nam-moi/index.html")
    assert "Tháng Một 2024" in _calendar(article)
    assert _linked_days(article) == [] and 'data-marks="later"' in _calendar(article)
    assert "Tháng Hai 2024" in _calendar(result.page("tin/2024/02/29/index.html"))
    assert _linked_days(result.page("tin/2024/02/index.html")) == []
    # months without news between the first and the last have a page that says so
    assert "Không có tin trong tháng 3/2021" in result.page("tin/2021/03/index.html")
    assert not (result.output / "tin/2019/05/index.html").exists()  # before the first news
    assert not (result.output / "tin/2026/12").exists()  # the scheduled article
    # the home page shows the newest month; navigation stops at the last month
    home = _calendar(result.page("index.html"))
    assert "Tháng Hai 2024" in home and _linked_days(result.page("index.html")) == ["2024-02-29"]
    assert 'data-marks' not in home
    assert 'class="cal-next-month is-disabled"' in home and 'class="cal-prev-month" href="./tin/2024/01/"' in home
    data = json.loads((result.output / "lich/ngay-co-tin.json").read_text())
    assert data["first"] == "2019-06" and data["last"] == "2024-02"
    # the draft's 10 January is not there
    assert data["days"] == {"2019-06": 1 << 4, "2024-01": 1, "2024-02": 1 << 28}


def test_a_day_with_25_articles_is_paginated(site):
    for n in range(25):
        site.article(f"bai-{n:02d}", title=f"Bài {n:02d}", date=f"2024-07-15 {n // 4 + 6:02d}:{(n % 4) * 15:02d}")
    result = site.build()
    assert result.returncode == 0, result.stderr
    first = result.page("tin/2024/07/15/index.html")
    second = result.page("tin/2024/07/15/trang/2/index.html")
    assert first.count('class="item__link"') == 20 and second.count('class="item__link"') == 5
    assert "Bài 24" in first and "Bài 00" in second
    assert 'aria-label="Tin ngày 15/07/2024 (25 tin)"' in result.page("index.html")  # the home page's calendar


@pytest.mark.browser
def test_browsing_months_with_and_without_javascript(browser, sample_url):
    page = browser.new_page()
    page.goto(f"{sample_url}/tin/2024/07/15/")
    page.wait_for_selector("[data-calendar][data-ready=true]")
    assert page.inner_text(".calendar__caption") == "Tháng Bảy 2024"
    # the days with news, which the page itself does not link, are marked from the data file
    assert page.get_attribute(".calendar td[data-date='2024-07-15'] a", "aria-label") == "Tin ngày 15/07/2024"
    url = page.url
    page.click(".cal-prev-month")
    assert page.inner_text(".calendar__caption") == "Tháng Sáu 2024"
    page.click(".cal-prev-year")
    assert page.inner_text(".calendar__caption") == "Tháng Sáu 2023"
    page.click(".cal-next-month")
    assert page.inner_text(".calendar__caption") == "Tháng Bảy 2023"
    # keyboard: focus stays on the control just used
    page.keyboard.press("Enter")
    assert page.inner_text(".calendar__caption") == "Tháng Tám 2023"
    page.click(".cal-prev-month")
    assert page.inner_text(".calendar__caption") == "Tháng Bảy 2023"
    assert page.url == url  # no page load
    assert re.fullmatch(r"Tin ngày \d\d/07/2023", page.get_attribute(".calendar td a >> nth=0", "aria-label"))
    page.click(".calendar td a >> nth=0")
    page.wait_for_load_state()
    assert re.search(r"/tin/2023/07/\d\d/$", page.url)
    assert page.inner_text("h1").startswith("Tin ngày ")
    page.close()

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sample_url}/tin/2024/07/15/")
    page.click(".cal-prev-month")
    assert page.url.endswith("/tin/2024/06/")
    assert page.inner_text(".calendar__caption") == "Tháng Sáu 2024"
    assert page.inner_text("h1") == "Tin tháng 6/2024"
    context.close()


@pytest.mark.browser
def test_lookup_page_lists_articles_of_a_day(browser, sample_url):
    page = browser.new_page()
    page.goto(f"{sample_url}/tra-cuu/?ngay=2025-09-05&kieu=vao")
    page.wait_for_selector("#tra-cuu[data-ready=true]")
    assert page.inner_text(".lookup__heading") == "Các bài viết đăng vào ngày: 5.9.2025 (3 bài)"
    page.check("input[value=den]")
    page.select_option("select[name=muc]", label="Văn bản chỉ đạo")
    page.click(".lookup__form button")
    titles = page.locator(".lookup__results a").all_inner_texts()
    assert titles and titles[0] == "Thư của Chủ tịch Hội nhân ngày khai giảng năm học 2025–2026"
    page.click(".lookup__results a >> nth=0")  # addresses are rebuilt from the compact list
    page.wait_for_load_state()
    assert re.search(r"/tin/\d{4}/\d\d/\d\d/[^/]+/$", page.url)
    assert page.inner_text("h1") == titles[0]
    page.close()
