"""Clean the HTML of an article body with an allowlist (pure; never imports Pelican).

Editors may paste raw HTML into Markdown. ``nh3`` (the Ammonia sanitizer) keeps
only allowlisted tags, attributes and URL schemes: no ``<script>``, no ``on*=``
attributes, no ``javascript:`` links, no ``style``, ``<link>``, ``<object>``,
``<embed>`` or ``<form>``. On top of that allowlist:

* a reader's browser requests nothing from another host because of an article:
  images, video and audio whose address names a host (``https://…``, ``//…``) are
  removed, and each is named in the warning so the editor uploads the photo into
  ``content/images/`` instead (trackers hide in such images). The only exception
  is ``<iframe>``, kept when its address is on a host of the embed allowlist (a
  setting);
* an embedded frame gets the site's own ``sandbox`` (whatever the author wrote)
  and only the harmless features of its ``allow`` list: a video player has no use
  for the camera, the microphone or the reader's position;
* a link may open a new tab only as ``target="_blank"``, and then always with
  ``rel="noopener noreferrer"``: the opened page gets no handle on ours.

What was removed is reported so the editor learns which file lost markup.
:func:`clean` is also the one sanitizer of every HTML that goes into a feed.
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3

_TAGS = set(nh3.ALLOWED_TAGS) | {
    "iframe", "figure", "figcaption", "section", "video", "source", "audio", "picture",
}
_GENERIC = {"id", "class", "title", "lang", "dir"}
_ATTRIBUTES = {
    "a": {"href", "hreflang", "target", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy", "sandbox"},
    "video": {"src", "controls", "width", "height", "poster", "preload"},
    "audio": {"src", "controls", "preload"},
    "source": {"src", "type", "srcset", "sizes", "media", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "type", "reversed"},
    "time": {"datetime"},
    "abbr": {"title"},
    "blockquote": {"cite"},
}
_SCHEMES = {"http", "https", "mailto", "tel"}

# Attributes whose address the browser fetches as soon as the page is shown.
_FETCHED = {"src", "poster", "srcset"}
# What a removed outside file is called in the editor's warning.
_KIND = {"img": "ảnh", "source": "ảnh/video", "video": "video", "audio": "âm thanh"}

# Features an embedded video player may use. Camera, microphone, geolocation,
# payment, USB and the like are never granted to a frame by an article.
EMBED_FEATURES = ("accelerometer", "encrypted-media", "fullscreen", "gyroscope", "picture-in-picture")
# The sandbox of every embedded frame: the player runs its own script in its own
# origin and may open its site in a new tab, but never navigates our page, submits
# forms, opens dialogs or downloads. An author's sandbox is replaced, never merged.
EMBED_SANDBOX = "allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox"
# Referrer policies that send at most the page's origin to another host.
_REFERRER_POLICIES = {"no-referrer", "origin", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
# Link types an author may keep; "opener" (which gives the opened page a handle on
# ours) is not one of them.
_REL = {"nofollow", "noopener", "noreferrer", "ugc", "sponsored", "external", "license", "tag", "author",
        "bookmark", "help"}
NEW_TAB_REL = "noopener noreferrer"

# nh3 writes every attribute as name="value" with '"', '<' and '>' escaped inside.
_START_TAG = re.compile(r'<(a|iframe|img|source)((?:\s+[^\s"=<>/]+(?:="[^"]*")?)*)\s*(/?)>')
_ATTRIBUTE = re.compile(r'\s+([^\s"=<>/]+)(?:="([^"]*)")?')
_EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>.*?</iframe>", re.DOTALL)
# Browsers drop tabs and newlines inside an address and read "\" as "/".
_URL_NOISE = re.compile(r"[\t\n\r]")
# The start of what an HTML parser takes for a tag, an end tag, a comment or a
# processing instruction (``<2024>`` and ``a < b`` stay text).
_MARKUP_START = re.compile(r"<[A-Za-z/!?]")


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


def is_remote(address: str, local_hosts: frozenset[str] = frozenset()) -> bool:
    """True when a browser would fetch ``address`` from a host other than the site's:
    any address with a scheme or a host (``https://``, ``//``, ``/\\host``, ``data:``
    is not a site file either), unless the host is one of ``local_hosts``."""
    address = _URL_NOISE.sub("", address).strip().replace("\\", "/")
    parts = urlsplit(address)
    if not parts.scheme and not parts.netloc:
        return False
    return (parts.hostname or "").lower() not in local_hosts or parts.scheme not in ("", "http", "https")


def srcset_addresses(srcset: str) -> list[tuple[str, str]]:
    """``"a.webp 320w, b.webp 640w"`` → ``[("a.webp", "320w"), ("b.webp", "640w")]``."""
    out = []
    for candidate in srcset.split(","):
        bits = candidate.split()
        if bits:
            out.append((bits[0], " ".join(bits[1:])))
    return out


def embed_features(allow: str) -> str:
    """The ``allow`` list of a frame cut to :data:`EMBED_FEATURES`, each for the
    frame's own origin (an author's origin list is dropped)."""
    names = []
    for directive in allow.split(";"):
        bits = directive.split()
        if bits and bits[0].lower() in EMBED_FEATURES and bits[0].lower() not in names:
            names.append(bits[0].lower())
    return "; ".join(names)


class _Filter:
    """nh3's attribute filter: decides each attribute's value and remembers what it
    took out because it would be fetched from another host."""

    def __init__(self, embed_hosts: frozenset[str], local_hosts: frozenset[str]) -> None:
        self.embed_hosts, self.local_hosts = embed_hosts, local_hosts
        self.remote: list[tuple[str, str]] = []  # (tag, address), in the order met
        self.explained: Counter[str] = Counter()  # inventory items that remote removals account for
        self.features: list[str] = []  # frame features refused

    def __call__(self, tag: str, attr: str, value: str) -> str | None:
        if tag not in _TAGS:
            return value  # nh3 drops the element and reports it; nothing to add
        if tag == "iframe":
            return self._frame(attr, value)
        if attr == "srcset":
            kept = []
            for address, descriptor in srcset_addresses(value):
                if is_remote(address, self.local_hosts):
                    self.remote.append((tag, address))
                else:
                    kept.append(f"{address} {descriptor}".strip())
            if not kept:
                self.explained["srcset="] += 1
            return ", ".join(kept) or None
        if attr in _FETCHED and is_remote(value, self.local_hosts):
            self.remote.append(("img" if attr == "poster" else tag, value))
            self.explained[f"{attr}="] += 1
            if attr == "src" and ":" in value.split("/", 1)[0]:
                self.explained[f"{value.split(':', 1)[0].strip().lower()}:"] += 1
            return None
        if tag == "a" and attr == "target":
            # Named targets open a window that keeps a handle on ours; _self is the default.
            return "_blank" if value.strip().lower() == "_blank" else None
        if tag == "a" and attr == "rel":
            return " ".join(t for t in value.lower().split() if t in _REL) or None
        return value

    def _frame(self, attr: str, value: str) -> str | None:
        if attr == "src":
            parts = urlsplit(_URL_NOISE.sub("", value).strip())
            host = (parts.hostname or "").lower()
            return value if parts.scheme == "https" and host in self.embed_hosts else None
        if attr == "allow":
            kept = embed_features(value)
            self.features += [d.split()[0] for d in value.split(";")
                              if d.split() and d.split()[0].lower() not in kept.split("; ")]
            return kept or None
        if attr == "sandbox":
            return EMBED_SANDBOX  # set on every frame below; an author's tokens never weaken it
        if attr == "referrerpolicy":
            return value if value.strip().lower() in _REFERRER_POLICIES else None
        return value


def _rewrite_tags(html: str, explained: Counter[str]) -> str:
    """New-tab links get ``rel="noopener noreferrer"``, frames the site's sandbox;
    images and sources left with nothing to show (their address was removed) go."""

    def fix(match: re.Match[str]) -> str:
        tag, attributes, slash = match.groups()
        attrs = [(name, value) for name, value in _ATTRIBUTE.findall(attributes)]
        names = {name for name, _ in attrs}
        if tag in ("img", "source") and not names & {"src", "srcset"}:
            explained.update(_inventory(match.group(0)))
            return ""
        if tag == "a" and ("target", "_blank") in attrs:
            attrs = [(n, v) for n, v in attrs if n != "rel"] + [("rel", NEW_TAB_REL)]
        elif tag == "iframe":
            attrs = [(n, v) for n, v in attrs if n != "sandbox"] + [("sandbox", EMBED_SANDBOX)]
        else:
            return match.group(0)
        return f"<{tag}" + "".join(f' {n}="{v}"' for n, v in attrs) + f"{slash}>"

    return _START_TAG.sub(fix, html)


def _remote_notice(remote: list[tuple[str, str]]) -> str:
    """One item naming every outside file (each once) and the fix, said once."""
    named = dict.fromkeys(f'{_KIND.get(tag, "tệp")} "{address}"' for tag, address in remote)
    return (f"tệp từ máy chủ khác: {', '.join(named)} (trình duyệt của bạn đọc sẽ tải từ máy chủ đó: "
            "chép ảnh vào content/images/ rồi chèn lại bằng đường dẫn trong đó)")


def clean(html: str, embed_hosts: frozenset[str], local_hosts: frozenset[str] = frozenset()) -> Cleaned:
    """``html`` with only what the allowlist keeps. ``local_hosts``: hosts that are
    the site itself (a feed's absolute addresses); any other host in an image, video
    or audio address is removed."""
    keep = _Filter(embed_hosts, local_hosts)
    result = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"*": _GENERIC, **_ATTRIBUTES},
        url_schemes=_SCHEMES,
        link_rel=None,
        attribute_filter=keep,
        strip_comments=True,
    )
    result = _EMPTY_IFRAME.sub("", result)
    result = _rewrite_tags(result, keep.explained)
    lost = _inventory(html) - _inventory(result) - keep.explained
    removed = sorted(item for item in lost if item != "rel=")
    if keep.features:
        removed.append(f"quyền của khung nhúng: {', '.join(dict.fromkeys(keep.features))}")
    if keep.remote:
        removed.append(_remote_notice(keep.remote))
    return Cleaned(result, tuple(removed))


def inert_text(text: str) -> str:
    """Plain ``text`` that stays text when a program takes it for HTML (an RSS
    reader may do so with a title): whatever would parse as a tag is removed
    (with the content of ``<script>`` and ``<style>``); ``<2024>`` or ``a < b`` stay."""
    for _ in range(8):
        if not _MARKUP_START.search(text):
            return text
        text = " ".join(html_lib.unescape(nh3.clean(text, tags=set(), strip_comments=True)).split())
    return text.replace("<", "")
