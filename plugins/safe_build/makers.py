"""Who makes each file of a build, and the errors when two make the same one (pure).

Every file of the site has one maker: a content file (an article or a page, by its
source path), a template that makes a page of the site itself (the search page, the
archive, a category's list), a plugin's derived file (a feed, the sitemap, an article's
saved copy) or a plugin writing files of its own (the calendar's data, photos). The
build session records the maker of each output path as it is written or taken over
(``StagedFiles.claim``) and refuses a second maker: without that, a page whose slug is
``tim-kiem`` silently replaced the search page (or was silently dropped, by Pelican's
rules on writing a file twice).

Nothing here reads a file or the clock: names for the messages are made only when a
problem is reported (``display_path`` resolves paths; a build claims 67,000 files).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sitecore.errors import ContentError, display_path

# How a message names the pages of the site itself, by template (UI text).
SYSTEM_PAGES = {
    "index": "trang chủ",
    "archives": "trang Tất cả tin",
    "search": "trang tìm kiếm",
    "feeds": "trang RSS",
    "lookup": "trang tra cứu bài viết",
    "provinces": "trang Tỉnh hội",
    "province": "trang một tỉnh hội",
    "cluster": "trang một cụm tỉnh",
    "central": "trang Trung ương",
    "period_archives": "trang tin theo ngày, tháng hoặc năm",
    "category": "trang chuyên mục",
    "categories": "trang các chuyên mục",
    "tag": "trang từ khóa",
    "tags": "trang các từ khóa",
    "author": "trang tác giả",
    "authors": "trang các tác giả",
    "404": "trang báo không tìm thấy (404)",
}
# How a message names the files plugins derive, by maker kind (``write_derived``).
DERIVED_FILES = {
    "feed-rss": "nguồn tin RSS",
    "feed-atom": "nguồn tin Atom",
    "sitemap": "sơ đồ trang (sitemap)",
    "saved-article": "bản Lưu dạng file",
    "web-manifest": "tệp manifest của ứng dụng web",
}
# Derived files made from one article alone: the article is their maker (a feed of a
# category with one article is still the feeds plugin's).
ONE_ARTICLE = frozenset({"saved-article"})
# Where a problem that is no content file's is reported: the addresses are settings.
SETTINGS_FILE = "pelicanconf.py"

CONTENT, SYSTEM, DERIVED, FILES = "content", "system", "derived", "files"


@dataclass(frozen=True, slots=True)
class Maker:
    """Who makes a file. ``key`` is its identity (two claims of one path with the same
    key are one maker writing its file again, as a resident build's replay does);
    ``kind`` one of CONTENT, SYSTEM, DERIVED, FILES; ``name`` the template or maker
    kind (or the plugin's generator for FILES); ``source``, ``line`` and ``slug`` the
    content file, the line of its address field and its slug, when it has one."""

    key: str
    kind: str
    name: str
    source: str | None = None
    line: int | None = None
    slug: str | None = None
    page: bool = False  # a page (content/pages), not an article
    subject: str | None = None  # what a page of the site is about (a category's name)


# The maker of plain writes when no generator is running (a finish step, a resident build's replay).
SITE_FILES = Maker("files", FILES, "")


def of_content(content: object) -> Maker | None:
    """The maker of what ``content`` (an article or page) makes; None: not content."""
    source = getattr(content, "source_path", None)
    if not isinstance(source, str):
        return None
    lines = getattr(content, "field_lines", None) or {}
    line = lines.get("slug", lines.get("title")) if isinstance(lines, Mapping) else None
    page = type(content).__name__ == "Page"
    return Maker(source, CONTENT, "", source, line, getattr(content, "slug", None), page)


def of_template(template: str, named: Mapping[str, object]) -> Maker:
    """The maker of a template call given ``named`` (Pelican's keyword arguments): the
    article or page it shows, else the template (a page of the site itself)."""
    for field in ("article", "page"):
        maker = of_content(named.get(field))
        if maker is not None:
            return maker
    stem = posixpath.splitext(template)[0]
    subject = named.get(stem) if stem in ("category", "tag", "author") else None
    return Maker(f"template:{stem}", SYSTEM, stem, subject=None if subject is None else str(subject))


def of_derived(kind: str, values: Iterable[object]) -> Maker:
    """The maker of a derived file: one of ``ONE_ARTICLE`` (an article's saved copy) is
    its article's file; any other (a feed, the sitemap) the plugin's."""
    values = list(values)
    if kind in ONE_ARTICLE and len(values) == 1:
        content = of_content(values[0])
        if content is not None:
            return Maker(f"{kind}:{content.source}", DERIVED, kind, content.source, content.line, content.slug,
                         content.page)
    return Maker(kind, DERIVED, kind)


def of_generator(name: str) -> Maker:
    return Maker(f"files:{name}", FILES, name)


def label(maker: Maker) -> str:
    """How a message names ``maker``."""
    if maker.kind == CONTENT:
        return f"{'trang' if maker.page else 'bài'} {display_path(maker.source or '')}"
    if maker.kind == SYSTEM:
        what = SYSTEM_PAGES.get(maker.name, f"trang của mẫu {maker.name}.html")
        return f"{what} “{maker.subject}” của trang web" if maker.subject else f"{what} của trang web"
    if maker.kind == DERIVED:
        what = DERIVED_FILES.get(maker.name, f"tệp {maker.name}")
        return f"{what} của {display_path(maker.source)}" if maker.source else f"{what} của trang web"
    return f"tệp do {maker.name} ghi" if maker.name else "tệp của trang web"


def collision(path: str, first: Maker, second: Maker) -> ContentError:
    """The error for ``second`` making ``path`` (relative to the site) that ``first``
    already made: reported on the content file to change, naming both."""
    own, other = (second, first) if second.source else (first, second)
    if own.source is None:  # two parts of the site itself: the address settings clash
        return ContentError(SETTINGS_FILE, "địa chỉ",
                            f"địa chỉ {path} của {label(second)} trùng với {label(first)}; "
                            "đổi một trong hai cài đặt địa chỉ (…_URL và …_SAVE_AS).")
    slug = own.slug or posixpath.basename(posixpath.dirname(path)) or "bai-viet"
    return ContentError(own.source, "slug",
                        f"địa chỉ {path} của {display_path(own.source)} trùng với {label(other)}; "
                        f"đổi slug: trong phần đầu của tệp (ví dụ slug: {slug}-2).", own.line)


def outside(name: str, maker: Maker, output: os.PathLike[str] | str) -> ContentError:
    """The error for ``maker`` writing ``name``, which leads out of the output folder."""
    where = f"địa chỉ {name} dẫn ra ngoài thư mục xuất bản {output}: tệp này không được ghi"
    if maker.source is None:
        return ContentError(SETTINGS_FILE, "địa chỉ",
                            f"{where} ({label(maker)}); đổi cài đặt địa chỉ cho nằm trong thư mục xuất bản.")
    return ContentError(maker.source, "save_as",
                        f"{where}; một địa chỉ không được bắt đầu bằng / hay chứa '..' "
                        f"(ví dụ slug: {maker.slug or 'bai-viet'}).", maker.line)
