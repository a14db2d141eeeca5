"""Adapter: canonical addresses, Open Graph and Twitter cards, JSON-LD ``NewsArticle``,
``sitemap.xml`` and ``robots.txt``.

Handlers:
* ``add_template_helpers`` (generator_init): Jinja filters ``absolute_url`` and
  ``news_article_json`` for ``partials/seo_meta.html``.
* ``add_generator`` (get_generators): :class:`SitemapGenerator`.
"""

from __future__ import annotations

import html
import re
from functools import partial
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from sitecore.urls import absolute, absolute_base

from .metadata import NewsArticleData, json_ld, robots, sitemap

_TAGS = re.compile(r"<[^>]+>")


def plain(text: Any) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", str(text or ""))).split())


def news_article_json(article: Any, settings: dict[str, Any]) -> Markup:
    image = getattr(article, "og_image", None) or getattr(article, "image", None)
    data = NewsArticleData(
        headline=article.title,
        url=absolute(settings, article.url),
        published=article.date,
        modified=max(getattr(article, "modified", None) or article.date, article.date),
        author=str(article.author),
        description=plain(getattr(article, "summary", "")),
        image=absolute(settings, image) if image else None,
        publisher=settings.get("SITENAME", ""),
        logo=absolute(settings, f"{settings.get('THEME_STATIC_DIR', 'theme')}/images/logo.svg"),
        section=article.category.name,
    )
    return Markup(json_ld(data))


def add_template_helpers(generator) -> None:
    settings = generator.settings
    generator.env.filters.update({
        "absolute_url": partial(absolute, settings),
        "plain_text": plain,
        "news_article_json": partial(news_article_json, settings=settings),
    })


class SitemapGenerator(Generator):
    def generate_output(self, writer) -> None:
        settings = self.settings
        entries: list[tuple[str, Any]] = [(absolute_base(settings), None)]
        for article in sorted(self.context.get("articles", []), key=lambda a: a.url):
            modified = max(getattr(article, "modified", None) or article.date, article.date)
            entries.append((absolute(settings, article.url), modified.date()))
        for page in sorted(self.context.get("pages", []), key=lambda p: p.url):
            entries.append((absolute(settings, page.url), None))
        for category, _ in sorted(self.context.get("categories", []), key=lambda c: c[0].url):
            entries.append((absolute(settings, category.url), None))
        out = Path(self.output_path)
        (out / "sitemap.xml").write_bytes(sitemap(entries))
        (out / "robots.txt").write_text(robots(absolute(settings, "sitemap.xml")), encoding="utf-8")


def add_generator(pelican) -> type[SitemapGenerator]:
    return SitemapGenerator


def register() -> None:
    signals.generator_init.connect(add_template_helpers)
    signals.get_generators.connect(add_generator)
