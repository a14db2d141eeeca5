"""Search through the real build and in a real browser."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.search.browsing import search_titles as _search


def test_one_index_holds_the_article_pages_only(sample_build):
    out = sample_build.output
    articles = len(list(out.glob("tin/*/*/*/*/index.html")))
    assert sorted(p.name for p in out.iterdir() if p.name.startswith("pagefind")) == ["pagefind", "pagefind-moi.json"]
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text())
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == articles
    page = (out / "tim-kiem/index.html").read_text(encoding="utf-8")
    assert "Ô tìm kiếm cần JavaScript" in page
    assert 'href="../tin/"' in page and 'href="../tinh/"' in page
    article = next(out.glob("tin/2024/07/15/*/index.html")).read_text(encoding="utf-8")
    assert "data-pagefind-body" in article
    # filtered by the unit it belongs to today, shown with the name it was written with
    assert 'data-pagefind-filter="province:Lào Cai"' in article
    assert 'data-pagefind-meta="province:Yên Bái"' in article
    assert 'data-pagefind-filter="cluster:Cụm Tây Bắc"' in article
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in home
    assert 'action="./tim-kiem/"' in home


def _fragments(index: Path) -> list[dict]:
    """What Pagefind keeps of each indexed page (its fragment files, decoded)."""
    found = []
    for path in (index / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        found.append(json.loads(data[len(b"pagefind_dcd"):]))
    return sorted(found, key=lambda fragment: fragment["url"])


def _without_hidden_words(fragment: dict) -> dict:
    """A fragment as Pagefind makes it of the whole page: without the hidden words that
    end the indexed part (search.words) and the metadata that counts them."""
    from search.search import HIDDEN_WORDS_META

    meta = dict(fragment["meta"])
    hidden = int(meta.pop(HIDDEN_WORDS_META, 0))
    words = fragment["content"].split()
    words = words[:len(words) - hidden]
    words[-1] = words[-1].rstrip(".")
    return {"url": fragment["url"], "words": words, "meta": meta, "filters": fragment["filters"],
            "sort": fragment.get("sort")}


def test_the_index_of_the_cut_out_parts_equals_the_index_of_the_whole_pages(sample_build, tmp_path):
    """The index is built from the part of each article page that Pagefind reads
    (faster) and the hidden words; indexing the whole pages gives the same pages, text,
    filters and metadata, but for those words."""
    from search.search import run_pagefind

    out = sample_build.output
    run_pagefind(out, tmp_path / "whole", "whole pages", "tin/*/*/*/*/index.html")
    built, whole = _fragments(out / "pagefind"), _fragments(tmp_path / "whole")
    assert len(built) == len(list(out.glob("tin/*/*/*/*/index.html"))) > 0
    assert [_without_hidden_words(f) for f in built] == [_without_hidden_words(f) for f in whole]
    assert sum(int(f["meta"].get("hidden_words", 0)) for f in built) > len(built)  # đ words in nearly every one


@pytest.mark.browser
def test_search_with_and_without_tone_marks_and_a_filter(browser, sample_url):
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    with_marks = _search(page, sample_url, "ra mắt Lào Cai")
    assert with_marks[0] == "Ra mắt Hội Khuyến học tỉnh Lào Cai sau hợp nhất"
    without = _search(page, sample_url, "ra mat lao cai")
    assert without[0] == "Ra mắt Hội Khuyến học tỉnh Lào Cai sau hợp nhất"
    # đ/d and Đông Bắc written without marks
    assert "Giao ban cụm Đông Bắc đầu tiên sau sắp xếp tỉnh" in _search(page, sample_url, "giao ban dong bac")
    filtered = _search(page, sample_url, "hoc bong", province="Lào Cai")
    assert filtered and filtered[0] == "Hội Khuyến học tỉnh Yên Bái trao học bổng hè 2024"
    metas = page.locator(".result__meta").all_inner_texts()
    assert metas and all(m.endswith(("Yên Bái", "Lào Cai")) for m in metas)
    assert page.locator(".result__excerpt mark").count() > 0
    # typing in the header box of another page lands on the search page with results
    page.goto(f"{sample_url}/gioi-thieu/")
    page.fill("#o-tim-kiem", "Thái Nguyên")
    page.press("#o-tim-kiem", "Enter")
    page.wait_for_selector("#tim-kiem[data-ready=true]", timeout=20000)
    assert page.locator(".result__title a").count() > 0
    assert errors == []
    page.close()


HCM_PAGE = "tinh/ho-chi-minh/index.html"
LAO_CAI_PAGE = "tinh/lao-cai/index.html"


def _listed(sample_build, page: str) -> set[str]:
    """The titles of the articles a province page lists (its one page, in the sample)."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(sample_build.page(page))
    return {" ".join(a.text_content().split()) for a in tree.xpath('//main//a[@class="item__link"]')}


@pytest.mark.browser
@pytest.mark.parametrize("query", ["tphcm", "HCM", "TP.HCM", "Hồ Chí Minh"])
def test_hcm_and_its_aliases_find_every_article_of_the_city(browser, sample_url, sample_build, query):
    page = browser.new_page()
    found = _search(page, sample_url, query)
    listed = _listed(sample_build, HCM_PAGE)
    assert len(listed) == 4
    if query == "Hồ Chí Minh":  # and also the articles that name it (Chủ tịch Hồ Chí Minh)
        assert set(found) >= listed
    else:
        assert set(found) == listed
    page.close()


@pytest.mark.browser
def test_a_province_without_articles_finds_nothing_unrelated(browser, sample_url):
    page = browser.new_page()
    assert _search(page, sample_url, "Thanh Hoá") == []
    assert _search(page, sample_url, "thanh hoa") == []
    assert "Không tìm thấy bài nào" in page.locator(".search__status").inner_text()
    page.close()


@pytest.mark.browser
def test_the_province_filter_counts_what_the_province_page_lists(browser, sample_url, sample_build):
    page = browser.new_page()
    found = _search(page, sample_url, "", province="Lào Cai")
    listed = _listed(sample_build, LAO_CAI_PAGE)
    assert len(listed) == 5 and set(found) == listed
    assert f"Lào Cai ({len(listed)})" in page.locator("#loc-province option").all_inner_texts()
    assert not [o for o in page.locator("#loc-province option").all_inner_texts() if o.startswith("Yên Bái")]
    page.close()


@pytest.mark.browser
def test_excerpts_start_at_a_sentence(browser, sample_url):
    page = browser.new_page()
    assert len(_search(page, sample_url, "khuyen hoc")) == 10  # ten at a time: each is a file to fetch
    # 54 of the sample articles say it, the archived (expired) one among them
    assert page.locator(".search__status").inner_text().startswith("Tìm thấy 54 bài")
    page.click(".search__more button")
    page.locator(".result").nth(19).wait_for()  # (wait_for_function's string is refused by the CSP)
    excerpts = page.locator(".result__excerpt").all_inner_texts()
    assert len(excerpts) == 20
    for text in excerpts:
        assert not text[0].islower(), text  # a sentence's first word, never one cut in two
        assert "zz" not in text
    page.close()


@pytest.mark.browser
def test_without_javascript_the_page_offers_other_ways(browser, sample_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{sample_url}/tim-kiem/?q=hoc+bong")
    assert page.locator(".search__nojs").is_visible()
    assert "cần JavaScript" in page.locator(".search__nojs").inner_text()
    page.click("text=Tin theo tỉnh hội và cụm thi đua")
    assert page.url.endswith("/tinh/")
    context.close()


def _page(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<html><body><main data-pagefind-body><p>{text}</p></main></body></html>', "utf-8")


def test_parts_follow_the_pages_with_and_without_a_record(tmp_path):
    from search.search import refresh_parts
    from sitecore.store import RECORD, Store

    site, parts, record = tmp_path / "site", tmp_path / "parts", Store(tmp_path / "state.sqlite")
    for name in ("tin/a/index.html", "tin/b/index.html"):
        _page(site, name, name)
    locate = lambda name: str(site / name)  # noqa: E731
    assert refresh_parts(locate, parts, ["tin/a/index.html", "tin/b/index.html"], record) == [
        "tin/a/index.html", "tin/b/index.html"]
    assert "tin/b/index.html" in (parts / "tin/b/index.html").read_text("utf-8")
    # a page no longer built: its part goes (the record lists it)
    assert refresh_parts(locate, parts, ["tin/a/index.html"], record) == ["tin/a/index.html"]
    assert not (parts / "tin/b/index.html").exists()
    # a run cut short leaves no record and may leave a part behind: the next run finds it
    _page(parts, "tin/c/index.html", "left behind")
    record.remove(RECORD, "search-parts")
    assert refresh_parts(locate, parts, ["tin/a/index.html"], record) == ["tin/a/index.html"]
    assert sorted(p.relative_to(parts).as_posix() for p in parts.rglob("*.html")) == ["tin/a/index.html"]


def test_a_page_written_again_with_its_part_is_not_cut_again(tmp_path):
    """A theme change writes every page again: the hidden words (``extra``, a parser
    over each part) are made only for parts whose text changed."""
    from search.search import refresh_parts
    from sitecore.store import Store

    site, parts, record = tmp_path / "site", tmp_path / "parts", Store(tmp_path / "state.sqlite")
    names = ["tin/a/index.html", "tin/b/index.html"]
    for name in names:
        _page(site, name, name)
    cut: list[bytes] = []

    def extra(element: bytes) -> bytes:
        cut.append(element)
        return b"<p>an</p>"

    locate = lambda name: str(site / name)  # noqa: E731
    assert refresh_parts(locate, parts, names, record, extra, "k") == names
    assert len(cut) == 2
    kept = (parts / names[0]).stat().st_mtime_ns
    # the theme changed outside the indexed element: both pages written again
    for name in names:
        page = site / name
        page.write_text(page.read_text("utf-8").replace("<body>", '<body><nav>Menu</nav>'), "utf-8")
    _page(site, names[1], "tin/b/index.html, edited")
    assert refresh_parts(locate, parts, names, record, extra, "k") == names
    assert [element.count(b"edited") for element in cut[2:]] == [1]  # the edited page alone
    assert (parts / names[0]).stat().st_mtime_ns == kept
    assert "edited" in (parts / names[1]).read_text("utf-8") and "<p>an</p>" in (parts / names[1]).read_text("utf-8")
    # another extra (the registry changed): every part is cut again
    assert refresh_parts(locate, parts, names, record, extra, "other") == names
    assert len(cut) == 5


def test_a_missing_pagefind_binary_stops_the_build_with_the_fix(site, monkeypatch):
    site.article("one", title="Bài một")
    assert site.build().returncode == 0
    before = (site.output / "index.html").read_bytes()
    site.article("two", title="Bài hai")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(site.root / "khong-co" / "pagefind"))
    failed = site.build()
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    assert "search: Pagefind could not be started" in failed.stderr
    assert "PAGEFIND_BINARY_PATH" in failed.stderr
    assert (site.output / "index.html").read_bytes() == before  # nothing published
