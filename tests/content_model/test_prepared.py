"""Files as read, kept between builds while their bytes, path, settings and code are the same."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from content_model.markdown_ext import BodyImage
from content_model.prepared import (
    FORMAT_VERSION, PreparedFile, PreparedStore, content_digest, decode, encode, file_key,
)
from sitecore.errors import ContentError
from sitecore.store import Store
from tests.conftest import content_cache
from tests.safe_build.test_parallel import sample_site

PAGE = "tin/2024/07/15/bai-a/index.html"


def rows(site) -> dict[str, dict]:
    return content_cache(site.root).get_all("prepared", FORMAT_VERSION)


def mark_content(site, marker: str) -> None:
    kept = rows(site)
    for entry in kept.values():
        entry["content"] += marker
    content_cache(site.root).put_many("prepared", FORMAT_VERSION, kept)


def test_a_file_comes_back_exactly_as_it_was_read():
    saigon = ZoneInfo("Asia/Ho_Chi_Minh")
    kept = PreparedFile(
        "/c/articles/a.md",
        [ContentError("/c/articles/a.md", "provincee", "trường không rõ", 4, warning=True)],
        False,
        {"title": 2, "date": 3},
        {"title": "Hội Khuyến học Lào Cai", "date": dt.datetime(2024, 7, 15, 9, 30, tzinfo=saigon),
         "modified": dt.datetime(2024, 7, 16, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))),
         "tags": ["học bổng", "khuyến tài"], "featured": True},
        "<p>Đoạn văn.</p>",
        [BodyImage("images/a.jpg", "Ảnh", "Chú thích", 9)],
    )
    again = decode(encode(kept))
    assert [vars(p) for p in again.problems] == [vars(p) for p in kept.problems]
    again.problems = kept.problems  # exceptions compare by identity
    assert again == kept
    assert again.values["date"].tzinfo == saigon and again.values["date"].utcoffset() == dt.timedelta(hours=7)
    assert again.photos() == ["images/a.jpg"]


def test_files_with_errors_or_values_the_rows_cannot_hold_are_not_kept():
    error = ContentError("/c/a.md", "date", "ngày không hợp lệ", 3)
    assert encode(PreparedFile("/c/a.md", [error], False, values={"title": "A"})) is None
    assert encode(PreparedFile("/c/a.md", [], True)) is None
    assert encode(PreparedFile("/c/a.md", [], False, values={"date": dt.date(2024, 7, 15)})) is None
    assert encode(PreparedFile("/c/a.md", [], False, values={"title": "A"})) is not None


def test_the_store_keeps_what_a_build_used_and_survives_a_broken_file(tmp_path):
    path = tmp_path / "cache.sqlite"
    first = PreparedStore(Store(path))
    first.put("k1", PreparedFile("/c/a.md", [], False, values={"title": "A"}, content="<p>a</p>"))
    first.put("k2", PreparedFile("/c/b.md", [], False, values={"title": "B"}))
    first.keep_only_used()
    second = PreparedStore(Store(path))
    assert second.get("k1").content == "<p>a</p>" and second.get("k3") is None
    second.keep_only_used()  # k2 was not used by this build: removed
    assert PreparedStore(Store(path)).get("k2") is None and PreparedStore(Store(path)).get("k1") is not None
    for companion in ("-wal", "-shm"):
        path.with_name(path.name + companion).unlink(missing_ok=True)
    path.write_bytes(b"not a database")  # a crash or another program: started again, a miss
    broken = PreparedStore(Store(path))
    assert broken.get("k1") is None
    broken.put("k4", PreparedFile("/c/d.md", [], False, values={"title": "D"}))
    broken.keep_only_used()
    assert PreparedStore(Store(path)).get("k4").values == {"title": "D"}


def test_keys_follow_the_bytes_the_path_and_the_reading_inputs(tmp_path):
    a, b = content_digest(b"---\ntitle: A\n---\n"), content_digest(b"---\ntitle: B\n---\n")
    base = file_key("inputs", "/c/a.md", a)
    assert base == file_key("inputs", "/c/a.md", content_digest(b"---\ntitle: A\n---\n"))
    assert base != file_key("inputs", "/c/a.md", b)
    assert base != file_key("inputs", "/c/b.md", a)
    assert base != file_key("other settings", "/c/a.md", a)


def test_a_second_build_takes_the_files_as_read_and_reads_an_edited_one_again(site):
    site.image("images/a.jpg", (400, 300))
    site.article("a", title="Bài A", image="/images/a.jpg", ghi_chu="Yên Bái", body="Đoạn **đậm**.")
    site.article("b", title="Bài B", date="31/02/2020")  # an error: never kept
    failed = site.build()
    assert failed.returncode == 1
    # What was read without error is kept although the build failed.
    assert [f for f in rows(site).values() if f["values"].get("title") == "Bài A"]
    site.article("b", title="Bài B")
    first = site.build("SITE_SKIP_UNCHANGED=false")
    assert first.returncode == 0, first.stderr
    assert len(rows(site)) == 2
    mark_content(site, "<p>DẤU-ĐÃ-ĐỌC</p>")
    second = site.build("SITE_SKIP_UNCHANGED=false")
    assert second.returncode == 0, second.stderr
    assert "DẤU-ĐÃ-ĐỌC" in second.page(PAGE)  # taken from the store, not read again
    assert second.error_lines == first.error_lines  # its warning is given again
    assert 'trường không rõ "ghi_chu"' in second.stderr
    # An edited file is read again; the row of its old bytes is removed.
    source = site.content / "articles" / "a.md"
    source.write_text(source.read_text(encoding="utf-8") + "Đoạn thêm.\n", encoding="utf-8")
    third = site.build("SITE_SKIP_UNCHANGED=false")
    assert "DẤU-ĐÃ-ĐỌC" not in third.page(PAGE) and "Đoạn thêm." in third.page(PAGE)
    assert len(rows(site)) == 2


def test_the_cache_file_of_older_code_is_removed_and_its_entries_not_read(site):
    site.article("a", title="Bài A")
    old = site.root / "cache" / "content" / "cache.sqlite"
    Store(old).put("body", "k", 3, {"html": "<p>cũ</p>"})
    assert old.exists()
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert not [p.name for p in old.parent.iterdir() if p.name.startswith("cache.sqlite")]
    assert len(rows(site)) == 1


def test_a_removed_photo_is_an_error_although_the_file_is_unchanged(site):
    site.image("images/a.jpg", (400, 300))
    site.image("images/b.jpg", (400, 300))
    site.article("a", title="Bài A", image="/images/a.jpg", body='![](/images/b.jpg "Ảnh B")')
    assert site.build().returncode == 0
    for photo in ("a.jpg", "b.jpg"):
        (site.content / "images" / photo).rename(site.root / photo)
        result = site.build()
        assert result.returncode == 1
        assert photo in result.stderr and "Traceback" not in result.stderr
        (site.root / photo).rename(site.content / "images" / photo)
    assert site.build().returncode == 0


def test_files_read_by_the_other_process_are_kept_too(tmp_path_factory):
    site = sample_site(tmp_path_factory.mktemp("two"))
    count = len(list((site.content / "articles").rglob("*.md")))
    assert site.build("CONTENT_READ_PROCESSES=2").returncode == 0
    assert len(rows(site)) == count + len(list((site.content / "pages").rglob("*.md")))
    mark_content(site, "<!-- đã đọc -->")
    result = site.build("CONTENT_READ_PROCESSES=2", "SITE_SKIP_UNCHANGED=false")
    assert result.returncode == 0, result.stderr
    pages = list(site.output.glob("tin/*/*/*/*/index.html"))  # the article pages
    assert pages and all("<!-- đã đọc -->" in p.read_text(encoding="utf-8") for p in pages)


ARTICLE = ('---\ntitle: "Bài thứ nhất"\ndate: 2024-07-15\ncategory: Tin tức\nauthor: Nguyễn Văn A\n'
           'also_in: [Học bổng]\n---\nNội dung một.\n')


def article_file(tmp_path, text: str = ARTICLE, name: str = "a.md"):
    source = tmp_path / "content" / "articles" / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(text, encoding="utf-8")
    return source


def reader_for(tmp_path, session, **settings):
    """The site's reader as a build with ``session`` makes it, on ``tmp_path/content``."""
    import copy

    from pelican.settings import DEFAULT_CONFIG

    from content_model.reader import FrontMatterMarkdownReader
    from sitecore.report import BUILD_SESSION_KEY

    return FrontMatterMarkdownReader({**copy.deepcopy(DEFAULT_CONFIG), "PATH": str(tmp_path / "content"),
                                      "CACHE_PATH": str(tmp_path / "cache"), "TIMEZONE": "Asia/Ho_Chi_Minh",
                                      BUILD_SESSION_KEY: session, **settings})


def test_the_reader_takes_the_builds_digest_and_reads_a_file_changed_since(tmp_path):
    # The build hashes every input file before Pelican reads them; the reader keys a file
    # by that digest without reading it, but a file edited in between is read as it is now.
    from sitecore.report import BuildSession

    source = article_file(tmp_path)
    session = BuildSession()
    reader = reader_for(tmp_path, session)
    session.input_files[str(source)] = content_digest(ARTICLE.encode())
    assert reader.prepare(str(source)).values["title"] == "Bài thứ nhất"
    reader.flush_prepared()

    kept = reader_for(tmp_path, session)  # the next build: the same digest, kept
    source.write_bytes(b"not read")  # proves the kept file is taken without reading it
    assert kept.prepare(str(source)).values["title"] == "Bài thứ nhất"

    # edited after the build hashed it (the digest is the old one): read as it is now
    source.write_text(ARTICLE.replace("thứ nhất", "thứ hai"), encoding="utf-8")
    session.input_files[str(source)] = content_digest(b"something else")
    assert reader_for(tmp_path, session).prepare(str(source)).values["title"] == "Bài thứ hai"


def test_a_resident_process_takes_an_unchanged_file_as_its_last_build_read_it(tmp_path, monkeypatch):
    # ``invoke livereload``: a build after an article is added reads every other file
    # as the last build did, without the content cache; what it hands Pelican is its own.
    import shutil

    from content_model import reader as reading
    from sitecore.report import BuildSession

    monkeypatch.setattr(reading, "_REMEMBERED", {})
    source = article_file(tmp_path)

    def build(resident: bool):
        session = BuildSession(resident=resident)
        session.input_files[str(source)] = content_digest(source.read_bytes())
        return reader_for(tmp_path, session)

    elsewhere = build(resident=False)
    assert elsewhere.ahead_order(str(source)) is not None
    elsewhere.read(str(source))
    # another process's reading is not this one's
    assert build(resident=True).ahead_order(str(source)) is not None

    first = build(resident=True)
    _, meta = first.read(str(source))
    first.flush_prepared()
    later = build(resident=True)
    assert later.ahead_order(str(source)) is None  # nothing to read ahead
    shutil.rmtree(tmp_path / "cache")  # taken without the content cache
    meta["field_lines"]["title"] = 99  # what a build did with its metadata
    meta["also_in"].append("Tin tức")
    meta["body_images"].append("x")
    _, again = later.read(str(source))
    assert again["title"] == "Bài thứ nhất" and again["also_in"] == ["Học bổng"]
    assert again["field_lines"]["title"] == 2 and again["body_images"] == []

    source.write_text(ARTICLE.replace("thứ nhất", "thứ hai"), encoding="utf-8")  # edited: read again
    edited = build(resident=True)
    assert edited.ahead_order(str(source)) is not None
    assert edited.read(str(source))[1]["title"] == "Bài thứ hai"


def test_files_are_read_ahead_in_the_order_of_their_keys_in_the_content_cache(tmp_path, monkeypatch):
    # The cache's file keeps its entries in key order: files read ahead in that order
    # read its pages one after the other. A file the build has not hashed comes first.
    from types import SimpleNamespace

    from content_model import content_model
    from sitecore.report import BuildSession

    session = BuildSession()
    sources = [article_file(tmp_path, ARTICLE.replace("thứ nhất", f"số {n}"), f"{n}.md") for n in range(8)]
    for source in sources[1:]:
        session.input_files[str(source)] = content_digest(source.read_bytes())
    reader = reader_for(tmp_path, session, CONTENT_READ_PROCESSES=2)
    queued: list[str] = []
    monkeypatch.setattr(content_model, "run_split",
                        lambda jobs, *args, **kwargs: queued.extend(j.args[0] for j in jobs) or 1)
    generator = SimpleNamespace(readers=SimpleNamespace(readers={"md": reader}),
                                path=str(tmp_path / "content"),
                                settings={"ARTICLE_PATHS": ["articles"], "ARTICLE_EXCLUDES": []},
                                get_files=lambda paths, exclude: [f"articles/{s.name}" for s in sources])
    content_model.read_articles_ahead(generator)
    for source in sources[1:]:
        reader.read_ahead(str(source))
    reader.flush_prepared()
    keys = sorted(content_cache(tmp_path).get_all("prepared", FORMAT_VERSION))
    assert queued[0] == str(sources[0])
    assert [reader.ahead_order(path) for path in queued[1:]] == keys == sorted(keys)
