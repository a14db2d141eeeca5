"""Adapter: full-text search with Pagefind, Vietnamese-aware, as part of every build.

Handlers:
* ``check_settings`` (initialized): a bad search setting stops the build in one line.
* ``add_generator`` (get_generators): :class:`SearchGenerator` writes the search page
  (``tim-kiem/``) and the province names the page looks for in a query
  (``tim-kiem/tinh.json``, :meth:`.words.ProvinceWords.query_table`); it registers a
  finish step on the build session.
* The finish step (order 100, before compression) runs the Pagefind binary from the
  ``pagefind[bin]`` package over the part of each finished article page that carries
  ``data-pagefind-body`` (cut out into the cache, :func:`indexed_part`) followed by the
  words readers never see that make "dong bac" find "Đông Bắc" and "tphcm" find Hồ Chí
  Minh City (:mod:`.words`): one index, with filters (province, cluster, category,
  year), built in shards of ``SEARCH_SHARD_PAGES`` articles.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from sitecore.errors import ConfigError, settings_check
from sitecore.files import files_below, link_or_copy, write_if_changed
from sitecore.store import RECORD, Store
from sitecore.report import BuildSession, session_of
from sitecore.versions import json_digest

from provinces.provinces import registry_for

from .layers import (
    LAYER_VERSION, LAYERS_RECORD, FragmentFormatError, Limits, Stamps, base_entries, bounds_of, changed_pages,
    layer_folders, layer_manifest, moved_pages, read_fragments, read_shards, recent_pages, shard_folders, shard_of,
    shards, stamps, stamps_key,
)
from .stable import IndexFormatError, settle
from . import words as _words
from .words import ProvinceWords, hidden_words

words_module = _words.__file__

logger = logging.getLogger(__name__)
ORDER = 100
# Pagefind's memory is about 190 KiB per article of a shard: 3400 is about 630 MiB, which
# with the build process beside it stays within 1 GiB at 10,000 articles (three shards);
# each further shard costs readers bytes on every first search.
DEFAULT_SHARD_PAGES = 3400
# The articles an editor is likely to take back are the newest: in a small shard of
# their own, a retraction of one of them indexes that shard again (Pagefind over 200
# pages: a fraction of a second), not one of SEARCH_SHARD_PAGES (seconds).
DEFAULT_RECENT_PAGES = 200


@dataclass(frozen=True, slots=True)
class SearchSettings:
    """``SEARCH_URL``: the search page. ``SEARCH_INDEX``: the index folder (relative to
    the site root). ``CACHE_PATH``: where the indexed parts of the article pages are
    kept for indexing, one folder per output folder (:class:`SearchFiles`).
    ``provinces_file``: the province names the search page looks for in a query, beside
    it. ``SEARCH_LAYER_INDEX``: the small index of the articles changed since the base was
    built, and ``SEARCH_LAYERS_FILE`` what the search page reads about it (:mod:`.layers`);
    ``SEARCH_LAYER_MAX_PAGES`` and ``SEARCH_LAYER_MAX_SHARE``: beyond that many changed
    pages (or that share of the base) the base is built again. ``SEARCH_SHARD_PAGES``:
    the base is indexed in shards of at most that many articles (Pagefind's memory).
    ``SEARCH_RECENT_SHARD_PAGES``: the newest that many articles are the base's last
    shard, apart from the others (:func:`.layers.recent_pages`)."""

    url: str
    index: str
    provinces_file: str
    layer_index: str
    layers_file: str
    layer_limits: Limits
    shard_pages: int
    recent_pages: int

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "SearchSettings":
        try:
            limits = Limits(pages=int(settings.get("SEARCH_LAYER_MAX_PAGES", 500)),
                            share=float(settings.get("SEARCH_LAYER_MAX_SHARE", 0.25)))
        except (TypeError, ValueError) as error:
            raise ConfigError(f"search: SEARCH_LAYER_MAX_PAGES must be a whole number and "
                              f"SEARCH_LAYER_MAX_SHARE a fraction (0 turns layers off): {error}") from error
        shard_pages = settings.get("SEARCH_SHARD_PAGES", DEFAULT_SHARD_PAGES)
        if isinstance(shard_pages, bool) or not isinstance(shard_pages, int) or shard_pages < 1:
            raise ConfigError(f"search: SEARCH_SHARD_PAGES: {shard_pages!r} is not a number of articles; write "
                              f"a whole number, 1 or more (Pagefind needs about 200 KiB per article of a shard "
                              f"while it indexes: 2000 ≈ 400 MiB, 10000 ≈ 1.9 GiB)")
        recent = settings.get("SEARCH_RECENT_SHARD_PAGES", DEFAULT_RECENT_PAGES)
        if isinstance(recent, bool) or not isinstance(recent, int) or recent < 0:
            raise ConfigError(f"search: SEARCH_RECENT_SHARD_PAGES: {recent!r} is not a number of articles; write "
                              f"a whole number, 0 or more (0: no shard of the newest articles apart)")
        url = str(settings.get("SEARCH_URL", "tim-kiem/"))
        return cls(
            url=url,
            provinces_file=f"{url}tinh.json",
            index=str(settings.get("SEARCH_INDEX", "pagefind")).strip("/"),
            layer_index=str(settings.get("SEARCH_LAYER_INDEX", "pagefind-moi")).strip("/"),
            layers_file=str(settings.get("SEARCH_LAYERS_FILE", "pagefind-moi.json")).strip("/"),
            layer_limits=limits,
            shard_pages=shard_pages,
            recent_pages=recent,
        )


@dataclass(frozen=True, slots=True)
class SearchFiles:
    """What the search keeps in the cache for one output folder: the indexed parts of
    the article pages (``parts``) Pagefind is given and its work folders. What the parts
    were cut from is the ``search-parts`` entry of the build state; what the published
    index was built from, the ``search-layers`` record in the last build's record.

    One cache serves several output folders (``invoke build`` into output/, ``invoke
    publish`` into public/, with other settings): each folder's index was built at
    other moments from other pages, so a record shared between them would describe
    another folder's index (the wrong ids hidden, an index kept that is not current).
    The folder is named by the output folder, as its build state (``work_folder``)."""

    parts: Path
    layer_work: Path
    shard_work: Path
    # What the second index (without tone marks) kept here before the site had one
    # index: removed by the first build that finds it, never read.
    leftovers: tuple[Path, ...]

    @classmethod
    def in_folder(cls, root: Path) -> "SearchFiles":
        return cls(parts=root / "pages", layer_work=root / "layer", shard_work=root / "shards",
                   leftovers=(root / "folded", root / "folded-keys.json", root / "pages.json", root / "layers.json"))

    @classmethod
    def of(cls, session: Any) -> "SearchFiles":
        """The files of the output folder ``session`` publishes to."""
        return cls.in_folder(session.work_folder("search"))

    def remove_leftovers(self) -> None:
        for path in self.leftovers:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)


# The parts hold the hidden words of :mod:`.words` since version 2; the record keeps
# each part's digest without them since version 3.
PARTS_VERSION = 3

# One pattern language for all readers of it: Python's glob and Pagefind's --glob.
# Only article pages are indexed (their parts, below); reading the other two thirds of
# the site (archives, listings, saved copies) doubled Pagefind's time and memory.
ALL_PAGES = "**/*.html"

# The metadata field that tells the search page how many words at the end of a page's
# text are the hidden words (:func:`hidden_part`), which it never shows.
HIDDEN_WORDS_META = "hidden_words"


def indexed_fingerprint(root: Path) -> str:
    """A key of every ``.html`` file below ``root`` (a site without articles, which
    Pagefind reads whole): each file's name and :func:`~.layers.stamp`, not its bytes."""
    base = os.fspath(root)
    return stamps_key(stamps([base], files_below(base, ".html")))


_BODY_MARK = b"data-pagefind-body"
_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.I)
_TITLE = re.compile(rb"<title>.*?</title>", re.I | re.S)
_TAG_NAME = re.compile(rb"<([A-Za-z][A-Za-z0-9-]*)")


def indexed_part(page: bytes, extra: Callable[[bytes], bytes] | None = None) -> bytes | None:
    """The part of a finished page that Pagefind indexes: the element carrying
    ``data-pagefind-body`` (with everything in it), under the page's ``<html>`` tag and
    title; None when the page has no such element. ``extra(element)``: HTML put at the
    end of the element, inside it (:func:`hidden_part`).

    Pagefind parses every byte it is given, and an article page is 85 % header, menus
    and sidebars: on these parts (6 KB instead of 44 KB) the main index of 10,000
    articles took 22 s instead of 36 s, with the same pages, words, filters and
    metadata. Cut by hand, not with an HTML parser: parsing 10,000 pages with lxml
    would cost more than it saves, and the page is our own template's output, whose
    body element is found by its start tag and the matching end tag (nesting counted)."""
    mark = page.find(_BODY_MARK)
    if mark < 0:
        return None
    start = page.rfind(b"<", 0, mark)
    name = _TAG_NAME.match(page, start) if start >= 0 else None
    if name is None:
        return None
    tags = re.compile(rb"<(/?)" + re.escape(name.group(1)) + rb"\b[^>]*>", re.I)
    depth = 0
    for tag in tags.finditer(page, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            html_tag = _HTML_TAG.search(page, 0, start)
            title = _TITLE.search(page, 0, start)
            added = extra(page[start:tag.end()]) if extra is not None else b""
            return b"".join((
                b"<!DOCTYPE html>", html_tag.group(0) if html_tag else b"<html>",
                b'<head><meta charset="utf-8">', title.group(0) if title else b"",
                b"</head><body>", page[start:tag.start()], added, page[tag.start():tag.end()],
                b"</body></html>",
            ))
    return None


class _IndexedText(HTMLParser):
    """The text Pagefind indexes of an element (not that of ``data-pagefind-ignore``
    elements, scripts and styles) and the values of its ``data-pagefind-meta`` and
    ``data-pagefind-filter`` attributes."""

    VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                      "source", "track", "wbr"))
    SKIPPED = frozenset(("script", "style", "template", "noscript"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.fields: dict[str, str] = {}
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("data-pagefind-meta", "data-pagefind-filter") and value and ":" in value:
                key, _, field = value.partition(":")
                self.fields.setdefault(f"{name[14:]}:{key}", field)
        if tag in self.VOID:
            return
        if self._skip:
            self._skip += 1
        elif tag in self.SKIPPED or any(name == "data-pagefind-ignore" for name, _ in attrs):
            self._skip = 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        depth = self._skip
        self.handle_starttag(tag, attrs)
        self._skip = depth  # <span/>: nothing inside it to skip

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def hidden_part(element: bytes, words: ProvinceWords) -> bytes:
    """The hidden words of the article whose indexed element is ``element``
    (:func:`.words.hidden_words`: its ``đ`` words with ``d``, its place words), as the
    last paragraph of the element; empty when there are none. The paragraph's metadata
    says how many words it holds, so the search page drops them from excerpts."""
    reader = _IndexedText()
    reader.feed(element.decode("utf-8", "replace"))
    reader.close()
    text = " ".join(reader.text)
    written = reader.fields.get("meta:province")
    province = words.registry.lookup(written) if written else None
    places = words.of_article(province) + words.mentioned(text)
    hidden = hidden_words(text, places)
    if not hidden:
        return b""
    return (f'<p data-pagefind-meta="{HIDDEN_WORDS_META}:{len(hidden)}">'
            f'{html.escape(" ".join(hidden))}</p>').encode("utf-8")


def refresh_parts(locate: Callable[[str], str], parts: Path, pages: list[str], state: Store,
                  extra: Callable[[bytes], bytes] | None = None, extra_key: str = "") -> list[str]:
    """Keep ``parts`` (a folder in the cache) holding the indexed part of each of
    ``pages`` (``locate(page)``: where the built page is, kept pages being where they
    are published); return the pages that have one, in order. A page is read again only
    when it is not the file the part was last cut from (size, modification time, inode);
    a part is written only when its bytes change, and those of pages no longer built go.
    ``state``: the build state that keeps the ``search-parts`` record. ``extra``: what
    :func:`indexed_part` adds to each part; ``extra_key`` names what it depends on beyond
    the page (the province registry): when that changes, every part is cut again,
    pages that did not change included.

    ``extra`` costs about a millisecond a page (an HTML parser), and a page written
    again (a theme change writes every page) mostly has the part it had: the record
    keeps the digest of each part without ``extra``, and a part whose digest is as
    recorded is kept without calling ``extra``."""
    record = state.get(RECORD, "search-parts", PARTS_VERSION)
    before = (record or {}).get("pages", {}) if (record or {}).get("extra") == extra_key else {}
    # Without a record (none yet, or a run cut short: it is removed while the folder
    # changes) every part is looked for; with it, the parts it lists are all there are
    # (an edit does not walk every part of the archive for stale ones).
    state.remove(RECORD, "search-parts")
    now: dict[str, list[str]] = {}
    folder = os.fspath(parts)
    for name in pages:
        page = locate(name)
        try:
            st = os.stat(page)
        except OSError:
            continue
        stamp = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"
        target = os.path.join(folder, name)
        known = before.get(name)
        if known is not None and known[0] == stamp and os.path.isfile(target):
            now[name] = known
            continue
        with open(page, "rb") as handle:
            data = handle.read()
        plain = indexed_part(data)
        if plain is None:
            continue
        plain_digest = hashlib.sha256(plain).hexdigest()
        if extra is None:
            write_if_changed(target, plain)
        elif known is None or known[1] != plain_digest or not os.path.isfile(target):
            part = indexed_part(data, extra)
            assert part is not None
            write_if_changed(target, part)
        now[name] = [stamp, plain_digest]
    for name in (before if record is not None else files_below(folder, ".html")):
        if name not in now:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(folder, name))
    state.put(RECORD, "search-parts", PARTS_VERSION, {"pages": now, "extra": extra_key})
    return sorted(now)


@cache
def pagefind_binary() -> str:
    """The Pagefind binary the ``pagefind`` package finds (``PAGEFIND_BINARY_PATH``, its
    ``[bin]`` extra, the ``PATH``), run directly: ``python -m pagefind`` starts Python and
    asyncio before it hands over, a cost each small rebuild would pay again."""
    from pagefind.service import get_executable  # asyncio: only for a build that indexes

    found = get_executable()
    if found is None:
        raise ConfigError("search: the Pagefind binary was not found; install the project's "
                          "packages again (`pagefind[bin]` in pyproject.toml) or set PAGEFIND_BINARY_PATH.")
    return os.fspath(found)


def run_pagefind(site: Path, output: Path, label: str, glob: str = ALL_PAGES) -> None:
    """Index ``site`` into ``output`` with the Pagefind binary, in the stable form of
    :func:`.stable.settle` (the same pages give the same bytes); a failure stops the build."""
    cmd = [pagefind_binary(), "--site", str(site), "--output-path", str(output),
           "--force-language", "vi", "--glob", glob, "--silent"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as error:
        raise ConfigError(f"search: Pagefind could not be started ({cmd[0]}): {error.strerror}; install the "
                          "project's packages again or set PAGEFIND_BINARY_PATH to the binary.") from None
    if proc.returncode != 0:
        raise ConfigError(f"search: Pagefind could not build the {label} index:\n{proc.stderr or proc.stdout}")
    try:
        settle(output)
    except IndexFormatError as error:
        logger.warning("search: the %s index is left as Pagefind wrote it (its filter files then differ "
                       "from build to build): %s", label, error)


def build_indexes(site: Path, session: BuildSession, config: SearchSettings, files: SearchFiles,
                  articles: Mapping[str, str], words: ProvinceWords) -> None:
    """The finish step: the search index of the finished site in ``site``, and the file
    that tells the search page about the layer (:mod:`.layers`).

    An unchanged site keeps the index it has (Pagefind would write the same bytes,
    :mod:`.stable`, at the cost of reading every page). When some articles changed, the
    base index is kept as published and only those articles are indexed, into the
    layer. When an article the base holds is no longer published (its text must leave
    every file readers can fetch, not be hidden by the search page), the shards that
    held it are indexed again; one that moved to another address is hidden, as an
    edited one. When too many changed, or when there is no base to keep, Pagefind
    indexes every article again and that becomes the base. ``articles``: the address
    of each article page -> its content file."""
    # The hidden words depend on the registry and on the code that makes them: a
    # change to either cuts every part again (the pages themselves may not change).
    words_key = json_digest([words.query_table(), *(source_digest(module) for module in (__file__, words_module))])
    assert session.state is not None
    cut = refresh_parts(lambda name: session.files.built_path(site, name), files.parts, list(articles), session.state,
                        lambda element: hidden_part(element, words), words_key)
    record = session.take_record(LAYERS_RECORD, LAYER_VERSION) or {}
    # A site without any article yet (a new site, all drafts) still gets an index the
    # search page can load: Pagefind then reads every page, and there is no layer.
    sources = (os.fspath(files.parts),)
    if cut:
        current = stamps(sources, cut)
        key = stamps_key(current)
    else:
        session.files.materialize(lambda name: name.endswith(".html"))
        current, key = {}, indexed_fingerprint(site)
    bases = (config.index,)

    def published(folders: Iterable[str]) -> bool:
        return all(p is not None and p.is_dir() for p in (session.files.published_path(site / f) for f in folders))

    # A base keeps the shards it was built in until it is built again (a layer's pages
    # are not in them anyway); another SEARCH_SHARD_PAGES or SEARCH_RECENT_SHARD_PAGES
    # builds it again now.
    count = int(record.get("shards", 1))
    bounds = list(record.get("bounds") or [])
    kept = (published(bases) and len(bounds) == count - 1
            and [record.get("shard_pages"), record.get("recent_pages")] == [config.shard_pages, config.recent_pages])
    base = record.get("base") if cut and kept else None
    manifest = str(record.get("manifest", "")).encode("utf-8")
    layered = tuple(layer_folders(manifest))
    if kept and record.get("key") == key and published(layered):
        for folder in bases + layered:
            session.files.keep_folder(folder)  # kept where published: nothing written
        session.save_record_when_published(LAYERS_RECORD, LAYER_VERSION, record)
    else:
        changed, removed = changed_pages(base, sources, current) if base is not None else ([], [])
        origin = {name: articles[name] for name in cut}
        moved = moved_pages(base, removed, origin) if base is not None else []
        removed = sorted(set(removed) - set(moved))
        # The shards that held a removed page are built again, with the pages now in
        # their run but those changed since the base: every changed page stays in the
        # layer (Pagefind makes the same layer of the same pages: no file of it written).
        # When that is every shard, the base is built again whole and the layer goes.
        members: dict[int, list[str]] = {number: [] for number in sorted({shard_of(bounds, n) for n in removed})}
        in_layer = set(changed)
        for name in cut:  # one pass over the site's pages, whatever the number of shards to redo
            number = shard_of(bounds, name)
            if number in members and name not in in_layer:
                members[number].append(name)
        if (base is not None and len(members) < count and all(members.values())
                and config.layer_limits.allow(len(changed) + len(moved), len(base))):
            kept_base = base  # what the kept shards hold of the pages in the layer
            try:
                base = reindex_shards(site, config, files, session, base, members, current, count, bounds, origin)
            except FragmentFormatError as error:  # the shards are written; the next build indexes all
                logger.warning("search: every rebuild will index all articles again: %s", error)
                base = None
            held = kept_base if base is None else base  # what the published shards hold
            moved = [name for name in moved if name in held]  # not in a shard indexed again
            manifest = build_layer(site, config, files, held, changed, moved, count)
        else:
            groups = None
            if cut:
                recent = recent_pages(cut, config.recent_pages)
                groups = shards(set(cut).difference(recent), config.shard_pages) + ([recent] if recent else [])
            count, bounds = (len(groups), bounds_of(groups)) if groups else (1, [])
            index_base(site, config, files, groups)
            base, manifest = None, layer_manifest({}, [], [], [(folder, None, {}) for folder in bases], count)
            if cut:
                try:
                    base = base_entries(sources, current, [read_shards(site, folder, count) for folder in bases],
                                        origin)
                except FragmentFormatError as error:
                    logger.warning("search: every rebuild will index all articles again: %s", error)
        # The record describes the index as published: written once it is.
        session.save_record_when_published(LAYERS_RECORD, LAYER_VERSION, {
            "key": key, "base": base, "manifest": manifest.decode("utf-8"), "shards": count, "bounds": bounds,
            "shard_pages": config.shard_pages, "recent_pages": config.recent_pages, "stamps": current})
    session.files.write_file(site / config.layers_file, manifest)


@cache
def source_digest(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def index_base(site: Path, config: SearchSettings, files: SearchFiles, groups: list[list[str]] | None) -> None:
    """Pagefind over every article, in the shards of ``groups`` (:func:`.layers.shards`),
    one run after the other so that only one shard's pages are held in memory at a
    time. ``groups`` None: no article has an indexed part (a new site), every page of
    the site goes into one index."""
    if not groups:
        run_pagefind(site, site / config.index, "main")
        return
    targets = shard_folders(config.index, len(groups))
    for number, (names, target) in enumerate(zip(groups, targets), start=1):
        what = "main" if len(groups) == 1 else f"main (shard {number} of {len(groups)})"
        index_pages(files.parts, names, files.shard_work, site / target, what)
    shutil.rmtree(files.shard_work)


def reindex_shards(site: Path, config: SearchSettings, files: SearchFiles, session: BuildSession,
                   base: Mapping[str, Any], members: Mapping[int, list[str]], current: Stamps,
                   count: int, bounds: Sequence[str], origin: Mapping[str, str]) -> dict[str, Any]:
    """Index the shards ``members`` (number -> the pages now in its run) again, keep the
    other shards as published; return the base record with the new shards' entries."""
    folders = shard_folders(config.index, count)
    others = [number for number in range(count) if number not in members]
    if 0 in members:  # the base's own folder is the first shard: keep the others inside it
        for number in others:
            session.files.keep_folder(folders[number])
    else:
        session.files.keep_folder(config.index, unless=tuple(f"{folders[number]}/" for number in members))
    updated = {name: entry for name, entry in base.items() if shard_of(bounds, name) not in members}
    sources = (os.fspath(files.parts),)
    for number, names in sorted(members.items()):
        index_pages(files.parts, names, files.shard_work, site / folders[number],
                    f"main (shard {number + 1} of {count})" if count > 1 else "main")
        updated.update(base_entries(sources, {name: current[name] for name in names},
                                    [read_fragments(site / folders[number])], origin))
    if members:
        shutil.rmtree(files.shard_work)
    return updated


def index_pages(source: Path, names: Iterable[str], work: Path, target: Path, label: str) -> None:
    """Pagefind over the pages ``names`` of ``source`` alone: linked into ``work``
    (emptied first; Pagefind takes a folder, not a list), indexed into ``target``.

    Pagefind numbers the pages in the order it walks the folder, which is the order the
    file system lists it in: for a folder made afresh with its files linked in sorted
    order, that follows the names alone, not the history of the cache (articles removed
    and added again), so the same pages give the same index."""
    if os.path.isdir(work):
        shutil.rmtree(work)
    for name in sorted(names):
        link_or_copy(source / name, work / name)
    run_pagefind(work, target, label)


def build_layer(site: Path, config: SearchSettings, files: SearchFiles, base: Mapping[str, Any],
                changed: list[str], moved: list[str], shards: int) -> bytes:
    """Index the ``changed`` pages alone, into the layer folder; return the file for the
    search page (the base entries to hide: those of ``changed`` and ``moved``)."""
    found: Mapping[str, Any] = {}
    if changed:
        index_pages(files.parts, changed, files.layer_work, site / config.layer_index,
                    f"new-articles ({config.layer_index})")
        found = read_fragments(site / config.layer_index)
    return layer_manifest(base, changed, moved, [(config.index, config.layer_index if changed else None, found)],
                          shards)


class SearchGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = SearchSettings.from_pelican(self.settings)
        self.files = SearchFiles.of(session_of(self.settings))
        self.words = ProvinceWords.of(registry_for(self.settings))

    def generate_context(self) -> None:
        self.context["search"] = self.config

    def generate_output(self, writer) -> None:
        writer.write_file(
            self.config.url + "index.html", self.get_template("search"), self.context,
            relative_urls=bool(self.settings.get("RELATIVE_URLS")), url=self.config.url,
            template_name="search",
        )
        session = session_of(self.settings)
        table = json.dumps(self.words.query_table(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        session.files.write_file(Path(self.output_path) / self.config.provinces_file, table.encode("utf-8"))
        self.files.remove_leftovers()
        # Archived articles (expired, ``hidden``: their pages stay) stay findable.
        self._index_at_finish(session, {article.save_as: article.relative_source_path
                                        for article in [*self.context.get("articles", []),
                                                        *self.context.get("hidden_articles", [])]})

    def _index_at_finish(self, session: BuildSession, articles: Mapping[str, str]) -> None:
        config, files, words = self.config, self.files, self.words

        def index(site: Path) -> None:
            build_indexes(site, session, config, files, articles, words)

        session.add_finish_step(ORDER, "search index", index)


def add_generator(pelican) -> type[SearchGenerator]:
    return SearchGenerator


check_settings = settings_check(SearchSettings.from_pelican)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(add_generator)
