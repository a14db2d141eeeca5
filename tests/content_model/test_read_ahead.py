"""Articles read on several cores before Pelican makes its objects, in one process."""

from __future__ import annotations

from pathlib import Path

from content_model.prepared import FORMAT_VERSION
from tests.conftest import Site, content_cache
from tests.incremental.test_incremental import files_of
from tests.safe_build.test_parallel import sample_site


def read_line(count: int) -> str:
    return f"Đọc {count} bài bằng 2 tiến trình"  # the log line of a split (content_model)


def kept(site: Site) -> list[str]:
    """The files kept in the content cache, from the content folder."""
    entries = content_cache(site.root).get_all("prepared", FORMAT_VERSION).values()
    return sorted(Path(entry["path"]).relative_to(site.content).as_posix() for entry in entries)


def test_two_processes_read_the_site_one_process_reads(tmp_path_factory):
    one, two = sample_site(tmp_path_factory.mktemp("one")), sample_site(tmp_path_factory.mktemp("two"))
    count = len(list((one.content / "articles").rglob("*.md")))
    serial = one.build("CONTENT_READ_PROCESSES=1", "-v")
    split = two.build("CONTENT_READ_PROCESSES=2", "-v")
    assert serial.returncode == 0 and split.returncode == 0, split.stderr
    assert "bài bằng" not in serial.stdout + serial.stderr
    assert read_line(count) in split.stdout + split.stderr
    assert files_of(two.output) == files_of(one.output)
    # The files the other process read stay in the cache for the next build.
    assert kept(two) == kept(one) and len(kept(one)) >= count - 2

    # Read again from the cache (one body edited), split: the same site as one process makes.
    for site in (one, two):
        article = sorted((site.content / "articles").rglob("*.md"))[7]
        article.write_text(article.read_text(encoding="utf-8") + "\nĐoạn bổ sung.\n", encoding="utf-8")
    serial = one.build("CONTENT_READ_PROCESSES=1")
    split = two.build("CONTENT_READ_PROCESSES=2", "-v")
    assert serial.returncode == 0 and split.returncode == 0, split.stderr
    assert read_line(count) in split.stdout + split.stderr
    assert files_of(two.output) == files_of(one.output)
    assert kept(two) == kept(one)


def broken_site(root: Path) -> Site:
    """40 good articles and, among them, files whose problems fall to both processes."""
    site = Site(root)
    for i in range(40):
        site.article(f"bai-{i:02d}", title=f"Bài số {i}", date=f"2024-07-{i % 28 + 1:02d} 09:30")
    site.article("bai-03", title="Bài số 3", date="31/02/2020")  # an error
    site.article("bai-10", title="Bài số 10", ghi_chu="Yên Bái")  # a warning
    site.write("articles/bai-21.md", "---\ntitle: Hội nghị: tổng kết\ndate: 2024-07-15\n---\nx\n")  # YAML
    (site.content / "articles" / "bai-36.md").write_bytes("---\ntitle: Lào Cai\n---\n".encode("cp1258"))
    return site


def test_every_problem_is_reported_as_one_process_reports_it(tmp_path_factory):
    results = {}
    for processes in (1, 2):
        site = broken_site(tmp_path_factory.mktemp(f"p{processes}"))
        result = site.build(f"CONTENT_READ_PROCESSES={processes}", "-v")
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        results[processes] = (result, [line.replace(str(site.content), "content") for line in result.error_lines])
    (serial, serial_lines), (split, split_lines) = results[1], results[2]
    # bai-21's YAML error no longer hides its missing author and category.
    assert "Dừng: 5 lỗi trong nội dung." in serial.stderr
    assert read_line(40) in split.stdout + split.stderr
    assert split_lines == serial_lines
    # Problems of files read in this process and in the other one; errors, then warnings.
    assert [line.split(":")[0] for line in split_lines] == [
        "content/articles/bai-03.md", "content/articles/bai-21.md", "content/articles/bai-21.md",
        "content/articles/bai-21.md", "content/articles/bai-36.md", "content/articles/bai-10.md",
    ]
    assert "trường không rõ \"ghi_chu\" (cảnh báo, bị bỏ qua). Các trường hợp lệ: title," in split_lines[-1]
    assert "Dừng: 5 lỗi trong nội dung." in split.stderr
