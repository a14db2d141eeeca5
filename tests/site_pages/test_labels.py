"""Issue 35, "labels": provinces by the registry's display name, categories by one
spelling, whatever the editor typed."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from provinces.registry import Registry
from site_pages.directory import province_label
from site_pages.labels import canonical_spellings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load(ROOT / "data" / "provinces.yml")


@pytest.mark.parametrize(("pairs", "expected"), [
    ([("a", "Hoạt động Hội"), ("a", "hoạt động hội"), ("a", "Hoạt động Hội")], "Hoạt động Hội"),
    ([("a", "hoạt động hội"), ("a", "hoạt động hội"), ("a", "Hoạt động Hội")], "hoạt động hội"),  # most used
    ([("a", "hoạt động hội"), ("a", "Hoạt Động Hội")], "Hoạt Động Hội"),  # tie: the capital
    ([("a", "Hoạt Động Hội"), ("a", "Hoạt động Hội")], "Hoạt Động Hội"),  # tie: Unicode order
    ([("a", "Hoạt động Hội"), ("a", "Hoạt Động Hội")], "Hoạt Động Hội"),  # not the order read
])
def test_one_spelling_per_key(pairs, expected):
    assert canonical_spellings(pairs) == {"a": expected}


def test_spellings_are_chosen_per_key():
    assert canonical_spellings([("a", "X"), ("b", "y"), ("b", "Y"), ("b", "y")]) == {"a": "X", "b": "y"}


@pytest.mark.parametrize(("written", "slug", "shown"), [
    ("tỉnh Hà Giang", "ha-giang", "Hà Giang"),
    ("Tỉnh Hà Giang", "ha-giang", "Hà Giang"),
    ("ha giang", "ha-giang", "Hà Giang"),
    ("Yên Bái", "yen-bai", "Yên Bái"),
    ("Hồ Chí Minh", "ho-chi-minh", "TP. Hồ Chí Minh"),
    ("thành phố Hồ Chí Minh", "ho-chi-minh", "TP. Hồ Chí Minh"),
    ("TP.HCM", "ho-chi-minh", "TP. Hồ Chí Minh"),
    ("Hà Nội", "ha-noi", "Hà Nội"),
    ("Thừa Thiên Huế", "hue", "Thừa Thiên Huế"),  # the unit's name when the article was written
    ("tỉnh Thừa Thiên Huế", "hue", "Thừa Thiên Huế"),
    ("Huế", "hue", "Huế"),
    (None, "yen-bai", "Yên Bái"),
])
def test_province_label_is_the_display_name(registry, written, slug, shown):
    assert registry.lookup(written or slug).slug == slug
    assert province_label(written, registry.provinces[slug]) == shown


def test_display_name_is_read_from_the_registry(registry):
    assert registry.provinces["ho-chi-minh"].display_name == "TP. Hồ Chí Minh"
    assert registry.provinces["yen-bai"].display_name == "Yên Bái"
    # the bare name still finds it, and so does the display name
    assert registry.lookup("TP. Hồ Chí Minh").slug == "ho-chi-minh"


def test_a_display_that_is_not_text_is_a_registry_error(tmp_path):
    from provinces.registry import RegistryError

    text = (ROOT / "data" / "provinces.yml").read_text(encoding="utf-8").replace(
        "    display: TP. Hồ Chí Minh\n", "    display: [TP, HCM]\n")
    with pytest.raises(RegistryError) as caught:
        Registry.from_yaml(text, "provinces.yml")
    assert "display" in str(caught.value)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import Site

    site = Site(tmp_path_factory.mktemp("labels"))
    site.article("ha-giang", title="Tin Hà Giang", date="2024-07-10 08:00", province="tỉnh Hà Giang",
                 category="Hoạt động Hội")
    site.article("yen-bai", title="Tin Yên Bái", date="2024-07-11 08:00", province="Yên Bái",
                 category="hoạt động hội")
    site.article("hcm", title="Tin thành phố", date="2024-07-12 08:00", province="Hồ Chí Minh",
                 category="Hoạt động Hội")
    site.article("hcm-2", title="Tin thành phố hai", date="2024-07-13 08:00", province="TP HCM",
                 category="HOẠT ĐỘNG HỘI")
    result = site.build()
    assert result.returncode == 0, result.stderr
    return result


def texts(pattern: str, html: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in re.findall(pattern, html, re.S)]


def test_provinces_show_their_display_name_everywhere(built):
    home = built.page("index.html")
    month = built.page("tin/2024/07/index.html")  # a plain list (the front page leads with one story)
    origins = texts(r'<p class="item__meta">.*?<span class="sep" aria-hidden="true"> · </span>(.*?)</p>', month)
    assert origins == ["TP. Hồ Chí Minh", "TP. Hồ Chí Minh", "Yên Bái", "Hà Giang"]
    article = built.page("tin/2024/07/10/tin-ha-giang/index.html")
    assert "<span>Tỉnh hội: <a href=\"../../../../../tinh/ha-giang/\">Hà Giang</a></span>" in article
    assert "tỉnh Hà Giang</a>" not in article
    hcm = built.page("tin/2024/07/12/tin-thanh-pho/index.html")
    assert 'Tỉnh hội: <a href="../../../../../tinh/ho-chi-minh/">TP. Hồ Chí Minh</a>' in hcm
    # the province's other news: "Tin cùng" its full name, never "tỉnh TP. …"
    other = built.page("tin/2024/07/13/tin-thanh-pho-hai/index.html")
    assert "Tin cùng thành phố Hồ Chí Minh" in other and "tỉnh TP." not in other
    # the provinces block of every page and the cluster page list the display name
    block = re.search(r'<a href="\./tinh/ho-chi-minh/">([^<]+)</a>', home).group(1)
    assert block == "TP. Hồ Chí Minh"
    cluster = built.page("cum/dong-nam-bo/index.html")
    assert '<a href="../../tinh/ho-chi-minh/">TP. Hồ Chí Minh</a>' in cluster
    # and the feeds' categories
    feed = built.page("rss/tat-ca.xml")
    assert "<category>Hà Giang</category>" in feed and "<category>TP. Hồ Chí Minh</category>" in feed
    assert "tỉnh Hà Giang" not in feed


def test_a_category_shows_one_spelling_everywhere(built):
    home = built.page("index.html")
    nav = re.search(r'<ul class="main-nav__list".*?</ul>', home, re.S).group(0)
    assert texts(r"<a [^>]*>(.*?)</a>", nav).count("Hoạt động Hội") == 1
    assert "hoạt động hội" not in home and "HOẠT ĐỘNG HỘI" not in home
    for page in ("tin/2024/07/11/tin-yen-bai/index.html", "tin/2024/07/13/tin-thanh-pho-hai/index.html"):
        html = built.page(page)
        crumbs = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
        assert texts(r"<a [^>]*>(.*?)</a>", crumbs) == ["Trang chủ", "Hoạt động Hội"], page
    assert "<h1>Chuyên mục: Hoạt động Hội</h1>" in built.page("chuyen-muc/hoat-dong-hoi/index.html")
    index = built.page("chuyen-muc/index.html")
    assert texts(r'<ul class="term-list">.*?<a [^>]*>(.*?)</a>', index) == ["Hoạt động Hội"]
    assert '"categories":["Hoạt động Hội"]' in (built.output / "lich" / "bai-viet.json").read_text(encoding="utf-8")
