"""The one table of old addresses and its forms (pure)."""

from __future__ import annotations

import pytest

from redirects import rules

T = rules.LegacyTargets(
    stories={12: "/tin/2009/03/15/dai-hoi/", 7: "/tin/2009/03/10/hoc-bong/"},
    titles={12: "Đại hội", 7: "Học bổng"},
    categories={3: "/chuyen-muc/guong-sang-hieu-hoc/"},
    category_feeds={3: "/rss/chuyen-muc/guong-sang-hieu-hoc.xml"},
    days={(2009, 3, 15): "/tin/2009/03/15/"},
    months={(2009, 3): "/tin/2009/03/"},
)


@pytest.mark.parametrize(("query", "expected"), [
    ("name=News&op=viewst&sid=12", "/tin/2009/03/15/dai-hoi/"),
    ("sid=12&op=viewst&name=News", "/tin/2009/03/15/dai-hoi/"),
    ("name=News&amp;op=viewst&amp;sid=12", "/tin/2009/03/15/dai-hoi/"),
    ("name=News&file=article&sid=7", "/tin/2009/03/10/hoc-bong/"),
    ("name=News&file=print&sid=007", "/tin/2009/03/10/hoc-bong/"),
    ("name=News&op=viewst&sid=999", None),
    ("name=News&op=viewcat&catid=3", "/chuyen-muc/guong-sang-hieu-hoc/"),
    ("name=News&op=viewcat&catid=99", "/chuyen-muc/"),
    ("name=News&file=rss", "/rss/tat-ca.xml"),
    ("name=News&file=rss&catid=3", "/rss/chuyen-muc/guong-sang-hieu-hoc.xml"),
    ("name=Rss", "/rss/"),
    ("name=News&op=archive&day=15&month=3&year=2009", "/tin/2009/03/15/"),
    ("name=News&op=archive&day=16&month=3&year=2009", "/tin/2009/03/"),
    ("name=News&op=archive&day=1&month=1&year=2001", "/tin/"),
    ("name=News", "/"),
    ("name=Contact", None),
])
def test_resolve(query, expected):
    assert rules.resolve(T, query) == expected


def test_netlify_rules_cover_amp_forms():
    text = rules.netlify_redirects(T)
    assert "/modules.php name=News sid=12 /tin/2009/03/15/dai-hoi/ 301!" in text
    assert "/modules.php name=News amp;sid=12 /tin/2009/03/15/dai-hoi/ 301!" in text
    assert text.index("file=rss catid=3") < text.index("name=News sid=")  # first match wins


def test_alias_page():
    page = rules.alias_page('Tin "mới"', "../../tin/2009/03/15/dai-hoi/", "http://localhost:8000/tin/2009/03/15/dai-hoi/")
    assert '<meta http-equiv="refresh" content="0; url=../../tin/2009/03/15/dai-hoi/">' in page
    assert '<link rel="canonical" href="http://localhost:8000/tin/2009/03/15/dai-hoi/">' in page
    assert "Tin &quot;mới&quot;" in page


def test_nginx_values_must_be_plain_paths():
    with pytest.raises(ValueError):
        rules.nginx_map(rules.LegacyTargets({1: "/a b;"}, {1: "x"}))
