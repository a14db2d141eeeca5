"""When an article expires and what becomes of it then (pure; never imports Pelican).

An editor writes ``expires:`` (a date, or a date and time, Vietnam time, in the forms
``date`` accepts) and optionally ``after_expiry:``:

* ``archive`` (the default; Vietnamese ``lưu trữ``): the page stays where it is, with a
  "Tin đã hết hạn" notice, but the article leaves every listing, block, the front page
  and the feeds (Pelican's ``hidden`` status);
* ``withdraw`` (``gỡ``): the article is no longer published at all, like a draft.

A date without a time means "through that day": the article expires at midnight at the
end of it. Expiry is decided against the build's clock (``SITE_NOW``), as scheduling is,
and the moment is reported to the build (``output_changes_at``) so that a build after it
is not skipped as unchanged.
"""

from __future__ import annotations

import datetime as dt
import difflib
import unicodedata

ARCHIVE = "archive"
WITHDRAW = "withdraw"
AFTER_EXPIRY = (ARCHIVE, WITHDRAW)
# Words editors may write for each choice (compared without case, tone marks kept).
_WORDS = {
    ARCHIVE: ARCHIVE, "lưu trữ": ARCHIVE, "luu tru": ARCHIVE, "lưu": ARCHIVE,
    WITHDRAW: WITHDRAW, "gỡ": WITHDRAW, "go": WITHDRAW, "gỡ bài": WITHDRAW, "go bai": WITHDRAW,
}

CURRENT = "current"
ARCHIVED = "archived"
WITHDRAWN = "withdrawn"


def after_expiry_choice(value: str) -> str | None:
    """``archive`` or ``withdraw`` for what an editor wrote; None when it is neither."""
    word = " ".join(unicodedata.normalize("NFC", value).casefold().replace("_", " ").split())
    return _WORDS.get(word)


def after_expiry_hint(value: str) -> str:
    """The choice closest to an unknown ``after_expiry`` value, for its error message."""
    word = unicodedata.normalize("NFC", value).casefold().strip()
    close = difflib.get_close_matches(word, list(_WORDS), n=1, cutoff=0.5)
    return _WORDS[close[0]] if close else f"{ARCHIVE} hoặc {WITHDRAW}"


def expiry_moment(expires: dt.datetime, has_time: bool) -> dt.datetime:
    """The first moment the article is expired: the time written, or, for a day alone
    (parsed as its midnight), the midnight that ends that day."""
    if has_time:
        return expires
    day = expires.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(), tzinfo=expires.tzinfo)


def expiry_state(moment: dt.datetime | None, after: str, now: dt.datetime) -> str:
    """``current`` before ``moment`` (or without one), then ``archived`` or
    ``withdrawn`` as ``after`` says."""
    if moment is None or now < moment:
        return CURRENT
    return WITHDRAWN if after == WITHDRAW else ARCHIVED
