"""Which articles a body's links name (pure; never imports Pelican): the facts behind
"Được dẫn nhiều", the honest "most read" of a static site (it counts no reads, but
it knows which articles the others point readers to).

Editors link an article three ways: ``{filename}../2024/bai.md`` (Pelican's marker, from
the article's folder, or from the content folder with a leading ``/``), the site address
``/tin/2024/07/15/slug/`` (or relative to the page), or the whole public address. The
content model's reader keeps those addresses as written (``article_links``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

_FILENAME = re.compile(r"^[{|]filename[|}](?P<path>.*)$")
_OTHER_MARKER = re.compile(r"^[{|][a-z]+[|}]")


@dataclass
class Links:
    """What a body links: content files (``articles/2024/bai.md``) and site addresses
    (``tin/2024/07/15/slug/``), both from the site's root, without fragment or query."""

    sources: set[str] = field(default_factory=set)
    addresses: set[str] = field(default_factory=set)


def links_of(hrefs: Iterable[str], source_folder: str, page_url: str, bases: tuple[str, ...]) -> Links:
    """What the link addresses ``hrefs`` name (the reader's ``article_links``) for an
    article read from ``source_folder`` (from the content folder) and published at
    ``page_url`` (from the site root); ``bases``: the site's absolute addresses
    (``https://khuyenhoc.vn/``), whose links are the site's own."""
    found = Links()
    for href in hrefs:
        href = href.strip()
        marker = _FILENAME.match(href)
        if marker:
            path = unquote(marker.group("path").split("#", 1)[0].split("?", 1)[0])
            if path:
                joined = path.lstrip("/") if path.startswith("/") else posixpath.join(source_folder, path)
                found.sources.add(posixpath.normpath(joined))
            continue
        if _OTHER_MARKER.match(href):
            continue  # {static}, {tag}…: not an article
        for base in bases:
            if base and href.startswith(base):
                href = "/" + href[len(base):]
                break
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # another site, mail, a fragment of this page
        path = unquote(parts.path)
        if path.startswith("/"):
            address = path.lstrip("/")
        else:
            address = posixpath.join(posixpath.dirname(page_url.rstrip("/")) if not page_url.endswith("/")
                                     else page_url, path)
        address = posixpath.normpath(address) if address else ""
        if address in ("", "."):
            continue
        if address.endswith("/index.html"):
            address = address[: -len("index.html")]
        elif "." not in posixpath.basename(address):
            address += "/"
        found.addresses.add(address.lstrip("/"))
    return found
