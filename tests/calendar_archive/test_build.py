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
    # "Tất cả tin" lists the years and months with their counts, not every article
    archives = result.page("tin/index.html")
    months = re.findall(r'<a href="\.\./(tin/[^"]+)">([^<]+)</a> <span class="count">\(([^)]+)\)', archives)
    assert months == [("tin/2024/", "Tin năm 2024", "2 tin"), ("tin/2024/02/", "Tin tháng 2/2024", "1 tin"),
                      ("tin/2024/01/", "Tin tháng 1/2024", "1 tin"), ("tin/2019/", "Tin năm 2019", "1 tin"),
                      ("tin/2019/06/", "Tin tháng 6/2019", "1 tin")]
    assert "Ngày nhuận" not in archives


def test_a_day_with_45_articles_is_paginated(site):
    for n in range(45):
        site.article(f"bai-{n:02d}", title=f"Bài {n:02d}", date=f"2024-07-15 {n // 4 + 6:02d}:{(n % 4) * 5:02d}")
    result = site.build()
    assert result.returncode == 0, result.stderr
    # numbered from the oldest: page 1 has the first twenty, the day's own page the rest
    first = result.page("tin/2024/07/15/index.html")
    oldest = result.page("tin/2024/07/15/trang/1/index.html")
    assert first.count('class="item__link"') == 25 and oldest.count('class="item__link"') == 20
    assert "Bài 44" in first and "Bài 20" in first and "Bài 19" in oldest and "Bài 00" in oldest
    assert not (result.output / "tin/2024/07/15/trang/2").exists()
    assert 'aria-label="Tin ngày 15/07/2024 (45 tin)"' in result.page("index.html")  # the home page's calendar


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


def choose(page, bound: str, day: int, month: int, year: int) -> None:
    """Pick a date in the lookup's day, month and year selects (bound "tu" or "den")."""
    page.select_option(f"select[name={bound}-ngay]", str(day))
    page.select_option(f"select[name={bound}-thang]", str(month))
    page.select_option(f"select[name={bound}-nam]", str(year))


@pytest.mark.browser
def test_lookup_page_lists_articles_of_a_day(browser, sample_url):
    page = browser.new_page()
    # an address of the older form (one day and a mode) still works
    page.goto(f"{sample_url}/tra-cuu/?ngay=2025-09-05&kieu=vao")
    page.wait_for_selector("#tra-cuu[data-ready=true]")
    assert page.inner_text(".lookup__heading") == "Các bài viết đăng vào ngày 05/09/2025 (3 bài)"
    choose(page, "tu", 1, 1, 2024)
    page.select_option("select[name=muc]", label="Văn bản chỉ đạo")
    page.click(".lookup__form button")
    page.wait_for_selector("#tra-cuu[data-ready=true]")  # 2024's list is loaded when first asked
    titles = page.locator(".lookup__results a").all_inner_texts()
    assert titles and titles[0] == "Thư của Chủ tịch Hội nhân ngày khai giảng năm học 2025–2026"
    page.click(".lookup__results a >> nth=0")  # addresses are rebuilt from the compact list
    page.wait_for_load_state()
    assert re.search(r"/tin/\d{4}/\d\d/\d\d/[^/]+/$", page.url)
    assert page.inner_text("h1") == titles[0]
    page.close()


@pytest.mark.browser
def test_lookup_range_reads_day_month_year_in_an_english_browser(browser, sample_url):
    context = browser.new_context(locale="en-US", viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.add_init_script("""window.__shifts = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
        if (!e.hadRecentInput) window.__shifts += e.value; }).observe({type: 'layout-shift', buffered: true});""")
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url.rsplit("/", 1)[1]) if "/lich/bai-viet" in request.url
            else None)
    page.goto(f"{sample_url}/tra-cuu/", wait_until="networkidle")
    page.wait_for_selector("#tra-cuu[data-ready=true]")
    # the index, then the list of the one year the range needs, not every year's
    assert fetched == ["bai-viet.json", "bai-viet-2026.json"]
    # the form's room is kept while its data loads: the sidebar below does not jump
    assert page.evaluate("window.__shifts") < 0.05
    # day, month, year from left to right in each bound, whatever the browser's language
    for bound in ("tu", "den"):
        lefts = [page.locator(f"select[name={bound}-{part}]").bounding_box()["x"] for part in ("ngay", "thang", "nam")]
        assert lefts == sorted(lefts) and len(set(lefts)) == 3
    assert page.locator("input[type=date]").count() == 0
    # without an address, the range is the newest article's month up to its day
    assert page.inner_text(".lookup__heading") == "Các bài viết đăng từ ngày 01/10/2026 đến ngày 25/10/2026 (2 bài)"

    choose(page, "tu", 5, 9, 2025)
    choose(page, "den", 15, 10, 2025)
    page.click(".lookup__form button")
    page.wait_for_selector("#tra-cuu[data-ready=true]")
    assert page.inner_text(".lookup__heading") == "Các bài viết đăng từ ngày 05/09/2025 đến ngày 15/10/2025 (5 bài)"
    days = page.locator(".lookup__day").all_inner_texts()
    assert days == ["15/10/2025", "06/09/2025", "05/09/2025", "05/09/2025", "05/09/2025"]
    assert fetched == ["bai-viet.json", "bai-viet-2026.json", "bai-viet-2025.json"]
    assert page.url.endswith("/tra-cuu/?tu=2025-09-05&den=2025-10-15")

    page.select_option("select[name=muc]", label="Hoạt động Hội")
    page.click(".lookup__form button")
    assert page.locator(".lookup__results a").all_inner_texts() == ["Giao ban cụm Đông Bắc đầu tiên sau sắp xếp tỉnh"]

    # a day the month does not have, and a range the wrong way round, are said, not guessed
    choose(page, "tu", 31, 2, 2025)
    page.click(".lookup__form button")
    assert page.inner_text(".lookup__error") == "Không có ngày 31/02/2025: hãy chọn lại ngày, tháng, năm."
    assert page.locator(".lookup__results li").count() == 0
    choose(page, "tu", 1, 11, 2025)
    page.click(".lookup__form button")
    assert page.inner_text(".lookup__error") == (
        "Ngày bắt đầu (01/11/2025) sau ngày kết thúc (15/10/2025): hãy chọn lại.")

    # the address keeps the range: opened again, the same list
    page.goto(f"{sample_url}/tra-cuu/?tu=2025-09-05&den=2025-09-06")
    page.wait_for_selector("#tra-cuu[data-ready=true]")
    assert page.inner_text(".lookup__heading") == "Các bài viết đăng từ ngày 05/09/2025 đến ngày 06/09/2025 (4 bài)"
    assert page.input_value("select[name=tu-ngay]") == "5" and page.input_value("select[name=den-ngay]") == "6"
    context.close()
