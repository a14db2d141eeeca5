"""RSS 2.0 and Atom documents with feedgen (pure: plain items in, bytes out).

feedgen 1.0.0 has three traps, each guarded here and by a test:

* ``add_entry`` prepends by default, reversing the order: entries are added with
  ``order="append"``;
* the feed's ``updated`` and RSS ``lastBuildDate`` default to the current time: both
  are always set from the newest item, so the same content gives the same bytes;
* entry-level Atom links lose their ``rel``, ``type`` and ``length`` (the serializer
  reads them from the element it has just created): the ``atomlinks`` entry extension
  below writes the entry's links itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator

ATOM_NS = "http://www.w3.org/2005/Atom"
# What XML 1.0 forbids: C0 controls other than tab, newline and carriage return, and
# the two non-characters. Text pasted from Word sometimes carries them.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str | None) -> str:
    return _FORBIDDEN.sub("", text or "")


@dataclass(frozen=True, slots=True)
class Enclosure:
    url: str
    length: int
    mime_type: str


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry. ``title``, ``author``, ``summary`` and ``categories`` are text (Atom
    says so; RSS readers guess). ``description_html`` (the RSS description, which
    readers show as HTML) and ``content_html`` are HTML already sanitized."""

    guid: str
    title: str
    url: str
    published: dt.datetime
    updated: dt.datetime
    author: str
    summary: str
    description_html: str
    content_html: str
    categories: tuple[str, ...]
    enclosure: Enclosure | None = None


@dataclass(frozen=True, slots=True)
class FeedMeta:
    title: str
    description: str
    site_url: str  # the page the feed follows, absolute
    feed_url: str  # the feed's own absolute address (rel=self)
    feed_id: str
    language: str = "vi"
    generator: str = "Hội Khuyến học site (Pelican, feedgen)"


class _AtomLinksFeed(BaseExtension):
    """Feed-level half of the ``atomlinks`` extension (nothing to add at feed level)."""


class AtomLinksEntry(BaseEntryExtension):
    """Writes an Atom entry's ``<link>`` elements with all their attributes."""

    def __init__(self) -> None:
        self.links: list[dict[str, str]] = []

    def add(self, **attributes: str) -> None:
        self.links.append(attributes)

    def extend_atom(self, entry):
        # feedgen builds Atom elements without a namespace (the root's default
        # xmlns applies when serialized), so its links are plain "link" children.
        for old in [*entry.findall("link"), *entry.findall(f"{{{ATOM_NS}}}link")]:
            entry.remove(old)
        position = 2  # after id and title, where feedgen puts them
        for attributes in self.links:
            entry.insert(position, entry.makeelement("link", attributes))
            position += 1
        return entry

    def extend_rss(self, item):
        return item


def _generator(meta: FeedMeta, items: Sequence[FeedItem], self_type: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.register_extension("atomlinks", _AtomLinksFeed, AtomLinksEntry, atom=True, rss=False)
    fg.id(meta.feed_id)
    fg.title(xml_safe(meta.title))
    fg.subtitle(xml_safe(meta.description))
    fg.description(xml_safe(meta.description))
    # (feedgen writes the type on Atom feed-level links only; RSS's atom:link has none.)
    fg.link(href=meta.feed_url, rel="self", type=self_type)
    # RSS's <channel><link> is the last link given: the page, not the feed itself.
    fg.link(href=meta.site_url, rel="alternate", type="text/html")
    fg.language(meta.language)
    fg.generator(meta.generator)
    newest = max((i.updated for i in items), default=None)
    if newest is None:
        # An empty feed still needs a fixed time: the Unix epoch, never "now".
        newest = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    for item in items:
        fe = fg.add_entry(order="append")
        fe.id(item.guid)
        fe.guid(item.guid, permalink=False)
        fe.title(xml_safe(item.title))
        fe.link(href=item.url, rel="alternate", type="text/html")
        fe.atomlinks.add(rel="alternate", type="text/html", href=item.url)
        fe.published(item.published)
        fe.updated(item.updated)
        fe.author(name=xml_safe(item.author))
        fe.dc.dc_creator(xml_safe(item.author))
        fe.summary(xml_safe(item.summary))  # Atom <summary>: text
        fe.description(xml_safe(item.description_html))  # RSS <description>: HTML
        fe.content(xml_safe(item.content_html), type="html")
        for term in item.categories:
            fe.category(term=xml_safe(term), label=xml_safe(term))
        if item.enclosure is not None:
            e = item.enclosure
            fe.enclosure(e.url, str(e.length), e.mime_type)
            fe.atomlinks.add(rel="enclosure", type=e.mime_type, length=str(e.length), href=e.url)
    return fg


def rss_bytes(meta: FeedMeta, items: Sequence[FeedItem]) -> bytes:
    return _generator(meta, items, "application/rss+xml").rss_str(pretty=True)


def atom_bytes(meta: FeedMeta, items: Sequence[FeedItem]) -> bytes:
    return _generator(meta, items, "application/atom+xml").atom_str(pretty=True)
