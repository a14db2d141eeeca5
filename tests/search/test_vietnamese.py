"""One index found with and without tone marks, đ written as d, province names and
aliases, excerpts from a sentence with the words searched marked (through the real
build, Pagefind and Chromium), and the pure parts that make the hidden words."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from provinces.provinces import registry_for
from search.folding import fold
from search.search import HIDDEN_WORDS_META, hidden_part, indexed_part
from search.words import ProvinceWords, d_bar_words, hidden_words, place_word, unit_word
from tests.conftest import ROOT, Site, serve_folder
from tests.search.browsing import search_titles

REGISTRY = registry_for({"PROVINCES_REGISTRY": str(ROOT / "data" / "provinces.yml")})
WORDS = ProvinceWords.of(REGISTRY)

ARTICLES = {
    "dong-bac": dict(title="Giao ban cụm Đông Bắc", province="Lạng Sơn", date="2024-05-02 08:00",
                     body="Các tỉnh hội cụm Đông Bắc họp giao ban. Hội nghị đánh giá phong trào."),
    "dong-song": dict(title="Dòng sông quê hương", province="Lạng Sơn", date="2024-05-03 08:00",
                      body="Dòng sông hiền hòa chảy qua bản. Trẻ em bên dòng sông chăm học."),
    "hoa-moi": dict(title="Khuyến học Hòa Bình trao quà", province="Hòa Bình", date="2024-05-04 08:00",
                    body="Hội Khuyến học Hòa Bình trao quà cho học sinh nghèo. Hòa Bình có nhiều gương sáng."),
    "hoa-cu": dict(title="Gương sáng Hoà Bình", province="Hòa Bình", date="2024-05-05 08:00",
                   body="Em học sinh người Hoà Bình đạt giải nhất. Cả bản Hoà Bình tự hào về em."),
    "thuy-moi": dict(title="Cô giáo Thúy vùng cao", province="Lào Cai", date="2024-05-06 08:00",
                     body="Cô Thúy dạy chữ cho trẻ em vùng cao. Mỗi sáng cô Thúy đi bộ tới lớp."),
    "thuy-cu": dict(title="Cô giáo Thuý miền biển", province="Quảng Ninh", date="2024-05-07 08:00",
                    body="Cô Thuý dạy học ở đảo xa. Học trò gọi cô Thuý là mẹ hiền."),
    "khuyen": dict(title="Thầy khuyên học trò chăm", province="Yên Bái", date="2024-05-08 08:00",
                   body="Thầy giáo khuyên học trò chăm chỉ ôn thi. Thầy khuyên học trò đọc sách mỗi ngày."),
    "cau-dai": dict(title="Tổng kết năm học ở Lạng Sơn", province="Lạng Sơn", date="2024-05-09 08:00",
                    body="Năm nay trời rét đậm kéo dài nhiều tuần liền. Các trường vẫn giữ nền nếp dạy và học. "
                         "Hội trao học bổng xuyenbang cho ba mươi em vượt khó. Lễ tổng kết diễn ra ấm áp."),
    "tphcm-1": dict(title="TP.HCM trao học bổng", province="TP.HCM", date="2025-09-06 08:00",
                    body="Hội trao 2.000 suất học bổng đầu năm học."),
    "tphcm-2": dict(title="Thành phố nhân rộng mô hình công nhân học tập", province="Thành phố Hồ Chí Minh",
                    date="2026-08-20 08:00", body="Mô hình được triển khai ở các khu công nghiệp."),
    "binh-duong": dict(title="Doanh nghiệp đồng hành cùng sinh viên", province="Bình Dương",
                       date="2023-07-04 08:00", body="Ba mươi doanh nghiệp cam kết trao học bổng toàn khóa."),
    "bac-giang": dict(title="Tuyên dương dòng họ học tập", province="Bắc Giang", date="2023-05-19 08:00",
                      body="Nhân kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh, tỉnh tuyên dương 50 dòng họ."),
    "thanh-hoa": dict(title="Xứ Thanh khai giảng năm học", province="Thanh Hóa", date="2024-09-05 08:00",
                      body="Tỉnh Thanh Hóa khai giảng năm học mới."),
    "van-hoa": dict(title="Văn hóa đọc hoàn thành kế hoạch", date="2024-04-23 08:00",
                    body="Phong trào văn hóa đọc hoàn thành kế hoạch năm; thanh niên tình nguyện góp sách."),
}
T = {name: fields["title"] for name, fields in ARTICLES.items()}
HCM_UNIT = {T["tphcm-1"], T["tphcm-2"], T["binh-duong"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("vietnamese"))
    for name, fields in ARTICLES.items():
        fields = dict(fields)
        site.article(name, body=fields.pop("body"), **fields)
    result = site.build()
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def site_url(built):
    server = serve_folder(built.output)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def page(browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    yield page
    assert errors == []
    page.close()


def _excerpts(page) -> list[tuple[str, str, list[str]]]:
    """(title, excerpt text, marked words) of each result shown."""
    out = []
    for result in page.locator(".result").all():
        excerpt = result.locator(".result__excerpt")
        out.append((result.locator(".result__title").inner_text(), excerpt.inner_text(),
                    excerpt.locator("mark").all_inner_texts()))
    return out


# -- in the browser -----------------------------------------------------------------------

def test_the_site_has_one_index(built):
    names = sorted(p.name for p in built.output.iterdir() if p.name.startswith("pagefind"))
    assert names == ["pagefind", "pagefind-moi.json"]


@pytest.mark.browser
@pytest.mark.parametrize("query", ["dong bac", "Đông Bắc", "DONG BAC", "đông bắc"])
def test_d_and_d_bar_find_dong_bac_first_and_mark_it(page, site_url, query):
    titles = search_titles(page, site_url, query)
    assert titles[0] == T["dong-bac"]
    title, text, marks = _excerpts(page)[0]
    assert text.startswith("Các tỉnh hội cụm Đông Bắc họp giao ban.")
    assert marks[:2] == ["Đông", "Bắc"] and {fold(m) for m in marks} == {"dong", "bac"}
    for _, text, _ in _excerpts(page):  # the hidden words are never shown
        assert "zz" not in text and "Dông" not in text and "dánh" not in text


@pytest.mark.browser
@pytest.mark.parametrize("query, first", [
    ("hoa binh", None), ("hòa bình", "hoa-moi"), ("Hoà Bình", "hoa-cu"),
    ("thuy", None), ("thúy", "thuy-moi"), ("thuý", "thuy-cu"),
])
def test_old_and_new_tone_placement_find_both_the_form_typed_first(page, site_url, query, first):
    titles = search_titles(page, site_url, query)
    pair = {T["hoa-moi"], T["hoa-cu"]} if "b" in query.lower() else {T["thuy-moi"], T["thuy-cu"]}
    assert set(titles[:2]) == pair
    if first is not None:
        assert titles[0] == T[first]
    for title, _, marks in _excerpts(page)[:2]:
        assert marks and {fold(m) for m in marks} <= set(fold(query).split()), title


@pytest.mark.browser
def test_the_exactly_accented_word_ranks_first(page, site_url):
    assert search_titles(page, site_url, "khuyên học")[0] == T["khuyen"]
    found = search_titles(page, site_url, "khuyến học")
    assert found[0] == T["hoa-moi"] and T["khuyen"] in found[1:]
    assert set(search_titles(page, site_url, "khuyen hoc")) >= {T["hoa-moi"], T["khuyen"]}


@pytest.mark.browser
def test_an_excerpt_starts_at_the_sentence_with_the_words(page, site_url):
    assert search_titles(page, site_url, "hoc bong xuyenbang") == [T["cau-dai"]]
    [(_, text, marks)] = _excerpts(page)
    assert text.startswith("Hội trao học bổng xuyenbang cho ba mươi em vượt khó.")
    assert marks[:3] == ["học", "bổng", "xuyenbang"]
    # no word searched in the text (a filter alone): the text's first sentence
    search_titles(page, site_url, "", province="Lạng Sơn")
    shown = {title: text for title, text, _ in _excerpts(page)}
    assert shown[T["cau-dai"]].startswith("Năm nay trời rét đậm kéo dài nhiều tuần liền.")


@pytest.mark.browser
@pytest.mark.parametrize("query", ["tphcm", "HCM", "TP.HCM", "Sài Gòn", "tp hcm"])
def test_an_alias_finds_every_article_of_the_current_unit(page, site_url, query):
    assert set(search_titles(page, site_url, query)) == HCM_UNIT


@pytest.mark.browser
def test_a_name_finds_the_articles_naming_it_then_those_of_the_unit(page, site_url):
    found = search_titles(page, site_url, "Hồ Chí Minh")
    assert found[0] == T["bac-giang"]  # the only text that writes the name
    assert set(found[1:]) == HCM_UNIT
    assert _excerpts(page)[0][2][:3] == ["Hồ", "Chí", "Minh"]
    assert search_titles(page, site_url, "tỉnh Thanh Hoá") == [T["thanh-hoa"]]
    assert search_titles(page, site_url, "Thanh Hoá") == [T["thanh-hoa"]]  # not "thành" and "hóa" apart


@pytest.mark.browser
def test_a_province_nothing_names_finds_nothing(page, site_url):
    assert search_titles(page, site_url, "Cà Mau") == []
    assert "Không tìm thấy bài nào" in page.locator(".search__status").inner_text()


@pytest.mark.browser
def test_the_province_filter_is_the_current_unit(page, site_url):
    search_titles(page, site_url, "học")
    options = page.locator("#loc-province option").all_inner_texts()
    assert "Hồ Chí Minh (3)" in options and "Lào Cai (2)" in options and "Phú Thọ (2)" in options
    assert not [o for o in options if o.startswith(("Bình Dương", "Yên Bái", "Hòa Bình"))]
    found = search_titles(page, site_url, "", province="Lào Cai")
    assert set(found) == {T["thuy-moi"], T["khuyen"]}
    assert "Yên Bái" in page.locator(".result__meta").all_inner_texts()[found.index(T["khuyen"])]


# -- the hidden words ---------------------------------------------------------------------

def test_d_bar_words_keep_their_tone_marks_and_repeat():
    assert d_bar_words("Đông Bắc đầu tiên, được đầu tư") == ["Dông", "dầu", "dược", "dầu"]
    assert d_bar_words(unicodedata.normalize("NFD", "đường")) == [unicodedata.normalize("NFD", "dường")]
    assert d_bar_words("khuyến học") == []


def test_province_words():
    hcm, binh_duong, thanh_hoa = (REGISTRY.provinces[s] for s in ("ho-chi-minh", "binh-duong", "thanh-hoa"))
    assert place_word(hcm) == "zzphochiminh" and unit_word(hcm) == "zzthochiminh"
    assert WORDS.of_article(binh_duong) == ["zztbinhduong", "zzthochiminh"]
    assert WORDS.of_article(hcm) == ["zzthochiminh"]
    assert WORDS.of_article(None) == []
    assert WORDS.mentioned("Hội TP.HCM và tỉnh Thanh Hoá; Bà Rịa – Vũng Tàu, xứ Thanh") == [
        place_word(thanh_hoa), place_word(hcm), "zzpbariavungtau"]
    assert WORDS.mentioned("hoàn thành kế hoạch văn hóa") == []
    table = WORDS.query_table()
    assert table["names"]["thanh hoa"] == table["aliases"]["xu thanh"] == "thanhhoa"
    assert table["aliases"]["tphcm"] == table["aliases"]["hcm"] == table["names"]["ho chi minh"] == "hochiminh"
    assert "thanh hoa" not in table["aliases"]  # an alias folding to the name is the name
    assert (table["place_prefix"], table["unit_prefix"]) == ("zzp", "zzt")


def test_the_hidden_part_skips_ignored_text_and_counts_its_words():
    element = ('<article data-pagefind-body><h1>Giao ban cụm Đông Bắc</h1>'
               '<span hidden data-pagefind-meta="province:Bình Dương"></span>'
               '<p class="meta" data-pagefind-ignore>Bản để in <b>đẹp</b></p>'
               '<p>Hội đồng TP.HCM<br>đã họp.</p><script>đừng()</script></article>').encode()
    words = hidden_words("Giao ban cụm Đông Bắc Hội đồng TP.HCM đã họp.",
                         ["zztbinhduong", "zzthochiminh", "zzphochiminh"])
    assert words == ["Dông", "dồng", "dã", "zztbinhduong", "zzthochiminh", "zzphochiminh"]
    assert hidden_part(element, WORDS) == (
        f'<p data-pagefind-meta="{HIDDEN_WORDS_META}:6">{" ".join(words)}</p>').encode()
    assert hidden_part("<article data-pagefind-body><p>Khuyến học</p></article>".encode(), WORDS) == b""
    page = b'<html lang="vi"><body><nav>x</nav>' + element + b"<footer>y</footer></body></html>"
    part = indexed_part(page, lambda e: hidden_part(e, WORDS))
    assert part.endswith(b" zzphochiminh</p></article></body></html>")
    assert b"<nav>" not in part and b"<footer>" not in part


def _hidden(part: Path) -> list[str]:
    """The hidden words at the end of an indexed part, checked against their count."""
    count, words = re.search(r'"hidden_words:(\d+)">([^<]*)</p></article></body></html>$',
                             part.read_text("utf-8")).groups()
    assert int(count) == len(words.split())
    return words.split()


def test_hidden_words_follow_the_article_and_the_registry(site):
    """An edit changes its article's hidden words; a new alias in the registry cuts
    every part again, pages that did not change included."""
    site.article("mot", title="Tin Yên Bái", province="Yên Bái", body="Hội đồng họp ở Nẵng Đà.")
    assert site.build().returncode == 0
    [cache] = (site.root / "cache").glob("search-*/")
    part = cache / "pages/tin/2024/07/15/tin-yen-bai/index.html"
    assert {"dồng", "Dà", "zztyenbai", "zztlaocai", "zzpyenbai"} <= set(_hidden(part))
    assert not [w for w in _hidden(part) if w.startswith(("zzpdanang", "zzpthanhhoa"))]
    site.article("mot", title="Tin Yên Bái", province="Yên Bái", body="Hội đồng họp ở Đà Nẵng.")
    assert site.build().returncode == 0
    assert "zzpdanang" in _hidden(part)
    site.article("mot", title="Tin Yên Bái", province="Yên Bái", body="Hội đồng họp ở Nẵng Đà.")
    assert site.build().returncode == 0
    assert "zzpdanang" not in _hidden(part)
    before = (site.output / "tin/2024/07/15/tin-yen-bai/index.html").read_bytes()
    registry = site.root / "provinces.yml"
    registry.write_text((ROOT / "data/provinces.yml").read_text("utf-8").replace(
        "aliases: [Thanh Hoá, Xứ Thanh]", "aliases: [Thanh Hoá, Xứ Thanh, Nẵng Đà]"), "utf-8")
    assert site.build(f'PROVINCES_REGISTRY="{registry}"').returncode == 0
    assert (site.output / "tin/2024/07/15/tin-yen-bai/index.html").read_bytes() == before
    assert "zzpthanhhoa" in _hidden(part)


def test_a_cache_of_the_former_second_index_is_removed(site):
    """The folded copies and their keys record of the second index are no longer read:
    the first build that runs removes them, and the output has one index."""
    site.article("mot", title="Tin một", body="Nội dung.")
    assert site.build().returncode == 0
    [cache] = (site.root / "cache").glob("search-*/")
    (cache / "folded/tin").mkdir(parents=True)
    (cache / "folded/tin/a.html").write_text("<p>cu</p>", "utf-8")
    (cache / "folded-keys.json").write_text("{}", "utf-8")
    site.article("hai", title="Tin hai", body="Nội dung khác.")
    assert site.build().returncode == 0
    # what is left: the indexed parts (the records are entries of the build state)
    assert sorted(p.name for p in cache.iterdir()) == ["pages"]
    assert not (site.output / "pagefind-khong-dau").exists()
