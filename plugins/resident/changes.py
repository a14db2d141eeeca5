"""What changed between two builds of a resident process (pure; never imports Pelican).

A resident build (``resident.py``) makes an article again by itself, without Pelican's
run over the site, only when its body alone changed: nothing but existing article files changed, and what other pages show
of each (its front matter, the facts derived from it, the photos and files its body
uses) is as it was. Anything else is a full build.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any


# Front matter fields the reader derives from the body, compared apart (``shown_elsewhere``).
BODY_FIELDS = frozenset({"body_images"})
# Where each field is in the file (the reader's line numbers): for messages, never shown.
MESSAGE_FIELDS = frozenset({"field_lines"})


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


def shown_elsewhere(metadata: Mapping[str, Any], derived: Iterable[object], static_links: Iterable[str],
                    chosen_by: Collection[str] = ()) -> tuple:
    """What pages other than an article's own can show of it, or that decides which
    files the site has: its front matter (but the fields read from its body), the facts
    derived from it (``derived``: summary, address, status, date), the photos its body
    uses and the files it links. Two versions of an article with the same value differ
    only in what its own page, its saved copy, its search page and the feeds show, and
    in the fields ``chosen_by`` left out here: those that pages show only through a
    choice among the articles (``BuildSession.add_selection``), compared apart."""
    fields = {key: value for key, value in metadata.items()
              if key not in BODY_FIELDS and key not in MESSAGE_FIELDS and key not in chosen_by}
    photos = sorted(getattr(image, "path", str(image)) for image in metadata.get("body_images", []))
    return fields, tuple(derived), tuple(photos), tuple(sorted(static_links))
