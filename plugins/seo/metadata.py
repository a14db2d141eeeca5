"""What search engines and social networks read from a page (pure): JSON-LD
``NewsArticle`` and ``BreadcrumbList``, the sitemap and robots.txt, built with serializers (``json``,
``xml.etree``), never string templates."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True, slots=True)
class NewsArticleData:
    headline: str
    url: str
    published: dt.datetime
    modified: dt.datetime
    author: str
    description: str
    image: str | None
    publisher: str
    logo: str
    section: str


def json_ld(data: NewsArticleData) -> str:
    """The ``<script type="application/ld+json">`` body; ``<``, ``>`` and ``&`` are
    written as JSON escapes, so the text can never close the script element."""
    doc = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": data.headline[:110],
        "mainEntityOfPage": {"@type": "WebPage", "@id": data.url},
        "url": data.url,
        "datePublished": data.published.isoformat(),
        "dateModified": data.modified.isoformat(),
        "author": [{"@type": "Person", "name": data.author}],
        "publisher": {"@type": "Organization", "name": data.publisher,
                      "logo": {"@type": "ImageObject", "url": data.logo}},
        "description": data.description,
        "articleSection": data.section,
        "inLanguage": "vi",
    }
    if data.image:
        doc["image"] = [data.image]
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def breadcrumb_json_ld(trail: Iterable[tuple[str, str]]) -> str:
    """The JSON-LD ``BreadcrumbList`` of a page's breadcrumb: ``trail`` is (name,
    absolute address) from the home page down, escaped like :func:`json_ld`."""
    doc = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": url}
            for number, (name, url) in enumerate(trail, 1)
        ],
    }
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    loc: str
    lastmod: dt.date | None = None


def _sitemap_xml(root_tag: str, item_tag: str, entries: Iterable[SitemapEntry]) -> bytes:
    root = ET.Element(root_tag, xmlns=SITEMAP_NS)
    for entry in entries:
        node = ET.SubElement(root, item_tag)
        ET.SubElement(node, "loc").text = entry.loc
        if entry.lastmod is not None:
            ET.SubElement(node, "lastmod").text = entry.lastmod.isoformat()
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def sitemap(entries: Iterable[SitemapEntry]) -> bytes:
    return _sitemap_xml("urlset", "url", entries)


def sitemap_index(parts: Iterable[SitemapEntry]) -> bytes:
    return _sitemap_xml("sitemapindex", "sitemap", parts)


def sitemap_files(entries: list[SitemapEntry], name: str, base: str, limit: int = 50_000) -> dict[str, bytes]:
    """``{name: urlset}``; above ``limit`` addresses (the protocol's maximum),
    ``name`` becomes an index of ``<stem>-1.xml``, ``<stem>-2.xml``, …"""
    if len(entries) <= limit:
        return {name: sitemap(entries)}
    stem = name.removesuffix(".xml")
    files: dict[str, bytes] = {}
    parts = []
    for number, start in enumerate(range(0, len(entries), limit), 1):
        chunk = entries[start:start + limit]
        part = f"{stem}-{number}.xml"
        files[part] = sitemap(chunk)
        dates = [e.lastmod for e in chunk if e.lastmod is not None]
        parts.append(SitemapEntry(base + part, max(dates) if dates else None))
    files[name] = sitemap_index(parts)
    return files


def robots(sitemap_url: str, disallow: Iterable[str] = ("/pagefind/",)) -> str:
    lines = ["User-agent: *", "Allow: /"] + [f"Disallow: {path}" for path in disallow]
    return "\n".join(lines) + f"\n\nSitemap: {sitemap_url}\n"
