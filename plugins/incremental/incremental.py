"""Adapter: render only the template calls whose inputs changed (keys in ``keys.py``).

Handlers:
* ``plan_rendering`` (all_generators_finalized: every article is read, before anything
  is written): computes the site key and each article's own key and puts a
  ``RenderPlan`` on the build session. The ``safe_build`` writer asks the plan before
  rendering each template call and takes over the published files of an unchanged one.
  Once the build is published, the plan's record is kept for the next build.

``INCREMENTAL_RENDER = False`` renders every page on every build. Nothing is taken over
when the skip check did not hash the inputs (``SITE_SKIP_UNCHANGED = False``) or in a
check-only run.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator

from content_model.settings import ContentSettings
from sitecore.report import session_of

from .keys import RenderPlan, RenderRecord, digest, front_matter, header_digest, shared_signature, without_lines

logger = logging.getLogger(__name__)

ARTICLE_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles", "hidden_translations")


@dataclass(frozen=True, slots=True)
class IncrementalSettings:
    """``INCREMENTAL_RENDER``: take over unchanged pages from the last build (default on).
    ``CACHE_PATH``: where the record of the last build's pages is kept."""

    enabled: bool
    cache_path: Path

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "IncrementalSettings":
        return cls(bool(settings.get("INCREMENTAL_RENDER", True)), Path(settings.get("CACHE_PATH", "cache")))


def _record_path(config: IncrementalSettings, site_folder: str) -> Path:
    key = hashlib.sha256(site_folder.encode()).hexdigest()[:16]
    return config.cache_path / f"rendered-pages-{key}.json"


def article_facts(article: Any) -> tuple[str, ...]:
    """Facts about an article that other pages show and its front matter alone does not
    give: the summary cut from the body when there is none, its address, its status."""
    date = getattr(article, "date", None)
    return (str(getattr(article, "summary", "") or ""), article.url, article.save_as,
            str(getattr(article, "status", "")), date.isoformat() if date else "")


def plan_rendering(generators: list[Any]) -> None:
    articles_generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    if articles_generator is None:
        return
    settings = articles_generator.settings
    session = session_of(settings)
    config = IncrementalSettings.from_pelican(settings)
    files = session.input_files
    if not config.enabled or not files or settings.get("SITE_CHECK_ONLY"):
        return
    contents = [a for name in ARTICLE_LISTS for a in getattr(articles_generator, name, [])]
    # Fields shown only through a selection: keyed by what was chosen, not per article.
    selected = sorted({f for choice in session.selections.values() for f in choice.fields})
    choices = [digest(name, *choice.fields, "\0", *choice.chosen)
               for name, choice in sorted(session.selections.items())]
    record_path = _record_path(config, str(articles_generator.output_path))
    previous = RenderRecord.load(record_path)
    known = previous.headers if previous else {}
    headers: dict[str, str] = {}
    own: dict[int, str] = {}
    shared: list[str] = []
    sources: set[str] = set()
    for article in contents:
        # Pelican's source paths are absolute; resolve only when the skip check saw the
        # file by another name (a linked folder): resolving 10,000 paths took a second.
        path = article.source_path
        sha = files.get(path)
        if sha is None:
            path = str(Path(path).resolve())
            sha = files.get(path)
        if sha is None:  # read from somewhere the skip check did not hash: render everything
            return
        own[id(article)] = sha
        if path in sources:  # a file read twice (translations): already counted
            continue
        sources.add(path)
        lines = getattr(article, "field_lines", {})
        dropped = sorted(lines[f] for f in selected if f in lines)
        known_as = f"{sha}:{','.join(map(str, dropped))}"
        header = known.get(known_as)
        if header is None:  # a file changed since the last build: its front matter is read
            with open(path, "rb") as handle:
                header = header_digest(without_lines(front_matter(handle.read()), dropped))
        headers[known_as] = header
        shared.append(shared_signature(path, header, article_facts(article)))
    now = ContentSettings.from_pelican(settings).now
    others = [f"{path}\0{sha}" for path, sha in sorted(files.items()) if path not in sources]
    site = digest(session.fixed_inputs, now.date().isoformat(),
                  session.changes_at.isoformat() if session.changes_at else "", *others, *choices, *sorted(shared))
    base = digest(session.fixed_inputs, *others)
    session.render_plan = plan = RenderPlan(site, own, previous, base, headers=headers)

    def keep_record(published: Path) -> None:
        plan.record(published, session.published_files).save(record_path)
        logger.info("Trang: dựng lại %d, lấy nguyên từ lần dựng trước %d", plan.rendered, plan.reused)

    session.add_publish_step("render record", keep_record)


def register() -> None:
    signals.all_generators_finalized.connect(plan_rendering)
