"""Adapter: the tools under each article ("Bản để in", "Lưu dạng file", "Gửi tin qua
email", share links) and the photo viewer "Xem hình".

Handlers:
* ``add_template_helpers`` (generator_init): the ``article_tools`` filter gives a
  template the e-mail and share links of an article (absolute addresses).

Printing, saving as one self-contained file and the photo dialog are done in the
reader's browser by ``theme/static/js/article-tools.js`` (progressive enhancement:
their buttons appear only with JavaScript); the links work everywhere.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from pelican import signals

from sitecore.urls import absolute

from . import links

_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class ToolLinks:
    mailto: str
    facebook: str
    zalo: str
    url: str


def tool_links(article: Any, settings: Mapping[str, Any]) -> ToolLinks:
    url = absolute(settings, article.url)
    summary = " ".join(html.unescape(_TAGS.sub(" ", str(getattr(article, "summary", "") or ""))).split())
    return ToolLinks(
        mailto=links.mailto(article.title, summary, url),
        facebook=links.share(settings.get("ARTICLE_TOOLS_FACEBOOK", links.FACEBOOK), url),
        zalo=links.share(settings.get("ARTICLE_TOOLS_ZALO", links.ZALO), url),
        url=url,
    )


def add_template_helpers(generator) -> None:
    generator.env.filters["article_tools"] = partial(tool_links, settings=generator.settings)


def register() -> None:
    signals.generator_init.connect(add_template_helpers)
