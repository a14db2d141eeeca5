import json
import os

from safe_build.sync import sync_tree, write_or_link


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_sync_writes_changed_keeps_unchanged_removes_stale(tmp_path):
    staging, output, manifest = tmp_path / "s", tmp_path / "o", tmp_path / "m.json"
    write(output / "same.html", "A")
    write(output / "old.html", "old")
    write(output / "foreign.txt", "not ours")
    os.utime(output / "same.html", ns=(1, 1))
    manifest.write_text(json.dumps(["same.html", "old.html"]))
    write(staging / "same.html", "A")
    write(staging / "new/page.html", "B")
    stats = sync_tree(staging, output, manifest)
    assert (stats.written, stats.unchanged, stats.removed) == (1, 1, 1)
    assert (output / "same.html").stat().st_mtime_ns == 1
    assert (output / "new/page.html").read_text() == "B"
    assert not (output / "old.html").exists()
    assert (output / "foreign.txt").exists()
    assert json.loads(manifest.read_text()) == ["new/page.html", "same.html"]


def test_unchanged_bytes_become_a_link_to_the_published_file(tmp_path):
    published, staged = tmp_path / "o/page.html", tmp_path / "s/page.html"
    write(published, "A")
    assert write_or_link(staged, b"A", published) is False
    assert os.path.samefile(staged, published)
    # a second write of the same staged file with other bytes never goes through the link
    assert write_or_link(staged, b"B", published) is True
    assert published.read_text() == "A" and staged.read_text() == "B"
    assert write_or_link(tmp_path / "s/new.html", b"C", tmp_path / "o/new.html") is True


def test_sync_leaves_linked_files_alone(tmp_path):
    staging, output, manifest = tmp_path / "s", tmp_path / "o", tmp_path / "m.json"
    write(output / "same.html", "A")
    os.utime(output / "same.html", ns=(1, 1))
    write_or_link(staging / "same.html", b"A", output / "same.html")
    stats = sync_tree(staging, output, manifest)
    assert (stats.written, stats.unchanged) == (0, 1)
    assert (output / "same.html").stat().st_mtime_ns == 1
