"""feedgen's traps, each guarded (see plugins/feeds/writer.py)."""

import datetime as dt
import xml.etree.ElementTree as ET

import feedparser
import pytest

from feeds.writer import Enclosure, FeedItem, FeedMeta, atom_bytes, rss_bytes

VN = dt.timezone(dt.timedelta(hours=7))
META = FeedMeta("Tin & tức <mới>", "Mô tả", "https://kh.example/", "https://kh.example/rss/x.xml", "https://kh.example/rss/x.xml")


def item(n: int, **kw) -> FeedItem:
    when = dt.datetime(2024, 7, n, 9, 30, tzinfo=VN)
    values = dict(guid=f"tag:kh.example,2008:bai/{n}", title=f"Bài {n}", url=f"https://kh.example/tin/{n}/",
                  published=when, updated=when, author="Thu Hà", summary="Tóm tắt", description_html="Tóm tắt",
                  content_html="<p>Nội dung</p>",
                  categories=("Hoạt động Hội",))
    values.update(kw)
    return FeedItem(**values)


ITEMS = [item(3), item(2), item(1)]


def test_entries_keep_the_given_order_in_both_formats():
    for data in (rss_bytes(META, ITEMS), atom_bytes(META, ITEMS)):
        parsed = feedparser.parse(data)
        assert [e.title for e in parsed.entries] == ["Bài 3", "Bài 2", "Bài 1"]


def test_updated_is_the_newest_item_not_now_and_bytes_repeat():
    assert rss_bytes(META, ITEMS) == rss_bytes(META, ITEMS)
    assert atom_bytes(META, ITEMS) == atom_bytes(META, ITEMS)
    assert b"<updated>2024-07-03T09:30:00+07:00</updated>" in atom_bytes(META, ITEMS)
    assert b"<lastBuildDate>Wed, 03 Jul 2024 09:30:00 +0700</lastBuildDate>" in rss_bytes(META, ITEMS)


def test_atom_entry_links_keep_rel_type_and_length():
    enclosed = item(1, enclosure=Enclosure("https://kh.example/images/a.jpg", 12345, "image/jpeg"))
    entry = ET.fromstring(atom_bytes(META, [enclosed])).find("{http://www.w3.org/2005/Atom}entry")
    links = [l.attrib for l in entry.findall("{http://www.w3.org/2005/Atom}link")]
    assert links == [
        {"rel": "alternate", "type": "text/html", "href": "https://kh.example/tin/1/"},
        {"rel": "enclosure", "type": "image/jpeg", "length": "12345", "href": "https://kh.example/images/a.jpg"},
    ]
    rss = feedparser.parse(rss_bytes(META, [enclosed]))
    assert rss.entries[0].enclosures[0]["length"] == "12345"


def test_characters_xml_forbids_are_removed():
    dirty = item(1, title="Bài\x0b có\x00 ký tự lạ\x1f", content_html="<p>a\x08b</p>")
    for data in (rss_bytes(META, [dirty]), atom_bytes(META, [dirty])):
        parsed = feedparser.parse(data)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert parsed.entries[0].title == "Bài có ký tự lạ"


def test_empty_feed_has_a_fixed_time():
    assert b"1970-01-01T00:00:00+00:00" in atom_bytes(META, [])


def test_every_entry_time_is_the_items_own_never_now():
    # feedgen gives each new entry updated=now; the writer always sets it.
    entries = ET.fromstring(atom_bytes(META, ITEMS)).findall("{http://www.w3.org/2005/Atom}entry")
    assert [e.findtext("{http://www.w3.org/2005/Atom}updated") for e in entries] == [
        "2024-07-03T09:30:00+07:00", "2024-07-02T09:30:00+07:00", "2024-07-01T09:30:00+07:00"]
    assert b"2026" not in atom_bytes(META, ITEMS) + rss_bytes(META, ITEMS)  # no build-time clock


def test_self_links_name_their_format():
    atom = ET.fromstring(atom_bytes(META, ITEMS))
    (self_link,) = [l for l in atom.findall("{http://www.w3.org/2005/Atom}link") if l.get("rel") == "self"]
    assert self_link.attrib == {"href": META.feed_url, "rel": "self", "type": "application/atom+xml"}


# The traps are real in the pinned feedgen: if an upgrade fixes one, its workaround
# in writer.py can go (these tests then fail and say so).
def test_trap_feedgen_prepends_entries_by_default():
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.add_entry().title("first")
    fg.add_entry().title("second")
    assert [e.title() for e in fg.entry()] == ["second", "first"]


def test_trap_feedgen_drops_rel_and_type_of_entry_links():
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id("tag:kh.example,2008:x")
    fg.title("x")
    fg.updated(dt.datetime(2024, 7, 1, tzinfo=VN))
    fe = fg.add_entry()
    fe.id("tag:kh.example,2008:1")
    fe.title("1")
    fe.updated(dt.datetime(2024, 7, 1, tzinfo=VN))
    fe.link(href="https://kh.example/1/", rel="alternate", type="text/html")
    link = ET.fromstring(fg.atom_str()).find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}link")
    assert link.attrib == {"href": "https://kh.example/1/"}


def test_trap_feedgen_dates_default_to_now():
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    before = dt.datetime.now(dt.timezone.utc)
    assert fg.updated() >= before - dt.timedelta(seconds=5)
    assert fg.add_entry().updated() >= before - dt.timedelta(seconds=5)


@pytest.mark.parametrize(
    "html, text",
    [
        ("Học &amp; hành", "Học & hành"),
        ("<p>Danh hiệu &quot;Gia đình học tập&quot;</p>", 'Danh hiệu "Gia đình học tập"'),
        ("<p>Một</p>\n<p>hai &lt;2024&gt;</p>", "Một hai <2024>"),
        ("", ""),
        (None, ""),
    ],
)
def test_summary_is_text_in_atom_and_html_in_rss(html, text):
    from html import escape, unescape

    from sitecore.text import plain_text

    assert plain_text(html) == text
    atom = atom_bytes(META, [item(1, summary=text)])
    assert b"&amp;amp;" not in atom and b"&amp;quot;" not in atom and b"&amp;lt;" not in atom
    # RSS readers show a description as HTML: the text is escaped as HTML, then as XML.
    rss = rss_bytes(META, [item(1, summary=text, description_html=escape(text, quote=False))])
    (entry,) = feedparser.parse(rss, sanitize_html=False).entries
    if text:  # (without a description feedparser shows the content instead)
        assert unescape(entry.summary) == text and "<" not in entry.summary
