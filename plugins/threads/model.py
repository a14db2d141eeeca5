"""What the thread pages and blocks show (pure: any objects with ``date`` and ``url``).

* ``by_thread``: each thread's published articles, newest first (the thread page, its
  feed, the list of threads);
* ``others_in_thread``: the other articles of an article's thread, newest first, at
  most ``limit`` ("Theo dòng sự kiện" under the article);
* ``ThreadSummary``: a thread as the list of all threads shows it (how many articles,
  the newest one's date).

Ordering is the site's (``content_model.ordering``): newest first, ties by address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from content_model.ordering import newest_first_key

A = TypeVar("A")
T = TypeVar("T")


def by_thread(articles: Iterable[A], thread_of: Callable[[A], str | None]) -> dict[str, list[A]]:
    """Thread slug -> its articles, newest first; articles of no thread are left out."""
    groups: dict[str, list[A]] = {}
    for article in articles:
        slug = thread_of(article)
        if slug is not None:
            groups.setdefault(slug, []).append(article)
    return {slug: sorted(items, key=newest_first_key) for slug, items in groups.items()}


def others_in_thread(ordered: Sequence[A], article: A, limit: int) -> list[A]:
    """The articles of ``ordered`` (a thread, newest first) but ``article``, at most ``limit``."""
    return [a for a in ordered if a is not article][:limit]


@dataclass(frozen=True, slots=True)
class ThreadSummary(Generic[T]):
    """A thread on the list of all threads: the thread, its article count, its newest date."""

    thread: T
    count: int
    latest: dt.datetime | None


def summaries(threads: Iterable[T], slug_of: Callable[[T], str], grouped: dict[str, list[A]],
              date_of: Callable[[A], dt.datetime]) -> list[ThreadSummary[T]]:
    """Every thread, the one updated most recently first; threads without a published
    article last, in the registry's order."""
    found = [ThreadSummary(t, len(grouped.get(slug_of(t), [])),
                           date_of(grouped[slug_of(t)][0]) if grouped.get(slug_of(t)) else None)
             for t in threads]
    with_news = sorted((s for s in found if s.latest is not None), key=lambda s: s.latest, reverse=True)
    return with_news + [s for s in found if s.latest is None]
