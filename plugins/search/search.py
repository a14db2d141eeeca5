"""Adapter: full-text search with Pagefind, Vietnamese-aware, as part of every build.

Handlers:
* ``add_generator`` (get_generators): :class:`SearchGenerator` writes the search page
  (``tim-kiem/``) and, outside the site, a folded copy (no tone marks) of every
  article for the second index; it registers a finish step on the build session.
* The finish step (order 100, before compression) runs the Pagefind binary from the
  ``pagefind[bin]`` package on the finished staging folder: the main index from the
  article pages (only they carry ``data-pagefind-body``), the folded index from the
  folded copies, each with the same filters (province, cluster, category, year).
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from sitecore.errors import ConfigError
from sitecore.files import link_or_copy
from sitecore.records import load_record, save_record
from sitecore.report import session_of
from sitecore.text import plain_text

from .folding import fold

logger = logging.getLogger(__name__)
ORDER = 100


@dataclass(frozen=True, slots=True)
class SearchSettings:
    """``SEARCH_URL``: the search page. ``SEARCH_INDEX``: the main index folder and
    ``SEARCH_FOLDED_INDEX`` the one without tone marks (relative to the site root).
    ``CACHE_PATH``: where the folded copies are written for indexing."""

    url: str
    index: str
    folded_index: str
    work: Path

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "SearchSettings":
        return cls(
            url=str(settings.get("SEARCH_URL", "tim-kiem/")),
            index=str(settings.get("SEARCH_INDEX", "pagefind")).strip("/"),
            folded_index=str(settings.get("SEARCH_FOLDED_INDEX", "pagefind-khong-dau")).strip("/"),
            work=Path(settings.get("CACHE_PATH", "cache")) / "search-folded",
        )


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

# One pattern language for both readers of it: pathlib's glob and Pagefind's --glob.
ALL_PAGES = "**/*.html"


def article_glob(save_as: str) -> str:
    """The pages Pagefind reads, from ``ARTICLE_SAVE_AS``: ``tin/{date:%Y}/…/{slug}/index.html``
    becomes ``tin/*/*/*/*/index.html``. Only article pages are indexed; reading the other
    two thirds of the site (archives, listings, saved copies) doubled Pagefind's time
    and memory for nothing."""
    return re.sub(r"\{[^}]*\}", "*", save_as)


def indexed_fingerprint(site: Path, folded: Path, glob: str = ALL_PAGES) -> str:
    """A hash of everything Pagefind would index: the pages with ``data-pagefind-body``
    and the folded copies."""
    digest = hashlib.sha256()
    for root, pattern in ((site, glob), (folded, ALL_PAGES)):
        for page in sorted(root.glob(pattern)) if root.exists() else ():
            data = page.read_bytes()
            if root == folded or b"data-pagefind-body" in data:
                digest.update(page.relative_to(root).as_posix().encode() + b"\0" + data)
    return digest.hexdigest()


def run_pagefind(site: Path, output: Path, label: str, glob: str = ALL_PAGES) -> None:
    """Index ``site`` into ``output`` with the Pagefind binary; a failure stops the build."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output),
           "--force-language", "vi", "--glob", glob, "--silent"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ConfigError(f"search: Pagefind could not build the {label} index:\n{proc.stderr or proc.stdout}")


class SearchGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = SearchSettings.from_pelican(self.settings)

    def generate_context(self) -> None:
        self.context["search"] = self.config

    def generate_output(self, writer) -> None:
        writer.write_file(
            self.config.url + "index.html", self.get_template("search"), self.context,
            relative_urls=bool(self.settings.get("RELATIVE_URLS")), url=self.config.url,
            template_name="search",
        )
        work = self.config.work
        date_filter = self.env.filters["vn_datetime"]
        # The folded pages stay in the cache between builds. One is made again only when
        # its article's key changed (the incremental plugin's plan, when there is one)
        # and written only when its bytes changed; those of removed articles go.
        plan = session_of(self.settings).render_plan
        keys_file = work.parent / "search-folded-keys.json"
        known = (load_record(keys_file, FOLDED_KEYS_VERSION) or {}).get("keys", {}) if plan else {}
        keys: dict[str, str] = {}
        wanted = set()
        for article in self.context.get("articles", []):
            target = work / article.save_as
            wanted.add(target)
            if plan is not None:
                keys[article.save_as] = key = plan.key("folded-search-page", article.save_as, [article])
                if known.get(article.save_as) == key and target.is_file():
                    continue
            data = folded_page(article, date_filter(article.date)).encode("utf-8")
            if not (target.is_file() and target.read_bytes() == data):
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        for stale in set(work.glob(ALL_PAGES)) - wanted if work.exists() else ():
            stale.unlink()
        save_record(keys_file, FOLDED_KEYS_VERSION, {"keys": keys})
        config = self.config

        session = session_of(self.settings)
        published = Path(getattr(session, "output", ""))

        pages = article_glob(self.settings["ARTICLE_SAVE_AS"])

        def index(site: Path) -> None:
            # A site without any article yet (a new site, all drafts) still gets an index
            # the search page can load: Pagefind then reads every page.
            glob = pages if next(site.glob(pages), None) is not None else ALL_PAGES
            # Pagefind's output differs from run to run (its filter files), so an
            # unchanged site keeps the index it has: same input, same bytes, and a
            # rebuild with nothing changed writes no file.
            key = indexed_fingerprint(site, work, glob)
            stamp = config.work.parent / "search-index.key"
            previous = [published / config.index, published / config.folded_index]
            if stamp.is_file() and stamp.read_text() == key and all(p.is_dir() for p in previous):
                for folder in (config.index, config.folded_index):
                    # hard links, not copies: the same files, nothing written
                    shutil.copytree(published / folder, site / folder, copy_function=link_or_copy)
            else:
                run_pagefind(site, site / config.index, "main", glob)
                if work.exists() and next(work.glob(ALL_PAGES), None) is not None:
                    run_pagefind(work, site / config.folded_index, "folded")
                stamp.parent.mkdir(parents=True, exist_ok=True)
                stamp.write_text(key)

        session_of(self.settings).add_finish_step(ORDER, "search index", index)


def add_generator(pelican) -> type[SearchGenerator]:
    return SearchGenerator


def register() -> None:
    signals.get_generators.connect(add_generator)
