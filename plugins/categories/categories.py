"""Adapter: an article in several categories, and how each category's listing opens
(the logic is in ``landing``).

Handlers:
* ``check_settings`` (initialized): a bad setting stops the build with its fix.
* ``add_further_categories`` (article_generator_finalized: every article read, before
  Pelican writes a category page and before the feeds plugin reads the categories):
  reads ``content/data/chuyen-muc.yml``, reports its problems and every ``also_in:``
  name that is no category (with the nearest one), adds each published article to the
  member lists of its further categories (Pelican's category pages and the feeds take
  their articles from those lists) and gives it ``further_categories`` (the
  ``Category`` objects, for its page). ``category_landing`` in the shared context gives
  the templates each category's description and layout and the "Mới" badge's days.

A category listing's pages are keyed by the articles they list (``incremental``), so an
article added to or taken out of a category by ``also_in:`` renders that category's
pages again, and nothing else is needed for incremental builds. The registry file is in
the content folder (as the bylines' registries are): an input of every key.

Why a plugin of its own: the category pages are Pelican's own (no plugin holds category
logic beyond one spelling per name in ``site_pages``), and both features change what
those pages list and show; keeping them here leaves the site pages plugin its pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.urlwrappers import Category

from content_model.members import Members
from site_pages.labels import canonical_spellings
from sitecore.errors import ConfigError, ContentError, settings_check
from sitecore.registry_file import data_file
from sitecore.report import report_of

from .landing import DEFAULT_LAYOUT, CategoryLanding, further_categories, load_landings

DEFAULT_NEW_DAYS = 3


@dataclass(frozen=True, slots=True)
class CategoriesSettings:
    """``CATEGORIES_REGISTRY``: the category registry (relative: from the content folder,
    ``PATH``; a missing file is an empty registry). ``CATEGORIES_NEW_DAYS``: an article
    of a category listing carries the "Mới" badge for this many days after its date
    (0: no badge)."""

    registry: Path
    new_days: int

    @classmethod
    def from_pelican(cls, s: Mapping[str, Any]) -> "CategoriesSettings":
        days = s.get("CATEGORIES_NEW_DAYS", DEFAULT_NEW_DAYS)
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise ConfigError(f"CATEGORIES_NEW_DAYS: {days!r} phải là số ngày nguyên, 0 trở lên "
                              f"(0: không gắn nhãn Mới; mặc định {DEFAULT_NEW_DAYS})")
        return cls(data_file(s, "CATEGORIES_REGISTRY", "data/chuyen-muc.yml"), days)


check_settings = settings_check(CategoriesSettings.from_pelican)


class Landings:
    """The templates' view of the category settings (``category_landing``)."""

    def __init__(self, landings: dict[str, CategoryLanding], new_days: int) -> None:
        self.landings = landings
        self.new_days = new_days

    def of(self, category: Any) -> CategoryLanding:
        slug = getattr(category, "slug", "")
        return self.landings.get(slug) or CategoryLanding(getattr(category, "name", ""), "", DEFAULT_LAYOUT)


def add_further_categories(generator) -> None:
    config = CategoriesSettings.from_pelican(generator.settings)
    report = report_of(generator.settings)
    landings, problems = load_landings(config.registry)
    for problem in problems:
        report.add(problem)
    generator.context["category_landing"] = Landings(landings, config.new_days)
    published = list(generator.articles)
    # Drafts and archived (hidden) articles are checked and name their categories on
    # their own page, but are listed nowhere.
    everyone = [*published, *getattr(generator, "drafts", []), *getattr(generator, "hidden_articles", [])]
    # The categories of the site, each object once, spelled as site_pages spells it
    # (the same choice from the same articles: whichever handler runs first).
    chosen = canonical_spellings((a.category.slug, a.category.name) for a in everyone if getattr(a, "category", None))
    objects: dict[str, Any] = {a.category.slug: a.category for a in everyone
                               if getattr(a, "category", None) and a.category.name == chosen[a.category.slug]}
    for slug, landing in landings.items():
        objects.setdefault(slug, Category(landing.key, generator.settings))
    known = {slug: category.name for slug, category in objects.items()}
    members = {category.slug: articles for category, articles in generator.categories}
    added = False
    changed: set[str] = set()
    published_ids = {id(a) for a in published}
    for article in everyone:
        names = getattr(article, "also_in", None) or []
        article.further_categories = []
        if not names or not getattr(article, "category", None):
            continue
        slugs, messages = further_categories(names, known, article.category.slug)
        line = getattr(article, "field_lines", {}).get("also_in")
        for message in messages:
            report.add(ContentError(article.source_path, "also_in", message, line))
        article.further_categories = [objects[slug] for slug in slugs]
        if id(article) not in published_ids:
            continue  # a draft or an archived article is listed nowhere
        for slug in slugs:
            if slug not in members:
                members[slug] = Members()
                generator.categories.append((objects[slug], members[slug]))
                added = True
            members[slug].append(article)
            changed.add(slug)
    # Pelican paginates a category's member list as it is: keep it in the site's order
    # (generator.articles is sorted by ARTICLE_ORDER_BY before this signal).
    order = {id(a): n for n, a in enumerate(published)}
    for slug in changed:
        members[slug].sort(key=lambda a: order[id(a)])
    if added:
        generator.categories.sort(key=lambda pair: pair[0])


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.article_generator_finalized.connect(add_further_categories)
