"""The reader's site: province, cluster, central-news and "Tỉnh hội" pages, and the
helpers every template uses.

Handlers:
* ``check_settings`` (initialized): a missing setting stops the build with its fix.
* ``add_template_helpers`` (generator_init): every generator's Jinja environment gets
  the filters ``vn_datetime`` (``Thứ Tư, 23/05/2018 03:22``, the one date format of
  the site), ``published``/``updated`` (an article's date or update, without the time
  when the editor gave none) and their ``iso_`` forms, ``vn_date``, ``vn_month``,
  ``iso_datetime``, ``province_label`` and the
  globals ``T`` (the UI strings) and ``image_size``; compiled templates are kept in
  ``CACHE_PATH/templates`` for the next build (``compiled``).
* ``unify_category_names`` (article_generator_finalized): one spelling per category.
* ``add_generator`` (get_generators): :class:`SitePagesGenerator`.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from pelican import signals

from sitecore.errors import settings_check
from sitecore.report import session_of
from sitecore.fragments import FragmentCache

from . import vndates
from .compiled import compiled_templates
from .directory import province_label
from .generator import SitePagesGenerator
from .images import ImageSizes
from .labels import canonical_spellings
from .settings import SitePagesSettings
from .strings import UIStrings

UI = UIStrings()


check_settings = settings_check(SitePagesSettings.from_pelican)


def article_province_label(article: Any) -> str:
    """The province of ``article`` as its page and listings show it ("" for central news)."""
    province = getattr(article, "province", None)
    if province is None:
        return ""
    return province_label(getattr(article, "province_label", None), province.province)


def moment_text(item: Any, field: str, tz: Any, iso: bool = False) -> str:
    """An article's ``date`` or ``modified`` as readers see it (``iso``: for ``<time
    datetime>``), with its time only when the editor gave one (the content model's
    ``date_has_time``/``modified_has_time``; content read otherwise has a time)."""
    moment, has_time = getattr(item, field), bool(getattr(item, f"{field}_has_time", True))
    return (vndates.iso_moment if iso else vndates.vn_moment)(moment, has_time, tz)


def add_template_helpers(generator) -> None:
    config = SitePagesSettings.from_pelican(generator.settings)
    tz = config.timezone
    generator.env.filters.update(
        {
            "vn_datetime": partial(vndates.vn_datetime, tz=tz),
            "vn_date": partial(vndates.vn_date, tz=tz),
            "vn_month": partial(vndates.vn_month, tz=tz),
            "iso_datetime": partial(vndates.iso_datetime, tz=tz),
            "province_label": article_province_label,
            # article|published, article|updated (and iso_ for <time datetime>): the
            # date, with its time only when the editor wrote one.
            "published": partial(moment_text, field="date", tz=tz),
            "iso_published": partial(moment_text, field="date", tz=tz, iso=True),
            "updated": partial(moment_text, field="modified", tz=tz),
            "iso_updated": partial(moment_text, field="modified", tz=tz, iso=True),
            "expires": partial(moment_text, field="expires", tz=tz),
            "iso_expires": partial(moment_text, field="expires", tz=tz, iso=True),
        }
    )
    # One fragment cache per generator (its own Jinja environment): a block that is the
    # same on every page is rendered a handful of times per build, not once per page.
    generator.env.globals.update({
        "T": UI,
        "image_size": ImageSizes(config.content_root),
        "shared_fragment": FragmentCache().template_global(),
    })
    generator.env.bytecode_cache = compiled_templates(generator.settings["CACHE_PATH"])


def unify_category_names(generator) -> None:
    """Every article of a category shows one spelling of its name (``labels``): each
    article and the categories list get the category object typed that way. Pages
    show the name of other articles' choice, so the choice is part of every page's key."""
    articles = [*generator.articles, *getattr(generator, "drafts", [])]
    chosen = canonical_spellings((a.category.slug, a.category.name) for a in articles if getattr(a, "category", None))
    objects = {a.category.slug: a.category for a in articles
               if getattr(a, "category", None) and a.category.name == chosen[a.category.slug]}
    for article in articles:
        category = getattr(article, "category", None)
        if category is not None and category is not objects[category.slug]:
            article.category = objects[category.slug]
    generator.categories[:] = [(objects.get(c.slug, c), members) for c, members in generator.categories]
    session_of(generator.settings).graph.show_on_every_page("category_names", repr(sorted(chosen.items())))


def add_generator(pelican) -> type[SitePagesGenerator]:
    return SitePagesGenerator


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(add_template_helpers)
    signals.get_generators.connect(add_generator)
    signals.article_generator_finalized.connect(unify_category_names)
