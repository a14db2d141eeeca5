"""Search in two layers: a base index of every article, and a small index of the
articles changed since it was built (pure; never imports Pelican).

Pagefind cannot update an index: it reads every page again, at 10,000 articles about
20 s of CPU for a rebuild after one edited article. So a rebuild keeps the base index
as published and gives Pagefind only the pages whose indexed bytes differ from those
the base was built from. The search page merges the small index into the
base (Pagefind's own ``mergeIndex``) and, guided by a small JSON file written with them
(:func:`layer_manifest`), hides the base's entries of those pages and takes them out of
the filter counts. When too many pages changed, the base is built again.

The base's entry of a page is found by its address in Pagefind's fragment files
(:func:`read_fragments`): a fragment's name is the result id that ``search()`` returns.

The base itself is built in shards of at most a set number of articles (:func:`shards`):
Pagefind holds every page it indexes in memory, about 200 KiB each (1.9 GiB at 10,000
articles, more than the rest of the build together), so an archive that grows would
need ever more memory for one run. Each shard is one Pagefind run into a folder inside
the base's (:func:`shard_folders`); the search page merges them with ``mergeIndex``,
the way it merges the layer. A shard keeps the run of pages it was cut with
(:func:`shard_of`) until the whole base is built again: a page removed from the site
builds again only its shard (its text must leave the files readers fetch), and the
other shards stay as published.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

LAYERS_RECORD, LAYER_VERSION = "search-layers", 5
SHARD_PREFIX = "phan-"
_FRAGMENT_MARK = b"pagefind_dcd"


class FragmentFormatError(Exception):
    """Pagefind wrote its fragments in a form this module does not know (another
    Pagefind version): the caller builds the whole index instead of layering."""


def page_url(name: str) -> str:
    """The address Pagefind records for the page built at ``name`` (relative, ``/``)."""
    url = "/" + name
    return url[: -len("index.html")] if url.endswith("/index.html") else url


def shards(names: Iterable[str], size: int) -> list[list[str]]:
    """``names`` sorted and cut into the fewest shards of at most ``size`` pages, as
    equal as they can be (10,001 pages at 2,000 make six of 1,666–1,667, not five full
    and one of a single page: the scores of a tiny index would be skewed)."""
    ordered = sorted(names)
    count = max(1, -(-len(ordered) // max(1, size)))
    step, extra = divmod(len(ordered), count)
    out, start = [], 0
    for number in range(count):
        end = start + step + (1 if number < extra else 0)
        out.append(ordered[start:end])
        start = end
    return out


def recent_pages(names: Iterable[str], count: int) -> list[str]:
    """The newest ``count`` of ``names`` (addresses, which begin with the date): the
    base's last shard, apart from the others, when the others are at least four times
    as many (a small site keeps its pages in shards of equal size)."""
    ordered = sorted(names)
    if count <= 0 or len(ordered) - count < 4 * count:
        return []
    return ordered[-count:]


def bounds_of(groups: Sequence[Sequence[str]]) -> list[str]:
    """The first page of each shard after the first: what :func:`shard_of` needs to
    place a page in the shards ``groups`` (:func:`shards`) as they were cut."""
    return [group[0] for group in groups[1:] if group]


def shard_of(bounds: Sequence[str], name: str) -> int:
    """The shard (0-based) that holds, or would hold, the page ``name``, in shards cut
    at ``bounds`` (:func:`bounds_of`): the pages of a shard are a run of names."""
    return bisect.bisect_right(bounds, name)


def shard_folders(folder: str, count: int) -> list[str]:
    """Where the ``count`` shards of the index ``folder`` are written: the first in
    ``folder`` itself (with Pagefind's scripts), the others in folders inside it."""
    return [folder] + [f"{folder}/{SHARD_PREFIX}{number}" for number in range(2, count + 1)]


def read_shards(site: str | os.PathLike[str], folder: str, count: int) -> dict[str, tuple[str, dict[str, list[str]]]]:
    """:func:`read_fragments` of every shard of the index ``folder`` (ids are unique
    across shards: Pagefind names a fragment by a hash of the page)."""
    found: dict[str, tuple[str, dict[str, list[str]]]] = {}
    for shard in shard_folders(folder, count):
        found.update(read_fragments(os.path.join(site, shard)))
    return found


def read_fragments(index: str | os.PathLike[str]) -> dict[str, tuple[str, dict[str, list[str]]]]:
    """Address → (result id, filters) of every page in the Pagefind index at ``index``.

    Pagefind writes one gzip-compressed fragment per page, named by the id its search
    results carry, holding the page's address, text, metadata and filters."""
    found: dict[str, tuple[str, dict[str, list[str]]]] = {}
    folder = os.path.join(index, "fragment")
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        raise FragmentFormatError(f"no fragment folder in {index}: {error}") from error
    for entry in entries:
        stem, dot, suffix = entry.name.rpartition(".")
        if not dot or suffix != "pf_fragment":
            continue
        try:
            with open(entry.path, "rb") as handle:
                data = gzip.decompress(handle.read())
            if not data.startswith(_FRAGMENT_MARK):
                raise ValueError("unknown header")
            fragment = json.loads(data[len(_FRAGMENT_MARK):])
            url, filters = fragment["url"], fragment.get("filters") or {}
        except (OSError, ValueError, KeyError, TypeError, EOFError) as error:
            raise FragmentFormatError(f"{entry.path}: {error}") from error
        found[url] = (stem, filters)
    return found


def stamp(path: str) -> str | None:
    """Size, modification time and inode of ``path``: equal stamps mean the same file
    (nothing here rewrites an indexed file with the same bytes); None when it is missing."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def digest(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


Stamps = Mapping[str, Sequence["str | None"]]


def stamps(folders: Sequence[str], names: Iterable[str]) -> dict[str, list[str | None]]:
    """The :func:`stamp` of each page ``name`` in each of ``folders`` (the files Pagefind
    is given): taken once per build, for the key of the whole set and for the pages
    that changed since the base."""
    return {name: [stamp(os.path.join(folder, name)) for folder in folders] for name in names}


def stamps_key(current: Stamps) -> str:
    """A key of everything Pagefind would index: equal keys mean the same bytes (see
    :func:`stamp`); a key that changes although the bytes did not only costs a look at
    the pages whose stamp moved."""
    return hashlib.sha256(json_bytes(current)).hexdigest()


@dataclass(frozen=True, slots=True)
class Limits:
    """A layer holds at most ``pages`` pages and at most ``share`` of the base's pages;
    beyond that the base is built again (a large layer would search slower and answer
    with scores of a small, skewed corpus)."""

    pages: int = 500
    share: float = 0.25

    def allow(self, changed: int, base: int) -> bool:
        return changed <= self.pages and changed <= self.share * base


def base_entries(folders: Sequence[str], current: Stamps,
                 indexes: Sequence[Mapping[str, tuple[str, dict[str, list[str]]]]],
                 sources: Mapping[str, str]) -> dict[str, list[Any]]:
    """What the base record keeps of each page of ``current`` (its :func:`stamps`): for
    each source folder the file's stamp and digest, for each index the page's result
    id and filters there (None when the index does not hold it), and the content file
    the page was made from (``sources``: :func:`moved_pages`)."""
    record: dict[str, list[Any]] = {}
    for name, marks in current.items():
        url = page_url(name)
        record[name] = [
            [[mark, digest(os.path.join(folder, name))] for folder, mark in zip(folders, marks)],
            [list(index[url]) if url in index else None for index in indexes],
            sources.get(name),
        ]
    return record


def moved_pages(base: Mapping[str, Sequence[Any]], removed: Iterable[str], sources: Mapping[str, str]) -> list[str]:
    """The pages of ``removed`` (held by the base, no longer built) whose content file
    still makes a page (``sources``: page -> content file of this build): an article
    that moved to another address (a new title). Its text is still published, so the
    base may keep the old page hidden, as it keeps an edited page's former text; an
    article no longer published (deleted, a draft, dated later) is not among them."""
    live = set(sources.values())
    return [name for name in removed if base[name][2] in live]


def changed_pages(base: Mapping[str, Sequence[Any]], folders: Sequence[str],
                  current: Stamps) -> tuple[list[str], list[str]]:
    """(pages of ``current`` new or with other indexed bytes than in the base, pages the
    base holds that are no longer built). A file whose stamp moved is read to compare
    its digest, so a page rewritten with the bytes it had costs no layer entry."""
    changed = []
    for name, marks in current.items():
        entry = base.get(name)
        if entry is None:
            changed.append(name)
            continue
        for folder, mark, (old_stamp, old_digest) in zip(folders, marks, entry[0]):
            if mark != old_stamp and (mark is None or digest(os.path.join(folder, name)) != old_digest):
                changed.append(name)
                break
    removed = sorted(name for name in base if name not in current)
    return sorted(changed), removed


def layer_manifest(base: Mapping[str, Sequence[Any]], changed: Iterable[str], removed: Iterable[str],
                   layers: Sequence[tuple[str, str | None, Mapping[str, tuple[str, Any]]]], shards: int = 1) -> bytes:
    """The file the search page reads: for each base index (``layers``: base folder,
    layer folder or None when no page changed, the layer's fragments by address) its
    other shards to merge (the base is built in ``shards`` shards), the layer to merge,
    the base ids to hide (pages changed or removed since the base) and the filters to
    take out of the counts (each such page counts once in the base). An index with
    nothing of these is left out: a base of one shard and no change is ``NO_LAYERS``.

    An id that is also in the layer (Pagefind gave the new bytes the same fragment) is
    not hidden: both copies are the same, the page dedupes them by id."""
    pages = sorted(set(changed) | set(removed))
    out = []
    for number, (folder, layer, fragments) in enumerate(layers):
        fresh = {fragment_id for fragment_id, _ in fragments.values()}
        hide, uncount = [], []
        for name in pages:
            entry = base.get(name)
            held = entry[1][number] if entry is not None else None
            if held is None:
                continue
            fragment_id, filters = held
            if fragment_id not in fresh:
                hide.append(fragment_id)
            uncount.append(filters)
        others = [f"{shard}/" for shard in shard_folders(folder, shards)[1:]]
        if layer is None and not hide and not uncount and not others:
            continue
        out.append({"base": folder + "/", "shards": others, "layer": None if layer is None else layer + "/",
                    "hide": sorted(hide),
                    "uncount": sorted(uncount, key=lambda f: json.dumps(f, sort_keys=True, ensure_ascii=False))})
    return json_bytes({"layers": out})


def layer_folders(manifest: bytes) -> list[str]:
    """The layer folders ``manifest`` (:func:`layer_manifest`) tells the page to merge."""
    return [entry["layer"].rstrip("/") for entry in json.loads(manifest or b"{}").get("layers", []) if entry["layer"]]


def json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


NO_LAYERS = json_bytes({"layers": []})
