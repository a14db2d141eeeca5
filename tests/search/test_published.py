"""What the published search files hold, read file by file (through the real build):
one cache serving two output folders, articles leaving the site, identical input giving
identical bytes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from search.folding import fold
from search.layers import page_url, shard_folders
from tests.conftest import Site
from tests.search.test_layers import EDITED, REMOVED, _stamps, _write_news

SIGNATURE = b"pagefind_dcd"
# The index with its layer (as pagefind-moi.json names them).
INDEXES = (("pagefind", "pagefind-moi"),)


def other_output(site: Site, name: str) -> Site:
    """The same content and cache as ``site``, built into the folder ``name`` beside it."""
    other = Site.__new__(Site)
    other.root, other.content, other.output = site.root, site.content, site.root / name
    return other


def _fragments(folder: Path) -> dict[str, dict]:
    """Result id -> decoded fragment of the Pagefind index at ``folder``."""
    found = {}
    for path in sorted((folder / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE)
        found[path.name.removesuffix(".pf_fragment")] = json.loads(data[len(SIGNATURE):])
    return found


def visible(output: Path) -> list[list[dict]]:
    """For each index, the fragments the search page can answer with: those of every
    shard of the base and of the layer, less the ids ``pagefind-moi.json`` hides."""
    manifest = {entry["base"]: entry for entry in json.loads((output / "pagefind-moi.json").read_bytes())["layers"]}
    out = []
    for base, layer in INDEXES:
        entry = manifest.get(base + "/", {"shards": [], "layer": None, "hide": []})
        folders = [base] + [shard.rstrip("/") for shard in entry["shards"]]
        found: dict[str, dict] = {}
        for folder in folders:
            found.update(_fragments(output / folder))
        for hidden in entry["hide"]:
            found.pop(hidden, None)
        if entry["layer"]:
            assert entry["layer"] == layer + "/"
            found.update(_fragments(output / layer))
        out.append(list(found.values()))
    return out


def assert_found_once(output: Path, page: str, word: str, gone: str) -> None:
    """``page`` is answered exactly once by the index, with ``word`` in its text, and no
    answer has ``gone`` (a word an edit removed)."""
    url = page_url(page)
    for fragments in visible(output):
        mine = [f for f in fragments if f["url"] == url]
        assert len(mine) == 1, (output.name, [f["content"][:60] for f in mine])
        assert fold(word) in fold(mine[0]["content"])
        assert not [f["url"] for f in fragments if fold(gone) in fold(f["content"])], output.name


def search_files(output: Path) -> dict[str, bytes]:
    """Every published file of the search (index folders and the layers file), by name,
    gzip-compressed ones decompressed (what a reader's browser can fetch and read)."""
    found = {}
    for path in sorted(output.iterdir()):
        if path.name.startswith("pagefind"):
            files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
            for file in files:
                data = file.read_bytes()
                if data[:2] == b"\x1f\x8b":
                    data = gzip.decompress(data)
                found[file.relative_to(output).as_posix()] = data
    assert found
    return found


def _edit(site: Site, body: str) -> None:
    site.article("mot", title="Trao học bổng", province="Lào Cai", body=body)


def test_two_output_folders_share_one_cache(site):
    """``invoke build`` (output/) and ``invoke publish`` (public/) share the cache: each
    output folder's search is made from its own records, never from the other's."""
    public = other_output(site, "public")
    _write_news(site)
    assert public.build().returncode == 0
    assert site.build().returncode == 0
    _edit(site, "Hội trao học bổng cho học sinh nghèo vượt khó, thêm xyzzyvang.")
    assert public.build().returncode == 0
    assert_found_once(public.output, EDITED, "xyzzyvang", "plughtrang")

    # the preview is built after another edit, then the site is published again
    _edit(site, "Hội trao học bổng cho học sinh nghèo vượt khó, thêm quixbelong.")
    assert site.build().returncode == 0
    assert_found_once(site.output, EDITED, "quixbelong", "xyzzyvang")
    assert public.build().returncode == 0
    assert_found_once(public.output, EDITED, "quixbelong", "xyzzyvang")
    # and the other way round: the preview, left at an older text, catches up
    _edit(site, "Hội trao học bổng cho học sinh nghèo vượt khó, thêm wombrelai.")
    assert public.build().returncode == 0
    assert site.build().returncode == 0
    for built in (site, public):
        assert_found_once(built.output, EDITED, "wombrelai", "quixbelong")
        assert_found_once(built.output, "tin/2024/07/14/guong-sang-hieu-hoc/index.html", "giải nhất", "quixbelong")


def _retract(site: Site, how: str) -> None:
    source = site.content / "articles/bon.md"
    if how == "deleted":
        source.unlink()
    else:
        fields = {"status": "draft"} if how == "draft" else {"date": "2027-01-12 08:00"}
        site.article("bon", **{"title": "Gặp mặt tân sinh viên", "date": "2024-07-12 08:00", "province": "Lào Cai",
                               "body": "Gặp mặt tân sinh viên nghèo đỗ đại học zorblatvang.", **fields})


@pytest.mark.parametrize("how", ["deleted", "draft", "scheduled"])
def test_a_retracted_article_leaves_every_published_search_file(site, how):
    """Its text and address are in no file a reader can fetch, not merely hidden by
    the search page; an edit made meanwhile (in the layer) stays found once."""
    _write_news(site)
    site.article("bon", title="Gặp mặt tân sinh viên", date="2024-07-12 08:00", province="Lào Cai",
                 body="Gặp mặt tân sinh viên nghèo đỗ đại học zorblatvang.")
    layered = "SEARCH_LAYER_MAX_SHARE=0.5"  # an edit and a removal: both within a layer's limits
    assert site.build(layered).returncode == 0
    url = page_url(REMOVED).encode()
    before = search_files(site.output)
    assert any(b"zorblatvang" in data for data in before.values())
    assert any(url in data for data in before.values())
    _edit(site, "Hội trao học bổng cho học sinh nghèo vượt khó, thêm xyzzyvang.")
    assert site.build(layered).returncode == 0
    assert (site.output / "pagefind-moi").is_dir()  # the edit is in the layer

    _retract(site, how)
    assert site.build(layered).returncode == 0
    assert not (site.output / REMOVED).exists()
    for name, data in search_files(site.output).items():
        assert b"zorblatvang" not in data, name
        assert url not in data, name
    assert_found_once(site.output, EDITED, "xyzzyvang", "plughtrang")


def _write_many_values(site: Site) -> None:
    """Articles with many values of each filter: Pagefind 1.5 writes a filter's values
    in a different order from run to run."""
    provinces = ["Lào Cai", "Yên Bái", "Hà Giang", "Điện Biên", "Sơn La", "Lai Châu"]
    categories = ["Hoạt động Hội", "Gương sáng", "Khuyến học"]
    for number, province in enumerate(provinces):
        site.article(f"bai-{number}", title=f"Tin {province}", date=f"{2020 + number}-07-1{number} 08:00",
                     province=province, category=categories[number % 3],
                     body=f"Hội khuyến học tỉnh {province} trao học bổng năm {2020 + number}.")


def test_two_builds_of_the_same_content_give_the_same_search_bytes(tmp_path):
    built = []
    for name in ("mot", "hai"):
        site = Site(tmp_path / name)
        _write_many_values(site)
        assert site.build("SEARCH_SHARD_PAGES=4").returncode == 0  # two shards of each index
        built.append(site)
    first, second = (search_files(site.output) for site in built)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    raw = [{p.relative_to(s.output).as_posix(): p.read_bytes() for p in s.output.glob("pagefind*/**/*") if p.is_file()}
           for s in built]
    assert raw[0] == raw[1]  # the compressed files too, byte for byte
    assert shard_folders("pagefind", 2)[1] + "/pagefind-entry.json" in raw[0]


def test_a_shard_indexed_again_leaves_the_layer_as_published(site):
    """Shards of three: [11, 12, 13 July] and [14, 15]. The article of the 13th is
    edited (into the layer), then that of the 12th removed: the first shard is indexed
    again with the 11th alone (its former copy of the 13th's text goes with it), the
    layer holds the same page as before: none of its files is written, nor of the other shard."""
    _write_news(site)
    sharded, layered = "SEARCH_SHARD_PAGES=3", "SEARCH_LAYER_MAX_SHARE=0.5"
    assert site.build(sharded).returncode == 0
    edited = "tin/2024/07/13/dai-hoi-hoi-khuyen-hoc/index.html"
    site.article("ba", title="Đại hội Hội Khuyến học", date="2024-07-13 08:00", province="Yên Bái",
                 body="Đại hội bầu ban chấp hành mới quorvantel.")
    assert site.build(sharded, layered).returncode == 0
    out = site.output
    kept = {folder: _stamps(out / folder) for folder in ("pagefind-moi", "pagefind/phan-2")}

    (site.content / "articles/bon.md").unlink()
    assert site.build(sharded, layered).returncode == 0
    assert {folder: _stamps(out / folder) for folder in kept} == kept
    assert [f["url"] for f in _fragments(out / "pagefind").values()] == [
        page_url("tin/2024/07/11/tong-ket-nam-hoc/index.html")]
    assert_found_once(out, edited, "quorvantel", "gap mat tan sinh vien")
    for name, data in search_files(out).items():
        assert page_url(REMOVED).encode() not in data, name
        assert "ban chấp hành mới.".encode() not in data, name  # the edited article's former text

    # the edited article edited again: the layer is made again, with its new text
    site.article("ba", title="Đại hội Hội Khuyến học", date="2024-07-13 08:00", province="Yên Bái",
                 body="Đại hội bầu ban chấp hành mới plexinorv.")
    assert site.build(sharded, layered).returncode == 0
    assert _stamps(out / "pagefind-moi") != kept["pagefind-moi"]
    assert_found_once(out, edited, "plexinorv", "quorvantel")


def test_an_article_moved_by_a_new_title_is_hidden_at_its_old_address_and_found_at_its_new(site):
    """Its text is still published: no shard is indexed again; the old page is hidden,
    the new one is in the layer. Taken back later, it leaves every file."""
    _write_news(site)
    sharded, layered = "SEARCH_SHARD_PAGES=3", "SEARCH_LAYER_MAX_SHARE=0.5"
    assert site.build(sharded).returncode == 0
    out = site.output
    base = _stamps(out / "pagefind")
    fields = {"date": "2024-07-12 08:00", "province": "Lào Cai", "body": "Gặp mặt tân sinh viên nghèo đỗ đại học."}
    site.article("bon", title="Gặp mặt tân sinh viên năm 2024", **fields)
    assert site.build(sharded, layered).returncode == 0
    moved = "tin/2024/07/12/gap-mat-tan-sinh-vien-nam-2024/index.html"
    assert (out / moved).is_file() and not (out / REMOVED).exists()
    assert _stamps(out / "pagefind") == base  # every shard as published
    assert [f["url"] for f in _fragments(out / "pagefind-moi").values()] == [page_url(moved)]
    [answers] = visible(out)
    assert [f["meta"]["title"] for f in answers if "tân sinh viên" in f["meta"]["title"]] == [
        "Gặp mặt tân sinh viên năm 2024"]
    assert page_url(REMOVED) not in [f["url"] for f in answers]

    site.article("bon", title="Gặp mặt tân sinh viên năm 2024", status="draft", **fields)
    assert site.build(sharded, layered).returncode == 0
    for name, data in search_files(out).items():
        assert "tân sinh viên".encode() not in data, name
        assert page_url(REMOVED).encode() not in data and page_url(moved).encode() not in data, name


@pytest.mark.parametrize("how", ["deleted", "draft"])
def test_the_newest_articles_are_a_shard_apart_and_one_taken_back_indexes_that_shard_alone(site, how):
    """With two recent pages (``SEARCH_RECENT_SHARD_PAGES``) and eight others, the base's
    last shard holds the newest two (15 and 14 July); taking the newest back indexes
    that shard again, and its text leaves every published file, while not one file of
    the first shard is written."""
    _write_news(site)
    for day in range(1, 6):
        site.article(f"cu-{day}", title=f"Tin cũ số {day}", date=f"2024-07-0{day} 08:00", province="Yên Bái",
                     body=f"Tin cũ ngày {day} tháng bảy.")
    recent = "SEARCH_RECENT_SHARD_PAGES=2"
    assert site.build(recent).returncode == 0
    out, tail = site.output, shard_folders("pagefind", 2)[1]
    second = "tin/2024/07/14/guong-sang-hieu-hoc/index.html"
    assert sorted(f["url"] for f in _fragments(out / tail).values()) == sorted([page_url(EDITED), page_url(second)])
    assert len(_fragments(out / "pagefind")) == 8

    def first_shard() -> dict[str, int]:
        return {name: mark for name, mark in _stamps(out / "pagefind").items() if not name.startswith("phan-2/")}

    kept = first_shard()
    if how == "deleted":
        (site.content / "articles/mot.md").unlink()
    else:
        site.article("mot", title="Trao học bổng", province="Lào Cai", status="draft",
                     body="Hội trao học bổng cho học sinh nghèo vượt khó ở vùng cao plughtrang.")
    assert site.build(recent).returncode == 0
    assert first_shard() == kept
    assert [f["url"] for f in _fragments(out / tail).values()] == [page_url(second)]
    for name, data in search_files(out).items():
        assert b"plughtrang" not in data, name
        assert page_url(EDITED).encode() not in data, name
    assert_found_once(out, second, "giải nhất", "plughtrang")
    # another number of recent pages (here the default: none apart on a site this small)
    # builds the base again
    assert site.build().returncode == 0
    assert not (out / tail).exists() and len(_fragments(out / "pagefind")) == 9
