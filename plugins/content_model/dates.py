"""Dates as Vietnamese editors write them (pure; never imports Pelican).

Accepted forms (a date without a zone is Vietnam time, Asia/Ho_Chi_Minh):

* ``2024-07-15``, ``2024-07-15 09:30``, ``2024-07-15 09:30:00``, ISO 8601 with
  ``T`` and an offset;
* ``15/07/2024``, ``15/07/2024 09:30``, ``15/07/2024 09:30:00`` (also with
  ``.`` or ``-`` between the parts): slashed dates are always day first;
* the old site's ``23/05/2018 3:22:03 SA`` where SA is a.m. and CH is p.m.;
* ``date`` and ``datetime`` objects (the front matter gives text; callers may not).

Every form YAML 1.1 would have turned into a timestamp is accepted as text
(``2024-07-15t09:30:00Z``, a space before the offset, ``+7`` as an offset): the front
matter is read without YAML's implicit types, so these parse here, where an
impossible day or hour has a message, instead of inside YAML, where it was an
exception that dropped the article.

A site has a span of plausible dates (:func:`site_span`): from 1990 to two years
after the build's clock. A date outside it is a typo of the year (1800, 20245) and
would make hundreds of empty archive pages, so it is refused with the span named.

Written by hand on purpose: dateutil and Babel both guess (month-first
fallbacks, fuzzy tokens) and know nothing of SA/CH, while editors need a strict
parser whose error says exactly what is wrong with the value.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")

ACCEPTED_FORMS = "15/07/2024, 15/07/2024 09:30, 2024-07-15 hoặc 2024-07-15 09:30"

# Years of four to six digits: a year typed with a digit too many ("20245") gets the
# span message, not "cannot understand".
_ISO = re.compile(
    r"^(?P<y>\d{4,6})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:(?:[Tt]|\s+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{1,2}(?::?\d{2})?)?)?$"
)
_DAY_FIRST = re.compile(
    r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4,6})"
    r"(?:\s+(?P<H>\d{1,2})[:hg](?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?:\s*(?P<ampm>SA|CH|AM|PM))?)?$",
    re.IGNORECASE,
)


EARLIEST_YEAR = 1990
YEARS_AHEAD = 2


class DateError(ValueError):
    """A date value that cannot be understood; ``str()`` is the editor's message."""


def site_span(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The dates an article of this site may carry: from 1 January 1990 to two years
    after ``now`` (the build's clock, aware)."""
    try:
        latest = now.replace(year=now.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = now.replace(year=now.year + YEARS_AHEAD, day=28)
    return dt.datetime(EARLIEST_YEAR, 1, 1, tzinfo=now.tzinfo), latest


def _out_of_span(value: str, span: tuple[dt.datetime, dt.datetime]) -> DateError:
    earliest, latest = span
    bounds = (f"từ {earliest:%d/%m/%Y}" if latest.year == dt.MAXYEAR
              else f"từ {earliest:%d/%m/%Y} đến {latest:%d/%m/%Y}")
    return DateError(
        f'ngày "{value}" nằm ngoài khoảng ngày của trang ({bounds}): '
        "có lẽ gõ nhầm năm. Sửa lại năm cho đúng."
    )


def _check_day(value: str, year: int, month: int, day: int) -> None:
    if not 1 <= month <= 12:
        raise DateError(f'ngày không hợp lệ "{value}": không có tháng {month}. Viết theo dạng {ACCEPTED_FORMS}.')
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise DateError(
            f'ngày không hợp lệ "{value}": tháng {month}/{year} chỉ có {last} ngày. '
            f"Viết theo dạng {ACCEPTED_FORMS}."
        )


def _clock(value: str, hour: int, minute: int, second: int, ampm: str | None) -> tuple[int, int, int]:
    if ampm:
        ampm = ampm.upper()
        if not 1 <= hour <= 12:
            raise DateError(
                f'giờ không hợp lệ "{value}": với SA/CH giờ phải từ 1 đến 12 (ví dụ 3:22:03 CH).'
            )
        if ampm in ("SA", "AM"):
            hour = 0 if hour == 12 else hour
        else:
            hour = 12 if hour == 12 else hour + 12
    if hour > 23 or minute > 59 or second > 59:
        raise DateError(f'giờ không hợp lệ "{value}": giờ 0–23, phút và giây 0–59.')
    return hour, minute, second


def _offset(tz: str) -> dt.tzinfo:
    if tz == "Z":
        return dt.timezone.utc
    sign = -1 if tz[0] == "-" else 1
    hours, _, minutes = tz[1:].partition(":")
    if not minutes and len(hours) > 2:  # +0700
        hours, minutes = hours[:-2], hours[-2:]
    offset = dt.timedelta(hours=int(hours), minutes=int(minutes or 0))
    if offset >= dt.timedelta(hours=24):
        raise DateError(f'múi giờ không hợp lệ "{tz}": viết +07:00 hoặc bỏ múi giờ (mặc định giờ Việt Nam).')
    return dt.timezone(sign * offset)


def parse_datetime(
    value: object,
    tz: dt.tzinfo = VIETNAM,
    span: tuple[dt.datetime, dt.datetime] | None = None,
) -> dt.datetime:
    """Return an aware datetime in ``tz`` for an editor's date value.

    Raises :class:`DateError` with a Vietnamese message naming the bad value; also,
    when ``span`` (earliest, latest) is given, for a date outside it.
    """
    if isinstance(value, dt.date):
        value = value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if not isinstance(value, str):
        raise DateError(f'ngày không hợp lệ "{value}". Viết theo dạng {ACCEPTED_FORMS}.')
    text = " ".join(value.split())
    if not text:
        raise DateError(f"ngày để trống. Viết theo dạng {ACCEPTED_FORMS}.")
    match = _ISO.match(text) or _DAY_FIRST.match(text)
    if match is None:
        raise DateError(f'không hiểu ngày "{text}". Viết theo dạng {ACCEPTED_FORMS}.')
    parts = match.groupdict()
    year, month, day = int(parts["y"]), int(parts["m"]), int(parts["d"])
    if span is not None and not span[0].year <= year <= span[1].year:
        raise _out_of_span(text, span)
    if not 1 <= year <= 9998:  # beyond what a datetime holds in every time zone
        raise DateError(f'ngày không hợp lệ "{text}": không có năm {year}. Viết theo dạng {ACCEPTED_FORMS}.')
    _check_day(text, year, month, day)
    hour, minute, second = _clock(
        text,
        int(parts["H"] or 0),
        int(parts["M"] or 0),
        int(parts["S"] or 0),
        parts.get("ampm"),
    )
    if parts.get("tz"):
        written = dt.datetime(year, month, day, hour, minute, second, tzinfo=_offset(parts["tz"]))
        moment = written.astimezone(tz)
    else:
        moment = dt.datetime(year, month, day, hour, minute, second, tzinfo=tz)
    if span is not None and not span[0] <= moment <= span[1]:
        raise _out_of_span(text, span)
    return moment


def gives_time(value: object) -> bool:
    """Whether an editor's date value names a time of day (``15/07/2024 09:30``) or only a
    day (``15/07/2024``): a day alone is stored as midnight, which readers must not be
    shown as "00:00". Call it on a value :func:`parse_datetime` accepted."""
    if isinstance(value, dt.datetime):
        return True
    if isinstance(value, dt.date):
        return False
    match = _ISO.match(" ".join(str(value).split())) or _DAY_FIRST.match(" ".join(str(value).split()))
    return bool(match and match.group("H") is not None)


def vietnam_day(moment: dt.datetime, tz: dt.tzinfo = VIETNAM) -> dt.date:
    """The calendar day of ``moment`` in Vietnam (what archives and feeds use)."""
    return moment.astimezone(tz).date()
