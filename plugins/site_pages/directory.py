"""Which articles each province, cluster and the central office lists (pure).

Never imports Pelican: articles are any objects with ``date`` and ``url`` and the
province / cluster *slugs* handed in by the adapter, so the rules can be tested on
plain data:

* a province page lists its own articles, newest first; the page of a current unit
  also lists the articles of the former units merged into it (Lào Cai shows Yên
  Bái's history), a former unit's page only its own;
* a cluster page lists the articles whose cluster is that cluster;
* the central page lists the articles with neither a province nor a cluster;
* the directory ("Tỉnh hội" page, sidebar block) lists the clusters in number order,
  each with its current units in registry order, then the former units apart.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from provinces.registry import Cluster, Province, Registry

A = TypeVar("A")


def newest_first(items: Iterable[A]) -> list[A]:
    """Newest first; articles of the same minute keep a fixed order (by address)."""
    return sorted(items, key=lambda a: (a.date, a.url), reverse=True)


def group_by(items: Iterable[A], key: Callable[[A], str | None]) -> dict[str, list[A]]:
    """``key(item) -> [items]`` (items whose key is ``None`` are left out), order kept."""
    groups: dict[str, list[A]] = defaultdict(list)
    for item in items:
        k = key(item)
        if k is not None:
            groups[k].append(item)
    return dict(groups)


def unit_articles(registry: Registry, by_province: dict[str, list[A]], province: Province) -> list[A]:
    """What the page of ``province`` lists: its own articles and, for a current unit,
    those of the former units merged into it; newest first."""
    slugs = [province.slug]
    if province.is_current:
        slugs += [p.slug for p in registry.predecessors(province)]
    return newest_first(a for slug in slugs for a in by_province.get(slug, ()))


@dataclass(frozen=True, slots=True)
class UnitCount:
    """A province and how many articles its page lists."""

    province: Province
    count: int


@dataclass(frozen=True, slots=True)
class ClusterGroup:
    """One cluster of the directory: its current units (registry order) and former ones."""

    cluster: Cluster
    count: int  # articles on the cluster page
    current: tuple[UnitCount, ...]
    former: tuple[UnitCount, ...]


@dataclass(frozen=True, slots=True)
class Directory:
    """The provinces grouped by cluster, with the number of articles each page lists."""

    groups: tuple[ClusterGroup, ...]
    former: tuple[UnitCount, ...]  # the former units, registry order
    current_count: int  # how many current units (34)


def directory(
    registry: Registry,
    page_counts: dict[str, int],
    cluster_counts: dict[str, int],
) -> Directory:
    """Build the directory from the number of articles on each province and cluster page."""
    groups = []
    for cluster in registry.clusters.values():
        members = registry.members(cluster)
        groups.append(
            ClusterGroup(
                cluster=cluster,
                count=cluster_counts.get(cluster.slug, 0),
                current=tuple(UnitCount(p, page_counts.get(p.slug, 0)) for p in members if p.is_current),
                former=tuple(UnitCount(p, page_counts.get(p.slug, 0)) for p in members if p.is_former),
            )
        )
    former = tuple(UnitCount(p, page_counts.get(p.slug, 0)) for p in registry.former_units())
    return Directory(tuple(groups), former, len(registry.current_units()))


def _nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def province_label(written: str | None, province: Province) -> str:
    """The province as pages name it: the registry's display name ("Yên Bái", "TP. Hồ
    Chí Minh"), never the editor's spelling ("tỉnh Hà Giang" beside "Yên Bái", "yen
    bai"); only an earlier official name the editor chose is kept, as the unit was
    called then ("Thừa Thiên Huế" on a 2019 article), without its "tỉnh"."""
    if province.old_name:
        text = _nfc(written or "")
        if text in {province.old_name, f"{province.kind} {province.old_name}", f"tỉnh {province.old_name}"}:
            return province.old_name
    return province.display_name


def counts(pages: Sequence[tuple[str, Sequence[object]]]) -> dict[str, int]:
    """``slug -> number of articles`` for ``(slug, articles)`` pairs."""
    return {slug: len(items) for slug, items in pages}
