"""What search engines and social networks read from a page (pure): JSON-LD
``NewsArticle``, the sitemap and robots.txt, built with serializers (``json``,
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


def sitemap(entries: Iterable[tuple[str, dt.date | None]]) -> bytes:
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    for loc, lastmod in entries:
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = loc
        if lastmod is not None:
            ET.SubElement(url, "lastmod").text = lastmod.isoformat()
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(sitemap_url: str) -> str:
    return f"User-agent: *\nAllow: /\nDisallow: /pagefind/\nDisallow: /pagefind-khong-dau/\n\nSitemap: {sitemap_url}\n"
