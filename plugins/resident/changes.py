"""What changed between two builds of a resident process (pure; never imports Pelican).

A resident build (``resident.py``) makes an article again by itself, without Pelican's
run over the site, only when its body alone changed: nothing but existing article files
changed, what other pages show of each is as it was (``incremental.shown_elsewhere``,
the definition the render plan keys pages by), and its body uses the same photos and
files (:func:`files_used`). Anything else is a full build.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Changes:
    """The article files whose content changed (absolute paths, sorted), or why a full
    build is needed (``reason``; then ``articles`` is empty)."""

    articles: tuple[str, ...] = ()
    reason: str = ""


def changed_articles(before: Mapping[str, str], after: Mapping[str, str], articles: Collection[str]) -> Changes:
    """Compare two maps of input files (absolute path -> content hash): the changed
    files when every one of them is an article file of the last build (``articles``),
    none added or removed."""
    added = sorted(set(after) - set(before))
    if added:
        return Changes(reason=f"tệp mới: {added[0]}")
    removed = sorted(set(before) - set(after))
    if removed:
        return Changes(reason=f"tệp đã xoá: {removed[0]}")
    changed = sorted(path for path, sha in after.items() if before[path] != sha)
    others = [path for path in changed if path not in articles]
    if others:
        return Changes(reason=f"không phải bài viết: {others[0]}")
    return Changes(articles=tuple(changed))


def files_used(metadata: Mapping[str, Any], static_links: Iterable[str]) -> tuple:
    """The files an article's body brings into the site: the photos it shows (their
    derived copies) and the files it links (copied as they are). A body that uses others
    changes which files the site has, which only a full build makes."""
    photos = sorted(getattr(image, "path", str(image)) for image in metadata.get("body_images", []))
    return tuple(photos), tuple(sorted(static_links))
