"""Which feeds the site offers and which articles each one carries (pure).

Never imports Pelican: articles are any objects with ``date`` (aware), ``url`` and
the slugs the adapter hands in, so the rules are tested on plain data:

* "all news": every published article;
* a province: its own articles; a current unit also carries the articles of the
  former units merged into it; a former unit's feed carries its own articles and,
  from the merger date on, its successor's, so a subscriber to "Yên Bái" keeps
  receiving Lào Cai's news instead of a dead feed;
* a cluster, a category: the articles tagged with it; central news: articles with
  neither province nor cluster.

Every list is newest first and cut to ``limit`` items.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

A = TypeVar("A")


@dataclass(frozen=True, slots=True)
class FeedSpec(Generic[A]):
    """One feed: where it is written, what it is called, what page it belongs to."""

    kind: str  # "all", "province", "cluster", "category", "central", "thread"
    slug: str
    title: str
    description: str
    page_url: str  # the listing page the feed follows (relative to the site root)
    rss_path: str
    atom_path: str
    items: tuple[A, ...] = field(default=(), compare=False, repr=False)
    group: str = ""  # for the directory page: the cluster a province belongs to
    former: bool = False  # a province that no longer exists since the merger


def newest_first(items: Iterable[A], limit: int | None = None) -> list[A]:
    ordered = sorted(items, key=lambda a: (a.date, a.url), reverse=True)
    return ordered if limit is None else ordered[:limit]


def group_by(items: Iterable[A], key: Callable[[A], str | None]) -> dict[str, list[A]]:
    groups: dict[str, list[A]] = defaultdict(list)
    for item in items:
        k = key(item)
        if k is not None:
            groups[k].append(item)
    return dict(groups)


def unit_items(slug: str, by_province: dict[str, list[A]], predecessors: Sequence[str]) -> list[A]:
    """A current unit's feed: its own articles and those of the units merged into it."""
    items = list(by_province.get(slug, ()))
    for former in predecessors:
        items += by_province.get(former, ())
    return items


def former_unit_items(
    slug: str, by_province: dict[str, list[A]], successor_items: Sequence[A], merger: dt.datetime
) -> list[A]:
    """A former unit's feed: its own articles, then its successor's from the merger on."""
    own = list(by_province.get(slug, ()))
    seen = {id(a) for a in own}
    return own + [a for a in successor_items if a.date >= merger and id(a) not in seen]
