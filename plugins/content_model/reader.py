"""Adapter: Pelican's reader for Markdown files with YAML front matter.

Parsing and field checks live in the pure modules ``frontmatter``, ``dates`` and
``slugs``; this class turns their result into Pelican metadata and records
every problem in the build report. A file with an error is skipped (status
``skip``) so the build can go on collecting the other files' problems.

Every content file goes through :meth:`FrontMatterMarkdownReader.prepare` and
:meth:`~FrontMatterMarkdownReader.read`, and neither lets an exception out: whatever
fails inside (a library, a limit, this code) becomes a content error naming the file.
An exception reaching Pelican would make it log "Could not process" and drop the
article from a build that still succeeds.
"""

from __future__ import annotations

import functools
import html
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from markdown import Markdown
from pelican.readers import BaseReader
from pelican.urlwrappers import Author, Category, Tag

from sitecore.errors import ContentError
from sitecore.report import report_of, session_of
from sitecore.store import store_at
from sitecore.timelimit import TimeLimitExceeded, time_limit
from sitecore.urls import absolute_base
from sitecore.versions import json_digest

from . import expiry, frontmatter, prepared, sanitize
from .links import article_hrefs
from .markdown_ext import BodyImage, DocumentState, FigureExtension
from .prepared import PreparedFile
from .settings import ContentSettings
from .slugs import slugify

logger = logging.getLogger(__name__)

# What an editor is told about an exception nobody expected, by kind: what failed, what to do.
_CHECK_FILE = ("Kiểm tra phần đầu (giữa hai dòng ---) và nội dung bài, sửa chỗ khác thường rồi dựng lại; "
               "nếu không thấy chỗ sai, gửi tệp cho người quản trị trang.")
_FAILURES: dict[type[BaseException], tuple[str, str]] = {
    RecursionError: ("tệp lồng nhau quá sâu để đọc", _CHECK_FILE),
    MemoryError: ("tệp cần quá nhiều bộ nhớ để đọc", _CHECK_FILE),
    OSError: ("không mở được tệp",
              "Kiểm tra tệp còn đó và đọc được (một lối tắt có thể trỏ tới tệp đã xoá)."),
}


# In a resident process (``invoke livereload``), each file as the last build read it,
# by path, with what it was read from: the reading settings and code, and the digest of
# its bytes. The next build takes an unchanged file from here, without the content
# cache: a database read and a JSON decoding per file, in reading processes whose
# results come back pickled, for every article each time one is added. (The next
# build's digest of a file tells a link from a file: ``safe_build.fingerprint``.) What
# :meth:`FrontMatterMarkdownReader._metadata` hands on from a file is copied, so that
# no build changes what the next one takes. A file removed keeps its entry until the
# process ends.
_REMEMBERED: dict[str, tuple[str, str, PreparedFile]] = {}


def failure_message(exc: BaseException) -> str:
    """The editor's message for an unexpected exception while reading a file: what
    failed and what to do, on one line (the traceback goes to the debug log)."""
    what, todo = next((texts for kind, texts in _FAILURES.items() if isinstance(exc, kind)),
                      ("lỗi khi đọc tệp", _CHECK_FILE))
    detail = " ".join(str(exc).split())[:200]
    detail = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return f"{what} ({detail}). Bài này chưa được đăng. {todo}"


# Metadata of a file with errors, passed on only so that other plugins check these
# fields too (their handlers see ``CHECK_ONLY`` and report, changing nothing).
CHECK_ONLY = "check_only"
CHECKED_ELSEWHERE = ("province", "cluster")


def failed_file(source_path: str, exc: BaseException) -> PreparedFile:
    logger.debug("Reading %s failed", source_path, exc_info=exc)
    return PreparedFile(source_path, [ContentError(source_path, "file", failure_message(exc))], failed=True)


class FileTooLarge(Exception):
    """A content file above ``CONTENT_MAX_FILE_BYTES``."""


@functools.cache
def _kept_files(folder: Path) -> prepared.PreparedStore:
    """The files as read, kept in the content cache in ``folder``: one per folder in
    this process, which every reader of the build shares."""
    prepared.remove_leftovers(folder)
    return prepared.PreparedStore(store_at(folder / prepared.CACHE_FILE))


class FrontMatterMarkdownReader(BaseReader):
    """Markdown with YAML front matter, Vietnamese dates and checked images."""

    enabled = True
    file_extensions = ["md", "markdown"]

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        self.config = ContentSettings.from_pelican(settings)
        self._figures = FigureExtension()
        md_settings = dict(settings.get("MARKDOWN", {}))
        extensions = [e for e in md_settings.get("extensions", []) if e != "markdown.extensions.meta"]
        self._md = Markdown(
            extensions=[*extensions, self._figures],
            extension_configs=md_settings.get("extension_configs", {}),
            output_format="html5",
        )
        self._folders: dict[str, tuple[str, ...] | None] = {}
        self._page_parts = [Path(p).parts for p in self.config.page_paths]
        # This site's absolute addresses: a link starting with one is to the site itself.
        self._site_bases = tuple(dict.fromkeys(
            base for base in (str(settings.get("SITEURL") or "").rstrip("/") + "/", absolute_base(settings))
            if base.startswith(("http://", "https://"))))
        # One Author/Category/Tag object per name: each computes its slug once, not
        # once per article (50,000 slugs at 10,000 articles).
        self._names: dict[tuple[type, str], Author | Category | Tag] = {}
        # Files prepared before Pelican asks for them (``read_ahead``), by path, and the
        # cache keys ``ahead_order`` worked out for them (reading processes forked since
        # take them instead of working each out again).
        self._prepared: dict[str, PreparedFile] = {}
        self._ahead_keys: dict[str, tuple[str, str]] = {}  # path -> (digest, key)
        self._store = _kept_files(Path(settings.get("CACHE_PATH", "cache")) / "content")
        # Everything besides a file's path and bytes that changes what reading it gives.
        # The code is an input too: a sanitizer or extension that changes must not leave
        # files read by the old one in the cache.
        self._read_inputs = json_digest([
            prepared.code_digest(), md_settings, sorted(self.config.embed_hosts), str(self.config.timezone),
            str(self.config.content_root), [list(p) for p in self._page_parts], self.config.max_file_bytes])
        session_of(settings).add_finish_step(0, "content cache", self._save_caches)

    def _folder(self, path: Path) -> tuple[str, ...] | None:
        """The parts of ``path``'s folder under the content folder (None: outside it),
        resolved once per folder, not once per file (resolving asks the file system)."""
        folder = os.fspath(path.parent)
        if folder not in self._folders:
            try:
                self._folders[folder] = path.parent.resolve().relative_to(self.config.content_root).parts
            except ValueError:
                self._folders[folder] = None
        return self._folders[folder]

    def _is_page(self, path: Path) -> bool:
        folder = self._folder(path)
        if folder is None or path.is_symlink():  # a linked file is where it points
            try:
                relative = path.resolve().relative_to(self.config.content_root).parts
            except ValueError:
                return False
        else:
            relative = (*folder, path.name)
        return any(relative[: len(parts)] == parts for parts in self._page_parts)

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        prepared = self._prepared.pop(source_path, None) or self.prepare(source_path)
        if prepared.digest and prepared.storable() and session_of(self.settings).resident:
            _REMEMBERED[source_path] = (self._read_inputs, prepared.digest, prepared)
        report = report_of(self.settings)
        report.extend(prepared.problems)
        if prepared.failed:
            # Not published, but the fields other plugins check (a province) are
            # passed on, so one run lists every problem of the file (``CHECK_ONLY``).
            checked = {k: prepared.values[k] for k in CHECKED_ELSEWHERE if k in prepared.values}
            extra = {CHECK_ONLY: True, "source_file": prepared.path, "field_lines": prepared.lines,
                     **checked} if checked else {}
            return "", {"status": "skip", **extra}
        try:
            return prepared.content, self._metadata(prepared)
        except Exception as exc:  # noqa: BLE001 - the one place a reading error becomes a content error
            report.extend(failed_file(source_path, exc).problems)
            return "", {"status": "skip"}

    def _save_caches(self, _site: Path) -> None:
        session = session_of(self.settings)
        if session.resident:
            # A resident process's next build may read a single article again: what the
            # others need must stay. Entries left unused go at the next build of another
            # process.
            self._store.flush()
            return
        self._store.keep_only_used()

    def flush_prepared(self) -> None:
        """Keep the files read so far for the next build (also when this one fails)."""
        self._store.flush()

    def prepare(self, source_path: str) -> PreparedFile:
        """Everything reading ``source_path`` gives before Pelican's objects are made:
        as an earlier build read the same bytes (``prepared``), or read now. Never
        raises: any failure is a failed file with a content error (also in the forked
        processes of ``read_ahead``, whose results come back pickled)."""
        try:
            return self._prepare_kept_or_fresh(source_path)
        except FileTooLarge as exc:
            return PreparedFile(source_path, [ContentError(source_path, "file", str(exc))], failed=True)
        except Exception as exc:  # noqa: BLE001 - the one place a reading error becomes a content error
            return failed_file(source_path, exc)

    def _read_bytes(self, path: Path) -> bytes:
        """The file's bytes; :class:`FileTooLarge` past the limit, before reading more
        than it (a pasted scan or a wrong file must not take the build's memory)."""
        limit = self.config.max_file_bytes
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
            if len(data) > limit:
                size = os.fstat(stream.fileno()).st_size
                raise FileTooLarge(
                    f"tệp quá lớn ({_mib(size)}; mỗi bài tối đa {_mib(limit)}, CONTENT_MAX_FILE_BYTES). "
                    "Ảnh và tệp đính kèm để trong content/images/ hoặc content/files/ rồi dẫn tới; "
                    "bài quá dài thì chia thành nhiều bài.")
        return data

    def _prepare_kept_or_fresh(self, source_path: str) -> PreparedFile:
        path = Path(source_path)
        # The build's own digest of the file when it has one (``safe_build`` hashes every
        # input file, reading again only those whose size or modification time changed):
        # a file taken as kept is then not read at all, so an edit reads one file, not
        # every article of the archive.
        digest = session_of(self.settings).input_files.get(source_path)
        remembered = self._remembered(source_path, digest)
        # (A resident process never removes unused entries from the caches: nothing to
        # mark as used.)
        if remembered is not None and self._photos_exist(remembered.photos()):
            return remembered
        data = None
        if digest is None:
            data = self._read_bytes(path)
            digest = prepared.content_digest(data)
        ahead, key = self._ahead_keys.pop(source_path, ("", ""))
        if ahead != digest:
            key = prepared.file_key(self._read_inputs, source_path, digest)
        kept = self._store.get(key)
        if kept is not None and self._photos_exist(kept.photos()):
            kept.digest = digest
            return kept
        if data is None:
            data = self._read_bytes(path)
            fresh = prepared.content_digest(data)
            if fresh != digest:  # changed since the build hashed it
                key, digest = prepared.file_key(self._read_inputs, source_path, fresh), fresh
        result = self._prepare(source_path, path, data)
        self._store.put(key, result)
        result.digest = digest
        return result

    def _remembered(self, source_path: str, digest: str | None) -> PreparedFile | None:
        inputs, read_from, kept = _REMEMBERED.get(source_path, ("", "", None))
        return kept if digest is not None and read_from == digest and inputs == self._read_inputs else None

    def ahead_order(self, source_path: str) -> str | None:
        """Where reading ``source_path`` ahead comes in the build's order: its key in the
        content cache (``""`` when the build has not hashed it); None when this
        process's last build read it as it is now (``_REMEMBERED``): reading it ahead
        would do nothing.

        Why by key: the cache's file keeps its entries in key order, so files taken in
        that order read its pages one after the other, each once. In the order of
        their names the keys (hashes) are in no order: every file is a read somewhere
        else in the cache's file, which grows with the archive."""
        digest = session_of(self.settings).input_files.get(source_path)
        if self._remembered(source_path, digest) is not None:
            return None
        if digest is None:
            return ""
        key = prepared.file_key(self._read_inputs, source_path, digest)
        self._ahead_keys[source_path] = (digest, key)
        return key

    def _prepare(self, source_path: str, path: Path, data: bytes) -> PreparedFile:
        text, problem = frontmatter.decode(source_path, data)
        if problem is not None:
            return PreparedFile(source_path, [problem], failed=True)
        text, cleaned = frontmatter.strip_controls(source_path, text)
        fm = frontmatter.split(source_path, text)
        values: dict[str, Any] = {}
        if fm.parsed:
            required = frontmatter.PAGE_REQUIRED if self._is_page(path) else frontmatter.ARTICLE_REQUIRED
            values = frontmatter.check_fields(fm, required, self.config.timezone, self.config.now)
            self._check_lead_image(fm, values)
        content, images = self._convert(fm, path) if fm.parsed else ("", [])
        slug = values.get("slug") or (slugify(values["title"]) if "title" in values else "")
        return PreparedFile(fm.path, [*cleaned, *fm.problems], fm.failed, dict(fm.lines), values, content, images,
                            slug)

    def read_ahead(self, source_path: str) -> None:
        """Prepare ``source_path`` now (in any process) for :meth:`read` to take.

        A file that cannot be prepared comes back as a failed file with its content
        error, which :meth:`read` reports."""
        self._prepared[source_path] = self.prepare(source_path)

    # What reading ahead in a forked process did, brought back (``sitecore.parallel``):
    # the files it prepared, the kept files it used (the cache removes the entries no
    # process of the build used) and the files it read afresh.
    def mark(self) -> tuple:
        return set(self._prepared), self._store.mark()

    def since(self, mark: tuple) -> tuple:
        paths, files = mark
        return {p: f for p, f in self._prepared.items() if p not in paths}, self._store.since(files)

    def merge(self, delta: tuple) -> None:
        files, kept = delta
        self._prepared.update(files)
        for path in files:  # prepared: their keys are no longer needed here
            self._ahead_keys.pop(path, None)
        self._store.merge(kept)

    def _photos_exist(self, photos: Iterable[str]) -> bool:
        """Whether the photos a kept file names (paths from the content folder) are still
        there."""
        root = os.fspath(self.config.content_root)
        return all(os.path.isfile(os.path.join(root, photo)) for photo in photos)

    def _check_lead_image(self, fm: frontmatter.FrontMatter, values: dict[str, Any]) -> None:
        ref = values.get("image")
        if not ref:
            return
        root = self.config.content_root
        target = frontmatter.resolve_content_path(root, root, ref.lstrip("/"))
        if target is None:
            fm.error("image", f'ảnh "{ref}" nằm ngoài thư mục nội dung; chép ảnh vào content/images/.')
        elif not target.is_file():
            fm.error("image", f'không tìm thấy ảnh "{ref}" (tìm tại content/{target.relative_to(root).as_posix()}).')
        else:
            values["image"] = target.relative_to(root).as_posix()

    def _convert(self, fm: frontmatter.FrontMatter, path: Path) -> tuple[str, list[BodyImage]]:
        """The body's HTML, cleaned, and its photos."""
        state = DocumentState(self.config.content_root, path.parent, fm.body, fm.body_line)
        self._figures.state = state
        try:
            self._md.reset()
            with time_limit(self.config.max_convert_seconds):
                content = self._md.convert(fm.body)
        except TimeLimitExceeded as exc:
            fm.error("content", f"nội dung bài quá phức tạp: chuyển thành trang mất hơn {exc.seconds:g} giây "
                                '(thường do hàng nghìn dấu "[" hoặc "![" không đóng, dán từ nơi khác). '
                                "Xoá các ký tự lặp lại đó rồi dựng lại.", fm.body_line)
            return "", []
        finally:
            self._figures.state = None
        for problem in state.problems:
            fm.error(problem.field, problem.message, problem.line)
        cleaned = sanitize.clean(content, self.config.embed_hosts)
        if cleaned.removed:
            fm.warn(
                "content",
                "đã bỏ mã HTML không an toàn hoặc không được phép: "
                f"{', '.join(cleaned.removed)} (cảnh báo). Chỉ nhúng video từ: "
                f"{', '.join(sorted(self.config.embed_hosts)) or 'không có'}; "
                "video YouTube hay Facebook thì viết một dòng [video](địa chỉ video).",
                fm.body_line,
            )
        return cleaned.html, state.images

    def _named(self, kind: type, name: str) -> Any:
        wrapper = self._names.get((kind, name))
        if wrapper is None:
            wrapper = self._names[kind, name] = kind(name, self.settings)
        return wrapper

    def _metadata(self, prepared: PreparedFile) -> dict[str, Any]:
        values = prepared.values
        meta: dict[str, Any] = {
            "title": values["title"],
            "source_file": prepared.path,
            "field_lines": dict(prepared.lines),
            "body_images": list(prepared.images),
        }
        for key in ("date", "modified", "featured_until"):
            if key in values:
                meta[key] = values[key]
        # Whether the editor gave a time with the date (templates show a day alone as
        # the day, not as midnight): read by the site_pages date filters.
        for key in ("date", "modified"):
            if key in values:
                meta[f"{key}_has_time"] = values.get(f"{key}_has_time", True)
        if "author" in values:
            authors = [self._named(Author, name) for name in values["author"]]
            meta["author"], meta["authors"] = authors[0], authors
        if "category" in values:
            meta["category"] = self._named(Category, values["category"])
        meta["tags"] = [self._named(Tag, t) for t in values.get("tags", [])]
        if "summary" in values:
            meta["summary"] = html.escape(values["summary"], quote=False)
        # The links that may name other articles (sidebars: "Được dẫn nhiều"); what they
        # name is shown on other pages, so an edit of them is not an edit of the body alone.
        meta["article_links"] = article_hrefs(prepared.content, self._site_bases)
        for key in ("province", "cluster", "image", "image_caption", "image_alt", "source", "slug", "id",
                    "legacy_views", "also_in", "link", "thread"):
            if key in values:
                value = values[key]
                meta[key] = list(value) if isinstance(value, list) else value
        meta["featured"] = values.get("featured", False)
        meta["slug"] = prepared.slug
        status = values.get("status", "published")
        if status == "published" and "date" in values and values["date"] > self.config.now:
            logger.info("Scheduled for %s, not published yet: %s", values["date"].isoformat(), prepared.path)
            meta["scheduled"] = True
            session_of(self.settings).output_changes_at(values["date"])
            status = "draft"
        if "expires" in values:
            status = self._expire(prepared, meta, status)
        meta["status"] = status
        return meta

    def _expire(self, prepared: PreparedFile, meta: dict[str, Any], status: str) -> str:
        """The status of an article with ``expires`` at the build's clock: published
        until then; afterwards ``hidden`` (archived: its page stays, no list shows it)
        or ``draft`` (withdrawn). The moment is the next at which the site changes."""
        values = prepared.values
        moment = expiry.expiry_moment(values["expires"], values.get("expires_has_time", True))
        after = values.get("after_expiry", expiry.ARCHIVE)
        meta["expires"], meta["expires_at"], meta["after_expiry"] = values["expires"], moment, after
        meta["expires_has_time"] = values.get("expires_has_time", True)
        if status != "published":
            if meta.get("scheduled"):  # it expires after it is published: that build registers it
                session_of(self.settings).output_changes_at(moment)
            return status
        state = expiry.expiry_state(moment, after, self.config.now)
        if state == expiry.CURRENT:
            session_of(self.settings).output_changes_at(moment)
            return status
        meta["expired"] = True
        logger.info("Expired %s (%s): %s", moment.isoformat(), after, prepared.path)
        return "hidden" if state == expiry.ARCHIVED else "draft"



def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB".replace(".", ",")
