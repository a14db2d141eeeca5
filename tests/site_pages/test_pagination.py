"""Listings numbered from the oldest: news changes the newest page alone."""

from __future__ import annotations

import pytest

from site_pages.pagination import Addresses, NavItem, numbered_pages, paginate

PATTERNS = ((1, "{url}", "{save_as}"), (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"))
WHERE = Addresses("chuyen-muc/hoi/index.html", "chuyen-muc/hoi/", PATTERNS)


def pages_of(count: int, per_page: int = 20):
    return paginate([f"bai-{n}" for n in range(count, 0, -1)], per_page, WHERE)  # newest first


@pytest.mark.parametrize("count, numbered", [(0, 0), (1, 0), (20, 0), (39, 0), (40, 1), (59, 1), (60, 2), (100, 4)])
def test_all_but_the_newest_twenty_to_thirty_nine_are_numbered(count, numbered):
    assert numbered_pages(count, 20) == numbered
    pages = pages_of(count)
    assert [p.number for p in pages] == [0, *range(numbered, 0, -1)]
    assert 20 <= len(pages[0].object_list) <= 39 or count < 20
    assert all(len(p.object_list) == 20 for p in pages[1:])
    assert [item for p in pages for item in p.object_list] == [f"bai-{n}" for n in range(count, 0, -1)]


def test_addresses_follow_the_patterns_the_newest_at_the_listing_s_own():
    pages = pages_of(60)
    assert [(p.url, p.save_as) for p in pages] == [
        ("chuyen-muc/hoi/", "chuyen-muc/hoi/index.html"),
        ("chuyen-muc/hoi/trang/2/", "chuyen-muc/hoi/trang/2/index.html"),
        ("chuyen-muc/hoi/trang/1/", "chuyen-muc/hoi/trang/1/index.html")]
    assert pages[2].object_list[-1] == "bai-1" and pages[1].object_list[0] == "bai-40"
    assert (pages[0].older, pages[1].newer, pages[1].older, pages[2].older) == (pages[1], pages[0], pages[2], None)
    home = Addresses("index.html", "", PATTERNS)
    assert home.every(4)[0] == ("", "index.html") and home.every(4)[3] == ("trang/3/", "trang/3/index.html")


def test_an_old_page_is_the_same_whatever_arrives_after_it():
    before = {p.number: (list(p.object_list), p.signature) for p in pages_of(200)}
    for count in range(201, 300):
        after = {p.number: (list(p.object_list), p.signature) for p in pages_of(count)}
        newest = numbered_pages(count, 20)
        for number in range(1, newest + 1):
            if number < newest - 3:  # only the four below the newest numbered one link it
                assert after[number] == before[number], (count, number)
        assert all(after[n][0] == before[n][0] for n in before if n)  # the articles never move
        before = after


def test_navigation_links_the_newest_a_few_around_and_the_oldest():
    pages = {p.number: p for p in pages_of(200)}  # numbered 1..9
    assert pages[5].nav == [
        NavItem(0, "chuyen-muc/hoi/"), NavItem(-1, None), NavItem(7, "chuyen-muc/hoi/trang/7/"),
        NavItem(6, "chuyen-muc/hoi/trang/6/"), NavItem(5, "chuyen-muc/hoi/trang/5/", True),
        NavItem(4, "chuyen-muc/hoi/trang/4/"), NavItem(3, "chuyen-muc/hoi/trang/3/"), NavItem(-1, None),
        NavItem(1, "chuyen-muc/hoi/trang/1/")]
    assert [i.number for i in pages[0].nav] == [0, 9, 8, -1, 1] and pages[0].nav[0].current
    assert [i.number for i in pages[9].nav] == [0, 9, 8, 7, -1, 1]
    assert [i.number for i in pages[2].nav] == [0, -1, 4, 3, 2, 1]
    assert pages_of(30)[0].nav == []  # one page: no navigation
