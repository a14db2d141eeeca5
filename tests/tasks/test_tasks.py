"""The editors' invoke tasks, run as editors run them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from content_model.frontmatter import EDITOR_FIELDS

ROOT = Path(__file__).resolve().parents[2]
INVOKE = [str(Path(sys.executable).with_name("invoke"))]


def test_new_writes_every_field_and_the_file_builds(site):
    title = 'Trao học bổng "Vượt khó" & <khuyến tài>: đợt 1'
    proc = subprocess.run(
        [*INVOKE, "new", title, "--province", "Yên Bái", "--content", str(site.content)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    (path,) = (site.content / "articles").rglob("*.md")
    assert path.name.endswith("-trao-hoc-bong-vuot-kho-khuyen-tai-dot-1.md")
    assert "Đã tạo" in proc.stdout
    text = path.read_text(encoding="utf-8")
    for key in EDITOR_FIELDS:
        assert f"\n{key}:" in text or f"\n# {key}:" in text, key
    # a new article is a draft: it builds cleanly and is not published
    result = site.build(now="2100-01-01T00:00:00+07:00")
    assert result.returncode == 0, result.stderr
    assert "Vượt khó" not in "".join(p.read_text() for p in result.output.rglob("*.html"))
    path.write_text(text.replace("status: draft", "status: published"), encoding="utf-8")
    result = site.build(now="2100-01-01T00:00:00+07:00")
    assert result.returncode == 0, result.stderr
    assert any("Vượt khó" in p.read_text() for p in result.output.rglob("*.html"))


def test_publish_uploads_only_what_changed(tmp_path):
    """`invoke publish --target` twice: the second upload moves no file (mtimes kept)."""
    out, www = tmp_path / "out", tmp_path / "www"

    def publish() -> str:
        proc = subprocess.run(
            [*INVOKE, "publish", "--target", f"{www}/", "--output", str(out)],
            cwd=ROOT, capture_output=True, text=True,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    first = publish()
    assert "Number of regular files transferred: 0" not in first
    assert (www / "index.html").is_file() and (www / "index.html.gz").is_file()
    assert "localhost" not in (www / "index.html").read_text(encoding="utf-8")
    second = publish()
    assert "Number of regular files transferred: 0" in second
    assert "Number of deleted files: 0" in second
