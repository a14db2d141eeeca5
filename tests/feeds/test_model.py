import datetime as dt
from dataclasses import dataclass

import pytest

from feeds.model import former_unit_items, group_by, newest_first, unit_items

VN = dt.timezone(dt.timedelta(hours=7))
MERGER = dt.datetime(2025, 7, 1, tzinfo=VN)


@dataclass(frozen=True)
class A:
    url: str
    date: dt.datetime
    province: str


def a(url, y, m, d, province):
    return A(url, dt.datetime(y, m, d, 8, tzinfo=VN), province)


ARTICLES = [
    a("yb-2024", 2024, 7, 15, "yen-bai"),
    a("lc-2024", 2024, 3, 1, "lao-cai"),
    a("yb-2025", 2025, 6, 25, "yen-bai"),
    a("lc-2025", 2025, 7, 10, "lao-cai"),
    a("tb-2025", 2025, 8, 1, "thai-binh"),
]
BY = group_by(ARTICLES, lambda x: x.province)


def urls(items):
    return [x.url for x in newest_first(items)]


def test_current_unit_carries_its_predecessors():
    assert urls(unit_items("lao-cai", BY, ["yen-bai"])) == ["lc-2025", "yb-2025", "yb-2024", "lc-2024"]


def test_former_unit_continues_with_its_successor_after_the_merger():
    successor = unit_items("lao-cai", BY, ["yen-bai"])
    assert urls(former_unit_items("yen-bai", BY, successor, MERGER)) == ["lc-2025", "yb-2025", "yb-2024"]


@pytest.mark.parametrize("limit, expected", [(None, 5), (2, 2), (0, 0)])
def test_newest_first_and_limit(limit, expected):
    items = newest_first(ARTICLES, limit)
    assert len(items) == expected
    assert items == sorted(items, key=lambda x: x.date, reverse=True)
