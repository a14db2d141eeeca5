"""A resident build process (``invoke livereload``): an edited body is published without
running Pelican again, and what it publishes is what a build from scratch makes."""

from __future__ import annotations

import gzip

import pytest

from resident.changes import changed_articles, files_used
from resident.driver import ResidentProcess
from sitecore import locks
from tests.conftest import ROOT, TEST_NOW, Site
from tests.incremental.test_incremental import clean_build_of, files_of, write_news

NOTHING_CHANGED = "Không có gì thay đổi"
# The second article of ``write_news``, written again with other fields.
HAI = {"title": "Gương sáng hiếu học", "date": "2024-07-14 08:00", "tags": "[học bổng]",
       "body": "Đoạn đầu của bài hai, đủ dài để có tóm tắt tự cắt từ nội dung."}


def start(site: Site, *settings: str) -> ResidentProcess:
    """``python -m resident`` on ``site`` (``settings``: more ``NAME=value`` for ``-e``),
    its messages kept in ``resident.log``."""
    with (site.root / "resident.log").open("w", encoding="utf-8") as log:  # the process writes its own copy
        return ResidentProcess([str(site.content), "-s", "pelicanconf.py", "-o", str(site.output),
                                "-e", f'SITE_NOW="{TEST_NOW}"', f'CACHE_PATH="{site.root / "cache"}"', *settings],
                               ROOT, log)


def stamps(folder):
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def indexed_text(output) -> str:
    """The text of the pages in the search indexes (Pagefind's fragments, gzip'd JSON)."""
    texts = []
    for fragment in sorted(output.glob("pagefind*/fragment/*.pf_fragment")):
        texts.append(gzip.decompress(fragment.read_bytes()).decode("utf-8", "replace"))
    return "\n".join(texts)


@pytest.fixture
def resident(site):
    write_news(site)
    process = start(site)
    first = process.build()
    assert first["kind"] == "full", first
    yield process
    process.close()


def test_an_edited_body_is_published_alone_and_as_a_clean_build_makes_it(site, resident, tmp_path_factory):
    article = site.content / "articles" / "mot.md"
    before = stamps(site.output)
    article.write_text(article.read_text(encoding="utf-8") + "\nĐoạn mới về quỹ khuyến học xãbiênthùy đồngthùy.\n",
                       encoding="utf-8")
    outcome = resident.build()
    assert outcome["kind"] == "body", outcome
    assert outcome["articles"] == [str(article)]
    # What changed is the article's page, its saved copy, the feeds that carry its text
    # and the search layer; every other file is left as it was.
    after = stamps(site.output)
    changed = {name for name, stamp in after.items() if before.get(name) != stamp}
    assert "tin/2024/07/15/trao-hoc-bong/index.html" in changed
    assert "tin/2024/07/15/trao-hoc-bong/bai-viet.html" in changed
    assert "rss/tat-ca.xml" in changed
    assert not {n for n in changed if n.startswith(("index.html", "tinh/", "tin/2024/07/14", "sitemap"))}
    assert "xãbiênthùy" in (site.output / "tin/2024/07/15/trao-hoc-bong/index.html").read_text(encoding="utf-8")
    # and in the hidden words the search indexes after the text (đ written d: search.words)
    assert "xãbiênthùy" in indexed_text(site.output) and "dồngthùy" in indexed_text(site.output)
    # Byte for byte what a build from scratch of the same content makes (Pagefind's own
    # files aside: they differ between any two clean builds).
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory)
    # Saved again without a change: nothing to do.
    article.write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    assert resident.build()["kind"] == "unchanged"
    assert stamps(site.output) == after
    # The records were kept: a build in another process finds nothing to do.
    cold = site.build()
    assert cold.returncode == 0 and NOTHING_CHANGED in cold.stderr, cold.stderr
    assert stamps(site.output) == after


def make_change(site, change: str) -> tuple[str, ...]:
    """Change the news site (``write_news``) in a way other than an article's body
    alone; return the settings the build is then given (``-e``)."""
    if change == "title":
        path = site.content / "articles" / "mot.md"
        path.write_text(path.read_text(encoding="utf-8").replace("Trao học bổng", "Trao 100 suất học bổng"),
                        encoding="utf-8")
    elif change == "summary cut from the body":
        path = site.content / "articles" / "hai.md"
        path.write_text(path.read_text(encoding="utf-8").replace("Đoạn đầu", "Mở đầu"), encoding="utf-8")
    elif change == "new article":
        site.article("bon", title="Bài thứ tư", date="2024-07-16 08:00")
    elif change == "new page":
        site.write("pages/gioi-thieu-them.md", "---\ntitle: Giới thiệu thêm\n---\nNội dung.\n")
    elif change == "featured, with room in the block":  # "Tiêu điểm" shows it then
        site.article("hai", **HAI, featured="true")
    else:
        assert change == "setting", change
        return ('SITENAME="Hội Khuyến học thử"',)
    return ()


@pytest.mark.parametrize("change, reason", [
    ("title", "phần hiện ở trang khác đã đổi"),
    ("summary cut from the body", "phần hiện ở trang khác đã đổi"),
    ("new article", "tệp mới"),
    ("new page", "tệp mới"),
    ("featured, with room in the block", "khối sidebar_featured có thể đổi"),
])
def test_any_other_change_is_a_full_build(site, resident, tmp_path_factory, change, reason):
    make_change(site, change)
    outcome = resident.build()
    assert outcome["kind"] == "full" and reason in outcome["reason"], outcome
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory)
    # and the process is ready for the next body edit (of an article with a summary of its own)
    path = site.content / "articles" / "mot.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    again = resident.build()
    assert again["kind"] == "body", again


def test_a_body_that_shows_another_photo_is_a_full_build(site, resident, tmp_path_factory):
    """The photo is in the site already; only the files the body brings in changed
    (its derived copies are made by the photo step of a full build)."""
    site.image("images/khac.jpg", (640, 480))
    assert resident.build()["kind"] == "full"
    path = site.content / "articles" / "mot.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n![Ảnh khác](../images/khac.jpg)\n", encoding="utf-8")
    outcome = resident.build()
    assert outcome["kind"] == "full" and "phần hiện ở trang khác đã đổi" in outcome["reason"], outcome
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory)


def test_full_builds_keep_the_staging_folders_aside_for_the_next(site, resident, tmp_path_factory):
    """Between full builds the staging folder's folders wait under another name: body
    rebuilds write into a new, nearly empty one; the next full build takes them back."""
    staging, spare = site.root / ".output.staging", site.root / ".output.spare.staging"
    assert spare.is_dir() and not staging.exists()  # after the fixture's first full build
    assert sum(1 for p in spare.rglob("*") if p.is_dir()) > 20 and not any(p.is_file() for p in spare.rglob("*"))
    body = site.content / "articles" / "mot.md"
    body.write_text(body.read_text(encoding="utf-8") + "\nCâu thứ nhất.\n", encoding="utf-8")
    again = resident.build()
    assert again["kind"] == "body", again
    assert spare.is_dir() and not any(p.is_file() for p in staging.rglob("*"))
    make_change(site, "new article")
    assert resident.build()["kind"] == "full"
    assert spare.is_dir() and not staging.exists()
    body.write_text(body.read_text(encoding="utf-8") + "\nCâu thứ hai.\n", encoding="utf-8")
    again = resident.build()
    assert again["kind"] == "body", again
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory)


def test_a_featured_flag_that_leaves_the_block_as_it_is_is_published_alone(site, resident, tmp_path_factory):
    # A featured period already over: "Tiêu điểm", the only place pages show the flag,
    # stays as it is, so the article is made again alone and no published file changes.
    before = stamps(site.output)
    site.article("hai", **HAI, featured="true", featured_until="2024-12-31")
    outcome = resident.build()
    assert outcome["kind"] == "body" and outcome["articles"] == [str(site.content / "articles" / "hai.md")], outcome
    assert stamps(site.output) == before
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory)
    cold = site.build()  # the records were kept
    assert cold.returncode == 0 and NOTHING_CHANGED in cold.stderr, cold.stderr


def test_a_content_error_in_a_body_publishes_nothing(site, resident):
    article = site.content / "articles" / "hai.md"
    good = article.read_text(encoding="utf-8")
    before = stamps(site.output)
    article.write_text(good + "\n![Ảnh thiếu](../images/khong-co.jpg)\n", encoding="utf-8")
    outcome = resident.build()
    assert outcome["kind"] == "failed", outcome
    assert stamps(site.output) == before
    log = (site.root / "resident.log").read_text(encoding="utf-8")
    assert "hai.md" in log and "khong-co.jpg" in log
    article.write_text(good + "\nĐã sửa.\n", encoding="utf-8")
    assert resident.build()["kind"] == "full"  # after a failure the next build starts afresh


def test_a_resident_build_waits_for_no_other_build_and_publishes_nothing_meanwhile(site, holders):
    """Another build holds the output folder: the resident build (its body-only build
    included, which publishes without Pelican's run) fails, names it and changes nothing."""
    write_news(site)
    process = start(site, "SITE_BUILD_WAIT=0")
    try:
        assert process.build()["kind"] == "full"
        before = stamps(site.output)
        article = site.content / "articles" / "hai.md"
        article.write_text(article.read_text(encoding="utf-8") + "\nĐoạn thêm.\n", encoding="utf-8")
        holder = holders(locks.output_lock(site.output))
        outcome = process.build()
        assert outcome["kind"] == "failed" and outcome["reason"] == "một lần dựng khác đang chạy", outcome
        assert stamps(site.output) == before
        assert f"tiến trình {holder.pid}" in (site.root / "resident.log").read_text(encoding="utf-8")
        holder.release()
        outcome = process.build()
        assert outcome["kind"] in ("body", "full"), outcome
        assert "Đoạn thêm." in (site.output / "tin/2024/07/14/guong-sang-hieu-hoc/index.html").read_text(
            encoding="utf-8")
    finally:
        process.close()


def test_changed_articles():
    before = {"/c/a.md": "1", "/c/b.md": "2", "/t/base.html": "3"}
    articles = {"/c/a.md", "/c/b.md"}
    assert changed_articles(before, dict(before), articles).articles == ()
    assert changed_articles(before, {**before, "/c/b.md": "9"}, articles).articles == ("/c/b.md",)
    assert "không phải bài viết" in changed_articles(before, {**before, "/t/base.html": "9"}, articles).reason
    assert "tệp mới" in changed_articles(before, {**before, "/c/c.md": "4"}, articles).reason
    gone = dict(before)
    del gone["/c/a.md"]
    assert "tệp đã xoá" in changed_articles(before, gone, articles).reason


def test_files_used_are_the_photos_and_files_a_body_brings_in():
    class Photo:
        def __init__(self, path, line):
            self.path, self.line = path, line

    meta = {"title": "A", "body_images": [Photo("images/a.jpg", 3)]}
    same = files_used(meta, [])
    # the photo moved down the body: the same files
    assert files_used({**meta, "body_images": [Photo("images/a.jpg", 9)]}, []) == same
    assert files_used({**meta, "title": "B"}, []) == same  # what other pages show is compared apart
    assert files_used({**meta, "body_images": [Photo("images/b.jpg", 3)]}, []) != same
    assert files_used(meta, ["files/x.pdf"]) != same


def test_a_record_is_written_after_the_build_that_changed_it_alone(site):
    # The first build writes the record of published addresses (a step run once the
    # build is published, registered by a build that changes it). Addresses an editor
    # adds by hand survive the later builds that change nothing in it: a body-only build
    # and a full one.
    import json

    site.article("2012/2012-11-20-ton-vinh", title="Tôn vinh gia đình hiếu học", date="2012-11-20 10:00",
                 legacy_sid=41, slug="ton-vinh-gia-dinh", summary="Tóm tắt riêng của bài.")
    record = site.root / "data" / "dia-chi-da-dang.json"

    def add_by_hand(address: str) -> list[str]:
        data = json.loads(record.read_text(encoding="utf-8"))
        data["addresses"]["sid:41"].insert(0, address)
        record.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return data["addresses"]["sid:41"]

    process = start(site)
    try:
        assert process.build()["kind"] == "full"
        assert json.loads(record.read_text(encoding="utf-8"))["addresses"]["sid:41"] == [
            "tin/2012/11/20/ton-vinh-gia-dinh/"]
        by_hand = add_by_hand("tin/2012/11/20/dia-chi-cu/")
        article = site.content / "articles" / "2012" / "2012-11-20-ton-vinh.md"
        article.write_text(article.read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
        assert process.build()["kind"] == "body"
        assert json.loads(record.read_text(encoding="utf-8"))["addresses"]["sid:41"] == by_hand
        by_hand = add_by_hand("tin/2012/11/20/dia-chi-cu-hon/")
        site.write("pages/gioi-thieu-them.md", "---\ntitle: Giới thiệu thêm\n---\nNội dung.\n")
        outcome = process.build()
        assert outcome["kind"] == "full", outcome
        assert json.loads(record.read_text(encoding="utf-8"))["addresses"]["sid:41"] == by_hand
        assert (site.output / "tin/2012/11/20/dia-chi-cu-hon/index.html").is_file()  # and it answers
    finally:
        process.close()
