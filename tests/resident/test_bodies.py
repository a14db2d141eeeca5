"""A body rebuild in a new process (``invoke build``, CI): an edited body is published
without Pelican's run, and what it publishes is what a build from scratch makes."""

from __future__ import annotations

import pytest

from resident.changes import replace_once, shown_digest, shown_elsewhere
from tests.incremental.test_incremental import PELICAN_RUN, clean_build_of, files_of, write_news
from tests.resident.test_resident import HAI, NOTHING_CHANGED, indexed_text, make_change, stamps

BODY_REBUILT = "Chỉ thân bài thay đổi"
FLAG_REBUILT = "Chỉ thân bài và trường featured"
PAGE = "tin/2024/07/15/trao-hoc-bong/index.html"


@pytest.fixture
def news(site):
    write_news(site)
    first = site.build()
    assert first.returncode == 0, first.stderr
    assert BODY_REBUILT not in first.stderr
    return site


def append(path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_an_edited_body_is_rebuilt_alone_as_a_clean_build_makes_it(news, tmp_path_factory):
    article = news.content / "articles" / "mot.md"
    before = stamps(news.output)
    append(article, "\nĐoạn mới về quỹ khuyến học xãbiênthùy & <b>đậm</b>.\n")
    result = news.build()
    assert result.returncode == 0, result.stderr
    assert BODY_REBUILT in result.stderr and "mot.md" in result.stderr, result.stderr
    # The article's page, its saved copy, the feeds that carry its text and the search
    # layer; every other file is left as it was.
    after = stamps(news.output)
    changed = {name for name, stamp in after.items() if before.get(name) != stamp}
    assert {PAGE, "tin/2024/07/15/trao-hoc-bong/bai-viet.html", "rss/tat-ca.xml", "atom/tat-ca.xml"} <= changed
    assert not {n for n in changed if n.startswith(("index.html", "tinh/", "tin/2024/07/14", "sitemap", "tim-kiem"))}
    assert not {n for n in changed if not n.startswith(("tin/2024/07/15/", "rss/", "atom/", "pagefind"))}, changed
    page = (news.output / PAGE).read_text(encoding="utf-8")
    assert "xãbiênthùy &amp; <b>đậm</b>" in page
    # and in the hidden words the search indexes after the text (đ written d: search.words)
    assert "xãbiênthùy" in indexed_text(news.output) and "dậm" in indexed_text(news.output)
    # Byte for byte what a build from scratch of the same content makes (Pagefind's own
    # files aside: they differ between any two clean builds).
    assert files_of(news.output) == clean_build_of(news, tmp_path_factory)
    again = news.build()
    assert again.returncode == 0 and NOTHING_CHANGED in again.stderr, again.stderr
    assert stamps(news.output) == after


def test_an_edit_taken_back_then_pelicans_run_give_a_clean_build(news, tmp_path_factory):
    article = news.content / "articles" / "mot.md"
    original = article.read_text(encoding="utf-8")
    append(article, "\nMột câu sẽ bị xoá.\n")
    assert BODY_REBUILT in news.build().stderr
    article.write_text(original, encoding="utf-8")  # the body as the first build had it
    result = news.build()
    assert BODY_REBUILT in result.stderr, result.stderr
    assert "Một câu sẽ bị xoá" not in (news.output / PAGE).read_text(encoding="utf-8")
    assert files_of(news.output) == clean_build_of(news, tmp_path_factory)
    # Pelican's run afterwards: the files the body rebuild wrote are made again, not
    # taken over by the keys of the first build (whose body they show again).
    append(article, "\nCâu cuối.\n")
    result = news.build(PELICAN_RUN)
    assert result.returncode == 0 and BODY_REBUILT not in result.stderr, result.stderr
    assert files_of(news.output) == clean_build_of(news, tmp_path_factory)


@pytest.mark.parametrize("change", ["title", "summary cut from the body", "new article", "photo", "setting"])
def test_any_other_change_is_pelicans_run(news, tmp_path_factory, change):
    extra = make_change(news, change)
    result = news.build(*extra)
    assert result.returncode == 0, result.stderr
    assert BODY_REBUILT not in result.stderr
    assert files_of(news.output) == clean_build_of(news, tmp_path_factory, *extra)


def test_a_featured_flag_that_leaves_the_block_as_it_is_is_rebuilt_alone(news, tmp_path_factory):
    # A featured period already over: "Tiêu điểm" (the only place pages show the
    # flag) shows the same, so no file changes.
    before = stamps(news.output)
    news.article("hai", **HAI, featured="true", featured_until="2024-12-31")
    result = news.build()
    assert result.returncode == 0 and FLAG_REBUILT in result.stderr and "hai.md" in result.stderr, result.stderr
    assert stamps(news.output) == before
    assert files_of(news.output) == clean_build_of(news, tmp_path_factory)
    # An older article featured while the block is full of newer ones: the same.
    full = ("SIDEBARS_FEATURED_COUNT=1",)
    news.article("cu", title="Bài cũ về khuyến học", date="2024-07-01 08:00", body="Một bài cũ.")
    assert news.build(*full).returncode == 0
    before = stamps(news.output)
    news.article("cu", title="Bài cũ về khuyến học", date="2024-07-01 08:00", body="Một bài cũ.", featured="true")
    result = news.build(*full)
    assert result.returncode == 0 and FLAG_REBUILT in result.stderr and "cu.md" in result.stderr, result.stderr
    assert stamps(news.output) == before
    assert files_of(news.output) == clean_build_of(news, tmp_path_factory, *full)


@pytest.mark.parametrize("change", ["featured, with room in the block", "no longer featured",
                                    "featured for a period not over", "featured and body edited"])
def test_a_featured_flag_that_may_change_the_block_is_pelicans_run(news, tmp_path_factory, change):
    if change == "featured, with room in the block":
        make_change(news, change)
    elif change == "no longer featured":  # "ba" is in the block
        news.article("ba", title="Đại hội Hội Khuyến học", date="2024-07-13 08:00", featured="false")
    elif change == "featured for a period not over":  # when it ends, the site changes by itself
        news.article("hai", **HAI, featured="true", featured_until="2099-12-31")
    else:
        news.article("hai", **{**HAI, "body": HAI["body"] + " Thêm một câu."}, featured="true")
    result = news.build()
    assert result.returncode == 0 and "dựng lại riêng" not in result.stderr, result.stderr
    home = (news.output / "index.html").read_text(encoding="utf-8")
    block = home.partition("block--featured")[2].partition("</section>")[0]
    assert ("Gương sáng hiếu học" in block) == (change != "no longer featured"), block
    assert files_of(news.output) == clean_build_of(news, tmp_path_factory)


def test_an_error_in_an_edited_body_publishes_nothing(news):
    article = news.content / "articles" / "hai.md"
    before = stamps(news.output)
    append(article, "\n![Ảnh thiếu](../images/khong-co.jpg)\n")
    result = news.build()
    assert result.returncode == 1 and "hai.md" in result.stderr and "khong-co.jpg" in result.stderr
    assert stamps(news.output) == before


def test_a_published_file_changed_by_hand_is_made_again(news):
    page = news.output / PAGE
    good = page.read_bytes()
    page.write_bytes(good.replace(b"</body>", b"<!-- sua tay --></body>"))
    append(news.content / "articles" / "mot.md", "\nThêm một câu.\n")
    result = news.build()
    assert result.returncode == 0 and BODY_REBUILT not in result.stderr, result.stderr
    text = page.read_text(encoding="utf-8")
    assert "Thêm một câu." in text and "sua tay" not in text


def test_replace_once_replaces_a_body_found_exactly_once():
    assert replace_once("<main><p>a</p></main>", "<p>a</p>", "<p>b</p>") == "<main><p>b</p></main>"
    assert replace_once("<p>a</p><p>a</p>", "<p>a</p>", "<p>b</p>") is None  # also elsewhere on the page
    assert replace_once("<p>a</p>", "<p>c</p>", "<p>b</p>") is None
    assert replace_once("<p>a</p>", "", "<p>b</p>") is None


def test_shown_digest_is_the_same_in_another_process():
    class Photo:  # its repr has the object's address, which stable_repr leaves out
        def __init__(self, path):
            self.path = path

    facts = ("tóm tắt", "tin/a/", "tin/a/index.html", "published", "2024-07-15")
    one = shown_elsewhere({"title": "A", "lead": Photo("images/a.jpg")}, facts, [])
    two = shown_elsewhere({"title": "A", "lead": Photo("images/a.jpg")}, facts, [])
    assert shown_digest(one) == shown_digest(two)
    assert shown_digest(one) != shown_digest(shown_elsewhere({"title": "B"}, facts, []))
