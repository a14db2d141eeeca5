"""The order of articles everywhere: newest first, and for articles of the same
minute by address (pure). Pelican's "reversed-date" leaves ties in the order files
were found, which differs from run to run; the build must be byte-identical."""

from __future__ import annotations

from typing import Any


def newest_first_key(article: Any) -> tuple[float, str]:
    return (-article.date.timestamp(), article.url)
