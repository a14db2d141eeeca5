"""Adapter: the tools under each article ("Bản để in", "Lưu dạng file", "Gửi tin qua
email", share links) and the photo viewer "Xem hình".

Handlers:
* ``add_template_helpers`` (generator_init): the ``article_tools`` filter gives a
  template the e-mail and share links of an article (absolute addresses) and the
  address of its saved file.
* ``add_generator`` (get_generators): :class:`SavedArticleGenerator` writes, next to
  each article, ``ARTICLE_TOOLS_SAVE_NAME`` (``bai-viet.html``): the article as one
  self-contained HTML file (images as ``data:`` URIs, inline style), linked with
  ``<a download>``: it works without JavaScript and opens offline.

Printing (``window.print()``) and the photo dialog are done in the reader's browser by
``theme/static/js/article-tools.js`` (progressive enhancement: the print button
appears only with JavaScript); the links work everywhere.
"""

from __future__ import annotations

import html
import logging
import posixpath
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

from pelican import signals
from pelican.generators import Generator

from site_pages.strings import STRINGS
from site_pages.site_pages import moment_text
from sitecore.report import session_of
from sitecore.text import plain_text
from sitecore.urls import absolute, absolute_base

from . import links, offline

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ArticleToolsSettings:
    """``ARTICLE_TOOLS_SAVE_FILE``: write the "Lưu dạng file" copy of each article (and
    show its link). ``ARTICLE_TOOLS_SAVE_NAME``: its file name in the article's folder.
    ``ARTICLE_TOOLS_SAVE_IMAGE_WIDTH``: the widest derived image inlined (pixels).
    ``ARTICLE_TOOLS_FACEBOOK`` / ``ARTICLE_TOOLS_ZALO``: share-page patterns
    (``{url}`` is the percent-encoded article address)."""

    save_file: bool
    save_name: str
    save_image_width: int
    facebook: str
    zalo: str

    @classmethod
    def from_pelican(cls, s: Mapping[str, Any]) -> "ArticleToolsSettings":
        return cls(
            save_file=bool(s.get("ARTICLE_TOOLS_SAVE_FILE", True)),
            save_name=str(s.get("ARTICLE_TOOLS_SAVE_NAME", "bai-viet.html")),
            save_image_width=int(s.get("ARTICLE_TOOLS_SAVE_IMAGE_WIDTH", 1024)),
            facebook=str(s.get("ARTICLE_TOOLS_FACEBOOK", links.FACEBOOK)),
            zalo=str(s.get("ARTICLE_TOOLS_ZALO", links.ZALO)),
        )


@dataclass(frozen=True, slots=True)
class ToolLinks:
    mailto: str
    facebook: str
    zalo: str
    url: str
    saved: str | None  # the saved file's address from the site root, or None when off
    saved_name: str  # the name a browser gives the downloaded file


def saved_path(article: Any, config: ArticleToolsSettings) -> str:
    """``tin/2024/07/15/slug/bai-viet.html``: the folder of the article's page."""
    folder = posixpath.dirname(article.save_as)
    return posixpath.join(folder, config.save_name) if folder else config.save_name


def tool_links(article: Any, settings: Mapping[str, Any], config: ArticleToolsSettings) -> ToolLinks:
    url = absolute(settings, article.url)
    return ToolLinks(
        mailto=links.mailto(article.title, plain_text(getattr(article, "summary", "")), url),
        facebook=links.share(config.facebook, url),
        zalo=links.share(config.zalo, url),
        url=url,
        saved=saved_path(article, config) if config.save_file else None,
        saved_name=f"{article.slug}.html",
    )


def add_template_helpers(generator) -> None:
    # The settings are read once per build, not on every article page.
    config = ArticleToolsSettings.from_pelican(generator.settings)
    generator.env.filters["article_tools"] = partial(tool_links, settings=generator.settings, config=config)


class SavedArticleGenerator(Generator):
    """Writes each published article as one self-contained HTML file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config = ArticleToolsSettings.from_pelican(self.settings)
        self.content_root = Path(self.settings.get("PATH", "content")).resolve()
        self.tz = ZoneInfo(str(self.settings.get("TIMEZONE") or "Asia/Ho_Chi_Minh"))

    def generate_context(self) -> None:
        pass

    # -- images ------------------------------------------------------------------

    def _loader(self, page_url: str):
        out = Path(self.output_path).resolve()
        base = absolute_base(self.settings)
        session = session_of(self.settings)

        def load(src: str) -> tuple[bytes, str] | None:
            if src.startswith("data:"):
                return None
            full = urljoin(page_url, src)
            if not full.startswith(base):
                return None  # another host: never fetched at build time
            rel = unquote(urlsplit(full).path[len(urlsplit(base).path):])
            mime = offline.mime_of(rel)
            if mime is None:
                return None
            for root in (out, self.content_root):
                path = (root / rel).resolve()
                if not path.is_relative_to(root):
                    continue
                if root is out:  # a file kept from the last build is read where it is published
                    path = Path(session.files.built_path(out, path.relative_to(out).as_posix()))
                if path.is_file():
                    return path.read_bytes(), mime
            return None

        return load

    def _lead_html(self, article: Any) -> str:
        image = getattr(article, "image", None)
        if not image:
            return ""
        base = absolute_base(self.settings)
        derived = self.context.get("image_derived", {}).get(image)
        alt = getattr(article, "image_alt", None) or getattr(article, "image_caption", None) or article.title
        attrs = f'alt="{html.escape(alt, quote=True)}"'
        if derived is not None:
            variants = derived.of("full", "image/webp") or derived.of("full")
            srcset = ", ".join(f"{base}{v.path} {v.width}w" for v in variants)
            widest = variants[-1]
            img = (f'<img src="{base}{widest.path}" srcset="{srcset}" width="{widest.width}" '
                   f'height="{widest.height}" {attrs}>')
        else:
            img = f'<img src="{base}{image.lstrip("/")}" {attrs}>'
        caption = getattr(article, "image_caption", None)
        cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
        return f"<figure>{img}{cap}</figure>"

    # -- output --------------------------------------------------------------------

    def _body(self, article: Any, url: str, load: Any) -> offline.InlinedBody:
        return offline.inline_body(article.content, url, load, self.config.save_image_width)

    def saved_file(self, article: Any) -> tuple[str, tuple[str, ...]]:
        url = absolute(self.settings, article.url)
        load = self._loader(url)
        width = self.config.save_image_width
        lead = offline.inline_body(self._lead_html(article), url, load, width)
        body = self._body(article, url, load)
        source = getattr(article, "source", None)
        page = offline.saved_page(offline.SavedArticle(
            title=article.title,
            date_text=moment_text(article, "date", self.tz),
            date_iso=moment_text(article, "date", self.tz, iso=True),
            author=str(article.author),
            summary=plain_text(getattr(article, "summary", "")),
            lead_html=lead.html,
            body_html=body.html,
            source_text=STRINGS["source"].format(source=source) if source else "",
            url=url,
            site_name=str(self.settings.get("SITENAME", "")),
            address_label=STRINGS["print_address"],
        ))
        return page, lead.missing + body.missing

    def generate_output(self, writer) -> None:
        if not self.config.save_file:
            return
        started = time.perf_counter()
        out = Path(self.output_path)
        session = session_of(self.settings)
        count = 0
        # Archived articles (expired, ``hidden``) keep their page, and its "Lưu dạng file" link.
        for article in [*self.context.get("articles", []), *self.context.get("hidden_articles", [])]:

            def produce(article: Any = article) -> bytes:
                page, missing = self.saved_file(article)
                for src in missing:
                    logger.warning("%s: Lưu dạng file: image %s not found, left out", article.source_path, src)
                return page.encode("utf-8")

            relative = saved_path(article, self.config)
            # The copy shows the article's own text and photos and the site's name: an
            # unchanged one is taken over from the last build (incremental plugin).
            session.files.write_derived(out / relative, "saved-article", [article], produce)
            count += 1
        # The copies may still be queued (safe_build makes them on every core afterwards).
        logger.info("Article tools: %d saved files in %.2f s", count, time.perf_counter() - started)


def add_generator(pelican) -> type[SavedArticleGenerator]:
    return SavedArticleGenerator


def register() -> None:
    signals.generator_init.connect(add_template_helpers)
    signals.get_generators.connect(add_generator)
