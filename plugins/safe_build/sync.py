"""Publish a finished build into the output folder (pure; never imports Pelican).

The build is written to a staging folder (a file already published exactly as the
build wants it is only named, "kept", not written again); only when the build
succeeded are its files moved over the output folder. A file whose bytes did not
change is left alone, so its modification time is kept and ``rsync`` or a CDN upload moves only what
changed. Files that the previous build wrote and this one did not are removed;
files the site never wrote (listed in no manifest) are never touched.
"""

from __future__ import annotations

import filecmp
import logging
import os
import shutil
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from sitecore.files import files_below

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SyncStats:
    written: int
    unchanged: int
    removed: int
    # Each published file of the build (the manifest's names): (size, mtime in ns) as the
    # sync found or left it, for the build record (no second ``stat`` of 67,000 files).
    published: dict[str, tuple[int, int]] = field(default_factory=dict)


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


def _figures(path: str) -> tuple[int, int] | None:
    found = _regular(path)
    return None if found is None else (found.st_size, found.st_mtime_ns)


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


def sync_tree(
    staging: Path, output: Path, manifest: Path, kept: Iterable[str] = (), companions: Iterable[str] = (),
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
    this process left them (a resident build): the manifest is not read, a kept file
    not looked at again, and the manifest written only when the names change."""
    staged = files_below(staging)
    if known is not None:
        previous = set(known)
    else:
        try:
            previous = set(orjson.loads(manifest.read_bytes()))
        except (OSError, ValueError):
            previous = set()
    known = known or {}
    written = unchanged = removed = 0
    published: dict[str, tuple[int, int]] = {}
    for relative in staged:
        source, target = os.path.join(staging, relative), os.path.join(output, relative)
        found = _same(source, target)
        if found is not None:
            os.unlink(source)  # the staging folder is left with folders only
            unchanged += 1
        else:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if os.path.isdir(target):
                shutil.rmtree(target)
            os.replace(source, target)
            written += 1
            found = os.stat(target)
        published[relative] = (found.st_size, found.st_mtime_ns)
    suffixes = tuple(companions)
    for relative in kept:
        if relative in published:
            continue  # written again later in the build: the staged file is the one
        figures = known.get(relative) or _figures(os.path.join(output, relative))
        if figures is None:
            logger.warning("Kept file missing from %s: %s", output, relative)
            continue
        published[relative] = figures
        unchanged += 1
        for suffix in suffixes:
            companion = relative + suffix
            if companion in previous and companion not in published:
                figures = known.get(companion) or _figures(os.path.join(output, companion))
                if figures is not None:
                    published[companion] = figures
                    unchanged += 1
    names = set(published)
    for relative in sorted(previous - names):
        stale = output / relative
        if stale.is_file():
            stale.unlink()
            removed += 1
            _prune_empty(stale.parent, output)
    if known and names == previous and manifest.is_file():
        return SyncStats(written, unchanged, removed, published)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_bytes(orjson.dumps(sorted(names)))  # 67,000 names: orjson, as the records
    return SyncStats(written, unchanged, removed, published)


def clear_files(folder: Path) -> int:
    """Remove every file below ``folder`` and keep its folders; return how many went.

    The staging folder is kept from one build to the next with its folders: a
    10,000-article site writes pages into 20,000 folders, and making them for every
    build and removing them afterwards took 10 s of a rebuild (a ``mkdir`` and an
    ``rmdir`` each cost ext4 about 0.3 ms). A build that stopped half-way leaves files
    in it; they go here, before anything is written."""
    names = files_below(folder)
    for relative in names:
        os.unlink(os.path.join(folder, relative))
    return len(names)


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
