"""Adapter: full-text search with Pagefind, Vietnamese-aware, as part of every build.

Handlers:
* ``check_settings`` (initialized): a bad search setting stops the build in one line.
* ``add_generator`` (get_generators): :class:`SearchGenerator` writes the search page
  (``tim-kiem/``) and, outside the site, a folded copy (no tone marks) of every
  article for the second index; it registers a finish step on the build session.
* The finish step (order 100, before compression) runs the Pagefind binary from the
  ``pagefind[bin]`` package: the main index from the part of each finished article page
  that carries ``data-pagefind-body`` (cut out into the cache, :func:`indexed_part`),
  the folded index from the folded copies, each with the same filters (province,
  cluster, category, year), each built in shards of ``SEARCH_SHARD_PAGES`` articles.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from sitecore.errors import ConfigError, settings_check
from sitecore.files import files_below, link_or_copy, write_if_changed
from sitecore.store import RECORD, Store
from sitecore.report import BuildSession, session_of
from sitecore.text import plain_text

from .folding import fold
from .layers import (
    LAYER_VERSION, FragmentFormatError, Limits, base_entries, changed_pages, layer_folders,
    layer_manifest, read_fragments, read_shards, shard_folders, shards, stamps, stamps_key,
)
from .stable import IndexFormatError, settle

logger = logging.getLogger(__name__)
ORDER = 100


@dataclass(frozen=True, slots=True)
class SearchSettings:
    """``SEARCH_URL``: the search page. ``SEARCH_INDEX``: the main index folder and
    ``SEARCH_FOLDED_INDEX`` the one without tone marks (relative to the site root).
    ``CACHE_PATH``: where the folded copies and the indexed parts of the article pages
    are kept for indexing, one folder per output folder (:class:`SearchFiles`).
    ``SEARCH_LAYER_INDEX``, ``SEARCH_LAYER_FOLDED_INDEX``: the
    small indexes of the articles changed since the base was built, and
    ``SEARCH_LAYERS_FILE`` what the search page reads about them (:mod:`.layers`);
    ``SEARCH_LAYER_MAX_PAGES`` and ``SEARCH_LAYER_MAX_SHARE``: beyond that many changed
    pages (or that share of the base) the base is built again. ``SEARCH_SHARD_PAGES``:
    the base is indexed in shards of at most that many articles (Pagefind's memory)."""

    url: str
    index: str
    folded_index: str
    layer_index: str
    layer_folded_index: str
    layers_file: str
    layer_limits: Limits
    shard_pages: int

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "SearchSettings":
        try:
            limits = Limits(pages=int(settings.get("SEARCH_LAYER_MAX_PAGES", 500)),
                            share=float(settings.get("SEARCH_LAYER_MAX_SHARE", 0.25)))
        except (TypeError, ValueError) as error:
            raise ConfigError(f"search: SEARCH_LAYER_MAX_PAGES must be a whole number and "
                              f"SEARCH_LAYER_MAX_SHARE a fraction (0 turns layers off): {error}") from error
        shard_pages = settings.get("SEARCH_SHARD_PAGES", 10000)
        if isinstance(shard_pages, bool) or not isinstance(shard_pages, int) or shard_pages < 1:
            raise ConfigError(f"search: SEARCH_SHARD_PAGES: {shard_pages!r} is not a number of articles; write "
                              f"a whole number, 1 or more (Pagefind needs about 190 KiB per article of a shard "
                              f"while it indexes: 2000 ≈ 330 MiB, 10000 ≈ 1.8 GiB)")
        return cls(
            url=str(settings.get("SEARCH_URL", "tim-kiem/")),
            index=str(settings.get("SEARCH_INDEX", "pagefind")).strip("/"),
            folded_index=str(settings.get("SEARCH_FOLDED_INDEX", "pagefind-khong-dau")).strip("/"),
            layer_index=str(settings.get("SEARCH_LAYER_INDEX", "pagefind-moi")).strip("/"),
            layer_folded_index=str(settings.get("SEARCH_LAYER_FOLDED_INDEX", "pagefind-khong-dau-moi")).strip("/"),
            layers_file=str(settings.get("SEARCH_LAYERS_FILE", "pagefind-moi.json")).strip("/"),
            layer_limits=limits,
            shard_pages=shard_pages,
        )


@dataclass(frozen=True, slots=True)
class SearchFiles:
    """What the search keeps in the cache for one output folder: the folded copies
    (``folded``) and the indexed parts of the article pages (``parts``) Pagefind is given,
    and its work folders. The records of what the published indexes were built from are
    entries of the build state (``search-parts``, ``search-layers``, ``search-folded-keys``).

    One cache serves several output folders (``invoke build`` into output/, ``invoke
    publish`` into public/, with other settings): each folder's indexes were built at
    other moments from other pages, so a record shared between them would describe
    another folder's index (the wrong ids hidden, an index kept that is not current).
    The folder is named by the output folder, as its build state (``work_folder``)."""

    folded: Path
    parts: Path
    layer_work: Path
    shard_work: Path

    @classmethod
    def in_folder(cls, root: Path) -> "SearchFiles":
        return cls(folded=root / "folded", parts=root / "pages", layer_work=root / "layer",
                   shard_work=root / "shards")

    @classmethod
    def of(cls, session: Any) -> "SearchFiles":
        """The files of the output folder ``session`` publishes to."""
        return cls.in_folder(session.work_folder("search"))


def filters_of(article: Any) -> dict[str, str]:
    """The values the search page filters on (the same names in both indexes)."""
    values = {"category": article.category.name, "year": f"{article.date:%Y}"}
    if getattr(article, "province", None) is not None:
        values["province"] = article.province.name
    if getattr(article, "cluster", None) is not None:
        values["cluster"] = article.cluster.full_name
    return values


def folded_page(article: Any, date_text: str) -> str:
    """A minimal page holding the folded words of ``article`` and its original metadata."""
    text = plain_text(article.content)
    summary = plain_text(getattr(article, "summary", ""))
    attrs = lambda kind, key, value: f'<span {kind}="{key}:{html.escape(value, quote=True)}"></span>'  # noqa: E731
    spans = [attrs("data-pagefind-filter", k, v) for k, v in filters_of(article).items()]
    spans += [attrs("data-pagefind-meta", "title", article.title),
              attrs("data-pagefind-meta", "date", date_text),
              attrs("data-pagefind-meta", "summary", summary),
              attrs("data-pagefind-sort", "date", article.date.isoformat())]
    if getattr(article, "province", None) is not None:
        spans.append(attrs("data-pagefind-meta", "province", article.metadata.get("province_label") or article.province.name))
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>'
        f"{html.escape(fold(article.title))}</title></head><body><main data-pagefind-body>"
        f"<h1>{html.escape(fold(article.title))}</h1>{''.join(spans)}"
        f"<p>{html.escape(fold(summary))}</p><p>{html.escape(fold(text))}</p></main></body></html>"
    )


FOLDED_KEYS_VERSION = 1
PARTS_VERSION = 1

# One pattern language for all readers of it: Python's glob and Pagefind's --glob.
# Only article pages are indexed (their parts, below); reading the other two thirds of
# the site (archives, listings, saved copies) doubled Pagefind's time and memory.
ALL_PAGES = "**/*.html"


def indexed_fingerprint(root: Path) -> str:
    """A key of every ``.html`` file below ``root`` (a site without articles, which
    Pagefind reads whole): each file's name and :func:`~.layers.stamp`, not its bytes."""
    base = os.fspath(root)
    return stamps_key(stamps([base], files_below(base, ".html")))


_BODY_MARK = b"data-pagefind-body"
_HTML_TAG = re.compile(rb"<html\b[^>]*>", re.I)
_TITLE = re.compile(rb"<title>.*?</title>", re.I | re.S)
_TAG_NAME = re.compile(rb"<([A-Za-z][A-Za-z0-9-]*)")


def indexed_part(page: bytes) -> bytes | None:
    """The part of a finished page that Pagefind indexes: the element carrying
    ``data-pagefind-body`` (with everything in it), under the page's ``<html>`` tag and
    title; None when the page has no such element.

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
            return b"".join((
                b"<!DOCTYPE html>", html_tag.group(0) if html_tag else b"<html>",
                b'<head><meta charset="utf-8">', title.group(0) if title else b"",
                b"</head><body>", page[start:tag.end()], b"</body></html>",
            ))
    return None


def refresh_parts(locate: Callable[[str], str], parts: Path, pages: list[str], state: Store) -> list[str]:
    """Keep ``parts`` (a folder in the cache) holding the indexed part of each of
    ``pages`` (``locate(page)``: where the built page is, kept pages being where they
    are published); return the pages that have one, in order. A page is read again only when it is not
    the file the part was last cut from (size, modification time, inode); a part is
    written only when its bytes change, and those of pages no longer built go."""
    record = state.get(RECORD, "search-parts", PARTS_VERSION)
    before = (record or {}).get("pages", {})
    # Without a record (none yet, or a run cut short: it is removed while the folder
    # changes) every part is looked for; with it, the parts it lists are all there are
    # (an edit does not walk every part of the archive for stale ones).
    state.remove(RECORD, "search-parts")
    now: dict[str, str] = {}
    folder = os.fspath(parts)
    for name in pages:
        page = locate(name)
        try:
            st = os.stat(page)
        except OSError:
            continue
        stamp = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"
        target = os.path.join(folder, name)
        if before.get(name) == stamp and os.path.isfile(target):
            now[name] = stamp
            continue
        with open(page, "rb") as handle:
            part = indexed_part(handle.read())
        if part is None:
            continue
        write_if_changed(target, part)
        now[name] = stamp
    for name in (before if record is not None else files_below(folder, ".html")):
        if name not in now:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(folder, name))
    state.put(RECORD, "search-parts", PARTS_VERSION, {"pages": now})
    return sorted(now)


@cache
def pagefind_binary() -> str:
    """The Pagefind binary the ``pagefind`` package finds (``PAGEFIND_BINARY_PATH``, its
    ``[bin]`` extra, the ``PATH``), run directly: ``python -m pagefind`` starts Python and
    asyncio before it hands over, 0.1 s per index of a one-article rebuild."""
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
                  articles: list[str]) -> None:
    """The finish step: the search indexes of the finished site in ``site``, and the file
    that tells the search page about the layer (:mod:`.layers`).

    An unchanged site keeps the indexes it has (Pagefind would write the same bytes,
    :mod:`.stable`, at the cost of reading every page). When some articles changed, the
    base indexes are kept as published and only those articles are indexed, into the
    layer; when too many changed, when an article the base holds is no longer published
    (its text must leave every file readers can fetch, not be hidden by the search page),
    or when there is no base to keep, Pagefind indexes every article again and that
    becomes the base."""
    assert session.state is not None
    cut = refresh_parts(lambda name: session.built_path(site, name), files.parts, articles, session.state)
    record = session.load_record("search-layers", LAYER_VERSION) or {}
    # A site without any article yet (a new site, all drafts) still gets an index the
    # search page can load: Pagefind then reads every page, and there is no layer.
    sources = (os.fspath(files.parts), os.fspath(files.folded))
    if cut:
        current = stamps(sources, cut)
        key = stamps_key(current)
    else:
        session.materialize(lambda name: name.endswith(".html"))
        current, key = {}, indexed_fingerprint(site)
    bases = (config.index, config.folded_index)

    def published(folders: Iterable[str]) -> bool:
        return all(p is not None and p.is_dir() for p in (session.published_path(site / f) for f in folders))

    # A base keeps the shards it was built in until it is built again (a layer's pages
    # are not in them anyway); another SEARCH_SHARD_PAGES builds it again now.
    kept = published(bases) and record.get("shard_pages") == config.shard_pages
    count = int(record.get("shards", 1))
    base = record.get("base") if cut and kept else None
    manifest = str(record.get("manifest", "")).encode("utf-8")
    layered = tuple(layer_folders(manifest))
    if kept and record.get("key") == key and published(layered):
        for folder in bases + layered:
            session.keep_folder(folder)  # kept where published: nothing written
    else:
        changed, removed = changed_pages(base, sources, current) if base is not None else ([], [])
        if base is not None and not removed and config.layer_limits.allow(len(changed), len(base)):
            for folder in bases:
                session.keep_folder(folder)
            manifest = build_layer(site, config, files, base, changed, count)
        else:
            groups = shards(cut, config.shard_pages) if cut else None
            count = len(groups) if groups else 1
            index_base(site, config, files, groups, bool(articles))
            base, manifest = None, layer_manifest({}, [], [], [(folder, None, {}) for folder in bases], count)
            if cut:
                try:
                    base = base_entries(sources, current, [read_shards(site, folder, count) for folder in bases])
                except FragmentFormatError as error:
                    logger.warning("search: every rebuild will index all articles again: %s", error)
        # The record describes the indexes as published: written once they are.
        session.save_record_when_published("search-layers", LAYER_VERSION, {
            "key": key, "base": base, "manifest": manifest.decode("utf-8"), "shards": count,
            "shard_pages": config.shard_pages, "stamps": current})
    session.write_file(site / config.layers_file, manifest)


def index_base(site: Path, config: SearchSettings, files: SearchFiles, groups: list[list[str]] | None,
               folded: bool) -> None:
    """Pagefind over every article, the main and (``folded``) the folded index, each in
    the shards of ``groups`` (:func:`.layers.shards`), one run after the other so that
    only one shard's pages are held in memory at a time. ``groups`` None: no article has
    an indexed part (a new site), every page of the site goes into one main index."""
    for source, folder, label in ((files.parts, config.index, "main"),
                                  (files.folded, config.folded_index, "folded")):
        if label == "folded" and not folded:
            continue
        if not groups:
            run_pagefind(site, site / folder, label)
            continue
        targets = shard_folders(folder, len(groups))
        for number, (names, target) in enumerate(zip(groups, targets), start=1):
            what = label if len(groups) == 1 else f"{label} (shard {number} of {len(groups)})"
            index_pages(source, names, files.shard_work, site / target, what)
        shutil.rmtree(files.shard_work)


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
                changed: list[str], shards: int) -> bytes:
    """Index the ``changed`` pages alone, into the layer folders; return the file for the
    search page (the base entries to hide: those of ``changed``)."""
    if os.path.isdir(files.layer_work):
        shutil.rmtree(files.layer_work)
    found: list[Mapping[str, Any]] = []
    for number, (source, folder) in enumerate(((files.parts, config.layer_index),
                                               (files.folded, config.layer_folded_index))):
        if changed:
            index_pages(source, changed, files.layer_work / str(number), site / folder, f"new-articles ({folder})")
            found.append(read_fragments(site / folder))
        else:
            found.append({})
    return layer_manifest(base, changed, [], [
        (config.index, config.layer_index if changed else None, found[0]),
        (config.folded_index, config.layer_folded_index if changed else None, found[1]),
    ], shards)


def _write_folded(target: Path, article: Any, date_filter: Any) -> None:
    write_if_changed(target, folded_page(article, date_filter(article.date)).encode("utf-8"))


def _refresh_folded(target: Path, article: Any, date_filter: Any, keys: dict[str, str], plan: Any) -> None:
    """A resident build's rebuild of one article's folded page, and of its key in the
    record that is written once the build is published."""
    key = plan.own_key("folded-search-page", article.save_as, article)
    if key is not None:
        keys[article.save_as] = key
    _write_folded(target, article, date_filter)


class SearchGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = SearchSettings.from_pelican(self.settings)
        self.files = SearchFiles.of(session_of(self.settings))

    def generate_context(self) -> None:
        self.context["search"] = self.config

    def generate_output(self, writer) -> None:
        writer.write_file(
            self.config.url + "index.html", self.get_template("search"), self.context,
            relative_urls=bool(self.settings.get("RELATIVE_URLS")), url=self.config.url,
            template_name="search",
        )
        work = self.files.folded
        date_filter = self.env.filters["vn_datetime"]
        # The folded pages stay in the cache between builds. One is made again only when
        # its article's own key changed (the incremental plugin's plan, when there is
        # one: its file, the settings, code and data, not the other articles) and written
        # only when its bytes changed; those of removed articles go. The record of the
        # keys is written again only once the build is published: a build that fails
        # after changing some pages leaves none, and the next one makes them all.
        session = session_of(self.settings)
        plan = session.render_plan
        known = (session.load_record("search-folded-keys", FOLDED_KEYS_VERSION) or {}).get("keys", {}) if plan else {}
        keys: dict[str, str] = {}
        if plan is not None:  # filled below
            session.save_record_when_published("search-folded-keys", FOLDED_KEYS_VERSION, {"keys": keys})
        wanted = set()
        made = 0
        for article in self.context.get("articles", []):
            target = work / article.save_as
            wanted.add(article.save_as)
            if session.resident and plan is not None:
                session.remember(f"folded-search-page\0{article.save_as}", [article],
                                 partial(_refresh_folded, target, article, date_filter, keys, plan))
            if plan is not None:
                key = plan.own_key("folded-search-page", article.save_as, article)
                if key is not None:
                    keys[article.save_as] = key
                    if known.get(article.save_as) == key and target.is_file():
                        continue
            made += 1
            session.defer(f"{work.name}/{article.save_as}",
                          partial(_write_folded, target, article, date_filter))
        for stale in set(files_below(work, ".html")) - wanted:
            os.unlink(os.path.join(work, stale))
        logger.info("Tìm kiếm: làm lại %d trang không dấu, giữ %d", made, len(wanted) - made)
        self._index_at_finish(session, [article.save_as for article in self.context.get("articles", [])])

    def _index_at_finish(self, session: BuildSession, articles: list[str]) -> None:
        config, files = self.config, self.files

        def index(site: Path) -> None:
            build_indexes(site, session, config, files, articles)

        session.add_finish_step(ORDER, "search index", index)


def add_generator(pelican) -> type[SearchGenerator]:
    return SearchGenerator


check_settings = settings_check(SearchSettings.from_pelican)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(add_generator)
