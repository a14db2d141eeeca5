"""Adapter: the curated groups of ``nhom-tin.yml`` (``model``) on the home page and the
category pages.

Handlers:
* ``check_settings`` (initialized): ``GROUPS_FILE`` is a file name.
* ``read_groups`` (article_generator_finalized: every article is read, before any
  plugin's generator arranges a page): reads the file, names every problem as a
  content error of the file (its line, the field, the value, the fix), and leaves in the
  shared context ``headline_group`` (the group shown at the top of the home page, or
  None) and ``group_leads`` (category slug -> the lead story a group chose), which the
  ``front_page`` plugin arranges the pages with.

What pages show (the incremental contract): the file is an input only these pages show
(``shown_only_as_declared``): the home page shows the headline group
(``show_on_pages_of("index")``), each category's pages its own lead group
(``show_on_pages_of_each("category")``). A changed group re-renders those pages, not
the site.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals

from sitecore.errors import ContentError, settings_check
from sitecore.registry_file import data_file
from sitecore.report import session_of

from . import model

logger = logging.getLogger(__name__)

# The name pages' keys give the groups (``show_on_pages_of``).
SHOWN = "nhom_tin"


@dataclass(frozen=True, slots=True)
class GroupSettings:
    """``GROUPS_FILE`` ("nhom-tin.yml"): the file of groups, relative to the content
    folder (``PATH``) or absolute. No file: no groups (the pages arrange themselves)."""

    path: Path

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "GroupSettings":
        return cls(data_file(settings, "GROUPS_FILE", "nhom-tin.yml"))


def _known(article: Any, state: str, root: str) -> model.Known[Any]:
    category = getattr(article, "category", None)
    return model.Known(article, str(getattr(article, "slug", "") or ""), str(article.url or ""),
                       os.path.relpath(article.source_path, root).replace(os.sep, "/"),
                       getattr(category, "slug", "") or "", getattr(category, "name", "") or "", state)


def read_groups(generator) -> None:
    settings = generator.settings
    config = GroupSettings.from_pelican(settings)
    context = generator.context
    context["headline_group"] = None
    context["group_leads"] = {}
    if not config.path.is_file():
        return
    session = session_of(settings)
    shown = str(config.path)
    try:
        text = config.path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        session.report.add(ContentError(shown, "groups", f"không đọc được tệp ({exc}); lưu tệp bằng mã UTF-8."))
        return
    specs, problems = model.parse(text)
    root = os.path.abspath(settings["PATH"])
    known = [_known(a, "published", root) for a in generator.articles]
    known += [_known(a, "scheduled" if a.metadata.get("scheduled") else "draft", root) for a in generator.drafts]
    categories = {a.category.slug: a.category.name for a in generator.articles}
    groups, found = model.resolve(specs, known, categories)
    problems += found
    for problem in problems:
        session.report.add(ContentError(shown, problem.field, problem.message, problem.line))
    headline = next((g for g in groups if g.show == model.HOME and g.articles), None)
    leads = {g.category: g for g in groups if g.show == model.CATEGORY and g.articles}
    context["headline_group"] = headline
    context["group_leads"] = {slug: g.articles[0] for slug, g in leads.items()}

    session.graph.shown_only_as_declared(shown)
    session.graph.show_on_pages_of("index", SHOWN, model.digest_text(headline, lambda a: a.source_path))
    session.graph.show_on_pages_of_each("category", SHOWN, "category",
                                  {slug: g.articles[0].source_path for slug, g in leads.items()})


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(read_groups)


check_settings = settings_check(GroupSettings.from_pelican)
