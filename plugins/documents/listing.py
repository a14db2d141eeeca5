"""The attachments of articles as readers see them (pure; never imports Pelican).

Each published article's files (PDF, Word, Excel… from ``content/files/``) are listed
under it, "Tải về: Quyết định 123 (PDF, 240 KB)", and gathered, newest article first, on
the "Văn bản" page.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class Attachment:
    """One file an article links: ``path`` from the content folder (its address on the
    site is the same path), ``title`` the link's text, ``size`` in bytes."""

    path: str
    title: str
    size: int

    @property
    def kind(self) -> str:
        """The file's type as readers know it: ``PDF``, ``DOCX``."""
        return posixpath.splitext(self.path)[1].lstrip(".").upper()

    @property
    def size_text(self) -> str:
        return format_size(self.size)

    @property
    def name(self) -> str:
        return posixpath.basename(self.path)


def format_size(size: int) -> str:
    """A size as Vietnamese readers write it: ``800 B``, ``240 KB``, ``1,5 MB``."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 2**20:.1f} MB".replace(".", ",")


def link_text(html_text: str) -> str:
    """The visible text of a link's inner HTML, on one line."""
    return " ".join(_TAG.sub("", html_text).split())


@dataclass(frozen=True, slots=True)
class Entry:
    """A line of the "Văn bản" page: a file and the article it belongs to."""

    attachment: Attachment
    article: Any
    date: dt.datetime


def newest_first(entries: Iterable[Entry]) -> list[Entry]:
    """Newest article first; an article's files in the order it links them."""
    ordered = list(entries)
    ordered.sort(key=lambda e: (e.date, getattr(e.article, "url", "")), reverse=True)
    return ordered
