"""What the reading blocks show (pure: any objects with ``date`` and ``url``).

* ``latest``: the newest articles ("Tin mới cập nhật");
* ``most_read``: the articles read most on the old site ("Xem nhiều");
* ``most_linked``: the articles the others link to most ("Được dẫn nhiều");
* ``featured``: featured articles still within their ``featured_until``, newest
  first ("Tiêu điểm"); ``keeps_choice``: whether one article's change leaves it as is;
* ``older_in_list``: the entries just after an article in a newest-first list
  ("Những bản tin khác": the older articles of its category);
* ``RelatedIndex``: articles sharing tags, ranked by the number of shared tags,
  then newest first ("Tin liên quan").

Each is computed once per build for all articles; nothing here is per page.
``OnFirstRead`` defers a per-article block until a page shows it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from itertools import chain
from typing import TypeVar

A = TypeVar("A")


def newest_first(items: Iterable[A]) -> list[A]:
    return sorted(items, key=lambda a: (a.date, a.url), reverse=True)


def latest(articles: Iterable[A], count: int) -> list[A]:
    return newest_first(articles)[:count]


def most_read(articles: Iterable[A], count: int, views: Callable[[A], int]) -> list[A]:
    """The most read articles ("Xem nhiều"): by the views counted on the old site, most
    first, newest first among equals; articles with no count (every article written on
    this site: a static site counts no reads) are never in it."""
    counted = [a for a in articles if views(a) > 0]
    return sorted(counted, key=lambda a: (-views(a), -a.date.timestamp(), a.url))[:count]


def most_linked(articles: Iterable[A], count: int, targets: Callable[[A], Iterable[A]],
                minimum: int = 2) -> list[tuple[A, int]]:
    """The articles most other articles link to ("Được dẫn nhiều"), with how many do:
    at least ``minimum`` (one link is a mention, not "many"), most first, then newest.
    An article linking another twice, or itself, counts once, or not at all."""
    pool = list(articles)
    linked: Counter[int] = Counter()
    by_id = {id(a): a for a in pool}
    for article in pool:
        for target in {id(t) for t in targets(article) if t is not article}:
            if target in by_id:
                linked[target] += 1
    chosen = [(by_id[i], n) for i, n in linked.items() if n >= minimum]
    chosen.sort(key=lambda pair: (-pair[1], -pair[0].date.timestamp(), pair[0].url))
    return chosen[:count]


def featured(
    articles: Iterable[A],
    now: dt.datetime,
    count: int,
    is_featured: Callable[[A], bool],
    until: Callable[[A], dt.datetime | None],
) -> list[A]:
    """Featured articles whose ``until`` has not passed at ``now``, newest first."""
    chosen = [a for a in articles if is_featured(a) and (until(a) is None or until(a) >= now)]
    return newest_first(chosen)[:count]


def keeps_choice(chosen: Sequence[tuple[float, str]], count: int, was_chosen: bool,
                 enters: tuple[float, str] | None) -> bool:
    """Whether a newest-first choice of at most ``count`` articles stays the same when
    one article changes: ``chosen``, the (timestamp, url) of each article chosen, newest
    first; ``was_chosen``, whether the article was one of them; ``enters``, its
    (timestamp, url) when it is now a candidate, else None. The choice is the ``count``
    newest candidates, so an article that was not chosen leaves it as it is unless it is
    now a candidate newer than the last one chosen, or there is room for it."""
    if was_chosen:
        return False
    if enters is None:
        return True
    if len(chosen) < count:
        return False
    return not chosen or tuple(enters) < tuple(chosen[-1])


def older_in_list(ordered: Sequence[A], positions: dict[int, int], article: A, count: int) -> list[A]:
    """The ``count`` entries after ``article`` in ``ordered`` (newest first)."""
    i = positions.get(id(article))
    if i is None:
        return []
    return list(ordered[i + 1 : i + 1 + count])


class OnFirstRead(Sequence[A]):
    """A list made the first time it is read. A rebuild that renders one article page
    (the others taken over from the last build) reads the blocks of that article only,
    not of all 10,000."""

    __slots__ = ("_make", "_items")

    def __init__(self, make: Callable[[], Iterable[A]]) -> None:
        self._make: Callable[[], Iterable[A]] | None = make
        self._items: list[A] | None = None

    def _list(self) -> list[A]:
        if self._items is None:
            assert self._make is not None
            self._items, self._make = list(self._make()), None
        return self._items

    def __getitem__(self, index):  # type: ignore[override]
        return self._list()[index]

    def __len__(self) -> int:
        return len(self._list())

    def __iter__(self):
        return iter(self._list())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and self._list() == list(other)

    def __repr__(self) -> str:
        return f"OnFirstRead({self._list()!r})"


def positions_of(ordered: Sequence[A]) -> dict[int, int]:
    return {id(a): i for i, a in enumerate(ordered)}


class RelatedIndex:
    """Articles by tag, for "Tin liên quan": earlier articles sharing a tag, the most
    shared tags first, then the nearest in time.

    Only articles published before the one shown are offered, so a new article enters
    no page but those of articles published after it: it would otherwise be the newest
    candidate of every article sharing a common tag, and rewrite hundreds of pages.
    Counting shared tags against every article with a common tag is quadratic when a tag
    is on thousands of articles: per tag only the ``cap`` articles just before the one
    shown are candidates. Cost per article: at most (its tags × cap), so the whole site
    is linear in the number of articles.
    """

    def __init__(self, articles: Iterable[A], tags_of: Callable[[A], Iterable[Hashable]], cap: int = 60) -> None:
        self.cap = cap
        # One newest-first order for the whole site: ranking compares integers, not
        # (date, url) pairs (an article's url is recomputed by Pelican on each access).
        self.ordered = newest_first(articles)
        by_tag: dict[Hashable, list[int]] = defaultdict(list)
        for place, article in enumerate(self.ordered):
            for tag in set(tags_of(article)):
                by_tag[tag].append(place)
        # Each tag's articles as their places in that order (newest first), and for each
        # article its tags' lists and where it stands in each.
        self.by_tag = dict(by_tag)
        self.standing: dict[int, list[tuple[list[int], int]]] = defaultdict(list)
        for ranks in self.by_tag.values():
            for i, r in enumerate(ranks):
                self.standing[id(self.ordered[r])].append((ranks, i))

    def related(self, article: A, count: int) -> list[A]:
        # This runs for every article of the site on each build, to key its page: the
        # counting runs in C (one Counter over the candidates of each tag), and the
        # ranking sorts only the places of each number of shared tags, most first,
        # until ``count`` are found.
        shared = Counter(chain.from_iterable(ranks[i + 1: i + 1 + self.cap]
                                             for ranks, i in self.standing.get(id(article), ())))
        best: list[int] = []
        for n in range(max(shared.values(), default=0), 0, -1):
            best += sorted(r for r, m in shared.items() if m == n)[: count - len(best)]
            if len(best) >= count:
                break
        return [self.ordered[r] for r in best]
