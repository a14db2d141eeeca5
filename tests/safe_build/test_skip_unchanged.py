"""A build whose inputs did not change is skipped, and only then."""

from __future__ import annotations

import hashlib
import os

from safe_build.fingerprint import (LOOK_PARTS, TreeHasher, combined, look_parts, published_digest, published_look,
                                   stable_repr)

SKIPPED = "Không có gì thay đổi kể từ lần dựng trước"


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_unchanged_build_is_skipped_and_repeats_the_warnings(site):
    site.article("one", title="Bài một", ghi_chu="x")  # an unknown key far from any field: a warning
    first = site.build()
    assert first.returncode == 0 and SKIPPED not in first.stderr
    assert "ghi_chu" in first.stderr
    before = snapshot(site.output)
    second = site.build()
    assert second.returncode == 0
    assert SKIPPED in second.stderr
    assert "ghi_chu" in second.stderr  # the editor still sees the warning
    assert snapshot(site.output) == before
    # How many processes read and render changes nothing built: still nothing to do.
    third = site.build("RENDER_PROCESSES=2", "CONTENT_READ_PROCESSES=2", "IMAGES_WORKERS=1")
    assert SKIPPED in third.stderr
    assert snapshot(site.output) == before


def test_a_rebuild_that_kept_most_files_is_skipped_next_time(site):
    """The record of a rebuild that kept the published files (their size and mtime as the
    sync found them, not looked at again) matches what the next build finds."""
    site.article("one", title="Bài một")
    site.article("two", title="Bài hai", body="Trước khi sửa.")
    assert site.build().returncode == 0
    site.article("two", title="Bài hai", body="Sau khi sửa.")
    edited = site.build()
    assert edited.returncode == 0 and SKIPPED not in edited.stderr
    before = snapshot(site.output)
    again = site.build()
    assert again.returncode == 0 and SKIPPED in again.stderr
    assert snapshot(site.output) == before


def test_any_change_to_what_the_build_reads_rebuilds(site):
    site.article("one", title="Bài một")
    assert site.build().returncode == 0
    site.article("one", title="Bài một", body="Nội dung đã sửa.")
    result = site.build()
    assert SKIPPED not in result.stderr
    assert "Nội dung đã sửa." in result.page("tin/2024/07/15/bai-mot/index.html")
    # a different setting is a different build
    assert SKIPPED not in site.build("SITENAME='Hội Khuyến học thử'").stderr
    # a published file removed or edited by hand is put back
    page = site.output / "tin/2024/07/15/bai-mot/index.html"
    good = page.read_bytes()
    page.write_bytes(b"broken")
    result = site.build()
    assert SKIPPED not in result.stderr and page.read_bytes() == good
    page.unlink()
    result = site.build()
    assert SKIPPED not in result.stderr and page.read_bytes() == good


def test_the_clock_rebuilds_when_a_scheduled_article_is_due(site):
    site.article("now", title="Tin đã đăng", date='"2027-03-01 06:00"')
    site.article("later", title="Tin hẹn giờ", date='"2027-03-01 08:00"')
    assert site.build(now="2027-03-01T07:00:00+07:00").returncode == 0
    assert SKIPPED in site.build(now="2027-03-01T07:30:00+07:00").stderr
    due = site.build(now="2027-03-01T08:00:00+07:00")
    assert SKIPPED not in due.stderr
    assert "Tin hẹn giờ" in due.page("tin/2027/03/01/tin-hen-gio/index.html")


def test_the_clock_rebuilds_when_a_featured_period_ends_not_on_a_new_day(site):
    site.article("hot", title="Tin tiêu điểm", featured="true", featured_until='"2026-11-01 13:00"')
    # (the file other pages load "Tiêu điểm" from: the front page shows its lead story
    # large, not in "Tiêu điểm")
    page = "khoi/tieu-diem.html"
    assert "Tin tiêu điểm" in site.build(now="2026-11-01T12:00:00+07:00").page(page).split("Tiêu điểm", 1)[1]
    assert SKIPPED in site.build(now="2026-11-01T12:30:00+07:00").stderr
    ended = site.build(now="2026-11-01T13:30:00+07:00")
    assert SKIPPED not in ended.stderr
    assert SKIPPED in site.build(now="2026-11-01T23:30:00+07:00").stderr
    # No page shows the day (the calendar marks today in the reader's browser).
    assert SKIPPED in site.build(now="2026-11-02T00:10:00+07:00").stderr
    # A clock set back may be before a moment the last build had passed: built.
    back = site.build(now="2026-11-01T12:30:00+07:00")
    assert SKIPPED not in back.stderr
    assert "Tin tiêu điểm" in back.page(page).split("Tiêu điểm", 1)[1]


def test_tree_hasher_reads_by_content_and_trusts_unchanged_stat(tmp_path):
    (tmp_path / "a.md").write_text("một")
    first = TreeHasher()
    digest = first.digest([tmp_path])
    # a fresh checkout: same bytes, new mtime -> read again, same digest
    os.utime(tmp_path / "a.md", ns=(10**18, 10**18))
    again = TreeHasher(known=first.seen)
    assert again.digest([tmp_path]) == digest
    (tmp_path / "a.md").write_text("hai")
    assert TreeHasher(known=again.seen).digest([tmp_path]) != digest
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert TreeHasher().digest([tmp_path]) == TreeHasher().digest([tmp_path])


def test_settings_are_represented_the_same_in_every_process():
    def order(x):
        return x

    value = {"B": [order, {2, 1}], "A": object()}
    text = stable_repr(value)
    assert " at 0x" not in text
    assert text.startswith("{'A': <object object>, 'B': [")
    assert "test_skip_unchanged.test_settings_are_represented_the_same_in_every_process.<locals>.order" in text


def test_a_data_file_named_by_a_setting_is_an_input(site):
    from tests.conftest import ROOT

    registry = site.root / "provinces.yml"
    registry.write_bytes((ROOT / "data" / "provinces.yml").read_bytes())
    setting = f'PROVINCES_REGISTRY="{registry}"'
    site.article("one", title="Bài một", province="Lào Cai")
    assert site.build(setting).returncode == 0
    assert SKIPPED in site.build(setting).stderr
    registry.write_bytes(registry.read_bytes() + "\n# sửa danh mục\n".encode())
    assert SKIPPED not in site.build(setting).stderr


def test_the_published_files_looked_at_give_the_digest_of_their_figures(tmp_path):
    (tmp_path / "tin" / "bai").mkdir(parents=True)
    names = ["index.html", "tin/bai/bai-viet.html", "tin/bai/index.html"]
    for i, name in enumerate(names):
        (tmp_path / name).write_text("x" * (i + 1), encoding="utf-8")
    # Looked at in parts (a child process each), in order, every name once.
    parts = look_parts(names)
    assert len(parts) == LOOK_PARTS and [n for part in parts for n in part] == names
    assert look_parts([]) == [[]] and look_parts(names[:1]) == [names[:1]]
    looks = [published_look(str(tmp_path), part) for part in parts]
    assert [size for _, sizes, _ in looks for size in sizes] == [1, 2, 3]
    assert [m for _, _, mtimes in looks for m in mtimes] == [(tmp_path / name).stat().st_mtime_ns for name in names]
    figures = {name: (size, mtime) for part, (_, sizes, mtimes) in zip(parts, looks)
               for name, size, mtime in zip(part, sizes, mtimes)}
    digest = combined(part_digest for part_digest, _, _ in looks)
    assert digest == published_digest(names, figures)
    os.utime(tmp_path / "index.html", ns=(0, 0))  # touched by hand: another digest
    assert combined(published_look(str(tmp_path), part)[0] for part in parts) != digest
    assert published_look(str(tmp_path), [*names, "tin/khong-co.html"])[0] is None
    (tmp_path / "tin/bai/index.html").unlink()
    (tmp_path / "tin/bai/index.html").mkdir()  # a folder where a page was published
    assert published_look(str(tmp_path), names)[0] is None


def test_a_deleted_output_folder_is_built_again_whole(site):
    """Deleting the published folder by hand is a change like any other: the next build
    makes every file again, without a traceback."""
    import shutil

    site.article("one", title="Bài một")
    assert site.build().returncode == 0
    before = {name: digest for name, (digest, _) in snapshot(site.output).items()}
    shutil.rmtree(site.output)
    again = site.build()
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr and SKIPPED not in again.stderr
    assert {name: digest for name, (digest, _) in snapshot(site.output).items()} == before
