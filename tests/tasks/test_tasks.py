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
        [*INVOKE, "new", title, "--province", "Yên Bái", "--author", "Thu Hà", "--content", str(site.content)],
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
    # Published once the template's placeholders are replaced (see the next test).
    text = text.replace("status: draft", "status: published").replace(
        "Một hai câu tóm tắt bài viết.", "Tóm tắt.").replace("Viết nội dung bài ở đây.", "Nội dung.")
    path.write_text(text, encoding="utf-8")
    result = site.build(now="2100-01-01T00:00:00+07:00")
    assert result.returncode == 0, result.stderr
    assert any("Vượt khó" in p.read_text() for p in result.output.rglob("*.html"))


LATER = "2100-01-01T00:00:00+07:00"


def _new(site, title: str, *options: str) -> Path:
    subprocess.run([*INVOKE, "new", title, "--content", str(site.content), *options],
                   cwd=ROOT, capture_output=True, text=True, check=True)
    (path,) = (site.content / "articles").rglob("*.md")
    return path


def test_the_template_cannot_be_published_as_it_is(site):
    path = _new(site, "Trao học bổng")
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    body_line = lines.index("---", 1) + 2
    # A draft with the placeholders builds, each placeholder a warning.
    draft = site.build(now=LATER)
    assert draft.returncode == 0, draft.stderr
    assert "là chữ mẫu của lệnh new" in draft.stderr and "bài còn là bản nháp" in draft.stderr
    path.write_text(text.replace("status: draft", "status: published"), encoding="utf-8")
    result = site.build(now=LATER)
    assert result.returncode == 1
    line = {key: next(n for n, text in enumerate(lines, 1) if text.startswith(f"{key}:")) for key in ("author", "summary")}
    assert result.error_lines == [
        f"{path}:{line['author']}: author: \"Họ và Tên\" là chữ mẫu của lệnh new: ghi tên người viết, "
        "ví dụ author: Nguyễn Văn A.",
        f"{path}:{line['summary']}: summary: \"Một hai câu tóm tắt bài viết.\" là chữ mẫu của lệnh new: viết một hai "
        "câu tóm tắt bài, hoặc xoá dòng summary (khi đó trang lấy đoạn đầu bài).",
        f"{path}:{body_line}: content: nội dung bài vẫn là chữ mẫu của lệnh new \"Viết nội dung bài ở đây.\": "
        "thay bằng nội dung bài viết.",
    ]
    assert "Dừng: 3 lỗi trong nội dung." in result.stderr


def test_uncommenting_the_templates_hint_lines_gives_valid_values(site):
    """The guide says: remove the # to use a field. Each hint's note is a YAML comment,
    so what is published is the value, never the note."""
    path = _new(site, "Trao học bổng", "--author", "Thu Hà")
    header, body = path.read_text(encoding="utf-8").split("\n---\n", 1)
    # (thread: names a thread of the site's registry, which this content folder has not.)
    hints = ("province", "cluster", "featured_until", "source", "slug", "modified", "id", "also_in", "link", "expires",
             "after_expiry")
    site.article("guong", title="Gương sáng", category="Gương sáng hiếu học")  # the category also_in names
    for key in hints:
        header = header.replace(f"\n# {key}:", f"\n{key}:")
    header = header.replace("status: draft", "status: published").replace(
        "summary: Một hai câu tóm tắt bài viết.", "summary: Bốn trăm suất học bổng.")
    path.write_text(f"{header}\n---\nBài viết về học bổng.\n", encoding="utf-8")
    result = site.build(now=LATER)
    assert result.returncode == 0, result.stderr
    assert "ghi chú" not in result.stderr and "cảnh báo" not in result.stderr, result.stderr
    (page,) = [p for p in result.output.glob("tin/*/*/*/trao-hoc-bong/index.html")]
    html = page.read_text(encoding="utf-8")
    assert "Lào Cai" in html and "Tây Bắc" in html
    assert "tự suy ra" not in html and "bỏ trống" not in html and "sửa bài" not in html
    assert "Cũng đăng trong" in html and 'href="https://giaoducthoidai.vn/ten-bai.html"' in html


def test_a_note_of_the_earlier_template_is_dropped_with_a_warning(site):
    path = site.article("cu", province="Lào Cai   (bỏ trống = tin Trung ương Hội)",
                        cluster="Tây Bắc           (tự suy ra từ tỉnh; chỉ ghi khi cần)",
                        modified="(ngày sửa bài)")
    result = site.build()
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith(str(path))]
    assert warnings == [
        f'{path}:6: province: đã bỏ ghi chú "(bỏ trống = tin Trung ương Hội)" của mẫu khỏi giá trị (cảnh báo). '
        "Sửa dòng thành: province: Lào Cai",
        f'{path}:7: cluster: đã bỏ ghi chú "(tự suy ra từ tỉnh; chỉ ghi khi cần)" của mẫu khỏi giá trị (cảnh báo). '
        "Sửa dòng thành: cluster: Tây Bắc",
        f'{path}:8: modified: "(ngày sửa bài)" là ghi chú của mẫu, không phải giá trị (cảnh báo, bị bỏ qua). '
        "Thêm dấu # ở đầu dòng hoặc ghi giá trị.",
    ]
    assert "Lào Cai" in result.page("tin/2024/07/15/bai-viet-mau/index.html")


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


def test_clean_removes_the_sites_their_working_files_and_the_caches(tmp_path, monkeypatch):
    """``invoke clean``: both output folders, the staging folders and marks beside them,
    and the cache, but for the lock files (a build waiting for them holds them open)."""
    monkeypatch.syspath_prepend(str(ROOT))
    import tasks
    from invoke import Context
    from sitecore import locks

    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    made = []
    for out in ("output", "public"):
        made += [tmp_path / out / "index.html", tmp_path / f".{out}.staging" / "tin" / "a.html",
                 tmp_path / f".{out}.spare.staging" / "tin", tmp_path / f".{out}.staging.emptied"]
    made.append(tmp_path / ".cache" / "content" / "files.sqlite")
    for path in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir() if path.name == "tin" else path.write_text("x")
    tasks.clean.body(Context())
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".cache", ".output.lock", ".output.lock.holder", ".public.lock", ".public.lock.holder"]
    assert all(p.name.startswith(locks.CACHE_LOCK_NAME) for p in (tmp_path / ".cache").iterdir())
