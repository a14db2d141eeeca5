import gzip
import os

import brotli

from precompress.compress import TEXT_SUFFIXES, brotli_bytes, gzip_bytes, precompress_tree

PAGE = ("<!DOCTYPE html><title>Khuyến học</title>" + "<p>Xây dựng xã hội học tập.</p>" * 40).encode()


def test_gzip_is_deterministic_and_round_trips():
    assert gzip_bytes(PAGE) == gzip_bytes(PAGE)
    assert gzip.decompress(gzip_bytes(PAGE)) == PAGE
    assert brotli.decompress(brotli_bytes(PAGE)) == PAGE


def test_tree_gets_copies_for_text_files_only(tmp_path):
    (tmp_path / "tin").mkdir()
    (tmp_path / "tin" / "index.html").write_bytes(PAGE)
    (tmp_path / "rss.xml").write_bytes(PAGE)
    (tmp_path / "anh.jpg").write_bytes(b"\xff\xd8" + PAGE)
    (tmp_path / "tiny.css").write_bytes(b"a{}")
    stats = precompress_tree(tmp_path)
    assert stats.written == 4
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert names == ["anh.jpg", "rss.xml", "rss.xml.br", "rss.xml.gz", "tin/index.html", "tin/index.html.br",
                     "tin/index.html.gz", "tiny.css"]
    assert gzip.decompress((tmp_path / "tin/index.html.gz").read_bytes()) == PAGE


def test_second_run_rewrites_nothing_and_stale_copies_go(tmp_path):
    page = tmp_path / "index.html"
    page.write_bytes(PAGE)
    precompress_tree(tmp_path)
    mtime = (tmp_path / "index.html.gz").stat().st_mtime_ns
    assert precompress_tree(tmp_path).written == 0
    assert (tmp_path / "index.html.gz").stat().st_mtime_ns == mtime
    page.write_bytes(PAGE + "<p>Tin mới</p>".encode())
    assert precompress_tree(tmp_path).written == 2
    assert gzip.decompress((tmp_path / "index.html.gz").read_bytes()).endswith("<p>Tin mới</p>".encode())
    page.unlink()
    stats = precompress_tree(tmp_path)
    assert stats.removed == 2
    assert not list(tmp_path.iterdir())


def test_copies_of_a_page_taken_over_unchanged_are_linked_not_made_again(tmp_path):
    published, staging = tmp_path / "o", tmp_path / "s"
    published.mkdir()
    (published / "same.html").write_bytes(PAGE)
    precompress_tree(published)
    staging.mkdir()
    os.link(published / "same.html", staging / "same.html")  # the build took it over
    (staging / "other.html").write_bytes(PAGE)  # written by the build, same bytes as none published
    stats = precompress_tree(staging, published=lambda p: published / p.relative_to(staging))
    assert stats.written == 2  # other.html's two copies; same.html's are links
    for suffix in (".gz", ".br"):
        assert os.path.samefile(staging / f"same.html{suffix}", published / f"same.html{suffix}")
    # a staged page with new bytes gets new copies, whatever was published
    (staging / "same.html").unlink()
    (staging / "same.html").write_bytes(PAGE + b"<p>moi</p>")
    for suffix in (".gz", ".br"):
        (staging / f"same.html{suffix}").unlink()
    precompress_tree(staging, published=lambda p: published / p.relative_to(staging))
    assert gzip.decompress((staging / "same.html.gz").read_bytes()).endswith(b"<p>moi</p>")


def test_a_published_build_has_copies_in_step_with_its_pages(site):
    site.article("a", title="Trao học bổng", body="Nội dung " * 100)
    result = site.build("PRECOMPRESS=true")
    assert result.returncode == 0, result.stderr
    page = site.output / "tin/2024/07/15/trao-hoc-bong/index.html"
    assert gzip.decompress(page.with_name("index.html.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress(page.with_name("index.html.br").read_bytes()) == page.read_bytes()
    (site.content / "articles/a.md").unlink()
    site.article("b", title="Tin khác")
    assert site.build("PRECOMPRESS=true").returncode == 0
    assert not page.with_name("index.html.gz").exists()
    assert (site.output / "tin/2024/07/15/tin-khac/index.html.br").exists()
    # an edit elsewhere: the unchanged page keeps its copies, in step
    site.article("c", title="Tin thứ ba", date="2024-07-16 08:00")
    assert site.build("PRECOMPRESS=true").returncode == 0
    kept = site.output / "tin/2024/07/15/tin-khac/index.html"
    assert gzip.decompress(kept.with_name("index.html.gz").read_bytes()) == kept.read_bytes()


def test_pages_kept_from_the_last_build_keep_their_copies(site):
    site.article("a", title="Trao học bổng", summary="Tóm tắt bài.", body="Nội dung " * 100)
    site.article("b", title="Tin khác", date="2024-07-14 08:00", body="Bài khác " * 100)
    assert site.build("PRECOMPRESS=true").returncode == 0
    other = site.output / "tin/2024/07/14/tin-khac/index.html"
    files = [other, other.with_name("index.html.gz"), other.with_name("index.html.br")]
    before = [p.stat().st_mtime_ns for p in files]
    # Only a body changes (the summary is given): every other page is kept as published.
    site.article("a", title="Trao học bổng", summary="Tóm tắt bài.", body="Nội dung đã sửa " * 100)
    assert site.build("PRECOMPRESS=true").returncode == 0
    assert [p.stat().st_mtime_ns for p in files] == before
    edited = site.output / "tin/2024/07/15/trao-hoc-bong/index.html"
    assert "Nội dung đã sửa" in gzip.decompress(edited.with_name("index.html.gz").read_bytes()).decode()
    # A lower minimum size: files published unchanged but without copies get them.
    assert site.build("PRECOMPRESS=true", "PRECOMPRESS_MIN_SIZE=1").returncode == 0
    checked = 0
    for path in site.output.rglob("*"):
        if path.is_file() and path.suffix in TEXT_SUFFIXES and path.stat().st_size:
            assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes(), path
            assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == path.read_bytes(), path
            checked += 1
    assert checked > 20


def test_development_builds_have_no_copies(site):
    site.article("a", body="Nội dung " * 100)
    assert site.build().returncode == 0
    assert not list(site.output.rglob("*.gz"))
