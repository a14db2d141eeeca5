"""The one way the site shows a date to readers (pure; never imports Pelican).

Every page shows a publication moment as ``Thứ Tư, 23/05/2018 03:22``: the Vietnamese
weekday, the day first, a 24-hour clock, always in Vietnam time whatever zone the
value carries. Babel supplies the weekday names (CLDR ``vi``).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
LOCALE = "vi"
DATETIME_PATTERN = "EEEE, dd/MM/yyyy HH:mm"
DATE_PATTERN = "dd/MM/yyyy"
MONTH_PATTERN = "M/yyyy"


def _in_zone(moment: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """``moment`` in ``tz``; a naive value is taken to be ``tz`` time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


# Memoized: a build shows the same moments on many pages (sidebars, listings) and Babel's
# formatter is slow. Equal datetimes are the same instant, so they format the same.
@lru_cache(maxsize=65536)
def vn_datetime(moment: dt.datetime | dt.date, tz: dt.tzinfo = VIETNAM) -> str:
    """``Thứ Tư, 23/05/2018 03:22`` (a bare date: ``Thứ Tư, 23/05/2018``)."""
    if isinstance(moment, dt.datetime):
        return format_datetime(_in_zone(moment, tz), DATETIME_PATTERN, tzinfo=tz, locale=LOCALE)
    if isinstance(moment, dt.date):
        return format_date(moment, "EEEE, " + DATE_PATTERN, locale=LOCALE)
    raise TypeError(f"vn_datetime needs a date or datetime, not {type(moment).__name__}")


@lru_cache(maxsize=65536)
def vn_date(moment: dt.datetime | dt.date, tz: dt.tzinfo = VIETNAM) -> str:
    """``23/05/2018`` (the day in Vietnam time)."""
    if isinstance(moment, dt.datetime):
        moment = _in_zone(moment, tz).date()
    if not isinstance(moment, dt.date):
        raise TypeError(f"vn_date needs a date or datetime, not {type(moment).__name__}")
    return format_date(moment, DATE_PATTERN, locale=LOCALE)


def vn_month(moment: dt.datetime | dt.date, tz: dt.tzinfo = VIETNAM) -> str:
    """``5/2018`` (the month in Vietnam time), as in "Tin tháng 5/2018"."""
    if isinstance(moment, dt.datetime):
        moment = _in_zone(moment, tz).date()
    if not isinstance(moment, dt.date):
        raise TypeError(f"vn_month needs a date or datetime, not {type(moment).__name__}")
    return format_date(moment, MONTH_PATTERN, locale=LOCALE)


def vn_moment(moment: dt.datetime, has_time: bool = True, tz: dt.tzinfo = VIETNAM) -> str:
    """A publication or update moment as readers see it: ``Thứ Tư, 23/05/2018 03:22``, or
    ``Thứ Tư, 23/05/2018`` when the editor gave the day alone (stored as midnight: a
    "00:00" would be a time nobody wrote)."""
    if has_time:
        return vn_datetime(moment, tz)
    return vn_datetime(_in_zone(moment, tz).date(), tz)


def iso_moment(moment: dt.datetime, has_time: bool = True, tz: dt.tzinfo = VIETNAM) -> str:
    """``<time datetime>`` of :func:`vn_moment`: the day alone (``2018-05-23``) when no
    time was given, so machines are not told of a midnight either."""
    if has_time:
        return iso_datetime(moment, tz)
    return _in_zone(moment, tz).date().isoformat()


def iso_datetime(moment: dt.datetime | dt.date, tz: dt.tzinfo = VIETNAM) -> str:
    """The machine-readable form for ``<time datetime="…">``: ``2018-05-23T03:22:00+07:00``."""
    if isinstance(moment, dt.datetime):
        return _in_zone(moment, tz).isoformat()
    return moment.isoformat()
