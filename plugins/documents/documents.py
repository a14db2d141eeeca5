"""Adapter: each article's attachments listed under it, and the "Văn bản" page.

Handlers:
* ``list_attachments`` (page_generator_finalized): sets ``article.attachments`` (a list
  of :class:`~documents.listing.Attachment`) on every published article. It runs before
  the ``attachments`` plugin's handler of the same signal (``documents`` comes first in
  ``PLUGINS``), while the bodies still hold the links as the reader wrote them; it lists
  only what that plugin publishes (a file of ``content/files/`` of an allowed type that
  exists: anything else is that plugin's content error, and the build stops).
* ``add_generator`` (get_generators): :class:`DocumentsGenerator`, which writes the
  "Văn bản" page (``DOCUMENTS_URL``, default ``van-ban/``) and gives the sidebar block
  "Văn bản mới" its newest files.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator

from attachments.attachments import body_of, file_links
from content_model.links import ATTACHMENT_FOLDER, file_link, file_type

from .listing import Attachment, Entry, link_text, newest_first

_LINK = re.compile(r"""<a\b[^>]*?\shref\s*=\s*(["'])(?P<href>.*?)\1[^>]*>(?P<text>.*?)</a>""", re.DOTALL)


@dataclass(frozen=True, slots=True)
class DocumentsSettings:
    """``DOCUMENTS_URL``: the address of the "Văn bản" page (default ``van-ban/``; empty:
    no page, no sidebar block). ``PATH``: the content folder. ``DOCUMENTS_SIDEBAR_COUNT``:
    how many of the newest files the sidebar block "Văn bản mới" lists (5; 0: no block)."""

    content_root: Path
    url: str = "van-ban/"
    sidebar_count: int = 5

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "DocumentsSettings":
        return cls(Path(settings.get("PATH", "content")).resolve(), str(settings.get("DOCUMENTS_URL", "van-ban/")),
                   int(settings.get("DOCUMENTS_SIDEBAR_COUNT", 5)))


def attachments_of(content: Any, content_root: Path) -> list[Attachment]:
    """The published attachments ``content`` links, in the order of its body, once each."""
    body = body_of(content)
    folder = os.path.dirname(content.relative_source_path) or "."
    texts: dict[str, str] = {}
    for match in _LINK.finditer(body):
        found = file_link(html.unescape(match.group("href")), folder)
        if found is not None and found.path and found.path not in texts:
            texts[found.path] = html.unescape(link_text(match.group("text")))
    listed: dict[str, Attachment] = {}
    for link in file_links(body, folder):
        path = link.path
        if link.problem or not path or path in listed or file_type(path) != "attachment" \
                or not path.startswith(ATTACHMENT_FOLDER + "/"):
            continue
        target = content_root / path
        if target.is_file() and not target.is_symlink():
            listed[path] = Attachment(path, texts.get(path) or posixpath.basename(path), target.stat().st_size)
    return list(listed.values())


def list_attachments(generator) -> None:
    config = DocumentsSettings.from_pelican(generator.settings)
    for article in generator.context.get("articles", []):
        article.attachments = attachments_of(article, config.content_root)


class DocumentsGenerator(Generator):
    """Writes the "Văn bản" page: every attachment of the published articles; and leaves
    the newest few in the shared context (``documents_latest``) for the sidebar block
    "Văn bản mới" (``partials/sidebar_documents.html``: on the home page, and in a file
    of its own that the other pages load, written by the sidebars plugin)."""

    def generate_context(self) -> None:
        config = DocumentsSettings.from_pelican(self.settings)
        self.entries = newest_first(Entry(a, article, article.date) for article in self.context.get("articles", [])
                                    for a in getattr(article, "attachments", ()))
        self.context["documents_latest"] = self.entries[:config.sidebar_count] if config.url else []

    def generate_output(self, writer) -> None:
        config = DocumentsSettings.from_pelican(self.settings)
        if not config.url:
            return
        entries = self.entries
        writer.write_file(
            config.url + "index.html", self.get_template("documents"), self.context,
            relative_urls=bool(self.settings.get("RELATIVE_URLS")), url=config.url, template_name="documents",
            documents=entries,
        )


def add_generator(pelican) -> type[DocumentsGenerator]:
    return DocumentsGenerator


def register() -> None:
    signals.get_generators.connect(add_generator)
    signals.page_generator_finalized.connect(list_attachments)
