"""Adapter: canonical addresses, Open Graph and Twitter cards, JSON-LD ``NewsArticle``,
``sitemap.xml`` and ``robots.txt``.

Handlers:
* ``add_template_helpers`` (generator_init): Jinja filters ``absolute_url``,
  ``plain_text``, ``sharing_image`` and ``news_article_json`` for
  ``partials/seo_meta.html``, ``breadcrumb_json`` for ``macros/breadcrumb.html``.
* ``add_generator`` (get_generators): :class:`SitemapGenerator` writes the sitemap
  (every published article and page, the listing pages: categories, tags, authors,
  provinces and clusters with articles, "Trung ương", "Tỉnh hội") and robots.txt.
  Drafts and scheduled articles are not in Pelican's lists, so never in the sitemap.

Absolute addresses: ``SITEURL`` when it is absolute (``publishconf.py``), else
``SITE_ABSOLUTE_URL`` (``sitecore.urls``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from sitecore.report import session_of
from sitecore.text import plain_text
from sitecore.urls import absolute, absolute_base

from .metadata import NewsArticleData, SitemapEntry, breadcrumb_json_ld, json_ld, robots, sitemap_files

@dataclass(frozen=True, slots=True)
class SeoSettings:
    """``SEO_SITEMAP``: the sitemap's file name (``sitemap.xml``; set it to ``""`` to write
    neither sitemap nor robots.txt). ``SEO_ROBOTS_DISALLOW``: paths robots should not
    crawl (the search indexes). ``SEO_LOGO``: the publisher's logo, from the site root.
    ``SEO_SITEMAP_LIMIT``: addresses per sitemap file (above it, a sitemap index)."""

    sitemap: str
    robots_disallow: tuple[str, ...]
    logo: str
    sitemap_limit: int

    @classmethod
    def from_pelican(cls, s: Mapping[str, Any]) -> "SeoSettings":
        return cls(
            sitemap=str(s.get("SEO_SITEMAP", "sitemap.xml")),
            robots_disallow=tuple(s.get("SEO_ROBOTS_DISALLOW", ("/pagefind/",))),
            logo=str(s.get("SEO_LOGO", f"{s.get('THEME_STATIC_DIR', 'theme')}/images/logo.svg")),
            sitemap_limit=int(s.get("SEO_SITEMAP_LIMIT", 50_000)),
        )


def sharing_image(article: Any) -> str | None:
    """The image networks show for an article (path from the site root): the images
    plugin's sharing copy (``og_image``) when there is one, else the lead image."""
    return getattr(article, "og_image", None) or getattr(article, "image", None) or None


def last_modified(item: Any) -> dt.datetime | None:
    date = getattr(item, "date", None)
    modified = getattr(item, "modified", None)
    if date is None:
        return modified
    return max(modified or date, date)


def news_article_json(article: Any, settings: Mapping[str, Any], config: SeoSettings) -> Markup:
    image = sharing_image(article)
    data = NewsArticleData(
        headline=article.title,
        url=absolute(settings, article.url),
        published=article.date,
        modified=last_modified(article),
        author=str(article.author),
        description=plain_text(getattr(article, "summary", "")),
        image=absolute(settings, image) if image else None,
        publisher=settings.get("SITENAME", ""),
        logo=absolute(settings, config.logo),
        section=article.category.name,
    )
    return Markup(json_ld(data))


def breadcrumb_json(trail: Iterable[tuple[str, str]], settings: Mapping[str, Any]) -> Markup:
    """``BreadcrumbList`` for ``macros/breadcrumb.html``: (name, address from the site
    root) pairs made absolute, as search engines want them."""
    return Markup(breadcrumb_json_ld((name, absolute(settings, url)) for name, url in trail))


def add_template_helpers(generator) -> None:
    settings = generator.settings
    generator.env.filters.update({
        "absolute_url": partial(absolute, settings),
        "plain_text": plain_text,
        "sharing_image": sharing_image,
        # The settings are read once per build, not on every article page.
        "news_article_json": partial(news_article_json, settings=settings, config=SeoSettings.from_pelican(settings)),
        "breadcrumb_json": partial(breadcrumb_json, settings=settings),
    })


def _newest(items: Iterable[Any]) -> dt.date | None:
    dates = [d for d in map(last_modified, items) if d is not None]
    return max(dates).date() if dates else None


def sitemap_entries(context: Mapping[str, Any], settings: Mapping[str, Any]) -> list[SitemapEntry]:
    """Home, articles (by address), pages, then the listing pages; each address once."""
    url = partial(absolute, settings)
    articles = list(context.get("articles", []))
    entries = [SitemapEntry(absolute_base(settings), _newest(articles))]
    entries += [SitemapEntry(url(a.url), _newest([a])) for a in sorted(articles, key=lambda a: a.url)]
    entries += [SitemapEntry(url(p.url), _newest([p])) for p in sorted(context.get("pages", []), key=lambda p: p.url)]
    for key in ("categories", "tags", "authors"):
        for item, items in sorted(context.get(key, []), key=lambda pair: pair[0].url):
            entries.append(SitemapEntry(url(item.url), _newest(items)))
    directory = context.get("province_directory")
    if directory is not None:
        entries.append(SitemapEntry(url(directory.url)))
        units = [u for g in directory.groups for u in (*g.current, *g.former)] + list(directory.former)
        entries += [SitemapEntry(url(g.cluster.url)) for g in directory.groups if g.count]
        entries += [SitemapEntry(url(u.province.url)) for u in units if u.count]
    if settings.get("CENTRAL_URL"):
        central = [a for a in articles if getattr(a, "province", None) is None and getattr(a, "cluster", None) is None]
        if central:
            entries.append(SitemapEntry(url(settings["CENTRAL_URL"]), _newest(central)))
    # Threads ("Theo dòng sự kiện", threads plugin) that have published articles.
    threads = [entry for entry in context.get("threads_index", []) if entry.count]
    if threads and context.get("threads_url"):
        entries.append(SitemapEntry(url(context["threads_url"]), max(e.latest for e in threads).date()))
        entries += [SitemapEntry(url(e.thread.url), e.latest.date()) for e in threads]
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry.loc not in seen:
            seen.add(entry.loc)
            unique.append(entry)
    return unique


class SitemapGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = SeoSettings.from_pelican(self.settings)

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        if not self.config.sitemap:
            return
        out = Path(self.output_path)
        session = session_of(self.settings)
        base = absolute_base(self.settings)

        def produce() -> dict[str, bytes]:
            entries = sitemap_entries(self.context, self.settings)
            return sitemap_files(entries, self.config.sitemap, base, self.config.sitemap_limit)

        # What the sitemap lists (addresses, dates, pages, listings, provinces) is all in
        # the site key: a build that changes only article bodies takes the published
        # sitemap over instead of listing every article again.
        session.files.write_derived_files(out, "sitemap", [], produce)
        text = robots(absolute(self.settings, self.config.sitemap), self.config.robots_disallow)
        session.files.write_file(out / "robots.txt", text.encode("utf-8"))


def add_generator(pelican) -> type[SitemapGenerator]:
    return SitemapGenerator


def register() -> None:
    signals.generator_init.connect(add_template_helpers)
    signals.get_generators.connect(add_generator)
