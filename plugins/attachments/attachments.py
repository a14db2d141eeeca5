"""Adapter: the one place that decides which files besides the pages are published.

Rule: a file is published only when a published article or page links it; photos
only as the derived, metadata-free copies the ``images`` plugin makes; attachments
only from ``content/files/`` and of an allowlisted type (``content_model.links``);
nothing outside ``content/`` is ever read or written.

Handlers, in the order Pelican sends their signals:
* ``check_settings`` (initialized): ``STATIC_PATHS`` must be empty. Pelican publishes
  every file below those folders, linked or not; here files are published by link only.
* ``refuse_symlinks`` (article_generator_init, before any content is read): a symlink
  anywhere in ``content/`` (a file or a folder) is an error naming the link and its
  target, and the build stops at once. Pelican's discovery follows linked folders and
  its static files follow linked files, so nothing may be read until they are gone.
* ``decide_published_files`` (page_generator_finalized: articles and pages are read,
  no other generator has run): every file link of every article and page is checked
  (a link out of ``content/``, a missing file, a refused type, a photo original); the
  files the published ones link become Pelican's ``static_links``, the only files its
  ``StaticGenerator`` copies, and their addresses are written into the bodies. A file
  in ``content/files/`` nobody links is a warning.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

from pelican import signals

from content_model.links import ATTACHMENT_FOLDER, MARKER, FileLink, file_link, file_type, refused_type_fix
from content_model.sources import looks_like_source
from pelican_adapter import internals
from safe_build.safe_build import stop_on_content_errors
from sitecore.errors import ConfigError, ContentError, settings_check
from sitecore.report import report_of, session_of
from sitecore.urls import site_prefix

from . import tree

logger = logging.getLogger(__name__)

# Link values with Pelican's file markers, in the attributes where Pelican collects them
# (``Content._get_intrasite_link_regex``). Pelican takes only the last such attribute of
# a tag; every one is taken here (and pointed here), so all Pelican would copy is judged:
# ``tests/pelican_adapter/test_contract.py`` checks that this finds all
# ``Content.get_static_links`` finds.
# Found from the marker backwards with ``str.find``: a pattern tried at each position of
# every body was several times slower on a large site.
_BEFORE = re.compile(r"""\s(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*(["'])$""")


def _marked(body: str) -> list[tuple[int, int]]:
    """The start and end of each marked link value in ``body``, in order."""
    found = []
    for word in ("static", "attach"):
        at = body.find(word, 1)
        while at >= 0:
            start, after = at - 1, at + len(word)
            if body[start] in "{|" and body[after:after + 1] == ("}" if body[start] == "{" else "|"):
                before = _BEFORE.search(body, max(0, start - 40), start)
                end = body.find(before.group(1), after + 1) if before else -1
                if end >= 0:
                    found.append((start, end))
            at = body.find(word, after)
    return sorted(found)


# Links the reader did not rewrite to {static} (those leaving the content folder, raw HTML).
_HREF = re.compile(r"""<a\b[^>]*?\shref\s*=\s*(?P<quote>["'])(?P<value>.*?)(?P=quote)""")
LINK_FIELD = "link"


@dataclass(frozen=True, slots=True)
class AttachmentsSettings:
    """``PATH``: the content folder. ``IMAGES_PUBLISH_ORIGINALS``: a photo original a
    published page links with ``{static}`` is published as it is (default off: only
    derived copies). ``STATIC_PATHS`` must be ``[]``: files are published by link."""

    content_root: Path
    publish_originals: bool = False

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "AttachmentsSettings":
        static = settings.get("STATIC_PATHS", ["images"])  # Pelican's default when unset
        if static:
            raise ConfigError(
                f"STATIC_PATHS = {list(static)!r}: Pelican sẽ đăng mọi tệp trong các thư mục đó, kể cả tệp "
                "không bài nào liên kết và ảnh gốc còn vị trí GPS. Hãy viết STATIC_PATHS = []: tệp được "
                "đăng khi bài đã đăng liên kết tới (plugin attachments)."
            )
        return cls(Path(settings.get("PATH", "content")).resolve(),
                   bool(settings.get("IMAGES_PUBLISH_ORIGINALS", False)))


check_settings = settings_check(AttachmentsSettings.from_pelican)


# -- symlinks ---------------------------------------------------------------------


def symlink_error(link: tree.Symlink, content_root: Path) -> ContentError:
    shown = Path(link.path).relative_to(content_root).as_posix()
    what = "thư mục" if link.folder else "tệp"
    return ContentError(
        link.path, "symlink",
        f'"{shown}" là liên kết tượng trưng (symlink) tới "{link.target}": trang không đọc và không đăng '
        f"gì qua liên kết. Xoá liên kết rồi chép chính {what} vào content/{shown}.")


def refuse_symlinks(generator) -> None:
    config = AttachmentsSettings.from_pelican(generator.settings)
    found = tree.symlinks(os.fspath(config.content_root))
    if not found:
        return
    report = report_of(generator.settings)
    for link in found:
        report.add(symlink_error(link, config.content_root))
    # Stop before Pelican walks the folders (following linked ones) and reads anything.
    stop_on_content_errors(generator)


# -- links ------------------------------------------------------------------------


def body_of(content: Any) -> str:
    """The body's HTML before Pelican replaces its links, the text
    ``Content.get_static_links`` reads (``content`` would replace the links and keep
    the result)."""
    return internals.raw_content(content)


def file_links(body: str, folder: str) -> Iterator[FileLink]:
    """Every file ``body`` (of a file in ``folder``, from the content root) links: each
    ``{static}``/``{attach}`` value Pelican would copy, and each other ``<a href>`` that
    names a file or leaves the content folder (the reader rewrote the good ones to
    ``{static}``; other tags' relative addresses are the site's, such as derived photos)."""
    for start, end in _marked(body):
        found = file_link(html.unescape(body[start:end]), folder)
        if found is not None:
            yield found
    if "href" not in body:
        return
    for match in _HREF.finditer(body):
        value = html.unescape(match.group("value"))
        if not MARKER.match(value):  # marked links are _marked's
            found = file_link(value, folder)
            if found is not None:
                yield found


def _folder_of(content: Any) -> str:
    return posixpath.dirname(content.relative_source_path) or "."


def _shown_photos(contents: Iterable[Any]) -> set[str]:
    """Photos published pages show (lead and body images), which the images plugin
    derives; a link to one of them is pointed at its largest derived JPEG."""
    shown: set[str] = set()
    for content in contents:
        if getattr(content, "image", None):
            shown.add(content.image)
        shown.update(image.path for image in content.metadata.get("body_images", []))
    return shown


@dataclass
class Decision:
    """What :func:`decide` found: the Pelican names of the files to copy, every file
    linked by anything (published or not), and the problems."""

    publish: set[str]
    linked: set[str]
    problems: list[ContentError]


def decide(published: list[Any], unpublished: list[Any], content_root: Path, publish_originals: bool) -> Decision:
    root = os.fspath(content_root)
    shown = _shown_photos(published)
    # Photos shown as images were found by the reader (a missing one is its error):
    # not looked up again, most links of a large site are these.
    images = shown | _shown_photos(unpublished)
    kinds: dict[str, str] = dict.fromkeys(images, "file")
    publish: set[str] = set()
    linked: set[str] = set()
    problems: list[ContentError] = []
    for is_published, contents in ((True, published), (False, unpublished)):
        for content in contents:
            found: list[FileLink] = []
            for link in file_links(body_of(content), _folder_of(content)):
                if link.path:
                    linked.add(link.path)
                if _problem(link, kinds, root, shown if is_published else None, publish_originals, images):
                    found.append(link)
                elif is_published and link.key and (file_type(link.path) != "photo" or publish_originals):
                    publish.add(link.key)
            if found:
                source = _LineFinder(content.source_path)
                for link in found:
                    line, written = source.of(link)
                    if written != link.written:
                        link = replace(link, written=written)
                    message = _problem(link, kinds, root, shown if is_published else None, publish_originals, images)
                    problems.append(ContentError(content.source_path, LINK_FIELD, message, line))
    return Decision(publish, linked, problems)


def _problem(link: FileLink, kinds: dict[str, str], root: str, shown: set[str] | None,
             publish_originals: bool, images: set[str] = frozenset()) -> str:
    """What is wrong with ``link`` ("" when nothing); ``shown``: the photos published
    pages show (None: the link is in a draft or a scheduled article); ``images``: every
    file shown as an image, whose format the images plugin judges (one message each)."""
    if link.problem:
        return link.problem
    path = link.path
    kind = kinds.get(path) or kinds.setdefault(path, tree.kind_of(root, path))
    if kind == "missing":
        return (f'không tìm thấy tệp "{link.written}" (tìm tại content/{path}). Kiểm tra tên tệp, chữ hoa/thường, '
                "và chép tệp vào content/files/.")
    if kind == "folder":
        return f'liên kết "{link.written}" trỏ tới một thư mục (content/{path}); hãy liên kết từng tệp.'
    if kind == "link":
        return f'liên kết "{link.written}" đi qua một liên kết tượng trưng (symlink); chép chính tệp vào content/.'
    category = file_type(path)
    if category == "refused" and path not in images:
        return f'liên kết "{link.written}": {refused_type_fix(path)}'
    if category == "attachment" and not path.startswith(ATTACHMENT_FOLDER + "/"):
        return (f'tệp đính kèm "{link.written}" phải nằm trong content/{ATTACHMENT_FOLDER}/ (đang ở content/{path}); '
                f"chuyển tệp vào content/{ATTACHMENT_FOLDER}/ và sửa liên kết.")
    if category == "photo" and shown is not None and path not in shown and not publish_originals:
        return (f'liên kết "{link.written}" tới ảnh gốc: ảnh gốc không được đăng (có thể chứa vị trí GPS và thông tin '
                f'máy ảnh). Chèn ảnh vào bài bằng ![mô tả]({{static}}/{path} "Chú thích"), khi đó liên kết trỏ tới '
                "bản ảnh lớn nhất đã bỏ các thông tin ấy; hoặc bỏ liên kết.")
    return ""


class _LineFinder:
    """Where a link is in its source file, and how the editor wrote it there (the file
    is read only when one of its links has a problem)."""

    def __init__(self, source_path: str) -> None:
        try:
            with open(source_path, encoding="utf-8", errors="replace") as handle:
                self.text = handle.read()
        except OSError:
            self.text = ""

    def of(self, link: FileLink) -> tuple[int | None, str]:
        index = self.text.find(link.written)
        written = link.written
        if index < 0 and link.path:
            # The reader wrote a good link as {static}/<path>: find the editor's spelling
            # of a Markdown link to that file's name.
            name = re.escape(posixpath.basename(link.path))
            match = re.search(r"\]\(\s*<?([^()<>\s]*" + name + r")", self.text)
            if match:
                index, written = match.start(1), match.group(1)
        if index < 0:
            return None, written
        return self.text.count("\n", 0, index) + 1, written


def unlinked_warnings(content_root: Path, linked: set[str]) -> list[ContentError]:
    """A warning for each file of ``content/files/`` that nothing links (Markdown files
    there are misplaced articles: the content model names them as errors)."""
    return [
        ContentError(content_root / path, "file",
                     f'không bài viết hay trang nào liên kết tệp "{path}" nên tệp không được đăng (cảnh báo). '
                     f"Liên kết nó trong bài, ví dụ [Tải về]({{static}}/{path}), hoặc xoá tệp.", warning=True)
        for path in tree.files_below(os.fspath(content_root), ATTACHMENT_FOLDER)
        if path not in linked and not looks_like_source(path)
    ]


def point_links(content: Any, published: set[str]) -> None:
    """Write the address of each published file ``content`` links in its body.

    Pelican's own replacement happens when a page is rendered and gave an address
    relative to the site root instead of the page (``files/x.pdf`` on an article's page);
    the address is written here, as the images plugin does for photos. ``{attach}`` is
    published like ``{static}`` (at ``files/...``), not moved beside the article."""
    body = body_of(content)
    if "static" not in body and "attach" not in body:
        return
    prefix = site_prefix(content.settings, content.url)
    folder = _folder_of(content)
    url_format = str(content.settings.get("STATIC_URL", "{path}"))

    parts: list[str] = []
    done = 0
    for start, end in _marked(body):
        found = file_link(html.unescape(body[start:end]), folder)
        if found is not None and found.key in published:
            parts += [body[done:start], html.escape(prefix + url_format.format(path=found.path), quote=True)]
            done = end
    if parts:
        internals.set_raw_content(content, "".join(parts) + body[done:])


def decide_published_files(generator) -> None:
    config = AttachmentsSettings.from_pelican(generator.settings)
    context = generator.context
    published = [*context.get("articles", []), *context.get("hidden_articles", []),
                 *context.get("pages", []), *context.get("hidden_pages", []),
                 *getattr(generator, "translations", []), *getattr(generator, "hidden_translations", [])]
    unpublished = [*context.get("drafts", []), *context.get("draft_pages", [])]
    decision = decide(published, unpublished, config.content_root, config.publish_originals)
    report = report_of(generator.settings)
    report.extend(decision.problems)
    report.extend(unlinked_warnings(config.content_root, decision.linked))
    # The articles and pages generators are done on page_generator_finalized:
    # StaticGenerator copies only these (checked by tests/pelican_adapter/test_contract.py).
    internals.set_static_links(context, decision.publish)
    attachments = {name for name in decision.publish if file_type(name) != "photo"}
    for content in published:
        point_links(content, attachments)
    # A resident build reads an edited article again: its links are pointed again.
    session_of(generator.settings).add_refresher("attachment links",
                                                 partial(point_links, published=attachments))
    logger.info("Attachments: %d files published (%d linked in all)",
                len(decision.publish), len(decision.linked))


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.article_generator_init.connect(refuse_symlinks)
    signals.page_generator_finalized.connect(decide_published_files)
