import datetime as dt
from dataclasses import dataclass

import pytest

from sidebars.selection import RelatedIndex, featured, keeps_choice, latest, older_in_list, positions_of

VN = dt.timezone(dt.timedelta(hours=7))
NOW = dt.datetime(2026, 11, 1, 12, tzinfo=VN)


@dataclass(eq=False)
class A:
    url: str
    date: dt.datetime
    tags: tuple = ()
    featured: bool = False
    until: dt.datetime | None = None


def day(n, **kw):
    return A(f"a{n}", dt.datetime(2024, 1, 1, tzinfo=VN) + dt.timedelta(days=n), **kw)


def test_latest_is_newest_first_and_cut():
    items = [day(n) for n in (3, 1, 7, 5)]
    assert [a.url for a in latest(items, 3)] == ["a7", "a5", "a3"]


def test_featured_respects_until_and_count():
    items = [
        day(1, featured=True),
        day(2, featured=True, until=NOW - dt.timedelta(seconds=1)),  # expired
        day(3, featured=True, until=NOW + dt.timedelta(days=1)),
        day(4),
        day(5, featured=True),
    ]
    pick = featured(items, NOW, 2, lambda a: a.featured, lambda a: a.until)
    assert [a.url for a in pick] == ["a5", "a3"]


def test_older_in_list():
    ordered = [day(n) for n in (9, 8, 7, 6, 5)]
    pos = positions_of(ordered)
    assert [a.url for a in older_in_list(ordered, pos, ordered[1], 2)] == ["a7", "a6"]
    assert older_in_list(ordered, pos, ordered[-1], 2) == []


@pytest.mark.parametrize("cap", [60, 2])
def test_related_are_earlier_articles_by_shared_tags_then_date(cap):
    me = day(5, tags=("hoc-bong", "dai-hoi", "yen-bai"))
    two_old = day(1, tags=("hoc-bong", "dai-hoi"))
    one_older = day(3, tags=("yen-bai",))
    one_old = day(2, tags=("hoc-bong",))
    later = day(9, tags=("hoc-bong", "dai-hoi", "yen-bai"))  # published after: never offered
    none = day(4, tags=("khac",))
    index = RelatedIndex([me, two_old, one_older, one_old, later, none], lambda a: a.tags, cap=cap)
    assert [a.url for a in index.related(me, 5)] == ["a1", "a3", "a2"]
    assert [a.url for a in index.related(later, 5)][:1] == ["a5"]  # shares all three


def test_a_common_tag_offers_the_articles_just_before():
    articles = [day(n, tags=("pho-bien",)) for n in range(1, 200)]
    index = RelatedIndex(articles, lambda a: a.tags, cap=10)
    assert [a.url for a in index.related(articles[150], 5)] == ["a150", "a149", "a148", "a147", "a146"]
    assert index.related(articles[0], 5) == []  # the first article has none before it


def test_a_new_article_changes_no_earlier_article_s_related():
    articles = [day(n, tags=("pho-bien", f"t{n % 3}")) for n in range(1, 60)]
    before = RelatedIndex(articles, lambda a: a.tags, cap=10)
    after = RelatedIndex([*articles, day(99, tags=("pho-bien", "t0"))], lambda a: a.tags, cap=10)
    assert all(before.related(a, 5) == after.related(a, 5) for a in articles)


def test_a_block_is_made_when_a_page_first_reads_it_and_once():
    from sidebars.selection import OnFirstRead

    made = []
    block = OnFirstRead(lambda: made.append(1) or iter([3, 2, 1]))
    assert made == []  # nothing computed until read
    assert block and len(block) == 3 and list(block) == [3, 2, 1] and block[:2] == [3, 2]
    assert block == [3, 2, 1] and made == [1]  # made once
    assert not OnFirstRead(lambda: [])


def test_keeps_choice_when_one_article_outside_it_changes():
    chosen = [(300.0, "c"), (200.0, "b")]
    assert keeps_choice(chosen, 2, False, None)  # not a candidate now
    assert keeps_choice(chosen, 2, False, (100.0, "a"))  # older than the last chosen, no room
    assert not keeps_choice(chosen, 2, False, (250.0, "x"))  # newer than the last chosen
    assert not keeps_choice(chosen, 2, False, (200.0, "c"))  # same moment, later address: first
    assert not keeps_choice(chosen, 3, False, (100.0, "a"))  # room for it
    assert not keeps_choice(chosen, 2, True, None)  # it was chosen
    assert keeps_choice([], 0, False, (100.0, "a"))  # a block of none
