import json
import os

from safe_build.sync import sync_tree


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
