"""Only the pages whose inputs changed are rendered again, and the result is the same
as a build from scratch."""

from __future__ import annotations

import shutil

import orjson
import pytest

from incremental.keys import RECORD_NAME, RECORD_VERSION, RenderPlan, RenderRecord, front_matter, without_lines
from safe_build.fingerprint import RECORD_NAME as BUILD_RECORD, RECORD_VERSION as BUILD_VERSION
from sitecore.store import RECORD
from tests.conftest import ROOT, TEST_NOW, Site, build_state, plugin_record

RENDERED = "Trang: "  # the log line of the incremental plugin


def files_of(folder):
    """Every published file but Pagefind's own (not byte-identical between clean builds)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.relative_to(folder).parts[0].startswith("pagefind")}


def clean_build_of(site: Site, tmp_path_factory, *extra: str, now: str = TEST_NOW) -> dict[str, bytes]:
    other = Site.__new__(Site)
    other.root = tmp_path_factory.mktemp("clean")
    other.content, other.output = other.root / "content", other.root / "output"
    shutil.copytree(site.content, other.content)
    result = other.build(*extra, now=now)
    assert result.returncode == 0, result.stderr
    return files_of(other.output)


def counts(result) -> tuple[int, int]:
    line = next(line for line in (result.stdout + result.stderr).splitlines() if RENDERED in line)
    rendered, reused = [int(w) for w in line.replace(",", " ").split() if w.isdigit()][:2]
    return rendered, reused


def write_news(site: Site) -> None:
    """Three articles: one with a summary of its own and a photo, one whose summary is
    cut from its body, one featured."""
    site.image("images/anh.jpg", (640, 480))
    site.article("mot", title="Trao học bổng", summary="Tóm tắt bài một.", province="Lào Cai", tags="[học bổng]",
                 body="Đoạn đầu của bài một.\n\n![Ảnh](../images/anh.jpg)")
    site.article("hai", title="Gương sáng hiếu học", date="2024-07-14 08:00", tags="[học bổng]",
                 body="Đoạn đầu của bài hai, đủ dài để có tóm tắt tự cắt từ nội dung.")
    site.article("ba", title="Đại hội Hội Khuyến học", date="2024-07-13 08:00", featured="true")


@pytest.fixture
def news(site):
    write_news(site)
    first = site.build("-v")
    assert first.returncode == 0, first.stderr
    return site


@pytest.mark.parametrize("change", [
    "body with a summary",  # only the article's own page is rendered
    "body without a summary",  # the summary others show changes: the pages showing it are
    "title",
    "featured flag",
    "featured flag outside the block",  # "Tiêu điểm" shows the same: only its own page
    "photo replaced",
    "setting",
])
def test_a_rebuild_equals_a_build_from_scratch(news, tmp_path_factory, change):
    extra: tuple[str, ...] = ()  # settings given with -e
    if change == "body with a summary":
        news.article("mot", title="Trao học bổng", summary="Tóm tắt bài một.", province="Lào Cai",
                     tags="[học bổng]", body="Đoạn đầu của bài một.\n\n![Ảnh](../images/anh.jpg)\n\nĐoạn bổ sung.")
    elif change == "body without a summary":
        news.article("hai", title="Gương sáng hiếu học", date="2024-07-14 08:00", tags="[học bổng]",
                     body="Một đoạn mở đầu khác hẳn.")
    elif change == "title":
        news.article("ba", title="Đại hội lần thứ bảy", date="2024-07-13 08:00", featured="true")
    elif change == "featured flag":
        news.article("ba", title="Đại hội Hội Khuyến học", date="2024-07-13 08:00", featured="false")
    elif change == "featured flag outside the block":  # a featured period already over
        news.article("hai", title="Gương sáng hiếu học", date="2024-07-14 08:00", tags="[học bổng]",
                     body="Đoạn đầu của bài hai, đủ dài để có tóm tắt tự cắt từ nội dung.",
                     featured="true", featured_until="2024-12-31")
    elif change == "photo replaced":
        news.image("images/anh.jpg", (800, 600))
    elif change == "setting":
        extra += ('SITENAME="Hội Khuyến học thử"',)
    result = news.build(*extra, "-v")
    assert result.returncode == 0, result.stderr
    rendered, reused = counts(result)
    if change in ("body with a summary", "featured flag outside the block"):
        # its page, its saved copy and the feeds it is in (RSS and Atom), nothing else
        address = "tin/2024/07/15/trao-hoc-bong/" if change.startswith("body") else "tin/2024/07/14/guong-sang-hieu-hoc/"
        feeds = [p for p in news.output.rglob("*.xml")
                 if not p.name.startswith("sitemap") and address in p.read_text("utf-8")]
        assert len(feeds) >= 6 and rendered == 2 + len(feeds) and reused > 20
    elif change == "setting":  # in every page's key
        assert reused == 0
    elif change == "photo replaced":
        # Part of the article that shows it: its own files and the pages that show
        # that article, not every page ("Đại hội Hội Khuyến học", shown with no photo
        # and not beside it, is not rendered again).
        assert 0 < rendered < reused
        assert not any("tin/2024/07/13/dai-hoi-hoi-khuyen-hoc/index.html" in line for line in written(result))
    assert files_of(news.output) == clean_build_of(news, tmp_path_factory, *extra)


def test_a_theme_change_makes_again_the_pages_not_the_saved_copies_and_feeds(news, tmp_path_factory):
    """The saved copies and the feeds render no theme template: a changed template
    leaves them as published; every page is rendered again."""
    theme = news.root / "theme"
    shutil.copytree(ROOT / "theme", theme)
    setting = f'THEME="{theme}"'
    assert news.build(setting).returncode == 0
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace('<meta charset="utf-8">',
                                                             '<meta charset="utf-8">\n  <meta name="thu" content="1">', 1),
                    encoding="utf-8")
    result = news.build(setting, "-v")
    assert result.returncode == 0, result.stderr
    lines = written(result)
    assert any("tin/2024/07/15/trao-hoc-bong/index.html" in line for line in lines)
    made = [line.split("Writing", 1)[1].split()[0] for line in lines]
    assert not [name for name in made if name.endswith("bai-viet.html") or name.endswith(".xml")
                and not name.startswith("sitemap")]
    assert '<meta name="thu" content="1">' in (news.output / "index.html").read_text(encoding="utf-8")
    assert files_of(news.output) == clean_build_of(news, tmp_path_factory, setting)


def written(result) -> list[str]:
    return [line for line in (result.stdout + result.stderr).splitlines() if "Writing" in line]


def write_many(site: Site) -> None:
    """Nine articles over two months, two categories, two provinces and three tags, so
    that each article's page lists others ("Những bản tin khác", "Tin cùng tỉnh", "Tin
    liên quan", the neighbours) and not every page lists every article."""
    site.image("images/anh.jpg", (640, 480))
    places = ["Lào Cai", "Huế", None]
    tags = ["[học bổng]", "[khuyến học, học bổng]", "[xã hội học tập]"]
    for n in range(9):
        site.article(f"bai-{n}", title=f"Bài số {n}", date=f"2024-{6 + n % 2:02d}-{10 + n:02d} 08:00",
                     category="Hoạt động Hội" if n % 3 else "Gương sáng", province=places[n % 3], tags=tags[n % 3],
                     body=f"Nội dung bài số {n}." + ("\n\n![Ảnh](../images/anh.jpg)" if n == 4 else ""))


@pytest.mark.parametrize("change", [
    "added, the newest",
    "added, an older one",
    "title of a listed article",
    "tags",
    "category, a new one",
    "removed",
    "date",
    "added, in the newest month",  # the calendar's months as they were: in no key
    "added, with a new photo",  # the photo is part of the article: in no other key
    "added, listings of two per page",
    "added, listings of three per page",  # numbered from the oldest: old pages stay
    "a draft added",  # shown nowhere: nothing rendered
    "a draft published",
    # The lead of its category and of the home page, older than their newest pages (three
    # per page): listings that show an article they do not list are keyed by the site.
    "title of a featured lead, three per page",
])
def test_pages_keyed_by_what_they_show_equal_a_build_from_scratch(site, tmp_path_factory, change):
    # Pages are keyed by what they show of other articles; what every page shows that
    # changes with each article is loaded from files of its own.
    write_many(site)
    extra = (f"DEFAULT_PAGINATION={2 if 'two' in change else 3}",) if "per page" in change else ()
    # The only featured article: the lead of its category and of the home page, the
    # oldest of its category, listed on neither newest page.
    lead = dict(title="Bài số 2", date="2024-06-12 08:00", category="Hoạt động Hội", tags="[xã hội học tập]",
                featured="true", body="Nội dung bài số 2.")
    if change.startswith("title of a featured lead"):
        site.article("bai-2", **lead)
    assert site.build(*extra).returncode == 0
    if change == "added, the newest":
        site.article("moi", title="Bài mới nhất", date="2024-08-01 08:00", province="Huế", tags="[xã hội học tập]")
    elif change in ("added, in the newest month", "added, listings of two per page",
                    "added, listings of three per page"):
        site.article("moi", title="Bài mới nhất", date="2024-07-30 08:00", category="Gương sáng", province="Huế",
                     tags="[xã hội học tập]")
    elif change == "added, with a new photo":
        site.image("images/moi.jpg", (320, 240))
        site.article("moi", title="Bài mới nhất", date="2024-07-30 08:00", category="Gương sáng", province="Huế",
                     tags="[xã hội học tập]", image="images/moi.jpg", body="Ảnh mới.\n\n![Ảnh mới](../images/moi.jpg)")
    elif change == "added, an older one":
        site.article("cu", title="Bài cũ", date="2024-06-11 09:00", category="Gương sáng", tags="[học bổng]")
    elif change == "title of a listed article":
        site.article("bai-4", title="Bài số bốn, tên mới", date="2024-07-14 08:00", category="Hoạt động Hội",
                     province="Huế", tags="[khuyến học, học bổng]", body="Nội dung bài số 4.\n\n![Ảnh](../images/anh.jpg)")
    elif change.startswith("title of a featured lead"):
        category = (site.output / "chuyen-muc/hoat-dong-hoi/index.html").read_text(encoding="utf-8")
        assert "Bài số 2" in category and "Bài số 8" not in category  # an older page lists 8, 4, 2
        assert "Bài số 2" in (site.output / "index.html").read_text(encoding="utf-8")
        # The two pages are keyed by the site (no names recorded); the category's older
        # page, which lists the lead, by what it lists (an empty set of names).
        calls = plugin_record(site.root, RECORD_NAME, RECORD_VERSION)["calls"]
        assert len(calls["category.html\0chuyen-muc/hoat-dong-hoi/index.html"]) == 2
        assert len(calls["index.html\0index.html"]) == 2
        assert len(calls["category.html\0chuyen-muc/hoat-dong-hoi/trang/1/index.html"]) == 3
        site.article("bai-2", **{**lead, "title": "Bài số hai, tên mới"})
    elif change == "tags":
        site.article("bai-2", title="Bài số 2", date="2024-07-12 08:00", category="Hoạt động Hội", tags="[khuyến học]")
    elif change == "category, a new one":  # the menu of every page shows the categories
        site.article("bai-2", title="Bài số 2", date="2024-07-12 08:00", category="Văn bản chỉ đạo",
                     tags="[xã hội học tập]")
    elif change == "removed":
        (site.content / "articles/bai-5.md").unlink()
    elif change == "date":
        site.article("bai-1", title="Bài số 1", date="2024-06-30 08:00", category="Hoạt động Hội",
                     province="Huế", tags="[khuyến học, học bổng]")
    elif change.startswith("a draft"):
        site.article("nhap", title="Bản nháp", date="2024-07-20 08:00", province="Huế", tags="[học bổng]",
                     status="draft")
        if change == "a draft published":
            assert site.build().returncode == 0
            site.article("nhap", title="Bản nháp", date="2024-07-20 08:00", province="Huế", tags="[học bổng]",
                         status="published")
    result = site.build(*extra, "-v")
    assert result.returncode == 0, result.stderr
    if change == "a draft added":
        assert counts(result)[0] == 0
    elif change == "a draft published":
        assert counts(result)[0] > 0 and "Bản nháp" in (site.output / "index.html").read_text(encoding="utf-8")
    if change.startswith("added") and change != "added, an older one":
        # "Tin mới cập nhật" is loaded from its own file: rewritten.
        assert "Bài mới nhất" in (site.output / "khoi/tin-moi.html").read_text(encoding="utf-8")
        assert any("khoi/tin-moi.html" in line for line in written(result))
    if change in ("added, in the newest month", "added, listings of two per page", "added, with a new photo"):
        # No page that shows nothing else of the new article is written: the articles not
        # of Huế, not tagged "xã hội học tập", not its neighbours, the archives of the
        # nine days, the listings without it (of "Hoạt động Hội", of the central office,
        # of the provinces but Huế). (An article of a new month changes every page's
        # calendar: its link to the next month.) Nor any feed that does not carry it.
        untouched = ["tin/2024/06/10/bai-so-0/index.html", "chuyen-muc/hoat-dong-hoi/index.html",
                     "tin/2024/06/10/index.html", "tinh/lao-cai/index.html", "rss/tinh/lao-cai.xml",
                     "atom/chuyen-muc/hoat-dong-hoi.xml"]
        for page in untouched:
            assert (site.output / page).is_file(), page
            assert not any(page in line for line in written(result)), page
        assert counts(result)[1] >= 3 + 9 + 1 + 4 + 30
    if change == "added, listings of three per page":
        # Ten articles: the home page holds the newest four, pages 2 and 1 the older six
        # as before; neither is written again.
        for page in ("trang/1/index.html", "trang/2/index.html"):
            assert (site.output / page).is_file(), page
            assert not any(f".output.staging/{page}" in line for line in written(result)), page
        assert not (site.output / "trang/3/index.html").exists()
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory, *extra)


def test_the_front_matter_of_unchanged_files_is_not_read_again(news):
    # The record keeps each unchanged file's front matter digest; a wrong one put there
    # changes the site key, so every page is rendered again: the record was used.
    state = build_state(news.root)
    record = state.get(RECORD, BUILD_RECORD, BUILD_VERSION)
    data = orjson.loads(record["records"][RECORD_NAME][1])
    assert len(data["headers"]) == 3
    data["headers"] = {known_as: "0" * 64 for known_as in data["headers"]}
    record["records"][RECORD_NAME][1] = orjson.dumps(data).decode()
    state.put(RECORD, BUILD_RECORD, BUILD_VERSION, record)
    news.article("mot", title="Trao học bổng", summary="Tóm tắt bài một.", province="Lào Cai", tags="[học bổng]",
                 body="Đoạn đầu của bài một.\n\n![Ảnh](../images/anh.jpg)\n\nĐoạn mới.")
    result = news.build("-v")
    assert result.returncode == 0, result.stderr
    # the other two articles' pages list the edited one: rendered again, not taken over
    written = [line for line in (result.stdout + result.stderr).splitlines() if "Writing" in line]
    for page in ("guong-sang-hieu-hoc/index.html", "dai-hoi-hoi-khuyen-hoc/index.html"):
        assert any(page in line for line in written), page


def test_a_page_edited_by_hand_is_rendered_again(news):
    page = news.output / "tin/2024/07/14/guong-sang-hieu-hoc/index.html"
    good = page.read_bytes()
    page.write_bytes(b"broken")
    result = news.build("-v")
    assert page.read_bytes() == good
    assert counts(result)[0] == 1  # that page alone


def test_a_failed_build_does_not_touch_the_published_pages(news):
    before = files_of(news.output)
    news.article("hai", title="Gương sáng hiếu học", date="2024-07-14 08:00", tags="[học bổng]",
                 province="Tỉnh Không Có", body="Đoạn đầu của bài hai, đủ dài để có tóm tắt tự cắt từ nội dung.")
    assert news.build().returncode == 1
    assert files_of(news.output) == before


def test_turned_off_renders_everything(news):
    news.article("mot", title="Trao học bổng", summary="Tóm tắt bài một.", province="Lào Cai",
                 tags="[học bổng]", body="Đoạn đầu của bài một, đã sửa.\n\n![Ảnh](../images/anh.jpg)")
    result = news.build("INCREMENTAL_RENDER=false", "-v")
    assert result.returncode == 0 and RENDERED not in result.stdout + result.stderr


# -- pure parts -------------------------------------------------------------------------

@pytest.mark.parametrize("source, header", [
    (b"---\ntitle: A\n---\nBody\n", b"---\ntitle: A\n---\n"),
    (b"---\r\ntitle: A\r\n...\r\nBody", b"---\r\ntitle: A\r\n...\r\n"),
    (b"no front matter", b"no front matter"),
    (b"---\ntitle: never closed\n", b"---\ntitle: never closed\n"),
])
def test_front_matter(source, header):
    assert front_matter(source) == header


def test_plan_takes_over_only_an_unchanged_call_whose_files_are_intact(tmp_path):
    (tmp_path / "a.html").write_text("A")
    st = (tmp_path / "a.html").stat()
    call = RenderPlan.call_id("article", "a.html")
    previous = RenderRecord({call: ("k1", ("a.html",))}, {"a.html": (st.st_size, st.st_mtime_ns)})

    plan = RenderPlan("site", {}, previous)
    assert plan.reusable(call, "k1", tmp_path) == ["a.html"]
    assert plan.reusable(call, "k2", tmp_path) is None  # another key
    assert RenderPlan("site", {}, None).reusable(call, "k1", tmp_path) is None  # no record
    plan.note(call, "k1", ["a.html"], reused=True)
    assert plan.reusable(call, "k1", tmp_path) is None  # the same call twice in one build
    plan.note(call, "k1", ["a.html"], reused=False)
    assert call not in plan.record(tmp_path).calls  # and never recorded
    (tmp_path / "a.html").write_text("edited")
    assert RenderPlan("site", {}, previous).reusable(call, "k1", tmp_path) is None  # edited by hand


def test_the_record_takes_the_figures_the_sync_found_and_looks_at_the_other_files(tmp_path):
    (tmp_path / "a.html").write_text("A")
    (tmp_path / "b.html").write_text("BB")
    st = (tmp_path / "b.html").stat()
    plan = RenderPlan("site", {}, None)
    for name in ("a.html", "b.html", "gone.html"):
        plan.note(RenderPlan.call_id("article", name), "k", [name], reused=False)
    record = plan.record(tmp_path, {"a.html": (7, 123)})  # as the sync left a.html
    assert record.files == {"a.html": (7, 123), "b.html": (2, st.st_mtime_ns)}
    assert set(record.calls) == {RenderPlan.call_id("article", n) for n in ("a.html", "b.html")}


def test_the_record_keeps_what_each_watched_page_read_and_each_set_of_names_once():
    calls = {"article\0a.html": ("k1", ("a.html",), ("newer_article", "older_article")),
             "article\0b.html": ("k2", ("b.html",), ("newer_article", "older_article")),
             "article\0c.html": ("k3", ("c.html",), ("related",)),
             "index\0index.html": ("k4", ("index.html",))}
    fields = RenderRecord(calls, {}, {}).fields()
    assert fields["reads"] == [["newer_article", "older_article"], ["related"]]
    assert RenderRecord.of(orjson.loads(orjson.dumps(fields))).calls == calls


def test_key_adds_the_text_of_the_content_it_is_given():
    article, other = object(), object()
    plan = RenderPlan("site", {id(article): "sha-a"}, None)
    assert plan.key("article", "x.html", [article]) != plan.key("article", "x.html", [other])
    assert plan.key("article", "x.html", [other]) == plan.key("article", "x.html", [])
    assert RenderPlan("site2", {}, None).key("t", "x", []) != plan.key("t", "x", [])
    # the photos shown as part of it, too
    photo = RenderPlan("site", {id(article): "sha-a"}, None, parts={id(article): "photo-1"})
    assert photo.key("article", "x.html", [article]) != plan.key("article", "x.html", [article])
    assert photo.key("article", "x.html", [other]) == plan.key("article", "x.html", [other])


def test_the_search_part_of_an_edited_article_follows_it(news):
    [search] = (news.root / "cache").glob("search-*/")  # the search's folder for this output folder
    # the part of each article page that Pagefind indexes, cut out into the cache, with
    # the hidden words that end it (its đ words written with d: search.words)
    part = search / "pages/tin/2024/07/15/trao-hoc-bong/index.html"
    other_part = search / "pages/tin/2024/07/14/guong-sang-hieu-hoc/index.html"
    other_part_before = other_part.stat()
    assert "data-pagefind-body" in part.read_text(encoding="utf-8")
    news.article("mot", title="Trao học bổng", summary="Tóm tắt bài một.", province="Lào Cai",
                 tags="[học bổng]", body="Đoạn đầu của bài một.\n\n![Ảnh](../images/anh.jpg)\n\nKhuyến khích học tập.")
    assert news.build().returncode == 0
    assert "Khuyến khích học tập." in part.read_text(encoding="utf-8")
    assert "Doạn dầu" in part.read_text(encoding="utf-8")
    assert other_part.stat().st_mtime_ns == other_part_before.st_mtime_ns  # not written again


def test_without_lines_drops_the_numbered_lines_of_any_line_ending():
    header = b"---\r\ntitle: A\r\nfeatured: true\rdate: 2024-07-15\n---\n"
    assert without_lines(header, [3]) == b"---\r\ntitle: A\r\ndate: 2024-07-15\n---\n"
    assert without_lines(header, []) == header


@pytest.mark.parametrize("after", ["archive", "withdraw"])
def test_a_rebuild_after_an_expiry_equals_a_build_from_scratch(site, tmp_path_factory, after):
    # The clock crossing an article's expiry changes its page (archive: the notice) or
    # removes it (withdraw), and every list that showed it: a build at that moment is not
    # skipped, and renders what a build from scratch at that moment would.
    write_many(site)
    site.article("han", title="Thông báo có hạn", date="2024-07-20 08:00", province="Huế", tags="[học bổng]",
                 expires="2026-11-01 15:00", after_expiry=after)
    before = "2026-11-01T14:00:00+07:00"
    assert site.build(now=before).returncode == 0
    assert "Thông báo có hạn" in (site.output / "tinh/hue/index.html").read_text(encoding="utf-8")
    at = "2026-11-01T15:00:00+07:00"
    result = site.build("-v", now=at)
    assert result.returncode == 0, result.stderr
    assert "Thông báo có hạn" not in (site.output / "tinh/hue/index.html").read_text(encoding="utf-8")
    page = site.output / "tin/2024/07/20/thong-bao-co-han/index.html"
    assert page.is_file() == (after == "archive")
    other = clean_build_of(site, tmp_path_factory)  # at the tests' clock, a day earlier: not the same
    assert other != files_of(site.output)
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory, now=at)


ABOUT = "---\ntitle: Giới thiệu\n---\n" + " ".join(["Hội Khuyến học Việt Nam."] * 30) + "\n\n{}\n"


def test_an_edited_page_renders_itself_not_the_site(news, tmp_path_factory):
    # A page of the site's own ("Giới thiệu", in the menu of every page) is keyed as an
    # article is: its text on its own page, its front matter elsewhere.
    news.write("pages/gioi-thieu.md", ABOUT.format("Địa chỉ cũ."))
    assert news.build().returncode == 0
    news.write("pages/gioi-thieu.md", ABOUT.format("Địa chỉ mới: số 1 phố Hàng Bài."))
    result = news.build("-v")
    assert result.returncode == 0, result.stderr
    assert "số 1 phố Hàng Bài" in (news.output / "gioi-thieu/index.html").read_text(encoding="utf-8")
    rendered, reused = counts(result)
    assert rendered == 1 and reused > 20
    assert files_of(news.output) == clean_build_of(news, tmp_path_factory)


def test_a_scheduled_article_due_renders_the_pages_that_show_it_not_the_site(site, tmp_path_factory):
    # The clock is in no page's key: a moment that passes changes the site through the
    # statuses and choices it changes, as an article added does. A new day alone
    # renders nothing.
    write_many(site)
    # (of a month the site has: a new month changes every page's calendar)
    site.article("truoc", title="Tin đã đăng", date="2026-11-01 10:00", category="Gương sáng")
    site.article("hen", title="Tin hẹn giờ", date="2026-11-02 08:00", category="Gương sáng", province="Huế",
                 tags="[học bổng]")
    assert site.build(now="2026-11-01T14:00:00+07:00").returncode == 0
    assert not (site.output / "tin/2026/11/02/tin-hen-gio/index.html").exists()
    next_day = site.build(now="2026-11-02T07:00:00+07:00")
    assert next_day.returncode == 0 and "Không có gì thay đổi" in next_day.stderr
    # A build that runs (the day's first edit: the scheduled article's own text, shown
    # nowhere yet) renders only what the edit changes.
    site.article("hen", title="Tin hẹn giờ", date="2026-11-02 08:00", category="Gương sáng", province="Huế",
                 tags="[học bổng]", body="Nội dung đã sửa.")
    edited = site.build("-v", now="2026-11-02T07:00:00+07:00")
    assert edited.returncode == 0, edited.stderr
    assert counts(edited)[0] == 0
    due = site.build("-v", now="2026-11-02T08:00:00+07:00")
    assert due.returncode == 0, due.stderr
    assert "Tin hẹn giờ" in (site.output / "tin/2026/11/02/tin-hen-gio/index.html").read_text(encoding="utf-8")
    rendered, reused = counts(due)
    assert 0 < rendered < reused
    lines = written(due)
    assert not any("chuyen-muc/hoat-dong-hoi/" in line for line in lines)  # lists none of it
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory, now="2026-11-02T08:00:00+07:00")


def test_an_article_added_to_a_thread_renders_the_pages_of_that_thread(site, tmp_path_factory):
    # "Theo dòng sự kiện" under each article of a thread lists the others: a new article
    # of the thread renders the pages of that thread's articles, not those of the others.
    write_many(site)
    site.write("dong-su-kien.yml", "threads:\n  - slug: dai-hoi\n    title: Đại hội\n    description: Các bài.\n")
    for n, day in ((1, 11), (2, 12), (3, 13)):
        site.article(f"bai-{n}", title=f"Bài số {n}", date=f"2024-07-{day:02d} 08:00", category="Hoạt động Hội",
                     province=["Lào Cai", "Huế", None][n % 3], tags=["[học bổng]", "[khuyến học, học bổng]",
                                                                     "[xã hội học tập]"][n % 3],
                     thread="dai-hoi", body=f"Nội dung bài số {n}.")
    assert site.build().returncode == 0
    site.article("moi", title="Đại hội bế mạc", date="2024-07-31 08:00", category="Gương sáng", thread="dai-hoi",
                 tags="[đại hội]")
    result = site.build("-v")
    assert result.returncode == 0, result.stderr
    lines = written(result)
    for n, day in ((1, 11), (2, 12), (3, 13)):
        page = f"tin/2024/07/{day:02d}/bai-so-{n}/index.html"
        assert any(page in line for line in lines), page
        assert "Đại hội bế mạc" in (site.output / page).read_text(encoding="utf-8")
    for page in ("tin/2024/06/10/bai-so-0/index.html", "tin/2024/06/14/bai-so-4/index.html"):
        assert not any(page in line for line in lines), page
    assert any("dong-su-kien/dai-hoi/index.html" in line for line in lines)
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory)


NEWEST_ON_EVERY_PAGE = """{# The site's newest article, from the list of the whole site in the context. #}
<p class="newest-of-site">{{ articles[0].title }}</p>
"""


def test_an_article_page_is_keyed_by_what_it_read_of_other_articles(site, tmp_path_factory):
    # No plugin says what an article's page shows of other articles: the writer watches
    # what it reads as it renders. The theme's own pages read the articles their article
    # names (its neighbours, "Tin liên quan"); a page that reaches others (here a theme
    # override that reads the site's newest article from the context) is keyed by the
    # whole site, so a newer article renders it again (one of the same month: a new month
    # would render every page for its calendar).
    write_many(site)
    overrides = site.root / "theme-overrides" / "partials"
    overrides.mkdir(parents=True)
    shutil.copy(ROOT / "theme/templates/partials/article_nav.html", overrides / "article_nav.html")
    with open(overrides / "article_nav.html", "a", encoding="utf-8") as handle:
        handle.write(NEWEST_ON_EVERY_PAGE)
    setting = f'THEME_TEMPLATES_OVERRIDES=["{overrides.parent}"]'
    assert site.build(setting).returncode == 0
    assert site.build(setting).returncode == 0  # keyed by what the first build recorded
    record = plugin_record(site.root, RECORD_NAME, RECORD_VERSION)
    made = {call.split("\0")[1]: made for call, made in record["calls"].items() if call.startswith("article.html")}
    # The oldest article's page reached an article it does not name: keyed by the site
    # (no names recorded).
    assert len(made) == 9 and len(made["tin/2024/06/10/bai-so-0/index.html"]) == 2
    site.article("moi", title="Bài mới nhất", date="2024-07-30 08:00", category="Gương sáng", province="Huế",
                 tags="[xã hội học tập]")
    result = site.build(setting, "-v")
    assert result.returncode == 0, result.stderr
    page = "tin/2024/06/10/bai-so-0/index.html"
    assert any(page in line for line in written(result)), page
    assert "Bài mới nhất" in (site.output / page).read_text(encoding="utf-8")
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory, setting)
    # Without the override the same pages record the attributes they read, which name
    # their neighbours and lists: an article page far from the new one is not rendered.
    (site.content / "articles/moi.md").unlink()
    assert site.build().returncode == 0
    record = plugin_record(site.root, RECORD_NAME, RECORD_VERSION)
    names = record["reads"][record["calls"]["article.html\0tin/2024/06/10/bai-so-0/index.html"][2]]
    assert {"older_article", "newer_article", "other_news", "related"} <= set(names)
    site.article("moi", title="Bài mới nhất", date="2024-07-30 08:00", category="Gương sáng", province="Huế",
                 tags="[xã hội học tập]")
    result = site.build("-v")
    assert result.returncode == 0, result.stderr
    assert not any(page in line for line in written(result)), page
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory)


GROUPS = """
groups:
  - slug: tin-noi-bat
    title: Tin nổi bật
    show: trang-chu
    articles: [trao-hoc-bong, guong-sang-hieu-hoc]
  - slug: tin-chinh
    title: Tin chính
    show: chuyen-muc
    category: Hoạt động Hội
    articles: [guong-sang-hieu-hoc]
"""


@pytest.mark.parametrize("change, pages", [
    # the groups file (plugins/groups) is shown by the home page and the category pages
    # alone: a change of it renders those of them that show the changed group
    ("headline group reordered", ["index.html"]),
    ("headline group renamed", ["index.html"]),
    ("category lead changed", ["chuyen-muc/hoat-dong-hoi/index.html"]),
])
def test_a_changed_group_renders_only_the_pages_that_show_it(news, tmp_path_factory, change, pages):
    news.write("nhom-tin.yml", GROUPS)
    assert news.build().returncode == 0
    if change == "headline group reordered":
        news.write("nhom-tin.yml", GROUPS.replace("[trao-hoc-bong, guong-sang-hieu-hoc]",
                                                  "[guong-sang-hieu-hoc, trao-hoc-bong]"))
    elif change == "headline group renamed":
        news.write("nhom-tin.yml", GROUPS.replace("title: Tin nổi bật", "title: Tin nổi bật trong tuần"))
    else:
        news.write("nhom-tin.yml", GROUPS.replace("articles: [guong-sang-hieu-hoc]\n",
                                                  "articles: [dai-hoi-hoi-khuyen-hoc]\n"))
    result = news.build("-v")
    assert result.returncode == 0, result.stderr
    assert counts(result)[0] == 1
    pages_written = [line for line in written(result) if "index.html" in line]
    assert len(pages_written) == len(pages) and all(p in pages_written[0] for p in pages)
    assert files_of(news.output) == clean_build_of(news, tmp_path_factory)
