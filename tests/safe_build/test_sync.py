import os

from safe_build.sync import Manifest, clear_files, sync_tree, write_unless_same
from sitecore.store import RECORD, Store


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _size_mtime(path):
    found = path.stat()
    return (found.st_size, found.st_mtime_ns)


def test_sync_writes_changed_keeps_unchanged_removes_stale(tmp_path):
    staging, output, manifest = tmp_path / "s", tmp_path / "o", Manifest(Store(tmp_path / "m.sqlite"))
    write(output / "same.html", "A")
    write(output / "old.html", "old")
    write(output / "foreign.txt", "not ours")
    os.utime(output / "same.html", ns=(1, 1))
    manifest.save(["same.html", "old.html"])
    write(staging / "same.html", "A")
    write(staging / "new/page.html", "B")
    stats = sync_tree(staging, output, manifest)
    assert (stats.written, stats.unchanged, stats.removed) == (1, 1, 1)
    assert (output / "same.html").stat().st_mtime_ns == 1
    assert (output / "new/page.html").read_text() == "B"
    assert not (output / "old.html").exists()
    assert (output / "foreign.txt").exists()
    # Every name the sync could have left; the build records the names published.
    assert manifest.load() == ["new/page.html", "old.html", "same.html"]
    assert stats.published == {n: _size_mtime(output / n) for n in ("new/page.html", "same.html")}


def test_the_sync_writes_the_manifest_only_before_it_adds_names(tmp_path):
    # It lists every name before the files move, so a sync stopped half-way is cleared
    # by the next one; the names published are written once, with the build's record.
    staging, output = tmp_path / "s", tmp_path / "o"
    saved: list[list[str]] = []

    class Counted(Manifest):
        def save(self, names, record=None):
            saved.append(sorted(names))
            super().save(names, record)

    manifest = Counted(Store(tmp_path / "m.sqlite"))
    output.mkdir()
    write(staging / "a.html", "A")
    sync_tree(staging, output, manifest)
    write(staging / "b.html", "B")
    sync_tree(staging, output, manifest, kept={"a.html"})
    assert saved == [["a.html"], ["a.html", "b.html"]]
    sync_tree(staging, output, manifest, kept={"a.html", "b.html"})  # nothing changed: not written
    assert len(saved) == 2
    stats = sync_tree(staging, output, manifest, kept={"b.html"})  # a removal: not written
    assert len(saved) == 2 and not (output / "a.html").exists() and list(stats.published) == ["b.html"]


def test_unchanged_bytes_are_not_written(tmp_path):
    published, staged = tmp_path / "o/page.html", tmp_path / "s/page.html"
    write(published, "A")
    assert write_unless_same(staged, b"A", published) is False
    assert not staged.exists()
    assert write_unless_same(staged, b"B", published) is True
    assert published.read_text() == "A" and staged.read_text() == "B"
    # the same name written again with the published bytes: the earlier staged file goes
    assert write_unless_same(staged, b"A", published) is False
    assert not staged.exists()
    assert write_unless_same(tmp_path / "s/new.html", b"C", tmp_path / "o/new.html") is True


def test_kept_files_and_their_companions_stay_and_are_listed(tmp_path):
    staging, output, manifest = tmp_path / "s", tmp_path / "o", Manifest(Store(tmp_path / "m.sqlite"))
    for name in ("kept.html", "kept.html.gz", "kept.html.br", "gone.html", "gone.html.gz", "rewritten.html"):
        write(output / name, name)
        os.utime(output / name, ns=(1, 1))
    manifest.save(["gone.html", "gone.html.gz", "kept.html", "kept.html.br", "kept.html.gz",
                   "rewritten.html"])
    write(staging / "rewritten.html", "new")
    stats = sync_tree(staging, output, manifest, kept={"kept.html", "rewritten.html"}, companions=(".gz", ".br"))
    assert (stats.written, stats.unchanged, stats.removed) == (1, 3, 2)
    assert [(output / n).stat().st_mtime_ns for n in ("kept.html", "kept.html.gz", "kept.html.br")] == [1, 1, 1]
    assert (output / "rewritten.html").read_text() == "new"  # the staged file wins over "kept"
    assert not (output / "gone.html").exists() and not (output / "gone.html.gz").exists()
    # what the build records: each published file as it is now, without a second look
    assert stats.published == {n: _size_mtime(output / n)
                               for n in ("kept.html", "kept.html.br", "kept.html.gz", "rewritten.html")}
    # without companions (compression turned off) the copies go
    stats = sync_tree(staging, output, manifest, kept={"kept.html", "rewritten.html"})
    assert not (output / "kept.html.gz").exists() and (output / "kept.html").exists()


def test_clear_files_keeps_the_folders(tmp_path):
    write(tmp_path / "s/a/b/page.html", "A")
    write(tmp_path / "s/top.html", "B")
    assert clear_files(tmp_path / "s") == 2
    assert (tmp_path / "s/a/b").is_dir()
    assert not [p for p in (tmp_path / "s").rglob("*") if not p.is_dir()]


def test_the_staging_folder_keeps_folders_not_files_between_builds(site):
    """A build that ends with its sync marks the staging folder emptied, and the next one
    does not look through its folders; a build stopped before its sync leaves no mark
    (it removes the mark before it writes a file), so the next one removes what that
    build left there."""
    site.article("one", title="Bài một")
    assert site.build().returncode == 0
    staging, mark = site.root / ".output.staging", site.root / ".output.staging.emptied"
    assert (staging / "tin/2024/07/15/bai-mot").is_dir()  # kept for the next build
    assert not [p for p in staging.rglob("*") if not p.is_dir()]  # every file was published
    assert mark.is_file()
    # a build that stopped half-way left a file there: it is not published by the next one
    write(staging / "tin/2024/07/15/bai-mot/stray.html", "left over")
    mark.unlink()
    site.article("two", title="Bài hai")
    assert site.build().returncode == 0
    assert not (site.output / "tin/2024/07/15/bai-mot/stray.html").exists()
    assert (site.output / "tin/2024/07/15/bai-hai/index.html").is_file()
    assert not [p for p in staging.rglob("*") if not p.is_dir()] and mark.is_file()


def test_the_names_an_earlier_version_kept_apart_are_read_until_a_build_records_its_own(tmp_path):
    store = Store(tmp_path / "m.sqlite")
    store.put(RECORD, Manifest.OLD_NAME, Manifest.OLD_VERSION, ["a.html", "b.html"])
    manifest = Manifest(store)
    assert manifest.load() == ["a.html", "b.html"]
    # The render and search records an earlier version kept beside the last build's record.
    store.put(RECORD, "rendered-pages", 6, {"calls": {}})
    store.put(RECORD, "search-layers", 5, {"key": "k"})
    manifest.save(["a.html"], {"inputs": "x"})
    assert manifest.load() == ["a.html"]
    assert Manifest(store).load() == ["a.html"]
    assert {*store.get_all(RECORD, 1), *store.get_all(RECORD, 5), *store.get_all(RECORD, 6)} == set()
