"""The site's addresses as a page writes them (pure).

Feeds, sharing links, canonical addresses and the sitemap need absolute URLs. A
published build has an absolute ``SITEURL`` (``publishconf.py``); a development build
has a relative one and uses ``SITE_ABSOLUTE_URL`` (the address of ``invoke serve``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin


def absolute_base(settings: Mapping[str, Any]) -> str:
    siteurl = str(settings.get("SITEURL") or "")
    if not siteurl.startswith(("http://", "https://")):
        siteurl = str(settings.get("SITE_ABSOLUTE_URL") or settings.get("FEEDS_SITEURL") or "http://localhost:8000")
    return siteurl.rstrip("/") + "/"


def absolute(settings: Mapping[str, Any], path: str) -> str:
    return urljoin(absolute_base(settings), path.lstrip("/"))


def site_prefix(settings: Mapping[str, Any], url: str) -> str:
    """What goes before a site path in the page at ``url`` when a plugin writes the link
    into the body itself (Pelican's ``{static}`` replacement never sees it): the absolute
    ``SITEURL`` when addresses are absolute, else ``../`` up to the site root."""
    siteurl = str(settings.get("SITEURL") or "")
    if not settings.get("RELATIVE_URLS") and siteurl:
        return siteurl.rstrip("/") + "/"
    return "../" * url.count("/")


def web_address_problem(value: str) -> str | None:
    """Why ``value`` is not an address a reader can open from the site (Vietnamese, for
    an editor), or None. Only ``http``/``https`` with a host: a ``javascript:``, ``file:``
    or mistyped address must never become a link readers click."""
    from urllib.parse import urlsplit

    text = value.strip()
    try:
        parts = urlsplit(text)
        parts.port  # a port that is no number raises here
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.hostname \
            or any(ch.isspace() for ch in text):
        return (f'"{value}" không phải địa chỉ trang web: phải bắt đầu bằng https:// (hoặc http://), '
                "không có dấu cách, ví dụ https://giaoducthoidai.vn/ten-bai-viet.html")
    return None
