from jinja2 import DictLoader, Environment

from sitecore.fragments import FragmentCache

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
