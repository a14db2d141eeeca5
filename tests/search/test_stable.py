"""Pagefind's filter and metadata files in a stable order (``search.stable``)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from search.stable import SIGNATURE, IndexFormatError, decode, encode, full_hash, read_file, settle

PROVINCES = ["Yên Bái", "Lào Cai", "Điện Biên", "Hà Giang", "Sơn La"]


def _index(tmp_path: Path) -> Path:
    """A Pagefind index (the real binary) of pages with several values of two filters."""
    from search.search import run_pagefind

    site = tmp_path / "site"
    for number, province in enumerate(PROVINCES):
        page = site / f"p{number}/index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<html lang="vi"><body><main data-pagefind-body><h1>Tin {number}</h1>'
                        f'<span data-pagefind-filter="province:{province}"></span>'
                        f'<span data-pagefind-filter="year:{2020 + number % 2}"></span>'
                        f'<span data-pagefind-sort="date:{2020 + number}"></span>'
                        f'<p>Khuyến học tỉnh {province}.</p></main></body></html>', "utf-8")
    run_pagefind(site, tmp_path / "index", "test")  # settled as it is written
    return tmp_path / "index"


def _files(index: Path) -> dict[str, bytes]:
    return {p.relative_to(index).as_posix(): p.read_bytes() for p in index.rglob("*") if p.is_file()}


def test_a_settled_index_has_its_filters_sorted_and_named_by_their_bytes(tmp_path):
    index = _index(tmp_path)
    entry = json.loads((index / "pagefind-entry.json").read_text("utf-8"))
    meta_hash = entry["languages"]["vi"]["hash"]
    meta = read_file(str(index / f"pagefind.{meta_hash}.pf_meta"))
    assert meta_hash == "vi_" + full_hash(encode(meta))[:10]
    assert [name for name, _ in meta[3]] == ["province", "year"]
    for name, short in meta[3]:
        values = read_file(str(index / "filter" / f"{short}.pf_filter"))
        assert short == ("vi_" + full_hash(encode(values)))[:10]
        assert values[0] == name and [v for v, _ in values[1]] == sorted(v for v, _ in values[1])
    assert [v for v, _ in read_file(str(index / "filter" / f"{meta[3][0][1]}.pf_filter"))[1]] == sorted(PROVINCES)
    assert len(list((index / "filter").iterdir())) == 2  # the files Pagefind named otherwise are gone
    before = _files(index)
    assert settle(index) is False  # settled already: nothing written
    assert _files(index) == before


def test_an_index_in_another_form_is_left_as_written(tmp_path):
    index = _index(tmp_path)
    [meta] = index.glob("*.pf_meta")
    meta.write_bytes(gzip.compress(SIGNATURE + b"\xf6"))  # a CBOR null where the metadata was
    before = _files(index)
    with pytest.raises(IndexFormatError, match="unknown item type 7"):
        settle(index)
    assert _files(index) == before


@pytest.mark.parametrize("value", [0, 23, 24, 255, 256, 65536, 2**32, -1, -25, "", "Điện Biên", b"\x00",
                                   [], [["a", [0, 1, 2]], ["b", []]]])
def test_cbor_round_trip(value):
    assert decode(encode(value)) == value


@pytest.mark.parametrize("data", [b"\x18\x05", b"\x61", b"\x82\x01", b"\x01\x02"])
def test_bytes_not_written_the_shortest_way_or_cut_short_are_refused(data):
    with pytest.raises(IndexFormatError):
        decode(data)
