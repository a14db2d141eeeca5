"""Adapter: year, month and day archives in linear time, the sidebar calendar
"Tìm tin theo ngày", its data file for in-place navigation, and the lookup page
"Tra cứu bài viết".

Handlers:
* ``take_over_period_archives`` (initialized): Pelican's own period archives compare
  every article with every period (``ArticlesGenerator._build_period_archives``, the
  slowest part of a large build, run even before anything is written). This plugin
  moves ``YEAR_/MONTH_/DAY_ARCHIVE_SAVE_AS`` to ``CALENDAR_*`` names and empties
  Pelican's, so Pelican skips them, and writes the same pages at the same addresses
  from one pass over the articles.
* ``add_generator`` (get_generators): :class:`CalendarGenerator`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.generators import Generator

from sitecore.report import session_of

from .calendar import MONTH_NAMES, WEEKDAY_NAMES, WEEKDAYS, DayIndex, Month, calendar_month, days_with_news, months_between


@dataclass(frozen=True, slots=True)
class CalendarSettings:
    """Archive addresses come from Pelican's ``YEAR_ARCHIVE_URL``/``_SAVE_AS`` (and
    MONTH_, DAY_). ``CALENDAR_DATA``: the file of days with news for in-place
    navigation; ``CALENDAR_LOOKUP_URL``: the "Tra cứu bài viết" page and
    ``CALENDAR_LOOKUP_DATA`` its list of articles."""

    year_url: str
    year_save_as: str
    month_url: str
    month_save_as: str
    day_url: str
    day_save_as: str
    data: str
    lookup_url: str
    lookup_data: str
    timezone: ZoneInfo

    @classmethod
    def from_pelican(cls, s: Mapping[str, Any]) -> "CalendarSettings":
        return cls(
            s["YEAR_ARCHIVE_URL"], _save_as(s, "YEAR"), s["MONTH_ARCHIVE_URL"], _save_as(s, "MONTH"),
            s["DAY_ARCHIVE_URL"], _save_as(s, "DAY"),
            s.get("CALENDAR_DATA", "lich/ngay-co-tin.json"), s.get("CALENDAR_LOOKUP_URL", "tra-cuu/"),
            s.get("CALENDAR_LOOKUP_DATA", "lich/bai-viet.json"), ZoneInfo(s.get("TIMEZONE", "Asia/Ho_Chi_Minh")),
        )


@dataclass(frozen=True, slots=True)
class PeriodArchive:
    """One archive page: ``kind`` is "year", "month" or "day"."""

    kind: str
    day: dt.date
    url: str
    save_as: str

    @property
    def month(self) -> Month:
        return Month.of(self.day)


class Calendars:
    """What templates ask for: the month a page shows, and that month's calendar."""

    def __init__(self, index: DayIndex, config: CalendarSettings) -> None:
        self.index = index
        self.config = config

    weekdays = tuple(zip(WEEKDAYS, WEEKDAY_NAMES))
    month_names = MONTH_NAMES

    def month_for(self, article: Any = None, archive: PeriodArchive | None = None) -> str:
        if article is not None and getattr(article, "date", None) is not None:
            month = Month.of(article.date.astimezone(self.config.timezone).date())
        elif archive is not None:
            month = archive.month
            if archive.kind == "year":
                months = [m for m in self.index.months if m.year == archive.day.year]
                month = max(months) if months else month
        else:
            month = self.index.last or Month.of(dt.date(2000, 1, 1))
        return self.index.clamp(month).key

    def month(self, key: str):
        year, month = map(int, key.split("-"))
        return calendar_month(self.index, Month(year, month))

    def month_url(self, month: Month) -> str:
        return self.config.month_url.format(date=month.first_day)

    def day_url(self, day: dt.date) -> str:
        return self.config.day_url.format(date=day)


def _save_as(settings: Mapping[str, Any], kind: str) -> str:
    return settings.get(f"CALENDAR_{kind}_ARCHIVE_SAVE_AS") or settings.get(f"{kind}_ARCHIVE_SAVE_AS") or ""


def take_over_period_archives(pelican) -> None:
    """Empty Pelican's ``*_ARCHIVE_SAVE_AS`` (keeping them as ``CALENDAR_*``): Pelican
    then neither groups articles by period (quadratic) nor writes those pages."""
    settings = pelican.settings
    for kind in ("YEAR", "MONTH", "DAY"):
        settings[f"CALENDAR_{kind}_ARCHIVE_SAVE_AS"] = _save_as(settings, kind)
        settings[f"{kind}_ARCHIVE_SAVE_AS"] = ""


class CalendarGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = CalendarSettings.from_pelican(self.settings)
        self.index: DayIndex = DayIndex(())

    def generate_context(self) -> None:
        tz = self.config.timezone
        articles = list(self.context.get("articles", []))
        self.index = DayIndex((a.date.astimezone(tz).date(), a) for a in articles)
        self.context["calendars"] = Calendars(self.index, self.config)
        # Every page shows a month of the calendar with links to the months before and
        # after it that have news (the days with news are loaded: not in the pages).
        session_of(self.settings).graph.show_on_every_page("calendar_months", f"{self.index.first} {self.index.last}")
        self.context["calendar_config"] = self.config

    def _write_archive(self, writer, kind: str, day: dt.date, url: str, save_as: str, items: list) -> None:
        if not save_as:  # that kind of archive is turned off
            return
        items = sorted(items, key=lambda a: (a.date, a.url), reverse=True)
        archive = PeriodArchive(kind, day, url, save_as)
        writer.write_file(
            save_as, self.get_template("period_archives"), self.context,
            relative_urls=bool(self.settings.get("RELATIVE_URLS")), paginated={"articles": items},
            template_name="period_archives", url=url, articles=items, archive=archive,
        )

    def generate_output(self, writer) -> None:
        c, index = self.config, self.index
        if index.first is None:
            return
        for year in sorted(index.years):
            day = dt.date(year, 1, 1)
            self._write_archive(writer, "year", day, c.year_url.format(date=day),
                                c.year_save_as.format(date=day), index.years[year])
        # every month between the first and the last, so that each calendar link works
        for month in months_between(index.first, index.last):
            day = month.first_day
            self._write_archive(writer, "month", day, c.month_url.format(date=day),
                                c.month_save_as.format(date=day), index.months.get(month, []))
        for day in sorted(index.days):
            self._write_archive(writer, "day", day, c.day_url.format(date=day),
                                c.day_save_as.format(date=day), index.days[day])
        out = Path(self.output_path)
        self._write_json(out / c.data, self._day_data())
        lookup, years = self._lookup_data()
        self._write_json(out / c.lookup_data, lookup)
        for year, rows in years.items():
            self._write_json((out / c.lookup_data).parent / lookup["years"][year], {"articles": rows})
        writer.write_file(
            c.lookup_url + "index.html", self.get_template("lookup"), self.context,
            relative_urls=bool(self.settings.get("RELATIVE_URLS")), url=c.lookup_url, template_name="lookup",
        )

    def _day_data(self) -> dict[str, Any]:
        """Days with news: one integer per month, bit d-1 for day d (about 3 KB for
        12 years, whatever the number of articles)."""
        c = self.config
        return days_with_news(
            self.index,
            c.day_url.replace("{date:%Y}", "{Y}").replace("{date:%m}", "{m}").replace("{date:%d}", "{d}"),
            c.month_url.replace("{date:%Y}", "{Y}").replace("{date:%m}", "{m}"),
        )

    def _lookup_data(self) -> tuple[dict[str, Any], dict[str, list[list[Any]]]]:
        """The lookup page's index (categories, the day address pattern, the newest and
        oldest day, one file name per year) and each year's articles: [day, title,
        address, category number], newest first. The address is written after its day's
        archive address when it starts with it ("slug/" for "tin/2024/07/15/slug/"), else
        whole with a leading "/". One file per year: the page loads only the years of
        the range asked (one list of every article grows with the archive), and a new
        article rewrites its year's file alone."""
        categories = sorted({a.category.name for days in self.index.days.values() for a in days})
        number = {name: i for i, name in enumerate(categories)}
        years: dict[str, list[list[Any]]] = {}
        for day in sorted(self.index.days, reverse=True):
            prefix = self.config.day_url.format(date=day)
            for a in sorted(self.index.days[day], key=lambda a: (a.date, a.url), reverse=True):
                url = a.url[len(prefix):] if a.url.startswith(prefix) else "/" + a.url
                years.setdefault(str(day.year), []).append([day.isoformat(), a.title, url, number[a.category.name]])
        day_pattern = self.config.day_url.replace("{date:%Y}", "{Y}").replace("{date:%m}", "{m}").replace("{date:%d}", "{d}")
        stem = Path(self.config.lookup_data).stem
        days = sorted(self.index.days)
        index = {"categories": categories, "day": day_pattern,
                 "newest": days[-1].isoformat() if days else None, "oldest": days[0].isoformat() if days else None,
                 "years": {year: f"{stem}-{year}.json" for year in years}}
        return index, years

    def _write_json(self, target: Path, data: Any) -> None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        session_of(self.settings).files.write_file(target, text.encode("utf-8"))


def add_generator(pelican) -> type[CalendarGenerator]:
    return CalendarGenerator


def register() -> None:
    signals.initialized.connect(take_over_period_archives)
    signals.get_generators.connect(add_generator)
