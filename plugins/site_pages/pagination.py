"""Stable pagination of listings (pure; never imports Pelican).

Pelican numbers a listing's pages from the newest: each new article moves one item of
every page onto the next, so all the pages of every listing it enters change. Here the
pages are numbered from the oldest instead. Page 1 holds the oldest ``per_page``
articles, page 2 the next ones, and so on; the listing's own address (its first page)
holds the newest: whatever the numbered pages do not, between ``per_page`` and
``2 × per_page - 1`` articles. A new article therefore changes the first page alone,
and once every ``per_page`` articles a new numbered page appears (the four below it
change with it: their navigation links it). An old page never changes when news arrives.

Hand-written because Pelican's ``Paginator`` (and Django's, which it follows) counts
from the first item and has no other mode. The addresses follow the settings'
``PAGINATION_PATTERNS`` as Pelican's do: the first page takes the pattern of page 1,
every numbered page the last pattern.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

# How many numbered pages on each side of the current one its navigation links.
AROUND = 2


class NavItem(NamedTuple):
    """One entry of a page's navigation: a page (``number`` 0 = the newest page, the
    listing's own address), or a gap (``url`` None). A tuple: every page of every
    listing has about seven, made on each build to key the page."""

    number: int
    url: str | None
    current: bool = False

    @property
    def newest(self) -> bool:
        return self.number == 0


@dataclass(frozen=True, slots=True)
class Addresses:
    """The listing's ``name`` (file) and ``url`` and the settings' patterns, as
    (min_page, URL, SAVE_AS) tuples, from which each page's address is made."""

    name: str
    url: str
    patterns: tuple[tuple[int, str, str], ...]

    def every(self, count: int) -> list[tuple[str, str]]:
        """(url, save_as) of pages 0 (the newest) to ``count - 1``: the patterns and the
        listing's names worked out once for all of them."""
        rules = sorted(self.patterns, key=lambda rule: rule[0])
        base, extension = os.path.splitext(self.name)
        folder, file = os.path.split(self.name)
        values = {
            "save_as": self.name, "url": self.url, "name": base, "extension": extension,
            "base_name": folder if file in ("index.htm", "index.html") else base,
        }
        pages = []
        for number in range(count):
            _, url, save_as = rules[0] if number == 0 else rules[-1]
            # Like Pelican: a single leading slash is dropped (a second one keeps a slash).
            pages.append((url.format(**values, number=number).removeprefix("/"),
                          save_as.format(**values, number=number).removeprefix("/")))
        return pages


@dataclass(slots=True, eq=False)
class StablePage:
    """One page of a listing as the templates see it (``articles_page``)."""

    number: int  # 0: the newest page; else counted from the oldest, from 1
    object_list: Sequence[Any]
    url: str
    save_as: str
    nav: list[NavItem] = field(default_factory=list)
    newer: "StablePage | None" = None
    older: "StablePage | None" = None

    @property
    def is_newest(self) -> bool:
        return self.number == 0

    def has_other_pages(self) -> bool:
        return self.newer is not None or self.older is not None

    @property
    def signature(self) -> str:
        """Everything the page shows beside its articles: its address and navigation
        (the key of an incremental build: an old page's stays the same)."""
        return "|".join([self.save_as, *(f"{i.number}:{i.url}:{i.current}" for i in self.nav)])


def numbered_pages(count: int, per_page: int) -> int:
    """How many numbered pages ``count`` articles fill: all but the newest
    ``per_page`` to ``2 × per_page - 1``."""
    if per_page <= 0:
        return 0
    return max(0, count // per_page - 1)


def paginate(items: Sequence[Any], per_page: int, where: Addresses) -> list[StablePage]:
    """The pages of ``items`` (newest first), the newest page first, then the numbered
    pages from the highest (newest) down to 1."""
    numbered = numbered_pages(len(items), per_page)
    tail = len(items) - numbered * per_page  # the newest page's share
    addresses = where.every(numbered + 1)
    pages = [StablePage(0, items[:tail], *addresses[0])]
    for number in range(numbered, 0, -1):
        start = tail + (numbered - number) * per_page
        pages.append(StablePage(number, items[start:start + per_page], *addresses[number]))
    for newer, older in zip(pages, pages[1:]):
        newer.older, older.newer = older, newer
    by_number = {p.number: p for p in pages}
    for page in pages:
        page.nav = _navigation(page.number, numbered, by_number) if len(pages) > 1 else []
    return pages


def _navigation(current: int, numbered: int, by_number: dict[int, StablePage]) -> list[NavItem]:
    """Newest first: the newest page, the numbered pages within ``AROUND`` of the
    current one, page 1, with a gap where pages are left out. A numbered page's
    navigation depends on how many pages there are only near the newest: the pages
    further down keep theirs when news arrives."""
    at = numbered + 1 if current == 0 else current
    high, low = min(numbered, at + AROUND), max(1, at - AROUND)
    items = [NavItem(0, by_number[0].url, current == 0)]
    if high < numbered:
        items.append(NavItem(-1, None))
    items.extend(NavItem(n, by_number[n].url, n == current) for n in range(high, low - 1, -1))
    if low > 2:
        items.append(NavItem(-1, None))
    if low > 1:
        items.append(NavItem(1, by_number[1].url))
    return items
