"""The validator (Jing on tests/feeds/schemas) passes our feeds and catches each rule
that it is there for, so a passing run means something."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from feeds.writer import Enclosure, FeedItem, FeedMeta, atom_bytes, rss_bytes

from .validator import ATOM, RSS, jing

VN = dt.timezone(dt.timedelta(hours=7))
META = FeedMeta("Tin & tức", "Mô tả", "https://kh.example/", "https://kh.example/rss/x.xml", "tag:kh.example,2008:x")
ITEM = FeedItem(
    guid="tag:kh.example,2008:bai/1", title='Bài "một" & <hai>', url="https://kh.example/tin/1/",
    published=dt.datetime(2024, 7, 1, 9, 30, tzinfo=VN), updated=dt.datetime(2024, 7, 2, 9, 30, tzinfo=VN),
    author="Thu Hà", summary="Tóm tắt", description_html="Tóm tắt", content_html='<p><img src="https://kh.example/a.jpg" alt=""></p>',
    categories=("Hoạt động Hội", "Yên Bái"), enclosure=Enclosure("https://kh.example/a.jpg", 12345, "image/jpeg"),
)

# (name, format, pattern, replacement): each breaks one rule of the format.
BREAKAGES = [
    ("rss-date-without-zone", "rss", r"<pubDate>([^<]*) \+0700</pubDate>", r"<pubDate>\1</pubDate>"),
    ("rss-iso-date", "rss", r"<pubDate>[^<]*</pubDate>", "<pubDate>2024-07-01T09:30:00+07:00</pubDate>"),
    ("rss-guid-not-url-but-permalink", "rss", r' isPermaLink="false"', ""),
    ("rss-enclosure-without-length", "rss", r' length="\d+"', ""),
    ("rss-enclosure-relative", "rss", r'<enclosure url="https://kh.example/', '<enclosure url="/'),
    ("rss-channel-without-link", "rss", r"<link>https://kh.example/</link>", ""),
    ("rss-item-relative-link", "rss", r"<link>https://kh.example/tin/1/</link>", "<link>/tin/1/</link>"),
    ("rss-item-without-title-and-description", "rss", r"<title>Bài[^<]*</title>\s*<link>([^<]*)</link>\s*<description>[^<]*</description>", r"<link>\1</link>"),
    ("atom-date-without-zone", "atom", r"<updated>([^<]*)\+07:00</updated>", r"<updated>\1</updated>"),
    ("atom-entry-without-id", "atom", r"<id>tag:kh.example,2008:bai/1</id>", ""),
    ("atom-id-not-an-iri", "atom", r"<id>tag:kh.example,2008:bai/1</id>", "<id>bai-1</id>"),
    ("atom-feed-without-title", "atom", r"<title>Tin &amp; tức</title>", ""),
    ("atom-entry-without-updated", "atom", r"</id>\s*<title>Bài(.*?)<updated>[^<]*</updated>", r"</id><title>Bài\1"),
    ("atom-link-length-not-a-number", "atom", r'length="12345"', 'length="12 KB"'),
    ("atom-author-without-name", "atom", r"<name>Thu Hà</name>", ""),
]


def test_our_feeds_pass_and_every_breakage_is_caught(tmp_path):
    originals = {"rss": rss_bytes(META, [ITEM]).decode(), "atom": atom_bytes(META, [ITEM]).decode()}
    good = {kind: tmp_path / f"good.{kind}.xml" for kind in originals}
    for kind, path in good.items():
        path.write_text(originals[kind], encoding="utf-8")
    broken = {}
    for name, kind, pattern, replacement in BREAKAGES:
        text, count = re.subn(pattern, replacement, originals[kind], count=1, flags=re.S)
        assert count == 1, f"{name}: the pattern no longer matches the writer's output"
        broken[name] = (kind, tmp_path / f"{name}.xml")
        broken[name][1].write_text(text, encoding="utf-8")
    errors = {}
    for kind, schema in (("rss", RSS), ("atom", ATOM)):
        files = [good[kind]] + [p for k, p in broken.values() if k == kind]
        errors.update({f.name: [e for e in jing(schema, files) if f"{f.name}:" in e] for f in files})
    assert errors.pop("good.rss.xml") == [] and errors.pop("good.atom.xml") == []
    assert [name for name, found in errors.items() if not found] == []


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_empty_feed_is_valid(tmp_path, kind):
    path = tmp_path / f"{kind}.xml"
    path.write_bytes((rss_bytes if kind == "rss" else atom_bytes)(META, []))
    assert jing(RSS if kind == "rss" else ATOM, [path]) == []
