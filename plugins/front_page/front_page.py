"""Adapter: the front page's arrangement, each category page's lead story and the
"Danh mục" page (the phone menu without JavaScript).

Handlers:
* ``add_generator`` (get_generators): :class:`FrontPageGenerator`. After the article
  generator it arranges the front page once (``arrangement.arrange``) and picks each
  category's lead story, leaving ``front_page`` and ``category_leads`` in the shared
  context for ``index.html`` and ``category.html``; it writes the menu page.

What pages show: the leads are picked by the ``featured`` field, which pages show only
through choices (the render plan leaves it out of article keys). The leads are
therefore a choice of their own (``add_selection``: in a resident build a changed flag
is a full build unless ``keeps_selection`` tells it leaves the leads as they are, and
the site key follows the leads), and the featured articles are a text the home and category pages
show (``show_on_pages_of``: they are keyed by them as well as by the articles they
list).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pelican import signals
from pelican.generators import Generator

from content_model.settings import ContentSettings
from sidebars.selection import newest_first
from sidebars.sidebars import FEATURED_FIELDS, featured_until, still_featured
from sitecore.errors import ConfigError, load_settings, settings_check
from sitecore.report import session_of

from . import arrangement

logger = logging.getLogger(__name__)

# The name the build log gives the choice ("khối tin_chinh có thể đổi": the lead stories).
LEADS = "tin_chinh"


@dataclass(frozen=True, slots=True)
class FrontPageSettings:
    """What the plugin reads from ``pelicanconf.py`` (every count a whole number):

    ``FRONT_PAGE_SECONDARY`` (4): stories beside the lead story.
    ``FRONT_PAGE_SECTIONS`` (None): the main categories' names, in the order shown;
    None takes the categories in use, the most used first.
    ``FRONT_PAGE_MAX_SECTIONS`` (6): at most this many category sections.
    ``FRONT_PAGE_SECTION_ITEMS`` (4): stories per category section.
    ``FRONT_PAGE_PROVINCE_ITEMS`` (6): stories in "Tin các tỉnh hội".
    ``FRONT_PAGE_GALLERY_ITEMS`` (8): photos in "Sự kiện qua ảnh".
    ``FRONT_PAGE_MENU_URL`` / ``FRONT_PAGE_MENU_SAVE_AS`` ("danh-muc/"): the menu page.
    """

    layout: arrangement.Layout
    sections: tuple[str, ...] | None
    menu_url: str
    menu_save_as: str
    relative_urls: bool

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "FrontPageSettings":
        problems: list[str] = []

        def count(key: str, default: int, least: int) -> int:
            value = settings.get(key, default)
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                problems.append(f"{key}: {value!r} không hợp lệ; cần một số nguyên từ {least} trở lên, "
                                f"ví dụ {key} = {default}.")
                return default
            return value

        layout = arrangement.Layout(
            secondary=count("FRONT_PAGE_SECONDARY", 4, 0),
            max_sections=count("FRONT_PAGE_MAX_SECTIONS", 6, 0),
            section_items=count("FRONT_PAGE_SECTION_ITEMS", 4, 1),
            province_items=count("FRONT_PAGE_PROVINCE_ITEMS", 6, 0),
            gallery_items=count("FRONT_PAGE_GALLERY_ITEMS", 8, 0),
        )
        names = settings.get("FRONT_PAGE_SECTIONS")
        sections: tuple[str, ...] | None = None
        if names is not None:
            if isinstance(names, str) or not isinstance(names, Sequence) \
                    or not all(isinstance(n, str) and n.strip() for n in names):
                problems.append(f"FRONT_PAGE_SECTIONS: {names!r} không hợp lệ; cần danh sách tên chuyên mục, "
                                'ví dụ FRONT_PAGE_SECTIONS = ["Hoạt động Hội", "Học bổng – Khen thưởng"], '
                                "hoặc None để lấy các chuyên mục có nhiều tin nhất.")
            else:
                sections = tuple(n.strip() for n in names)
        menu_url = settings.get("FRONT_PAGE_MENU_URL", "danh-muc/")
        if not isinstance(menu_url, str) or not menu_url.endswith("/") or menu_url.startswith("/"):
            problems.append(f"FRONT_PAGE_MENU_URL: {menu_url!r} không hợp lệ; cần địa chỉ tương đối kết thúc "
                            'bằng "/", ví dụ FRONT_PAGE_MENU_URL = "danh-muc/".')
            menu_url = "danh-muc/"
        if problems:
            raise ConfigError(" ".join(problems))
        save_as = settings.get("FRONT_PAGE_MENU_SAVE_AS", menu_url + "index.html")
        return cls(layout, sections, menu_url, save_as, bool(settings.get("RELATIVE_URLS", False)))


@dataclass(frozen=True, slots=True)
class ShownSection:
    """A category's section of the front page, as the template shows it."""

    category: Any
    articles: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class ShownFrontPage:
    lead: Any | None
    secondary: tuple[Any, ...]
    sections: tuple[ShownSection, ...]
    provinces: tuple[Any, ...]
    gallery: tuple[Any, ...]
    stories: tuple[Any, ...]  # every article shown as a story (``FrontPage.stories``)


def chosen_categories(categories: Mapping[str, Any], names: Sequence[str]) -> list[Any]:
    """The categories ``names`` (a setting) names, in its order; every name that is not a
    category in use is reported at once."""
    by_name = {c.name: c for c in categories.values()}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        known = ", ".join(f'"{n}"' for n in sorted(by_name))
        raise ConfigError("FRONT_PAGE_SECTIONS: " + ", ".join(f'"{n}"' for n in unknown)
                          + f" không phải chuyên mục có tin. Các chuyên mục có tin: {known}.")
    return [by_name[n] for n in names]


def _order_key(article: Any) -> tuple[float, str]:
    """An article's place in a newest-first list, in values a record keeps."""
    return article.date.timestamp(), article.url


def _lead_fact(lead: Any | None, is_featured: Any) -> list[Any] | None:
    """What a resident build needs to know of a lead: its place and whether it is featured."""
    return None if lead is None else [*_order_key(lead), is_featured(lead)]


def _photo(article: Any) -> str | None:
    return getattr(article, "image", None) or None


class FrontPageGenerator(Generator):
    """Arranges the front page and the category leads; writes the menu page."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = FrontPageSettings.from_pelican(self.settings)

    def generate_context(self) -> None:
        content = ContentSettings.from_pelican(self.settings)
        now, tz = content.now, content.timezone
        articles = newest_first(self.context.get("articles", []))
        featured = {id(a) for a in articles if still_featured(a, now, tz)}
        is_featured = lambda a: id(a) in featured  # noqa: E731

        categories: dict[str, Any] = {}
        by_category: dict[str, list[Any]] = {}
        for article in articles:
            categories.setdefault(article.category.slug, article.category)
            by_category.setdefault(article.category.slug, []).append(article)
        layout = self.config.layout
        if self.config.sections is not None:
            names = self.config.sections
            # A name that is no category stops the build as one line, like a bad setting.
            picked = load_settings(lambda _s: chosen_categories(categories, names), self.settings)
            named = [c.slug for c in picked]
            keys = arrangement.main_sections({}, str, layout.max_sections, named)
        else:
            keys = arrangement.main_sections({k: len(v) for k, v in by_category.items()},
                                             lambda k: categories[k].name, layout.max_sections)
        # The editors' groups (plugins/groups), when they chose: the home page's
        # headline articles and a category's lead.
        headline = self.context.get("headline_group")
        arranged = arrangement.arrange(
            articles, layout, featured=is_featured, photo=_photo, section_of=lambda a: a.category.slug,
            sections=keys, from_province=lambda a: getattr(a, "province", None) is not None,
            headline=headline.articles if headline is not None else ())
        self.context["front_page"] = ShownFrontPage(
            arranged.lead, arranged.secondary,
            tuple(ShownSection(categories[s.key], s.articles) for s in arranged.sections),
            arranged.provinces, arranged.gallery, tuple(arranged.stories()))
        leads = {slug: arrangement.lead_of(items, is_featured, _photo) for slug, items in by_category.items()}
        self.context["category_leads"] = {**leads, **self.context.get("group_leads", {})}
        self.context["front_page_menu_url"] = self.config.menu_url

        # Pages show the leads, picked by a field they show only through choices. The
        # choice recorded is the one the featured flags make (a lead an editor's group
        # puts in its place is the groups plugin's to declare): a group changed then
        # changes no page keyed by the whole site.
        session = session_of(self.settings)
        lead = arrangement.lead_of(articles, is_featured, _photo)
        chosen = [lead] + [leads[k] for k in sorted(leads)]
        paths = [a.source_path if a is not None else "" for a in chosen]
        scopes = [("", lead), *leads.items()]
        facts = {scope: _lead_fact(lead, is_featured) for scope, lead in scopes}
        session.graph.add_selection(LEADS, FEATURED_FIELDS, paths, {"leads": facts})
        # What the listings' keys miss of the leads: which articles are featured (the rest
        # of the rule, dates and photos, is in the keys of the articles a listing shows).
        # Not the leads themselves: a new article often becomes a category's lead, and
        # every listing would be rendered again instead of patched.
        featured_paths = "\0".join(sorted(a.source_path for a in articles if id(a) in featured))
        for template in ("index", "category"):
            session.graph.show_on_pages_of(template, LEADS, featured_paths)

    def keeps_selection(self, name: str, recorded: Mapping[str, Any], old: Any, new: Any) -> bool:
        """Asked by a resident build (``resident``): do the leads stay as the last
        build ``recorded`` them when the article ``old`` becomes ``new``, whose featured
        fields changed? A lead changes when the article was one, or when it is now
        featured and newer than the front page's or its category's featured lead (or
        that lead was not a featured one). A featured period not over is left to
        Pelican's run, which notes when it ends."""
        if name != LEADS:
            return False
        content = ContentSettings.from_pelican(self.settings)
        now, tz = content.now, content.timezone
        if any(until is not None and until >= now for until in (featured_until(a, tz) for a in (old, new))):
            return False
        if old.source_path in recorded.get("chosen", ()):
            return False
        if not still_featured(new, now, tz):
            return True
        leads = recorded.get("facts", {}).get("leads", {})
        for scope in ("", new.category.slug):
            lead = leads.get(scope)
            if not lead or not lead[2] or tuple(_order_key(new)) > tuple(lead[:2]):
                return False
        return True

    def generate_output(self, writer) -> None:
        writer.write_file(self.config.menu_save_as, self.get_template("menu"), self.context,
                          relative_urls=self.config.relative_urls, template_name="menu",
                          url=self.config.menu_url)


def add_generator(pelican) -> type[FrontPageGenerator]:
    return FrontPageGenerator


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(add_generator)


check_settings = settings_check(FrontPageSettings.from_pelican)
