"""The "Tìm tin theo ngày" calendar and the date archives (pure; never imports Pelican).

Days are Vietnam days: callers hand in local dates (an article at 05:00 on 1 January,
Vietnam time, is a 1 January article). Everything is built in one pass over the
articles (:class:`DayIndex`), so archives and calendars cost linear time, unlike
Pelican's own period archives, which compare every article with every period.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

A = TypeVar("A")

# The old site's spelling.
MONTH_NAMES = (
    "Tháng Một", "Tháng Hai", "Tháng Ba", "Tháng Tư", "Tháng Năm", "Tháng Sáu",
    "Tháng Bảy", "Tháng Tám", "Tháng Chín", "Tháng Mười", "Tháng Mười một", "Tháng Mười hai",
)
WEEKDAYS = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


@dataclass(frozen=True, order=True, slots=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: dt.date) -> "Month":
        return cls(day.year, day.month)

    def shift(self, months: int) -> "Month":
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def name(self) -> str:
        """``Tháng Bảy 2024``."""
        return f"{MONTH_NAMES[self.month - 1]} {self.year}"

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def month_grid(month: Month) -> list[list[dt.date | None]]:
    """Weeks of ``month``, Monday first; days of other months are ``None``."""
    weeks = _calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [[d if d.month == month.month else None for d in week] for week in weeks]


def months_between(first: Month, last: Month) -> list[Month]:
    out, current = [], first
    while current <= last:
        out.append(current)
        current = current.shift(1)
    return out


class DayIndex(Generic[A]):
    """Articles by Vietnam day, month and year, built in one pass."""

    def __init__(self, dated: Iterable[tuple[dt.date, A]]) -> None:
        self.days: dict[dt.date, list[A]] = defaultdict(list)
        self.months: dict[Month, list[A]] = defaultdict(list)
        self.years: dict[int, list[A]] = defaultdict(list)
        for day, item in dated:
            self.days[day].append(item)
            self.months[Month.of(day)].append(item)
            self.years[day.year].append(item)
        # the first and last months with news (asked for on every page: computed once)
        self.first: Month | None = min(self.months) if self.months else None
        self.last: Month | None = max(self.months) if self.months else None

    def in_range(self, month: Month) -> bool:
        return self.first is not None and self.first <= month <= self.last  # type: ignore[operator]

    def clamp(self, month: Month) -> Month:
        if self.first is None:
            return month
        return min(max(month, self.first), self.last)  # type: ignore[type-var]

    def count(self, day: dt.date) -> int:
        return len(self.days.get(day, ()))

    def day_mask(self, month: Month) -> int:
        """Bit ``d - 1`` set when day ``d`` of ``month`` has news (the JSON's encoding)."""
        mask = 0
        for week in month_grid(month):
            for day in week:
                if day is not None and day in self.days:
                    mask |= 1 << (day.day - 1)
        return mask


@dataclass(frozen=True, slots=True)
class CalendarDay:
    date: dt.date
    count: int
    weekend: bool


@dataclass(frozen=True, slots=True)
class CalendarMonth:
    """One month of the calendar as templates draw it, with its navigation targets
    (``None`` where the calendar would leave the range of months that have news)."""

    month: Month
    weeks: list[list[CalendarDay | None]]
    previous_month: Month | None
    next_month: Month | None
    previous_year: Month | None
    next_year: Month | None
    current: Month  # the newest month with news ("Tháng hiện tại" without JavaScript)
    total: int


def calendar_month(index: DayIndex, month: Month) -> CalendarMonth:
    def within(m: Month) -> Month | None:
        return m if index.in_range(m) else None

    weeks = [
        [CalendarDay(d, index.count(d), d.weekday() >= 5) if d is not None else None for d in week]
        for week in month_grid(month)
    ]
    return CalendarMonth(
        month=month,
        weeks=weeks,
        previous_month=within(month.shift(-1)),
        next_month=within(month.shift(1)),
        previous_year=within(month.shift(-12)),
        next_year=within(month.shift(12)),
        current=index.last or month,
        total=len(index.months.get(month, ())),
    )


def days_with_news(index: DayIndex, day_pattern: str, month_pattern: str) -> dict:
    """The data file of in-place navigation: the range of months and, for each month
    with news, one integer with bit ``d - 1`` set when day ``d`` has news. Its size
    grows with the number of months, not of articles: about 3 KB (1.1 KB gzipped)
    for 10,000 articles over 12 years. ``day_pattern``/``month_pattern`` are archive
    addresses with ``{Y}``, ``{m}``, ``{d}`` placeholders."""
    return {
        "first": index.first.key if index.first else None,
        "last": index.last.key if index.last else None,
        "day": day_pattern,
        "month": month_pattern,
        "days": {m.key: index.day_mask(m) for m in sorted(index.months)},
    }
