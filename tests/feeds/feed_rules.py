"""The rules of the W3C Feed Validation Service that our feeds can break, checked on
the parsed XML (no package of the W3C validator is offered by the package registry;
docs/feeds.md says how to run the online service on a published feed).

RSS 2.0 (rssboard.org): channel title/link/description; each item a title or
description; RFC 822 dates with a numeric zone; guid isPermaLink="false" unless the
guid is a URL; enclosure url/length/type with an absolute http(s) url and an integer
length; atom:link rel="self" matching the feed's address.
Atom (RFC 4287): feed id/title/updated; each entry id (an IRI), title, updated, an
alternate link or content, an author (entry or feed); RFC 3339 dates; link rel/type.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from email.utils import parsedate_tz
from urllib.parse import urlsplit

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def _absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def rss_problems(data: bytes, address: str) -> list[str]:
    problems = []
    root = ET.fromstring(data)
    if root.tag != "rss" or root.get("version") != "2.0":
        return ["not RSS 2.0"]
    channel = root.find("channel")
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel without {name}")
    self_links = [l for l in channel.findall(f"{ATOM}link") if l.get("rel") == "self"]
    if [l.get("href") for l in self_links] != [address]:
        problems.append(f"atom:link rel=self is not {address}")
    for date in (channel.findtext("lastBuildDate"), channel.findtext("pubDate")):
        if date is not None and (parsedate_tz(date) is None or not re.search(r"[+-]\d{4}$", date)):
            problems.append(f"bad RFC 822 date {date!r}")
    for item in channel.findall("item"):
        if not (item.findtext("title") or item.findtext("description")):
            problems.append("item without title and description")
        date = item.findtext("pubDate")
        if date is None or parsedate_tz(date) is None or not date.endswith("+0700"):
            problems.append(f"item pubDate {date!r}")
        guid = item.find("guid")
        if guid is None or not (guid.text or "").strip():
            problems.append("item without guid")
        elif guid.get("isPermaLink", "true") == "true" and not _absolute(guid.text):
            problems.append(f"guid {guid.text!r} is not a URL but isPermaLink is true")
        if not _absolute(item.findtext("link")):
            problems.append(f"item link {item.findtext('link')!r} not absolute")
        for enclosure in item.findall("enclosure"):
            if not _absolute(enclosure.get("url")) or not (enclosure.get("length") or "").isdigit() \
                    or "/" not in (enclosure.get("type") or ""):
                problems.append(f"bad enclosure {enclosure.attrib}")
    return problems


def atom_problems(data: bytes, address: str) -> list[str]:
    problems = []
    feed = ET.fromstring(data)
    if feed.tag != f"{ATOM}feed":
        return ["not Atom"]
    for name in ("id", "title", "updated"):
        if not (feed.findtext(f"{ATOM}{name}") or "").strip():
            problems.append(f"feed without {name}")
    if not RFC3339.match(feed.findtext(f"{ATOM}updated") or ""):
        problems.append("feed updated not RFC 3339")
    if [l.get("href") for l in feed.findall(f"{ATOM}link") if l.get("rel") == "self"] != [address]:
        problems.append(f"no rel=self link to {address}")
    feed_author = feed.find(f"{ATOM}author") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        entry_id = entry.findtext(f"{ATOM}id") or ""
        if not re.match(r"^[a-z][a-z0-9+.-]*:", entry_id):
            problems.append(f"entry id {entry_id!r} is not an IRI")
        for name in ("updated", "published"):
            value = entry.findtext(f"{ATOM}{name}")
            if value is not None and not (RFC3339.match(value) and value.endswith("+07:00")):
                problems.append(f"entry {name} {value!r}")
        links = entry.findall(f"{ATOM}link")
        alternates = [l for l in links if l.get("rel", "alternate") == "alternate"]
        if len(alternates) != 1 or alternates[0].get("type") != "text/html":
            problems.append(f"entry {entry_id}: {len(alternates)} alternate links {[l.attrib for l in links]}")
        for link in links:
            if link.get("rel") is None:
                problems.append(f"entry {entry_id}: link without rel {link.attrib}")
        if not feed_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"entry {entry_id} without author")
    return problems
