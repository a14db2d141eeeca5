"""The one format of what builds keep: SQLite entries by kind and key (pure)."""

from __future__ import annotations

import os

import pytest

from sitecore.parallel import CAN_FORK, run_split
from sitecore.store import RECORD, Cached, Store, StoreError


def test_entries_are_read_back_by_kind_key_and_version(tmp_path):
    store = Store(tmp_path / "state.sqlite")
    store.put(RECORD, "last-build", 2, {"inputs": "abc", "files": {"0:a.md": [1, 2, "f"]}})
    again = Store(tmp_path / "state.sqlite")
    assert again.get(RECORD, "last-build", 2) == {"inputs": "abc", "files": {"0:a.md": [1, 2, "f"]}}
    assert again.get(RECORD, "last-build", 3) is None  # written by another version of its format
    assert again.get("photo", "last-build", 2) is None
    name = "tin/\udcc3.html"  # a surrogate from an undecodable file name goes through json
    again.put(RECORD, "published-files", 1, [name])
    assert Store(tmp_path / "state.sqlite").get(RECORD, "published-files", 1) == [name]


def test_a_file_that_is_not_a_database_is_made_again(tmp_path):
    path = tmp_path / "state.sqlite"
    Store(path).put(RECORD, "last-build", 1, {"old": True})
    for companion in ("-wal", "-shm"):
        path.with_name(path.name + companion).unlink(missing_ok=True)
    path.write_bytes(b"not a database, a crash or another program")
    store = Store(path)
    assert store.get(RECORD, "last-build", 1) is None
    store.put(RECORD, "last-build", 1, {"ok": True})
    assert Store(path).get(RECORD, "last-build", 1) == {"ok": True}


def test_an_entry_that_must_be_written_raises_an_os_error_naming_the_file(tmp_path, caplog):
    (tmp_path / "a-file").write_text("not a folder")
    path = tmp_path / "a-file" / "state.sqlite"  # cannot be made
    Store(path).put("prepared", "k", 1, [1])  # a cache entry: a warning, the work is done again next time
    assert "Không ghi được" in caplog.text and Store(path).get("prepared", "k", 1) is None
    with pytest.raises(StoreError) as raised:
        Store(path).put(RECORD, "published-files", 1, ["index.html"], must=True)
    assert isinstance(raised.value, OSError) and raised.value.filename == os.fspath(path)


def test_a_cache_keeps_what_a_build_used_and_writes_new_entries_once(tmp_path):
    store = Store(tmp_path / "cache.sqlite")
    first = Cached(store, "prepared", 3)
    first.put("k1", {"html": "Đoạn"})
    first.put("k2", {"html": "y"})
    assert store.get("prepared", "k1", 3) is None  # not written before the flush
    first.keep_only_used()
    again = Cached(Store(tmp_path / "cache.sqlite"), "prepared", 3)
    assert again.get("k1") == {"html": "Đoạn"} and again.get("k3") is None
    again.keep_only_used()  # k2 was not used by this build: removed
    assert store.get("prepared", "k1", 3) is not None and store.get("prepared", "k2", 3) is None
    assert Cached(store, "prepared", 4).get("k1") is None  # another version of the format


@pytest.mark.skipif(not CAN_FORK, reason="forked reading processes need fork")
def test_what_forked_processes_used_and_made_comes_back(tmp_path):
    cache = Cached(Store(tmp_path / "cache.sqlite"), "prepared", 1)
    jobs = [lambda i=i: cache.put(f"k{i}", {"n": i}) for i in range(40)]
    used = run_split(jobs, 2, cache.mark, cache.since, cache.merge)
    assert used == 2 and sorted(cache.fresh) == sorted(f"k{i}" for i in range(40))
    cache.keep_only_used()
    assert len(Store(tmp_path / "cache.sqlite").get_all("prepared", 1)) == 40


def test_the_log_of_a_large_write_is_cut_back_once_it_is_written_into_the_store(tmp_path, monkeypatch):
    from sitecore import store as module

    monkeypatch.setattr(module, "WAL_LIMIT", 256 * 1024)
    store = Store(tmp_path / "cache.sqlite")
    log = tmp_path / "cache.sqlite-wal"
    # One transaction of 6 MB: beyond the 1,000 pages after which SQLite writes the log into the store.
    store.put_many("prepared", 1, {f"k{n}": "x" * 4000 for n in range(1500)})
    assert log.stat().st_size > 4 * 1024 * 1024
    store.put("prepared", "one more", 1, "y")  # the next write starts the log again
    assert log.stat().st_size <= 256 * 1024
    assert len(Store(tmp_path / "cache.sqlite").get_all("prepared", 1)) == 1501
