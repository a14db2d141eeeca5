import os

from sitecore.files import link_or_copy


def test_link_or_copy_links_and_never_writes_through_an_existing_target(tmp_path):
    source = tmp_path / "published/page.html"
    source.parent.mkdir()
    source.write_text("A")
    target = tmp_path / "staging/deep/page.html"
    link_or_copy(source, target)
    assert os.path.samefile(source, target)
    other = tmp_path / "other.html"
    other.write_text("B")
    link_or_copy(other, target)  # replaces the link; the first source is untouched
    assert source.read_text() == "A" and target.read_text() == "B"


def test_link_or_copy_replaces_a_symlink_and_reports_a_missing_source(tmp_path):
    import pytest

    source = tmp_path / "a.html"
    source.write_text("A")
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_text("keep")
    target = tmp_path / "out/a.html"
    target.parent.mkdir()
    target.symlink_to(elsewhere)
    link_or_copy(source, target)
    assert not target.is_symlink() and os.path.samefile(source, target)
    assert elsewhere.read_text() == "keep"
    with pytest.raises(FileNotFoundError):
        link_or_copy(tmp_path / "missing.html", tmp_path / "new/missing.html")


def test_files_below_lists_every_file_relative_and_sorted(tmp_path):
    from sitecore.files import files_below

    for name in ("b.html", "a/z.html", "a/b/c.txt", "a/b/d.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    assert files_below(tmp_path) == ["a/b/c.txt", "a/b/d.html", "a/z.html", "b.html"]
    assert files_below(tmp_path, ".html") == ["a/b/d.html", "a/z.html", "b.html"]
    assert files_below(tmp_path / "missing") == [] and files_below(tmp_path / "b.html") == []


def test_write_if_changed_keeps_an_unchanged_file_and_its_time(tmp_path):
    from sitecore.files import write_if_changed

    target = tmp_path / "deep/part.html"
    assert write_if_changed(target, b"A") is True and target.read_bytes() == b"A"
    os.utime(target, ns=(1, 1))
    assert write_if_changed(target, b"A") is False and target.stat().st_mtime_ns == 1
    assert write_if_changed(target, b"B") is True and target.read_bytes() == b"B"


def test_a_copy_that_fails_leaves_the_target_as_it_was_and_no_partial_file(tmp_path, monkeypatch):
    import errno

    import pytest

    from sitecore.files import move_atomically, write_atomically

    source, target = tmp_path / "staging/page.html", tmp_path / "output/page.html"
    source.parent.mkdir()
    target.parent.mkdir()
    source.write_text("new")
    target.write_text("old")
    real = os.replace

    def replace(a, b, *args, **kwargs):
        if os.fspath(a) == os.fspath(source):  # staging and output on two file systems
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # and the disk is full

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError) as raised:
        move_atomically(source, target)
    assert raised.value.errno == errno.ENOSPC
    with pytest.raises(OSError):
        write_atomically(target, b"other")
    assert target.read_text() == "old" and source.read_text() == "new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.html"]
    monkeypatch.setattr(os, "replace", real)
    move_atomically(source, target)
    assert target.read_text() == "new" and not source.exists()
