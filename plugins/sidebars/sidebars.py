"""Adapter: "Tin mới cập nhật", "Tiêu điểm", "Xem nhiều" on every page; "Những bản
tin khác", "Tin cùng tỉnh" and "Tin liên quan" under each article.

Handlers:
* ``add_generator`` (get_generators): :class:`ReadingBlocks`, a generator that, after
  the article generator, computes every list once for the whole build and leaves them
  in the shared context (``sidebar_latest``, ``sidebar_featured``, ``sidebar_most_read``,
  ``sidebar_most_linked``) and on each article (``other_news``, ``related``, and
  ``same_province_file``: "Tin cùng tỉnh" is the unit's newest, which each article page
  loads from its unit's file, ``khoi/tinh/<unit>.html``). "Tin mới cập nhật" and "Tiêu
  điểm" change with every article published;
  the home page shows them, and every other page loads them in place from a file of
  their own that this generator writes (``SIDEBARS_BLOCKS``,
  ``theme/templates/partials/shared_blocks.html``): publishing an article rewrites two
  small files, not every page. "Xem nhiều" and the documents plugin's "Văn bản mới"
  are loaded the same way (``partials/later_blocks.html``).
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pelican import signals
from pelican.generators import Generator

from content_model.settings import ContentSettings
from provinces.provinces import registry_for
from sitecore.report import session_of
from sitecore.urls import absolute_base

from . import linking, selection


@dataclass(frozen=True, slots=True)
class BlockFiles:
    """Where the loaded blocks are published: names in the site, below ``folder``."""

    folder: str = "khoi"

    @property
    def latest(self) -> str:
        return f"{self.folder}/tin-moi.html"

    @property
    def featured(self) -> str:
        return f"{self.folder}/tieu-diem.html"

    @property
    def most_read(self) -> str:
        return f"{self.folder}/xem-nhieu.html"

    @property
    def documents(self) -> str:
        return f"{self.folder}/van-ban.html"

    def unit(self, slug: str) -> str:
        """The file of "Tin cùng tỉnh" of the unit ``slug``."""
        return f"{self.folder}/tinh/{slug}.html"


@dataclass(frozen=True, slots=True)
class SidebarSettings:
    """``SIDEBARS_LATEST_COUNT`` (10), ``SIDEBARS_FEATURED_COUNT`` (5),
    ``SIDEBARS_OTHER_COUNT`` (10, "Những bản tin khác"), ``SIDEBARS_PROVINCE_COUNT`` (5),
    ``SIDEBARS_RELATED_COUNT`` (5), ``SIDEBARS_RELATED_CAP`` (60, see RelatedIndex),
    ``SIDEBARS_BLOCKS`` ("khoi/"): the folder of the loaded blocks' files,
    ``SIDEBARS_MOST_READ_COUNT`` (5, "Xem nhiều")."""

    latest: int
    featured: int
    other: int
    province: int
    related: int
    related_cap: int
    blocks: BlockFiles = BlockFiles()
    most_read: int = 5

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "SidebarSettings":
        get = lambda key, default: int(settings.get(key, default))  # noqa: E731
        folder = str(settings.get("SIDEBARS_BLOCKS", "khoi/")).strip("/")
        return cls(get("SIDEBARS_LATEST_COUNT", 10), get("SIDEBARS_FEATURED_COUNT", 5),
                   get("SIDEBARS_OTHER_COUNT", 10), get("SIDEBARS_PROVINCE_COUNT", 5),
                   get("SIDEBARS_RELATED_COUNT", 5), get("SIDEBARS_RELATED_CAP", 60),
                   BlockFiles(folder),
                   get("SIDEBARS_MOST_READ_COUNT", 5))


FEATURED = "sidebar_featured"
FEATURED_FIELDS = ("featured", "featured_until")
MOST_READ = "sidebar_most_read"
MOST_READ_FIELDS = ("legacy_views",)
MOST_LINKED = "sidebar_most_linked"


def _order_key(article: Any) -> tuple[float, str]:
    """An article's place in a newest-first choice (``selection.newest_first``), in
    values a record keeps."""
    return article.date.timestamp(), article.url


def still_featured(article: Any, now: dt.datetime, tz: dt.tzinfo) -> bool:
    """Whether ``article`` is featured at ``now``: flagged, and its ``featured_until``
    not passed. The one rule for every block that picks featured articles (the front
    page's lead stories too)."""
    if not getattr(article, "featured", False):
        return False
    until = featured_until(article, tz)
    return until is None or until >= now


def featured_until(article: Any, tz: dt.tzinfo) -> dt.datetime | None:
    """``featured_until`` as the end of that day in Vietnam time (a date means "through")."""
    value = getattr(article, "featured_until", None)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=tz)
    return dt.datetime.combine(value, dt.time(23, 59, 59), tzinfo=tz)


class ReadingBlocks(Generator):
    def generate_context(self) -> None:
        config = SidebarSettings.from_pelican(self.settings)
        content = ContentSettings.from_pelican(self.settings)
        tz = content.timezone
        articles = list(self.context.get("articles", []))
        self.context["sidebar_latest"] = selection.latest(articles, config.latest)
        self.context["sidebar_blocks"] = config.blocks
        until = {id(a): featured_until(a, tz) for a in articles if getattr(a, "featured", False)}
        chosen = self.context["sidebar_featured"] = selection.featured(
            articles, content.now, config.featured, lambda a: id(a) in until, lambda a: until[id(a)],
        )
        # The block changes by itself when a featured period ends: a later build must redo it.
        session = session_of(self.settings)
        for moment in until.values():
            if moment is not None and moment >= content.now:
                session.output_changes_at(moment)
        # The block is the only place pages show these fields (incremental keys).
        session.graph.add_selection(FEATURED, FEATURED_FIELDS, [a.source_path for a in chosen],
                              {"count": config.featured, "keys": [_order_key(a) for a in chosen]})
        # "Xem nhiều": the old site's counts, the only reads a static site knows; pages
        # show them only through this block (a changed count redoes the block's pages).
        most_read = self.context["sidebar_most_read"] = selection.most_read(
            articles, config.most_read, lambda a: getattr(a, "legacy_views", 0) or 0)
        session.graph.add_selection(MOST_READ, MOST_READ_FIELDS, [a.source_path for a in most_read],
                              {"count": config.most_read, "views": [a.legacy_views for a in most_read]})
        # "Được dẫn nhiều": what the bodies link (the reader's ``article_links``). Those
        # addresses are part of what other pages show of an article, so an edit of them
        # is never rebuilt as a body alone: the choice is made again by this run.
        self._by_url = {a.url: a for a in articles}
        self._by_source = {a.relative_source_path: a for a in articles}
        self._bases = tuple(dict.fromkeys(b for b in (str(self.settings.get("SITEURL") or "").rstrip("/") + "/",
                                                      absolute_base(self.settings)) if b.startswith("http")))
        most_linked = self.context["sidebar_most_linked"] = selection.most_linked(
            articles, config.most_read, self._linked_articles)
        session.graph.add_selection(MOST_LINKED, (), [a.source_path for a, _ in most_linked],
                              {"count": config.most_read, "links": [n for _, n in most_linked]})
        by_category: dict[str, list[Any]] = {}
        for article in articles:
            by_category.setdefault(article.category.slug, []).append(article)
        by_category = {k: selection.newest_first(v) for k, v in by_category.items()}
        category_positions = {k: selection.positions_of(v) for k, v in by_category.items()}

        registry = registry_for(self.settings)
        by_unit: dict[str, list[Any]] = {}
        for article in articles:
            province = getattr(article, "province", None)
            if province is not None:
                # a former unit's articles belong with its successor's ("Tin cùng tỉnh")
                unit = registry.successor(province.province).slug
                by_unit.setdefault(unit, []).append(article)
        by_unit = {k: selection.newest_first(v) for k, v in by_unit.items()}
        # "Tin cùng tỉnh" is the unit's newest news: every article of the unit would change
        # with each new one, so each article page loads it from its unit's file (one more
        # than shown: the page leaves itself out, js/blocks.js).
        self.units = {unit: (registry.provinces[unit], items[:config.province + 1]) for unit, items in by_unit.items()}
        self.context["same_province_count"] = config.province

        related = selection.RelatedIndex(articles, lambda a: [t.slug for t in getattr(a, "tags", [])],
                                         config.related_cap)
        later = selection.OnFirstRead
        for article in articles:
            slug = article.category.slug
            article.other_news = later(lambda a=article, s=slug: selection.older_in_list(
                by_category[s], category_positions[s], a, config.other))
            province = getattr(article, "province", None)
            article.same_province_file = (config.blocks.unit(registry.successor(province.province).slug)
                                          if province is not None else None)
            article.related = later(lambda a=article: related.related(a, config.related))

    def generate_output(self, writer) -> None:
        """The loaded blocks as files of their own (``block.html``), which pages load."""
        blocks = self.context["sidebar_blocks"]
        for name, template, heading in ((blocks.latest, "partials/sidebar_latest.html", "latest_heading"),
                                        (blocks.featured, "partials/sidebar_featured.html", "featured_heading"),
                                        (blocks.most_read, "partials/sidebar_most_read.html", "most_read_heading"),
                                        (blocks.documents, "partials/sidebar_documents.html",
                                         "documents_latest_heading")):
            writer.write_file(name, self.get_template("block"), self.context,
                              relative_urls=bool(self.settings.get("RELATIVE_URLS")),
                              block_template=template, block_heading=heading)
        for unit, (province, items) in sorted(self.units.items()):
            writer.write_file(blocks.unit(unit), self.get_template("block"), self.context,
                              relative_urls=bool(self.settings.get("RELATIVE_URLS")),
                              block_template="partials/same_province_block.html", block_heading="same_province_heading",
                              block_unit=province, block_items=items)

    def _linked_articles(self, content: Any) -> list[Any]:
        """The published articles ``content``'s body links to."""
        folder = posixpath.dirname(content.relative_source_path)
        found = linking.links_of(getattr(content, "article_links", ()), folder, content.url or "", self._bases)
        return [a for a in (*(self._by_source.get(s) for s in found.sources),
                            *(self._by_url.get(u) for u in found.addresses)) if a is not None]

    def keeps_selection(self, name: str, recorded: Mapping[str, Any], old: Any, new: Any) -> bool:
        """Asked by a resident build (``resident``, no generator run): does the
        choice ``name`` stay as the last build ``recorded`` it (``chosen`` source paths
        and this generator's ``facts``) when the article ``old`` becomes ``new``, whose
        fields of that choice changed? Only "Tiêu điểm" is known here. A featured period
        that has not ended is left to Pelican's run: it sets when the site next changes
        by itself (``output_changes_at``)."""
        if name != FEATURED:
            return False
        content = ContentSettings.from_pelican(self.settings)
        tz, now = content.timezone, content.now
        featured = [a for a in (old, new) if getattr(a, "featured", False)]
        if any(until is not None and until >= now for until in (featured_until(a, tz) for a in featured)):
            return False
        enters = _order_key(new) if getattr(new, "featured", False) and featured_until(new, tz) is None else None
        facts = recorded.get("facts", {})
        return selection.keeps_choice([tuple(k) for k in facts.get("keys", ())], int(facts.get("count", 0)),
                                      old.source_path in recorded.get("chosen", ()), enters)


def add_generator(pelican) -> type[ReadingBlocks]:
    return ReadingBlocks


def register() -> None:
    signals.get_generators.connect(add_generator)
