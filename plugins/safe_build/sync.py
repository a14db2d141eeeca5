"""Publish a finished build into the output folder (pure; never imports Pelican).

The build is written to a staging folder (a file already published exactly as the
build wants it is only named, "kept", not written again); only when the build
succeeded are its files moved over the output folder. A file whose bytes did not
change is left alone, so its modification time is kept and ``rsync`` or a CDN upload moves only what
changed. Files that the previous build wrote and this one did not are removed;
files the site never wrote (listed in no manifest) are never touched.

Readers of the site may fetch pages while it is published, and the sync may be killed
at any point (a power cut, a SIGKILL, a full disk): each file is replaced in one step
(renamed into place, or copied beside its target and renamed where the output folder is
another file system), and files go in ``publish_order``, new before changed, the pages
that lead to others last, so that no published page ever links to one not yet
published. A refusal of the operating system is one ``PublishError`` message.
"""

from __future__ import annotations

import errno
import filecmp
import logging
import os
import shutil
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitecore.errors import SiteError
from sitecore.files import files_below, move_atomically, size_and_mtime, temporary_name
from sitecore.store import RECORD, Store

from .fingerprint import RECORD_NAME, RECORD_VERSION

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SyncStats:
    written: int
    unchanged: int
    removed: int
    # Each published file of the build (the manifest's names): (size, mtime in ns) as the
    # sync found or left it, for the build record (no second ``stat`` of 67,000 files).
    published: dict[str, tuple[int, int]] = field(default_factory=dict)


class Manifest:
    """The names of every file the site published, the ``published`` field of the last
    build's record (``fingerprint.BuildRecord``): the sync removes only files it lists,
    so files the site never wrote are never touched."""

    # Where the names and the plugins' records were kept before the last build's record
    # held them: the names are read until a build records its own (without them the
    # first build would leave the files it no longer makes), then every such entry is
    # removed.
    OLD_NAME, OLD_VERSION = "published-files", 1
    OLD_ENTRIES = (OLD_NAME, "rendered-pages", "search-layers")

    def __init__(self, state: Store, names: list[str] | None = None) -> None:
        self.state = state
        self.names = names  # as the build read them from the record, if it did

    @staticmethod
    def names_in(record: Mapping[str, Any]) -> list[str] | None:
        """The names in the last build's record as stored (``fingerprint.stored``)."""
        names = record.get("published")
        return names if isinstance(names, list) else None

    def load(self) -> list[str] | None:
        names = self.names
        if names is None:
            names = self.names_in(self.state.get(RECORD, RECORD_NAME, RECORD_VERSION) or {})
        if names is None:
            names = self.state.get(RECORD, self.OLD_NAME, self.OLD_VERSION)
        return names if isinstance(names, list) else None

    def save(self, names: Iterable[str], record: Mapping[str, Any] | None = None) -> None:
        """Make ``names`` the manifest, with the rest of the last build's record
        (``BuildRecord.fields`` and the plugins' records) or without it: a sync about
        to move files leaves no record of a build it would no longer describe. A
        failure raises ``StoreError``."""
        self.names = sorted(names)
        self.state.put(RECORD, RECORD_NAME, RECORD_VERSION, {**(record or {}), "published": self.names}, must=True)
        self.state.remove(RECORD, *self.OLD_ENTRIES)


def write_unless_same(target: Path, data: bytes, published: Path) -> bool:
    """Put ``data`` at ``target`` (in the staging folder) unless ``published`` (the same
    file in the output folder) already holds exactly these bytes; True when written.

    When it returns False nothing is written (and an earlier file at ``target`` is
    removed): the caller keeps the published file (``sync_tree``'s ``kept``), so the
    sync neither reads nor moves it. On a 10,000-article site almost every file of a
    rebuild is such a file, and writing them again, then comparing them byte for byte,
    took a minute.
    """
    try:
        same = published.stat().st_size == len(data) and published.read_bytes() == data
    except OSError:
        same = False
    if target.is_file() or target.is_symlink():  # never write through a link to a published file
        target.unlink()
    if same:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def _regular(path: str) -> os.stat_result | None:
    """``path``'s ``stat`` when it is a regular file, else None."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found if stat.S_ISREG(found.st_mode) else None


def _same(source: str, target: str) -> os.stat_result | None:
    """``target``'s ``stat`` when it (published) already holds ``source``'s bytes, else None."""
    published = _regular(target)
    if published is None:
        return None
    staged = os.stat(source)
    if (staged.st_ino, staged.st_dev) == (published.st_ino, published.st_dev):
        return published  # a hard link the build made: the same file
    # filecmp compares (type, size, mtime) first and reads bytes only when those differ
    return published if filecmp.cmp(source, target, shallow=True) else None


# Files that may link to other files of the site (pages, feeds, data the pages read):
# published after the files they may link to (see ``publish_order``).
DOCUMENTS = (".html", ".htm", ".xml", ".json", ".opml", ".txt", ".webmanifest")
# Files most pages and every reader's feed reader lead to: published last of all.
HUBS = ("index.html", "sitemap.xml")


def publish_order(relative: str, new: bool, companions: tuple[str, ...] = ()) -> tuple[int, str, str]:
    """Where ``relative`` comes in the publishing sync (sorted by this key), so that a
    sync stopped at any point leaves no published page linking to a file not yet
    published: new files first (other files, then documents: a new page shows new
    photos), then changed files other than documents, then changed documents, the home
    page, feeds and sitemaps last. A companion (``page.html.gz``) goes right after the
    file it is made from."""
    base = relative
    for suffix in companions:
        if relative.endswith(suffix):
            base = relative[: -len(suffix)]
            break
    document = base.endswith(DOCUMENTS)
    if new:
        rank = 1 if document else 0
    elif not document:
        rank = 2
    else:
        rank = 4 if base in HUBS or base.endswith((".xml", ".opml")) else 3
    return rank, base, relative


class PublishError(SiteError):
    """The operating system refused a step of publishing (disk full, read-only folder,
    no permission...): ``path`` is the file it refused, ``partly`` whether some files of
    the build were already published (in ``publish_order``) when it did."""

    def __init__(self, error: OSError, path: str, output: Path, partly: bool) -> None:
        self.error, self.path, self.output, self.partly = error, path, output, partly
        super().__init__(publish_failure(error, path, output, partly))


def publish_failure(error: OSError, path: str, output: Path, partly: bool) -> str:
    """One message for an editor: what happened, to which file, what to do, and what
    readers of the site see now."""
    code = error.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        what = (f"Hết chỗ trống trên đĩa khi ghi {path}.",
                "Hãy giải phóng chỗ trống trên đĩa chứa thư mục xuất bản (hoặc chọn thư mục khác bằng -o) rồi dựng lại.")
    elif code == errno.EROFS:
        what = (f"Thư mục xuất bản chỉ cho đọc (read-only) khi ghi {path}.",
                "Hãy gắn (mount) lại ổ đĩa cho phép ghi, hoặc chọn thư mục xuất bản khác bằng -o, rồi dựng lại.")
    elif code in (errno.EACCES, errno.EPERM):
        what = (f"Không có quyền ghi {path}.",
                "Hãy cho người chạy lệnh dựng trang quyền ghi thư mục xuất bản (chown/chmod) rồi dựng lại.")
    else:
        name = errno.errorcode.get(code or 0, "?")
        what = (f"Hệ điều hành báo lỗi khi ghi {path}: {error.strerror or error} ({name}).",
                "Hãy kiểm tra thư mục xuất bản (ổ đĩa, quyền ghi, tệp hoặc thư mục cùng tên) rồi dựng lại.")
    if partly:
        state = (f"Trang web ở {output} mới được cập nhật một phần: các trang mới được xuất bản trước các trang "
                 "dẫn tới chúng, nên mọi liên kết vẫn dùng được; lần dựng sau sẽ xuất bản nốt.")
    else:
        state = f"Chưa xuất bản gì: bản đã dựng trước đó ở {output} vẫn giữ nguyên."
    return f"Lỗi khi xuất bản: {what[0]} {what[1]}\n{state}"


def sync_tree(
    staging: Path, output: Path, manifest: Manifest, kept: Iterable[str] = (), companions: Iterable[str] = (),
    known: Mapping[str, tuple[int, int]] | None = None,
) -> SyncStats:
    """Move changed files from ``staging`` into ``output``; return what was done.
    ``staging`` is left with its folders and no file (see ``clear_files``).

    ``kept``: files of this build that are not in ``staging`` because the published
    file is already the right one (relative names). A rebuild keeps tens of thousands of
    files; putting each in the staging folder (a folder and a hard link each) and
    removing it again cost more than the rest of the sync. ``companions``: suffixes of
    files made from another one by a finish step (``.gz``, ``.br``): the published
    companion of a kept file is kept with it, as it was made from the same bytes.
    ``known``: every published file's size and modification time as the last sync in
    this process left them (a resident build): the manifest is not read, and a kept
    file not looked at again. The manifest is written only when the sync adds names:
    before files move, with every name it may leave (so that the next sync removes what
    a stopped one left). The names published (``SyncStats.published``) are the caller's
    to record, with the rest of the build's record (``Manifest.save``).

    Readers of ``output`` never see a page linking to one not yet published, whenever
    the sync stops: each file is replaced in one step (a rename, ``move_atomically``),
    in ``publish_order``; stale files go only after every file is in place. An
    ``OSError`` is raised as ``PublishError``."""
    output = Path(output)
    suffixes = tuple(companions)
    written = removed = 0
    current = os.fspath(staging)
    try:
        staged = files_below(staging)
        if known is not None:
            previous = set(known)
        else:
            previous = set(manifest.load() or ())
        known, published_folder = known or {}, os.fspath(output)
        unchanged = 0
        published: dict[str, tuple[int, int]] = {}
        moves: list[tuple[tuple[int, str, str], str]] = []
        for relative in staged:
            source, target = os.path.join(staging, relative), os.path.join(output, relative)
            current = target
            found = _same(source, target)
            if found is not None:
                os.unlink(source)  # the staging folder is left with folders only
                unchanged += 1
                published[relative] = (found.st_size, found.st_mtime_ns)
            else:
                moves.append((publish_order(relative, not os.path.lexists(target), suffixes), relative))
        moving = {relative for _, relative in moves}
        for relative in kept:
            if relative in published or relative in moving:
                continue  # written again later in the build: the staged file is the one
            figures = size_and_mtime(published_folder, relative, known)
            if figures is None:
                logger.warning("Kept file missing from %s: %s", output, relative)
                continue
            published[relative] = figures
            unchanged += 1
            for suffix in suffixes:
                companion = relative + suffix
                if companion in previous and companion not in published and companion not in moving:
                    figures = size_and_mtime(published_folder, companion, known)
                    if figures is not None:
                        published[companion] = figures
                        unchanged += 1
        names = set(published) | moving
        listed = previous
        # Another file system (an output folder that is a mount point): each file is
        # copied beside its target first; a copy left by a sync killed half-way is
        # listed, so that the next sync removes it.
        if moves and not _same_device(staging, output):
            partial = {temporary_name(r) for r in moving}
        else:
            partial = set()
        if names - previous or partial:
            listed = previous | names | partial
            current = os.fspath(manifest.state.path)
            manifest.save(listed)
        for _, relative in sorted(moves):
            source, target = os.path.join(staging, relative), os.path.join(output, relative)
            current = target
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if os.path.isdir(target) and not os.path.islink(target):
                shutil.rmtree(target)
            move_atomically(source, target)
            written += 1
            found = os.stat(target)
            published[relative] = (found.st_size, found.st_mtime_ns)
        for relative in sorted(listed - names):
            stale = output / relative
            current = os.fspath(stale)
            if stale.is_file() or stale.is_symlink():
                stale.unlink()
                removed += 1
                _prune_empty(stale.parent, output)
    except OSError as error:
        # ``current``, not the error's file name: that may be the hidden copy beside it.
        raise PublishError(error, current, output, partly=written + removed > 0) from error
    return SyncStats(written, unchanged, removed, published)


def _same_device(staging: Path, output: Path) -> bool:
    try:
        return os.stat(staging).st_dev == os.stat(output).st_dev
    except OSError:
        return False


def clear_files(folder: Path) -> int:
    """Remove every file below ``folder`` and keep its folders; return how many went.

    The staging folder is kept from one build to the next with its folders: the site
    writes each page into a folder of its own, and a ``mkdir`` and an ``rmdir`` per
    page for every build would cost more than a small rebuild's work. A build that
    stopped half-way leaves files
    in it; they go here, before anything is written."""
    names = files_below(folder)
    for relative in names:
        os.unlink(os.path.join(folder, relative))
    return len(names)


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
