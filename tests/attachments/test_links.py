"""Which file a body's link names, and which types may be published (pure)."""

from __future__ import annotations

import os

import pytest

from attachments import tree
from content_model.links import file_link, file_type

OUT = "trỏ ra ngoài thư mục content/"
DISK = "là đường dẫn tệp trên máy tính"


@pytest.mark.parametrize("written, folder, path, problem", [
    ("{static}/files/x.pdf", "articles/2024", "files/x.pdf", ""),
    ("{attach}/files/x.pdf", "articles/2024", "files/x.pdf", ""),
    ("|static|/files/x.pdf", "articles", "files/x.pdf", ""),
    ("{static}files/x.pdf", "articles", "articles/files/x.pdf", ""),
    ("{static}/files/bao%20cao.pdf", "articles", "files/bao cao.pdf", ""),
    ("../../files/x.pdf", "articles/2024", "files/x.pdf", ""),
    ("/files/2024/x.pdf#trang-2", "articles", "files/2024/x.pdf", ""),
    ("/images/2024/x.jpg", "pages", "images/2024/x.jpg", ""),
    ("anh.jpg", "articles", "articles/anh.jpg", ""),
    ("{static}/../../../etc/passwd", "articles", "", OUT),
    ("{static}/files/../../x.pdf", "articles", "", OUT),
    ("{static}../../x.pdf", "articles", "", OUT),
    ("{static}/%2e%2e/x.pdf", "articles", "", OUT),
    ("../../x", "articles", "", OUT),
    ("../../../x.pdf", "articles/2024", "", OUT),
    ("/etc/passwd", "articles", "", DISK),
    ("/home/bien-tap/x.pdf", "articles", "", DISK),
    ("/Users/bien-tap/Desktop/x.pdf", "articles", "", DISK),
    ("C:\\Users\\x.pdf", "articles", "", DISK),
    ("file:///etc/passwd", "articles", "", DISK),
    ("\\\\may-chu\\chung\\x.pdf", "articles", "", DISK),
])
def test_file_links(written, folder, path, problem):
    found = file_link(written, folder)
    assert found is not None
    assert found.path == path
    assert (problem in found.problem) if problem else not found.problem


@pytest.mark.parametrize("written", [
    "", "#muc-2", "?trang=2", "https://khuyenhoc.vn/x.pdf", "//cdn.example/x.pdf", "mailto:a@b.vn",
    "{filename}/articles/2024/bai.md", "{tag}khuyen-hoc", "/gioi-thieu/", "/tin/2024/07/15/bai/", "../tinh/",
    "../../../../../gioi-thieu/",
])
def test_addresses_that_are_not_files(written):
    assert file_link(written, "articles") is None


@pytest.mark.parametrize("path, kind", [
    ("files/a.pdf", "attachment"), ("files/a.DOCX", "attachment"), ("files/a.xlsx", "attachment"),
    ("files/a.odt", "attachment"), ("files/a.zip", "attachment"), ("files/a.7z", "attachment"),
    ("files/a.mp4", "attachment"), ("files/a.csv", "attachment"), ("images/a.jpg", "photo"),
    ("images/a.JPEG", "photo"), ("images/a.webp", "photo"), ("files/a.html", "refused"),
    ("files/a.htm", "refused"), ("files/a.xhtml", "refused"), ("files/a.svg", "refused"),
    ("files/a.js", "refused"), ("files/a.xml", "refused"), ("files/a.swf", "refused"), ("files/a", "refused"),
    ("files/a.pdf.html", "refused"),
])
def test_file_types(path, kind):
    assert file_type(path) == kind


def test_the_tree_is_looked_at_without_following_links(tmp_path):
    (tmp_path / "files/2024").mkdir(parents=True)
    (tmp_path / "files/2024/a.pdf").write_text("a")
    os.symlink("/etc", tmp_path / "files/etc")
    os.symlink("/etc/passwd", tmp_path / "files/x.pdf")
    os.symlink(tmp_path, tmp_path / "files/vong")  # a loop: never walked
    assert [(os.path.relpath(link.path, tmp_path), link.target, link.folder) for link in tree.symlinks(str(tmp_path))] == [
        ("files/etc", "/etc", True), ("files/vong", str(tmp_path), True), ("files/x.pdf", "/etc/passwd", False)]
    assert tree.files_below(str(tmp_path), "files") == ["files/2024/a.pdf"]
    assert tree.kind_of(str(tmp_path), "files/2024/a.pdf") == "file"
    assert tree.kind_of(str(tmp_path), "files/2024") == "folder"
    assert tree.kind_of(str(tmp_path), "files/etc/passwd") == "link"
    assert tree.kind_of(str(tmp_path), "files/khong-co.pdf") == "missing"
    assert tree.kind_of(str(tmp_path), "files/2024/a.pdf/b") == "missing"
