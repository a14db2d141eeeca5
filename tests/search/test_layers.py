"""Search in two layers: a rebuild indexes only the changed articles, and the search page
answers as if everything had been indexed again (through the real build and browser)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from search.layers import (NO_LAYERS, Limits, bounds_of, changed_pages, layer_folders, layer_manifest, moved_pages,
                           page_url, read_fragments, read_shards, recent_pages, shard_folders, shard_of, shards)
from search.layers import stamps as stamps_of
from tests.conftest import Site, serve_folder
from tests.search.browsing import search_titles as _search

EDITED = "tin/2024/07/15/trao-hoc-bong/index.html"
REMOVED = "tin/2024/07/12/gap-mat-tan-sinh-vien/index.html"


def _write_news(site: Site) -> None:
    site.article("mot", title="Trao học bổng", province="Lào Cai",
                 body="Hội trao học bổng cho học sinh nghèo vượt khó ở vùng cao plughtrang.")
    site.article("hai", title="Gương sáng hiếu học", date="2024-07-14 08:00", province="Lào Cai",
                 body="Em học sinh nghèo đạt giải nhất học sinh giỏi cấp tỉnh.")
    site.article("ba", title="Đại hội Hội Khuyến học", date="2024-07-13 08:00", province="Yên Bái",
                 body="Đại hội bầu ban chấp hành mới.")
    site.article("bon", title="Gặp mặt tân sinh viên", date="2024-07-12 08:00", province="Lào Cai",
                 body="Gặp mặt tân sinh viên nghèo đỗ đại học.")
    site.article("nam", title="Tổng kết năm học", date="2024-07-11 08:00", province="Yên Bái",
                 body="Tổng kết phong trào khuyến học.")


def _edit(site: Site) -> None:
    site.article("mot", title="Trao học bổng", province="Lào Cai",
                 body="Hội trao học bổng cho học sinh nghèo vượt khó, thêm xyzzyvang.")


@pytest.fixture
def layered(site):
    _write_news(site)
    assert site.build().returncode == 0
    return site


def search_cache(site: Site) -> Path:
    """The search's folder in the cache of ``site``, built into one output folder."""
    [folder] = (site.root / "cache").glob("search-*/")
    return folder


def _stamps(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def _entry_pages(index: Path) -> int:
    entry = json.loads((index / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


def _manifest(site: Site) -> dict:
    return json.loads((site.output / "pagefind-moi.json").read_text(encoding="utf-8"))


def test_an_edit_indexes_that_article_alone_and_keeps_the_big_indexes(layered):
    out = layered.output
    assert (out / "pagefind-moi.json").read_bytes() == NO_LAYERS
    base_before = {"pagefind": _stamps(out / "pagefind")}
    old_ids = {folder: read_fragments(out / folder)[page_url(EDITED)][0] for folder in base_before}
    _edit(layered)
    assert layered.build().returncode == 0
    for folder, stamps in base_before.items():
        assert _stamps(out / folder) == stamps  # not one file of the big indexes written
    assert _entry_pages(out / "pagefind-moi") == 1
    layers = {layer["base"]: layer for layer in _manifest(layered)["layers"]}
    assert list(layers) == ["pagefind/"]
    assert layers["pagefind/"]["hide"] == [old_ids["pagefind"]]
    assert layers["pagefind/"]["uncount"][0]["province"] == ["Lào Cai"]
    assert list(read_fragments(out / "pagefind-moi")) == [page_url(EDITED)]

    # a second article edited: over the share of the site a layer may hold, the big
    # indexes are built again; then a layer holds what changed since, up to the limits
    layered.article("ba", title="Đại hội Hội Khuyến học", date="2024-07-13 08:00", province="Yên Bái",
                    body="Đại hội bầu ban chấp hành mới nhiệm kỳ 2024-2029.")
    assert layered.build().returncode == 0  # 2 of 5 pages: over a quarter of the site
    assert not (out / "pagefind-moi").exists()
    base_before = {folder: _stamps(out / folder) for folder in base_before}
    layered.article("hai", title="Gương sáng hiếu học", date="2024-07-14 08:00", province="Lào Cai",
                    body="Em học sinh nghèo đạt giải nhất học sinh giỏi cấp tỉnh năm 2024.")
    assert layered.build().returncode == 0
    assert _entry_pages(out / "pagefind-moi") == 1
    layered.article("nam", title="Tổng kết năm học", date="2024-07-11 08:00", province="Yên Bái",
                    body="Tổng kết phong trào khuyến học năm 2024.")
    assert layered.build("SEARCH_LAYER_MAX_SHARE=0.5").returncode == 0
    assert _entry_pages(out / "pagefind-moi") == 2
    assert {folder: _stamps(out / folder) for folder in base_before} == base_before

    # too many changes for a layer: the big indexes are built again, the layer goes
    (layered.content / "articles/bon.md").unlink()
    assert layered.build("SEARCH_LAYER_MAX_SHARE=0.5", "SEARCH_LAYER_MAX_PAGES=2").returncode == 0
    assert (out / "pagefind-moi.json").read_bytes() == NO_LAYERS
    assert not (out / "pagefind-moi").exists()
    assert _entry_pages(out / "pagefind") == 4
    assert page_url(REMOVED) not in read_fragments(out / "pagefind")


def test_an_index_left_half_published_is_made_again_whole(layered):
    """The sync of an edit stops at the new layer (a file where its folder must go).
    Pagefind names its files by their content: a changed index adds names, and a sync
    that adds names leaves the last build's record without the plugins' records before
    it moves a file. The next build then indexes every article again instead of
    layering over an index readers may only partly have."""
    out = layered.output
    _edit(layered)
    (out / "pagefind-moi").write_text("not a folder")
    failed = layered.build()
    assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr
    (out / "pagefind-moi").unlink()
    assert layered.build().returncode == 0
    assert (out / "pagefind-moi.json").read_bytes() == NO_LAYERS
    assert not (out / "pagefind-moi").exists()
    # and an edit after it is layered again
    layered.article("ba", title="Đại hội Hội Khuyến học", date="2024-07-13 08:00", province="Yên Bái",
                    body="Đại hội bầu ban chấp hành mới nhiệm kỳ 2024-2029.")
    assert layered.build().returncode == 0
    assert _entry_pages(out / "pagefind-moi") == 1


def test_a_removed_article_leaves_the_base_at_once(layered):
    """Not hidden by the search page while its fragment is still served: the base is
    built again without it (the layer could only hide it)."""
    out = layered.output
    assert page_url(REMOVED) in read_fragments(out / "pagefind")
    (layered.content / "articles/bon.md").unlink()
    assert layered.build("SEARCH_LAYER_MAX_SHARE=0.5").returncode == 0
    assert (out / "pagefind-moi.json").read_bytes() == NO_LAYERS
    assert not (out / "pagefind-moi").exists()
    assert _entry_pages(out / "pagefind") == 4
    assert page_url(REMOVED) not in read_fragments(out / "pagefind")


SHARDED = "SEARCH_SHARD_PAGES=2"


def test_the_base_is_indexed_in_shards_kept_and_layered_like_one_index(site):
    """Five articles in shards of two: three Pagefind runs, each holding only its pages;
    nothing rebuilt when nothing changed; an edit goes into the layer."""
    _write_news(site)
    assert site.build(SHARDED).returncode == 0
    out = site.output
    for folder in ("pagefind",):
        folders = shard_folders(folder, 3)
        assert [_entry_pages(out / f) for f in folders] == [2, 2, 1]
        assert sorted(read_shards(out, folder, 3)) == sorted(
            page_url(p.relative_to(out).as_posix()) for p in out.glob("tin/*/*/*/*/index.html"))
        assert all(len(read_fragments(out / f)) == n for f, n in zip(folders, [2, 2, 1]))
    manifest = _manifest(site)
    assert [(entry["base"], entry["shards"], entry["layer"]) for entry in manifest["layers"]] == [
        ("pagefind/", ["pagefind/phan-2/", "pagefind/phan-3/"], None)]
    assert not (search_cache(site) / "shards").exists()  # the pages linked for Pagefind are gone

    before = {"pagefind": _stamps(out / "pagefind")}
    assert site.build(SHARDED).returncode == 0
    assert {folder: _stamps(out / folder) for folder in before} == before  # nothing written
    _edit(site)
    assert site.build(SHARDED, "SEARCH_LAYER_MAX_SHARE=0.5").returncode == 0
    assert {folder: _stamps(out / folder) for folder in before} == before
    entry = _manifest(site)["layers"][0]
    assert entry["shards"] == ["pagefind/phan-2/", "pagefind/phan-3/"] and entry["layer"] == "pagefind-moi/"
    assert _entry_pages(out / "pagefind-moi") == 1

    # another shard size: the base is built again in that many shards, the old ones go
    assert site.build("SEARCH_SHARD_PAGES=3").returncode == 0
    assert [_entry_pages(out / f) for f in shard_folders("pagefind", 2)] == [3, 2]
    assert not (out / "pagefind/phan-3").exists() and not (out / "pagefind-moi").exists()
    assert site.build().returncode == 0  # the default size: one index, nothing for the page to merge
    assert _entry_pages(out / "pagefind") == 5 and not (out / "pagefind/phan-2").exists()
    assert (out / "pagefind-moi.json").read_bytes() == NO_LAYERS


SHARD_FIX = ("1 or more (Pagefind needs about 200 KiB per article of a shard while it indexes: 2000 ≈ 400 MiB, "
             "10000 ≈ 1.9 GiB)")
RECENT_FIX = "0 or more (0: no shard of the newest articles apart)"


@pytest.mark.parametrize(("setting", "value", "shown", "fix"), [
    ("SEARCH_SHARD_PAGES", "0", "0", SHARD_FIX),
    ("SEARCH_SHARD_PAGES", '"hai"', "'hai'", SHARD_FIX),
    ("SEARCH_SHARD_PAGES", "2.5", "2.5", SHARD_FIX),
    ("SEARCH_RECENT_SHARD_PAGES", "-1", "-1", RECENT_FIX),
    ("SEARCH_RECENT_SHARD_PAGES", '"hai"', "'hai'", RECENT_FIX),
    ("SEARCH_RECENT_SHARD_PAGES", "2.5", "2.5", RECENT_FIX),
])
def test_a_bad_shard_size_is_one_line_and_no_build(site, setting, value, shown, fix):
    site.article("mot", title="Trao học bổng")
    result = site.build(f"{setting}={value}")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"pelicanconf.py: search: {setting}: {shown} is not a number of articles; write a whole number, {fix}")
    assert not site.output.exists()


def _options(page) -> dict[str, list[str]]:
    return {name: page.locator(f"#loc-{name} option").all_inner_texts() for name in ("province", "year")}


@pytest.mark.browser
@pytest.mark.parametrize("shard", [(), (SHARDED,)], ids=["one-index", "shards-of-2"])
def test_the_search_page_answers_from_both_layers_as_from_a_new_index(site, browser, shard):
    layered = site
    _write_news(layered)
    assert layered.build(*shard).returncode == 0
    # An article removed: the shard that held it is built again without it, the others
    # stay as published. "nam", not "bon": without "bon", the first shard would hold no
    # page with "sinh" or "nghèo", and Pagefind answers a query from those of its words
    # an index holds ("học sinh nghèo" would list that shard's pages with "học";
    # docs/search.md).
    others = {f: _stamps(layered.output / f) for f in shard_folders("pagefind", 3)[1:]} if shard else {}
    (layered.content / "articles/nam.md").unlink()
    assert layered.build(*shard).returncode == 0
    assert page_url("tin/2024/07/11/tong-ket-nam-hoc/index.html") not in read_shards(layered.output, "pagefind",
                                                                                    3 if shard else 1)
    assert {f: _stamps(layered.output / f) for f in others} == others
    _edit(layered)
    assert layered.build("SEARCH_LAYER_MAX_SHARE=0.5", *shard).returncode == 0
    assert len(_manifest(layered)["layers"][0]["shards"]) == (2 if shard else 0)  # the three shards kept
    assert _entry_pages(layered.output / "pagefind-moi") == 1  # really layered
    server = serve_folder(layered.output)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        assert _search(page, base, "xyzzyvang") == ["Trao học bổng"]  # the new word
        assert _search(page, base, "plughtrang") == []  # the word the edit removed
        assert _search(page, base, "plughtrang".upper()) == []
        # an article in both layers is listed once; the removed one not at all
        assert sorted(_search(page, base, "học sinh nghèo")) == ["Gương sáng hiếu học", "Gặp mặt tân sinh viên",
                                                                 "Trao học bổng"]
        assert _search(page, base, "tổng kết") == []  # the removed article
        assert _search(page, base, "hoc sinh ngheo").count("Trao học bổng") == 1  # without tone marks
        # Yên Bái's article is in Lào Cai since 1 July 2025, as on the province pages
        assert sorted(_search(page, base, "", province="Lào Cai")) == ["Gương sáng hiếu học", "Gặp mặt tân sinh viên",
                                                                       "Trao học bổng", "Đại hội Hội Khuyến học"]
        layered_options = _options(page)
    finally:
        server.shutdown()
    # the filter counts are those of an index built from nothing
    fresh = Site(layered.root / "fresh")
    for source in (layered.content / "articles").iterdir():
        fresh.write(f"articles/{source.name}", source.read_text(encoding="utf-8"))
    assert fresh.build().returncode == 0
    assert (fresh.output / "pagefind-moi.json").read_bytes() == NO_LAYERS
    server = serve_folder(fresh.output)
    try:
        _search(page, f"http://127.0.0.1:{server.server_address[1]}", "khuyến học")
        assert _options(page) == layered_options
        assert "Lào Cai (4)" in layered_options["province"]
    finally:
        server.shutdown()
    assert errors == []
    page.close()


# -- pure parts -------------------------------------------------------------------------

def test_a_page_rewritten_with_its_bytes_is_not_changed(tmp_path):
    folder = tmp_path / "parts"
    (folder / "a").mkdir(parents=True)
    page = folder / "a/index.html"
    page.write_bytes(b"<p>one</p>")
    st = page.stat()
    base = {"a/index.html": [[[f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}", hashlib.sha256(b"<p>one</p>").hexdigest()]],
                             [None]],
            "gone/index.html": [[["0:0:0", "x"]], [None]]}
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # touched, same bytes
    assert changed_pages(base, [str(folder)], stamps_of([str(folder)], ["a/index.html"])) == ([], ["gone/index.html"])
    page.write_bytes(b"<p>two</p>")
    assert changed_pages(base, [str(folder)], stamps_of([str(folder)], ["a/index.html", "b/index.html"])) == (
        ["a/index.html", "b/index.html"], ["gone/index.html"])


def test_an_id_the_layer_holds_too_is_counted_once_not_hidden():
    filters = {"province": ["Lào Cai"]}
    base = {"a/index.html": [[], [["vi_same", filters]]], "b/index.html": [[], [["vi_old", filters]]]}
    manifest = json.loads(layer_manifest(base, ["a/index.html", "b/index.html"], [], [
        ("pagefind", "pagefind-moi", {"/a/": ("vi_same", filters), "/b/": ("vi_new", filters)}),
    ]))
    assert manifest == {"layers": [{"base": "pagefind/", "shards": [], "layer": "pagefind-moi/", "hide": ["vi_old"],
                                    "uncount": [filters, filters]}]}


def test_shards_are_as_equal_as_they_can_be_and_keep_every_page():
    names = [f"{n:05d}/index.html" for n in range(10_001)]
    cut = shards(reversed(names), 2000)
    assert [len(group) for group in cut] == [1667] * 5 + [1666]  # not five of 2,000 and one of 1
    assert [name for group in cut for name in group] == names  # sorted, each once
    assert shards(names[:5], 2) == [names[:2], names[2:4], names[4:5]]
    assert shards(names[:3], 2000) == [names[:3]]
    assert shards([], 2000) == [[]]
    assert shard_folders("pagefind", 3) == ["pagefind", "pagefind/phan-2", "pagefind/phan-3"]
    assert shard_folders("pagefind", 1) == ["pagefind"]


def test_a_page_belongs_to_the_shard_whose_run_of_names_it_falls_in():
    names = [f"{n:05d}/index.html" for n in range(0, 10, 2)]
    bounds = bounds_of(shards(names, 2))
    assert bounds == [names[2], names[4]]
    assert [shard_of(bounds, name) for name in names] == [0, 0, 1, 1, 2]
    # pages added later fall in the run they sort into, the shards are not cut again
    assert [shard_of(bounds, f"{n:05d}/index.html") for n in (1, 3, 5, 9)] == [0, 0, 1, 2]
    assert bounds_of(shards(names, 2000)) == [] and shard_of([], names[0]) == 0


def test_the_manifest_names_the_other_shards_even_without_a_layer():
    bases = [("pagefind", None, {}), ("pagefind-b", None, {})]
    assert layer_manifest({}, [], [], bases, 1) == NO_LAYERS
    manifest = layer_manifest({}, [], [], bases, 3)
    assert json.loads(manifest) == {"layers": [
        {"base": "pagefind/", "shards": ["pagefind/phan-2/", "pagefind/phan-3/"], "layer": None, "hide": [], "uncount": []},
        {"base": "pagefind-b/", "shards": ["pagefind-b/phan-2/", "pagefind-b/phan-3/"],
         "layer": None, "hide": [], "uncount": []},
    ]}
    assert layer_folders(manifest) == [] and layer_folders(NO_LAYERS) == []
    layered = layer_manifest({}, ["a/index.html"], [], [("pagefind", "pagefind-moi", {"/a/": ("vi_a", {})})], 2)
    assert layer_folders(layered) == ["pagefind-moi"]


@pytest.mark.parametrize("changed, base, allowed", [(1, 4, True), (2, 4, False), (500, 10_000, True),
                                                     (501, 10_000, False), (0, 0, True)])
def test_limits(changed, base, allowed):
    assert Limits(pages=500, share=0.25).allow(changed, base) is allowed


def test_page_url():
    assert page_url("tin/2024/07/15/a/index.html") == "/tin/2024/07/15/a/"
    assert page_url("gioi-thieu.html") == "/gioi-thieu.html"


def test_a_page_moved_is_one_whose_content_file_still_makes_a_page():
    base = {"a/old/index.html": [[], [], "articles/a.md"], "b/index.html": [[], [], "articles/b.md"]}
    now = {"a/new/index.html": "articles/a.md"}
    assert moved_pages(base, ["a/old/index.html", "b/index.html"], now) == ["a/old/index.html"]
    assert moved_pages(base, ["a/old/index.html"], {}) == []


def test_recent_pages_are_the_newest_names_when_the_others_are_four_times_as_many():
    names = [f"tin/2024/07/{day:02d}/bai/index.html" for day in range(20, 0, -1)]
    assert recent_pages(names, 4) == [f"tin/2024/07/{day:02d}/bai/index.html" for day in (17, 18, 19, 20)]
    assert recent_pages(names, 5) == []  # the other 15 are fewer than four times 5
    assert recent_pages(names, 0) == []
