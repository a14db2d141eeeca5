"""Dates as Vietnamese editors write them (pure; never imports Pelican).

Accepted forms (a date without a zone is Vietnam time, Asia/Ho_Chi_Minh):

* ``2024-07-15``, ``2024-07-15 09:30``, ``2024-07-15 09:30:00``, ISO 8601 with
  ``T`` and an offset;
* ``15/07/2024``, ``15/07/2024 09:30``, ``15/07/2024 09:30:00`` (also with
  ``.`` or ``-`` between the parts): slashed dates are always day first;
* the old site's ``23/05/2018 3:22:03 SA`` where SA is a.m. and CH is p.m.;
* ``date`` and ``datetime`` objects that YAML already produced.

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

_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)
_DAY_FIRST = re.compile(
    r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})"
    r"(?:\s+(?P<H>\d{1,2})[:hg](?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?:\s*(?P<ampm>SA|CH|AM|PM))?)?$",
    re.IGNORECASE,
)


class DateError(ValueError):
    """A date value that cannot be understood; ``str()`` is the editor's message."""


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
    digits = tz[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def parse_datetime(value: object, tz: dt.tzinfo = VIETNAM) -> dt.datetime:
    """Return an aware datetime in ``tz`` for an editor's date value.

    Raises :class:`DateError` with a Vietnamese message naming the bad value.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=tz)
        return value.astimezone(tz)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=tz)
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
    _check_day(text, year, month, day)
    hour, minute, second = _clock(
        text,
        int(parts["H"] or 0),
        int(parts["M"] or 0),
        int(parts["S"] or 0),
        parts.get("ampm"),
    )
    if parts.get("tz"):
        aware = dt.datetime(year, month, day, hour, minute, second, tzinfo=_offset(parts["tz"]))
        return aware.astimezone(tz)
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=tz)


def vietnam_day(moment: dt.datetime, tz: dt.tzinfo = VIETNAM) -> dt.date:
    """The calendar day of ``moment`` in Vietnam (what archives and feeds use)."""
    return moment.astimezone(tz).date()
