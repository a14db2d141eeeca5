"""Links of the article tools (pure): e-mail and sharing, percent-encoded as UTF-8.

``mailto:`` follows RFC 6068: the subject and body are percent-encoded UTF-8, spaces
as ``%20`` (``+`` would reach the reader as a plus sign), line breaks as ``%0D%0A``.
Sharing uses plain links to the networks' share pages: no third-party script.
"""

from __future__ import annotations

from urllib.parse import quote

FACEBOOK = "https://www.facebook.com/sharer/sharer.php?u={url}"
ZALO = "https://sp.zalo.me/share_to?url={url}"


def mailto(title: str, summary: str, url: str) -> str:
    body = f"{summary}\r\n\r\n{url}" if summary else url
    return f"mailto:?subject={quote(title, safe='')}&body={quote(body, safe='')}"


def share(pattern: str, url: str) -> str:
    return pattern.format(url=quote(url, safe=""))
