"""How the front page and the category pages are arranged (pure: never imports Pelican).

The front page reads like a national news site's: one lead story (the newest featured
article, shown with a large photo), a few secondary stories (the newest others), a
section per main category, a section of the provinces' news and a gallery of recent
photos ("Sự kiện qua ảnh"). No article appears twice among the stories, so the page
shows as many different articles as it has places; the gallery shows photos, each
once, and leaves out the lead's (already shown large).

Articles are any objects; what the arrangement needs of them comes in as functions,
so the rules are tested on plain values. Lists given here are newest first.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

A = TypeVar("A")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Layout:
    """How many articles each part of the front page shows."""

    secondary: int
    max_sections: int
    section_items: int
    province_items: int
    gallery_items: int


@dataclass(frozen=True, slots=True)
class Section(Generic[K, A]):
    """One main category's newest articles, after those shown above it."""

    key: K
    articles: tuple[A, ...]


@dataclass(frozen=True, slots=True)
class FrontPage(Generic[K, A]):
    lead: A | None
    secondary: tuple[A, ...]
    sections: tuple[Section[K, A], ...]
    provinces: tuple[A, ...]
    gallery: tuple[A, ...]

    def stories(self) -> list[A]:
        """Every article the page shows as a story, in the order shown (not the gallery)."""
        found = [self.lead] if self.lead is not None else []
        found += self.secondary
        for section in self.sections:
            found += section.articles
        return found + list(self.provinces)


def lead_of(newest: Iterable[A], featured: Callable[[A], bool], photo: Callable[[A], object]) -> A | None:
    """The lead story of a newest-first list: its newest featured article; without one,
    the newest article with a photo (a lead without a picture looks like a hole); else
    the newest article; None for an empty list."""
    first = with_photo = None
    for article in newest:
        if featured(article):
            return article
        if first is None:
            first = article
        if with_photo is None and photo(article):
            with_photo = article
    return with_photo if with_photo is not None else first


def main_sections(counts: Mapping[K, int], names: Callable[[K], str], limit: int,
                  chosen: Sequence[K] | None = None) -> list[K]:
    """The main categories: ``chosen`` (a setting) in its order, else the categories in
    use, the most used first (then by name), at most ``limit``."""
    if chosen is not None:
        return list(chosen)[:limit]
    used = [k for k, n in counts.items() if n > 0]
    return sorted(used, key=lambda k: (-counts[k], names(k)))[:limit]


def _take(newest: Iterable[A], count: int, shown: set[int],
          keep: Callable[[A], bool] = lambda _a: True) -> tuple[A, ...]:
    """The first ``count`` articles of ``newest`` not yet shown that ``keep`` accepts;
    each becomes shown."""
    taken: list[A] = []
    for article in newest:
        if len(taken) >= count:
            break
        if id(article) not in shown and keep(article):
            taken.append(article)
            shown.add(id(article))
    return tuple(taken)


def gallery_of(newest: Iterable[A], photo: Callable[[A], str | None], count: int,
               leave_out: Iterable[str] = ()) -> tuple[A, ...]:
    """The newest articles with a photo, one article per photo (articles may share one),
    without the photos ``leave_out``."""
    seen = set(leave_out)
    found: list[A] = []
    for article in newest:
        if len(found) >= count:
            break
        path = photo(article)
        if path and path not in seen:
            seen.add(path)
            found.append(article)
    return tuple(found)


def arrange(newest: Sequence[A], layout: Layout, *, featured: Callable[[A], bool],
            photo: Callable[[A], str | None], section_of: Callable[[A], K], sections: Sequence[K],
            from_province: Callable[[A], bool], headline: Sequence[A] = ()) -> FrontPage[K, A]:
    """The front page of the site whose articles are ``newest`` (newest first).
    ``headline``: the articles an editor chose for the top of the page (the headline
    group, ``plugins/groups``); they take the lead story's place, and no other part of
    the page shows them again (nor the gallery their photos)."""
    lead = None if headline else lead_of(newest, featured, photo)
    shown: set[int] = {id(lead)} if lead is not None else {id(a) for a in headline}
    secondary = _take(newest, layout.secondary, shown)
    by_section: dict[K, list[A]] = {key: [] for key in sections}
    for article in newest:
        bucket = by_section.get(section_of(article))
        if bucket is not None:
            bucket.append(article)
    parts = []
    for key in sections:
        articles = _take(by_section[key], layout.section_items, shown)
        if articles:  # a category whose articles are all shown above gets no empty box
            parts.append(Section(key, articles))
    provinces = _take(newest, layout.province_items, shown, from_province)
    top_photos = [photo(a) for a in ([lead] if lead is not None else headline)]
    gallery = gallery_of(newest, photo, layout.gallery_items, [p for p in top_photos if p])
    return FrontPage(lead, secondary, tuple(parts), provinces, gallery)
