import pytest
from jinja2 import DictLoader, Environment

from sitecore.fragments import SITEURL_MARK, FragmentCache, fragment_id, patched, recording_uses

TEMPLATES = {
    "block.html": '<a href="{{ SITEURL }}/tin/">{{ title }} {{ month|default("") }}</a>',
    "page.html": "{{ shared_fragment('block.html') }}|{{ shared_fragment('block.html', month=m) }}",
}


def _env(cache: FragmentCache) -> Environment:
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    env.globals["shared_fragment"] = cache.template_global()
    return env


def test_rendered_once_and_pasted_with_each_pages_prefix():
    cache = FragmentCache()
    page = _env(cache).get_template("page.html")
    first = page.render(SITEURL="..", title="Tin & bài", m=5)
    second = page.render(SITEURL="../../..", title="khác", m=5)
    assert first == '<a href="../tin/">Tin &amp; bài </a>|<a href="../tin/">Tin &amp; bài 5</a>'
    # the same fragment (same key): not rendered again, only the prefix differs
    assert second == '<a href="../../../tin/">Tin &amp; bài </a>|<a href="../../../tin/">Tin &amp; bài 5</a>'
    assert cache.renders == 2


def test_a_different_key_renders_its_own_fragment():
    cache = FragmentCache()
    page = _env(cache).get_template("page.html")
    page.render(SITEURL="", title="A", m=5)
    assert page.render(SITEURL="", title="A", m=6).endswith("A 6</a>")
    assert cache.renders == 3


def test_the_fragments_a_page_shows_are_noted_with_its_prefix():
    cache = FragmentCache()
    page = _env(cache).get_template("page.html")
    with recording_uses() as uses:
        page.render(SITEURL="..", title="A", m=5)
    assert [(u.fragment, u.siteurl) for u in uses] == [
        (fragment_id("block.html", {}), ".."), (fragment_id("block.html", {"month": 5}), "..")]
    assert uses[0].digest != uses[1].digest
    assert cache.text(uses[0].fragment) == f'<a href="{SITEURL_MARK}/tin/">A </a>'


@pytest.mark.parametrize("page, expected", [
    ('<p>x</p><a href="../tin/">cũ</a><p>y</p>', '<p>x</p><a href="../tin/">mới</a><p>y</p>'),
    ('<a href="../tin/">cũ</a><a href="../tin/">cũ</a>', None),  # twice: which one?
    ('<a href="../../tin/">cũ</a>', None),  # shown with another prefix: not this page's
])
def test_a_fragment_is_replaced_only_where_found_once(page, expected):
    change = (f'<a href="{SITEURL_MARK}/tin/">cũ</a>', f'<a href="{SITEURL_MARK}/tin/">mới</a>', "..")
    assert patched(page, [change]) == expected
