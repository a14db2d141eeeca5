"""One maker per output file, every file inside the output folder: the build's one writer
refuses content that takes another file's address, or leads out of the site."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from safe_build import makers
from safe_build.safe_build import LinkingWriter, StagedBuild
from sitecore.files import files_below
from sitecore.report import BUILD_SESSION_KEY
from tests.safe_build.test_skip_unchanged import snapshot


def taken(path: Path, address: str, what: str, line: int, slug: str) -> str:
    return (f"{path}:{line}: slug: địa chỉ {address} của {path} trùng với {what}; "
            f"đổi slug: trong phần đầu của tệp (ví dụ slug: {slug}-2).")


def test_pages_that_take_the_site_s_own_addresses_fail_the_build_all_at_once(site):
    site.article("one", title="Bài một")
    assert site.build().returncode == 0
    before = snapshot(site.output)
    search = site.write("pages/x.md", "---\ntitle: Trang X\nslug: tim-kiem\n---\nNội dung.\n")
    archive = site.write("pages/y.md", "---\ntitle: Trang Y\nslug: tin\n---\nNội dung.\n")
    feeds = site.write("pages/rss.md", "---\ntitle: RSS\n---\nNội dung.\n")
    provinces = site.write("pages/z.md", "---\ntitle: Trang Z\nslug: tinh\n---\nNội dung.\n")
    result = site.build()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.error_lines == sorted([
        taken(search, "tim-kiem/index.html", "trang tìm kiếm của trang web", 3, "tim-kiem"),
        taken(archive, "tin/index.html", "trang Tất cả tin của trang web", 3, "tin"),
        taken(feeds, "rss/index.html", "trang RSS của trang web", 2, "rss"),
        taken(provinces, "tinh/index.html", "trang Tỉnh hội của trang web", 3, "tinh"),
    ])
    assert "Dừng: 4 lỗi trong nội dung. Chưa xuất bản gì" in result.stderr
    assert snapshot(site.output) == before
    assert not (site.root / ".output.staging").exists()
    # Fixed: the next build (which takes most pages over from the last) has no false alarm.
    for page in (search, archive, feeds, provinces):
        page.unlink()
    site.write("pages/x.md", "---\ntitle: Trang X\nslug: trang-x\n---\nNội dung.\n")
    assert site.build().returncode == 0
    site.article("two", title="Bài hai")
    again = site.build()
    assert again.returncode == 0 and "trùng với" not in again.stderr, again.stderr


# -- the session and the writer, without a build ---------------------------------------


class Content:
    """An article or page as the writer sees it (``makers.of_content`` reads these)."""

    def __init__(self, source: str, slug: str, line: int = 3) -> None:
        self.source_path, self.slug, self.field_lines = source, slug, {"slug": line}


class Page(Content):
    pass


def session_in(tmp_path: Path) -> StagedBuild:
    output, staging = tmp_path / "output", tmp_path / ".output.staging"
    output.mkdir(parents=True)
    staging.mkdir()
    return StagedBuild(output=output, staging=staging)


def writer_of(session: StagedBuild) -> LinkingWriter:
    settings = {BUILD_SESSION_KEY: session, "RELATIVE_URLS": True, "PAGINATED_TEMPLATES": {}}
    return LinkingWriter(str(session.files.staging), settings)


def template(name: str) -> jinja2.Template:
    return jinja2.Environment(loader=jinja2.DictLoader({name: f"<p>{name}: {{{{ output_file }}}}</p>"})).get_template(name)


def test_a_taken_over_file_is_its_call_s_and_another_maker_of_it_is_refused(tmp_path):
    session = session_in(tmp_path)
    search = makers.of_template("search.html", {})
    (session.files.output / "tim-kiem").mkdir()
    (session.files.output / "tim-kiem/index.html").write_text("published")
    session.files.take_over("tim-kiem/index.html", search)  # the incremental plan kept the search page
    session.files.take_over("tim-kiem/index.html", search)  # a resident build's replay: the same maker
    assert not session.report.problems
    article = Content("/site/content/articles/a.md", "tim-kiem")
    session.files.write_derived(session.files.staging / "tim-kiem/index.html", "saved-article", [article], lambda: b"copy")
    assert [p.format() for p in session.report.errors] == [
        "/site/content/articles/a.md:3: slug: địa chỉ tim-kiem/index.html của /site/content/articles/a.md "
        "trùng với trang tìm kiếm của trang web; đổi slug: trong phần đầu của tệp (ví dụ slug: tim-kiem-2)."]
    assert not (session.files.staging / "tim-kiem/index.html").exists()
    assert session.files.kept == {"tim-kiem/index.html"}


def test_two_parts_of_the_site_on_one_address_are_a_settings_error(tmp_path):
    session = session_in(tmp_path)
    session.files.making = makers.of_generator("CalendarGenerator")
    session.files.write_file(session.files.staging / "lich/bai-viet.json", b"{}")
    session.files.write_file(session.files.staging / "lich/bai-viet.json", b"{}")  # the same maker again: fine
    session.files.making = makers.of_generator("SitemapGenerator")
    session.files.write_file(session.files.staging / "lich/bai-viet.json", b"[]")
    assert [p.format() for p in session.report.errors] == [
        "pelicanconf.py: địa chỉ: địa chỉ lich/bai-viet.json của tệp do SitemapGenerator ghi trùng với tệp do "
        "CalendarGenerator ghi; đổi một trong hai cài đặt địa chỉ (…_URL và …_SAVE_AS)."]
    assert (session.files.staging / "lich/bai-viet.json").read_bytes() == b"{}"


def test_a_kept_file_written_earlier_in_the_build_is_the_published_one(tmp_path):
    """``keep`` after a write of the same file by the same maker: the published file wins
    (the staged copy goes); a file nothing wrote is kept as it is."""
    session = session_in(tmp_path)
    session.files.making = makers.of_generator("ImagesGenerator")
    for name in ("anh/a.jpg", "anh/b.jpg"):
        (session.files.output / name).parent.mkdir(exist_ok=True)
        (session.files.output / name).write_bytes(b"published")
    session.files.write_file(session.files.staging / "anh/a.jpg", b"staged")
    session.files.keep(session.files.staging / "anh/a.jpg")
    session.files.keep(session.files.staging / "anh/b.jpg")
    assert not session.report.problems
    assert session.files.kept == {"anh/a.jpg", "anh/b.jpg"}
    assert not (session.files.staging / "anh/a.jpg").exists() and not (session.files.staging / "anh/b.jpg").exists()

@pytest.mark.parametrize("name", ["../../x.html", "a/../../x.html", "/tmp/x.html", ".."])
def test_a_derived_file_outside_the_output_folder_is_refused(tmp_path, name):
    session = session_in(tmp_path)
    session.files.making = makers.of_generator("SeoGenerator")
    session.files.write_file(session.files.staging / name, b"x")
    session.files.write_derived(session.files.staging / name, "feed-rss", [], lambda: b"x")
    assert [p.format() for p in session.report.errors] == [
        f"pelicanconf.py: địa chỉ: địa chỉ {name} dẫn ra ngoài thư mục xuất bản {session.files.output}: tệp này không "
        f"được ghi ({what}); đổi cài đặt địa chỉ cho nằm trong thư mục xuất bản."
        for what in ("tệp do SeoGenerator ghi", "nguồn tin RSS của trang web")]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output.staging", "output"]
    assert not any(session.files.staging.iterdir())


def test_a_page_whose_save_as_leads_out_of_the_site_is_refused_by_the_writer(tmp_path):
    session = session_in(tmp_path)
    writer = writer_of(session)
    page = Page("/site/content/pages/x.md", "x", line=4)
    writer.write_file("../../x.html", template("page.html"), {}, page=page, override_output=True)
    assert [p.format() for p in session.report.errors] == [
        f"/site/content/pages/x.md:4: save_as: địa chỉ ../../x.html dẫn ra ngoài thư mục xuất bản {session.files.output}: "
        "tệp này không được ghi; một địa chỉ không được bắt đầu bằng / hay chứa '..' (ví dụ slug: x)."]
    assert not (tmp_path.parent / "x.html").exists() and not any(session.files.staging.iterdir())


@pytest.mark.parametrize("first_override", [False, True])
def test_the_writer_replaces_pelican_s_rules_on_writing_a_file_twice(tmp_path, first_override):
    """Pelican's ``Writer`` opens each file it writes through its own rules on writing a
    file twice (``internals.OpeningWriter``), which raised for one order of ``override``
    flags and silently dropped the second write for the other. Both orders are now one
    content error naming both makers, and the first maker's page stays."""
    session = session_in(tmp_path)
    writer = writer_of(session)
    page = Page("/site/content/pages/x.md", "tim-kiem")
    opened = []
    original = LinkingWriter.open_file

    def spy(self, filename, encoding, override=False):
        opened.append((filename, override))
        return original(self, filename, encoding, override)

    LinkingWriter.open_file = spy
    try:
        if first_override:
            writer.write_file("tim-kiem/index.html", template("page.html"), {}, page=page, override_output=True)
            writer.write_file("tim-kiem/index.html", template("search.html"), {})
        else:
            writer.write_file("tim-kiem/index.html", template("search.html"), {})
            writer.write_file("tim-kiem/index.html", template("page.html"), {}, page=page, override_output=True)
    finally:
        LinkingWriter.open_file = original
    assert opened == [(str(session.files.staging / "tim-kiem/index.html"), first_override)]
    assert [p.format() for p in session.report.errors] == [
        "/site/content/pages/x.md:3: slug: địa chỉ tim-kiem/index.html của /site/content/pages/x.md trùng với "
        "trang tìm kiếm của trang web; đổi slug: trong phần đầu của tệp (ví dụ slug: tim-kiem-2)."]
    first = "page.html" if first_override else "search.html"
    assert (session.files.staging / "tim-kiem/index.html").read_text() == f"<p>{first}: tim-kiem/index.html</p>"


def test_two_processes_claiming_one_file_are_a_collision_when_their_work_comes_back(tmp_path):
    """A rendering process brings back its claims (``_since``), checked against this one's."""
    session = session_in(tmp_path)
    mark = session.files._mark()
    session.files.take_over("tin/index.html", makers.of_template("archives.html", {}))
    changes = session.files._since(mark)
    other = session_in(tmp_path / "other")
    other.files.output, other.files.staging = session.files.output, session.files.staging
    other.files.take_over("tin/index.html", makers.of_content(Page("/site/content/pages/y.md", "tin")))
    other.files._merge(changes)
    assert [p.format() for p in other.report.errors] == [
        "/site/content/pages/y.md:3: slug: địa chỉ tin/index.html của /site/content/pages/y.md trùng với "
        "trang Tất cả tin của trang web; đổi slug: trong phần đầu của tệp (ví dụ slug: tin-2)."]


def test_a_listing_s_further_pages_are_claimed_as_pelican_names_them(tmp_path):
    """The numbered pages of a listing (``site_pages.pagination``, from the oldest) are
    claimed like every other page: page 2 of three articles, one a page, is the middle one."""
    from pelican.paginator import PaginationRule

    session = session_in(tmp_path)
    writer = writer_of(session)
    writer.settings.update(PAGINATED_TEMPLATES={"category": None}, DEFAULT_PAGINATION=1, DEFAULT_ORPHANS=0,
                           PAGINATION_PATTERNS=[PaginationRule(1, "{url}", "{save_as}"),
                                                PaginationRule(2, "{base_name}/trang/{number}/",
                                                               "{base_name}/trang/{number}/index.html")])
    page = Page("/site/content/pages/x.md", "x")
    writer.write_file("chuyen-muc/hoi/trang/2/index.html", template("page.html"), {}, page=page)
    writer.write_file("chuyen-muc/hoi/index.html", template("category.html"), {}, template_name="category",
                      url="chuyen-muc/hoi/", articles=["a", "b", "c"], category="Hoạt động Hội")
    assert [p.format() for p in session.report.errors] == [
        "/site/content/pages/x.md:3: slug: địa chỉ chuyen-muc/hoi/trang/2/index.html của /site/content/pages/x.md "
        "trùng với trang chuyên mục “Hoạt động Hội” của trang web; đổi slug: trong phần đầu của tệp "
        "(ví dụ slug: x-2)."]
    assert sorted(files_below(session.files.staging)) == ["chuyen-muc/hoi/index.html", "chuyen-muc/hoi/trang/1/index.html",
                                                    "chuyen-muc/hoi/trang/2/index.html"]
    assert (session.files.staging / "chuyen-muc/hoi/trang/2/index.html").read_text() == (
        "<p>page.html: chuyen-muc/hoi/trang/2/index.html</p>")


def test_two_articles_on_one_address_are_named_both(tmp_path):
    """The content model reports two articles with one address before anything is
    written; the writer refuses the second even so, naming both."""
    session = session_in(tmp_path)
    writer = writer_of(session)
    for name in ("a", "b"):
        article = Content(f"/site/content/articles/{name}.md", "bai-mot")
        writer.write_file("tin/2024/07/15/bai-mot/index.html", template("article.html"), {}, article=article,
                          override_output=True)
    assert [p.format() for p in session.report.errors] == [
        "/site/content/articles/b.md:3: slug: địa chỉ tin/2024/07/15/bai-mot/index.html của "
        "/site/content/articles/b.md trùng với bài /site/content/articles/a.md; đổi slug: trong phần đầu của tệp "
        "(ví dụ slug: bai-mot-2)."]
