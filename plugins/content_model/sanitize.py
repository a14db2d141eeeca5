"""Clean the HTML of an article body with an allowlist (pure; never imports Pelican).

Editors may paste raw HTML into Markdown. ``nh3`` (the Ammonia sanitizer) keeps
only allowlisted tags, attributes and URL schemes: no ``<script>``, no ``on*=``
attributes, no ``javascript:`` links. ``<iframe>`` is kept only when its address
is on a host of the embed allowlist (a setting). What was removed is reported so
the editor learns which file lost markup.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

_TAGS = set(nh3.ALLOWED_TAGS) | {"iframe", "figure", "figcaption", "section", "video", "source", "audio"}
_GENERIC = {"id", "class", "title", "lang", "dir"}
_ATTRIBUTES = {
    "a": {"href", "hreflang", "target", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"},
    "video": {"src", "controls", "width", "height", "poster", "preload"},
    "audio": {"src", "controls", "preload"},
    "source": {"src", "type"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type", "reversed"},
    "time": {"datetime"},
    "abbr": {"title"},
    "blockquote": {"cite"},
}
_SCHEMES = {"http", "https", "mailto", "tel"}
_BLANK_WITHOUT_REL = re.compile(r'<a ((?:(?!\brel=)[^>])*?\btarget="_blank"(?:(?!\brel=)[^>])*)>')
_EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\bsrc=)[^>]*>.*?</iframe>", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Cleaned:
    html: str
    removed: tuple[str, ...]  # what was taken out, e.g. ("<script>", "onclick=")


class _Inventory(HTMLParser):
    """Counts tags, attributes and link schemes, to tell what cleaning removed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items[f"<{tag}>"] += 1
        for name, value in attrs:
            self.items[f"{name}="] += 1
            if name in ("href", "src") and value and ":" in value.split("/", 1)[0]:
                self.items[f"{value.split(':', 1)[0].strip().lower()}:"] += 1


def _inventory(html: str) -> Counter[str]:
    parser = _Inventory()
    parser.feed(html)
    parser.close()
    return parser.items


def clean(html: str, embed_hosts: frozenset[str]) -> Cleaned:
    def keep_allowed_embeds(tag: str, attr: str, value: str) -> str | None:
        if tag == "iframe" and attr == "src":
            host = (urlsplit(value).hostname or "").lower()
            return value if urlsplit(value).scheme == "https" and host in embed_hosts else None
        return value

    result = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"*": _GENERIC, **_ATTRIBUTES},
        url_schemes=_SCHEMES,
        link_rel=None,
        attribute_filter=keep_allowed_embeds,
        strip_comments=True,
    )
    result = _EMPTY_IFRAME.sub("", result)
    result = _BLANK_WITHOUT_REL.sub(r'<a \1 rel="noopener">', result)
    lost = _inventory(html) - _inventory(result)
    removed = sorted(item for item in lost if item != "rel=")
    return Cleaned(result, tuple(removed))
