import datetime as dt

import pytest

from calendar_archive.calendar import DayIndex, Month, calendar_month, month_grid, months_between


@pytest.mark.parametrize("month, first_row, weeks", [
    (Month(2024, 7), [dt.date(2024, 7, 1), *[dt.date(2024, 7, d) for d in range(2, 8)]], 5),  # starts Monday
    (Month(2024, 9), [None] * 6 + [dt.date(2024, 9, 1)], 6),  # starts Sunday: six weeks
    (Month(2021, 2), [dt.date(2021, 2, d) for d in range(1, 8)], 4),  # exactly four weeks
])
def test_month_grid_weeks_start_monday(month, first_row, weeks):
    grid = month_grid(month)
    assert grid[0] == first_row
    assert len(grid) == weeks
    assert all(len(week) == 7 for week in grid)


@pytest.mark.parametrize("year, days", [(2024, 29), (2023, 28), (2000, 29), (1900, 28)])
def test_february_in_leap_and_common_years(year, days):
    assert max(d.day for week in month_grid(Month(year, 2)) for d in week if d) == days


def test_month_arithmetic_over_year_boundaries():
    assert Month(2024, 12).shift(1) == Month(2025, 1)
    assert Month(2025, 1).shift(-1) == Month(2024, 12)
    assert Month(2024, 7).shift(-12) == Month(2023, 7)
    assert months_between(Month(2024, 11), Month(2025, 2)) == [Month(2024, 11), Month(2024, 12), Month(2025, 1), Month(2025, 2)]
    assert Month(2024, 7).name == "Tháng Bảy 2024"
    assert Month(2024, 12).name == "Tháng Mười hai 2024"


def test_vietnam_days_and_navigation_limits():
    vn = dt.timezone(dt.timedelta(hours=7))
    moments = [dt.datetime(2024, 1, 1, 5, 0, tzinfo=vn), dt.datetime(2023, 12, 31, 22, 0, tzinfo=dt.timezone.utc)]
    index = DayIndex((m.astimezone(vn).date(), m) for m in moments)
    # 2023-12-31 22:00 UTC is 2024-01-01 05:00 in Vietnam: both on 1 January
    assert index.count(dt.date(2024, 1, 1)) == 2
    assert index.first == index.last == Month(2024, 1)
    cal = calendar_month(index, Month(2024, 1))
    assert cal.previous_month is None and cal.next_month is None and cal.previous_year is None
    assert index.day_mask(Month(2024, 1)) == 1


def test_navigation_inside_the_range():
    days = [dt.date(2023, 6, 10), dt.date(2024, 7, 15), dt.date(2024, 9, 2)]
    index = DayIndex((d, d) for d in days)
    cal = calendar_month(index, Month(2024, 7))
    assert cal.previous_month == Month(2024, 6)  # a month without news is still reachable
    assert cal.next_month == Month(2024, 8)
    assert cal.previous_year == Month(2023, 7)
    assert cal.next_year is None  # 2025-07 is after the last news
    assert cal.current == Month(2024, 9)
    linked = [d.date for week in cal.weeks for d in week if d and d.count]
    assert linked == [dt.date(2024, 7, 15)]
    assert [d.weekend for d in cal.weeks[0]] == [False] * 5 + [True, True]


def test_pelican_period_archives_are_taken_over():
    from types import SimpleNamespace

    from calendar_archive.calendar_archive import CalendarSettings, take_over_period_archives

    settings = {
        "YEAR_ARCHIVE_URL": "tin/{date:%Y}/", "YEAR_ARCHIVE_SAVE_AS": "tin/{date:%Y}/index.html",
        "MONTH_ARCHIVE_URL": "tin/{date:%Y}/{date:%m}/", "MONTH_ARCHIVE_SAVE_AS": "tin/{date:%Y}/{date:%m}/index.html",
        "DAY_ARCHIVE_URL": "d/", "DAY_ARCHIVE_SAVE_AS": "d/index.html",
    }
    pelican = SimpleNamespace(settings=settings)
    take_over_period_archives(pelican)
    take_over_period_archives(pelican)  # twice: still the same
    # Pelican's own (quadratic) grouping and writing are off ...
    assert settings["YEAR_ARCHIVE_SAVE_AS"] == settings["MONTH_ARCHIVE_SAVE_AS"] == settings["DAY_ARCHIVE_SAVE_AS"] == ""
    # ... and the plugin writes at the same addresses
    config = CalendarSettings.from_pelican(settings)
    assert (config.year_save_as, config.day_save_as) == ("tin/{date:%Y}/index.html", "d/index.html")


def test_data_file_for_10000_articles_over_12_years_is_small():
    import gzip
    import json
    import random

    from calendar_archive.calendar import days_with_news

    rng = random.Random(2024)  # the spread of benchmarks/corpus.py: 2014-01-01 .. 2025-12-31
    start = dt.datetime(2014, 1, 1, 7, 0)
    span = (dt.datetime(2025, 12, 31, 18, 0) - start).total_seconds()
    days = [(start + dt.timedelta(seconds=rng.random() * span)).date() for _ in range(10_000)]
    data = days_with_news(DayIndex((d, d) for d in days), "tin/{Y}/{m}/{d}/", "tin/{Y}/{m}/")
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    assert len(data["days"]) == 144
    assert len(raw) < 3_500 and len(gzip.compress(raw)) < 1_300
    # decoding: bit d-1 of a month's number is day d
    july = data["days"]["2024-07"]
    assert [d for d in range(1, 32) if july >> (d - 1) & 1] == sorted({d.day for d in days if (d.year, d.month) == (2024, 7)})
