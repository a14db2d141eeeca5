"""Expiry: the pure rules, the front matter's checks, and the real build (an archived
article keeps its page with a notice and leaves every list; a withdrawn one is gone)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from content_model import expiry, frontmatter
from content_model.dates import VIETNAM

NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=VIETNAM)  # the tests' build clock (conftest.TEST_NOW)


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=VIETNAM)


@pytest.mark.parametrize(("expires", "has_time", "moment"), [
    (at(2026, 10, 31), False, at(2026, 11, 1)),  # a day alone: through that day
    (at(2026, 12, 31), False, at(2027, 1, 1)),
    (at(2026, 10, 31, 17, 0), True, at(2026, 10, 31, 17, 0)),
    (at(2026, 10, 31), True, at(2026, 10, 31)),  # "31/10/2026 00:00" written: that midnight
])
def test_expiry_moment(expires, has_time, moment):
    assert expiry.expiry_moment(expires, has_time) == moment


@pytest.mark.parametrize(("moment", "after", "state"), [
    (None, expiry.ARCHIVE, expiry.CURRENT),
    (at(2026, 11, 1, 12, 0, ), expiry.ARCHIVE, expiry.ARCHIVED),  # at the moment itself
    (at(2026, 11, 1, 12, 1), expiry.WITHDRAW, expiry.CURRENT),
    (at(2026, 10, 1), expiry.ARCHIVE, expiry.ARCHIVED),
    (at(2026, 10, 1), expiry.WITHDRAW, expiry.WITHDRAWN),
])
def test_expiry_state(moment, after, state):
    assert expiry.expiry_state(moment, after, NOW) == state


@pytest.mark.parametrize(("written", "choice"), [
    ("archive", "archive"), ("Lưu trữ", "archive"), ("luu_tru", "archive"),
    ("withdraw", "withdraw"), ("GỠ", "withdraw"), ("gỡ bài", "withdraw"), ("xoá", None),
])
def test_after_expiry_words(written, choice):
    assert expiry.after_expiry_choice(written) == choice


def checked(header: str):
    fm = frontmatter.split("a.md", f"---\ntitle: Học bổng\nauthor: A\ncategory: B\n{header}\n---\nThân bài\n")
    return fm, frontmatter.check_fields(fm, frontmatter.ARTICLE_REQUIRED, VIETNAM, NOW)


def test_expires_in_every_form_date_accepts():
    for written in ("30/11/2026", "2026-11-30", "30.11.2026 17:00", "2026-11-30T17:00:00+07:00"):
        fm, values = checked(f"date: 01/10/2026 08:00\nexpires: {written}")
        assert fm.problems == [], written
        assert values["expires"].date() == dt.date(2026, 11, 30)
    assert checked("date: 01/10/2026\nexpires: 30/11/2026")[1]["expires_has_time"] is False
    fm, values = checked("date: 01/10/2026\nhết_hạn: 30/11/2026")
    assert [p.format() for p in fm.problems] == [
        'a.md:6: hết_hạn: trường "hết_hạn" không có; có phải "expires"? Sửa thành: expires: 30/11/2026']


def test_every_expiry_problem_at_once():
    fm, _ = checked("date: 01/10/2026 08:00\nexpires: 01/10/2026 07:00\nafter_expiry: archve")
    assert [p.format() for p in fm.problems] == [
        'a.md:7: after_expiry: giá trị "archve" không hợp lệ. Viết after_expiry: archive (giữ trang, ghi '
        '"Tin đã hết hạn") hoặc after_expiry: withdraw (gỡ bài khỏi trang). Có phải: archive?',
        'a.md:6: expires: ngày hết hạn "01/10/2026 07:00" không sau ngày đăng "01/10/2026 08:00": bài sẽ hết hạn '
        "ngay khi đăng. Sửa expires thành một ngày sau ngày đăng, hoặc xoá dòng expires.",
    ]
    fm, _ = checked("date: 01/10/2026\nexpires: 31/02/2026\nafter_expiry: lưu trữ")
    assert [p.format() for p in fm.problems] == [
        'a.md:6: expires: ngày không hợp lệ "31/02/2026": tháng 2/2026 chỉ có 28 ngày. '
        "Viết theo dạng 15/07/2024, 15/07/2024 09:30, 2024-07-15 hoặc 2024-07-15 09:30."]
    fm, _ = checked("date: 01/10/2026\nafter_expiry: withdraw")
    assert [p.format() for p in fm.problems] == [
        "a.md:6: after_expiry: after_expiry không có tác dụng khi bài không có expires (cảnh báo). "
        "Thêm một dòng expires: 31/12/2026 hoặc xoá dòng after_expiry."]
    # The day of publication itself is allowed: a day alone runs to its end.
    assert checked("date: 01/10/2026 08:00\nexpires: 01/10/2026")[0].problems == []


def _items(result, path: str) -> list[str]:
    return [i.findtext("title") for i in ET.parse(result.output / path).getroot().iter("item")]


def test_archived_and_withdrawn_articles_through_the_build(site):
    site.article("con-han", title="Thông báo còn hạn", date="2026-10-01 08:00", expires="2026-11-30",
                 province="Lào Cai")
    site.article("luu", title="Học bổng đã hết hạn", date="2026-10-02 08:00", expires="2026-10-31",
                 province="Lào Cai", featured="true", tags="[học bổng]")
    site.article("go", title="Tuyển sinh đã gỡ", date="2026-10-03 08:00", expires="2026-11-01 11:59",
                 after_expiry="withdraw", tags="[học bổng]")
    site.article("khac", title="Tin thường", date="2026-10-04 08:00", tags="[học bổng]", province="Lào Cai")
    result = site.build()
    assert result.returncode == 0, result.stderr
    # Archived: the page stays, with the notice and the expiration in its metadata.
    page = result.page("tin/2026/10/02/hoc-bong-da-het-han/index.html")
    assert ('<p class="notice notice--expired" role="note" data-pagefind-ignore><strong>Tin đã hết hạn.</strong> '
            "Hạn của tin là Thứ Bảy, 31/10/2026; bài được giữ lại để tra cứu") in page
    assert '<meta property="article:expiration_time" content="2026-11-01T00:00:00+07:00">' in page
    assert (result.output / "tin/2026/10/02/hoc-bong-da-het-han/bai-viet.html").is_file()  # "Lưu dạng file"
    # Withdrawn: no page, no trace.
    assert not (result.output / "tin/2026/10/03").exists()
    # Current: its deadline shown and in its metadata.
    current = result.page("tin/2026/10/01/thong-bao-con-han/index.html")
    assert 'Hạn đến <time datetime="2026-11-30">Thứ Hai, 30/11/2026</time>' in current
    assert '<meta property="article:expiration_time" content="2026-12-01T00:00:00+07:00">' in current
    assert "Tin đã hết hạn" not in current
    # Neither expired article is in any list, block, feed or the front page.
    for listing in ("index.html", "tinh/lao-cai/index.html", "tu-khoa/hoc-bong/index.html",
                    "chuyen-muc/hoat-dong-hoi/index.html", "tin/2026/10/index.html", "khoi/tin-moi.html",
                    "khoi/tieu-diem.html", "khoi/tinh/lao-cai.html", "sitemap.xml",
                    "tin/2026/10/04/tin-thuong/index.html"):
        text = result.page(listing)
        assert "hoc-bong-da-het-han" not in text and "tuyen-sinh-da-go" not in text, listing
    assert "thong-bao-con-han" in result.page("tinh/lao-cai/index.html")
    assert _items(result, "rss/tat-ca.xml") == ["Tin thường", "Thông báo còn hạn"]
    assert "Học bổng đã hết hạn" not in result.page("rss/tinh/lao-cai.xml")


def test_a_build_after_the_expiry_is_not_skipped(site):
    site.article("luu", title="Học bổng", date="2026-10-02 08:00", expires="2026-11-01 17:00")
    first = site.build()
    assert first.returncode == 0, first.stderr
    assert "Học bổng" in first.page("index.html")
    again = site.build(now="2026-11-01T16:59:00+07:00")  # nothing changed, the moment not come
    assert again.returncode == 0 and "Không có gì thay đổi" in again.stdout + again.stderr
    assert "Học bổng" in again.page("index.html")
    later = site.build(now="2026-11-01T17:00:00+07:00")
    assert later.returncode == 0, later.stderr
    assert "Không có gì thay đổi" not in later.stdout + later.stderr
    assert "Học bổng" not in later.page("index.html")
    assert "Tin đã hết hạn" in later.page("tin/2026/10/02/hoc-bong/index.html")
