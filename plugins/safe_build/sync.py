"""Publish a finished build into the output folder (pure; never imports Pelican).

The build is written to a staging folder; only when it succeeded are its files
moved over the output folder. A file whose bytes did not change is left alone,
so its modification time is kept and ``rsync`` or a CDN upload moves only what
changed. Files that the previous build wrote and this one did not are removed;
files the site never wrote (listed in no manifest) are never touched.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from sitecore.files import link_or_copy


@dataclass(frozen=True, slots=True)
class SyncStats:
    written: int
    unchanged: int
    removed: int


def write_or_link(target: Path, data: bytes, published: Path) -> bool:
    """Put ``data`` at ``target`` (in the staging folder); True when it was written.

    When ``published`` (the same file in the output folder) already holds exactly these
    bytes, ``target`` becomes a hard link to it instead: nothing is written, and the sync
    below sees the same file (same inode, size and time) without reading either. On a
    10,000-article site almost every file of a rebuild is such a file, and writing them
    again, then comparing them byte for byte, took a minute.
    """
    try:
        same = published.stat().st_size == len(data) and published.read_bytes() == data
    except OSError:
        same = False
    if same:
        link_or_copy(published, target)
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file() or target.is_symlink():  # never write through a link to a published file
        target.unlink()
    target.write_bytes(data)
    return True


def _files(root: Path) -> list[str]:
    """Every file below ``root`` (relative, ``/``-separated, sorted). Strings, not
    pathlib: a site has 67,000 files at 10,000 articles."""
    base = os.fspath(root)
    found: list[str] = []
    for folder, _, names in os.walk(base):
        prefix = os.path.relpath(folder, base).replace(os.sep, "/")
        prefix = "" if prefix == "." else prefix + "/"
        found += [prefix + name for name in names]
    found.sort()
    return found


def _same(source: str, target: str) -> bool:
    """Whether ``target`` (published) already holds ``source``'s bytes."""
    try:
        published = os.stat(target)
    except OSError:
        return False
    if not stat.S_ISREG(published.st_mode):
        return False
    staged = os.stat(source)
    if (staged.st_ino, staged.st_dev) == (published.st_ino, published.st_dev):
        return True  # a hard link the build made: the same file
    # filecmp compares (type, size, mtime) first and reads bytes only when those differ
    return filecmp.cmp(source, target, shallow=True)


def sync_tree(staging: Path, output: Path, manifest: Path) -> SyncStats:
    """Move changed files from ``staging`` into ``output``; return what was done."""
    new_files = _files(staging)
    try:
        previous = set(json.loads(manifest.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        previous = set()
    written = unchanged = removed = 0
    for relative in new_files:
        source, target = os.path.join(staging, relative), os.path.join(output, relative)
        if _same(source, target):
            unchanged += 1
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.isdir(target):
            shutil.rmtree(target)
        os.replace(source, target)
        written += 1
    for relative in sorted(previous - set(new_files)):
        stale = output / relative
        if stale.is_file():
            stale.unlink()
            removed += 1
            _prune_empty(stale.parent, output)
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(new_files, ensure_ascii=False, indent=0), encoding="utf-8")
    return SyncStats(written, unchanged, removed)


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
