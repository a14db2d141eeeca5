"""What the content folder holds, looked at without following links (pure; never
imports Pelican).

A symlink in ``content/`` would make the build read (and publish) a file from anywhere
on the machine: :func:`symlinks` finds every one, files and folders, without following
any, so that the build can refuse them before anything is read through them.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Symlink:
    path: str  # absolute path of the link
    target: str  # what it points at, as written in the link
    folder: bool  # it points at a folder


def symlinks(root: str) -> list[Symlink]:
    """Every symlink below ``root`` (sorted by path), never followed."""
    found: list[Symlink] = []
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                try:
                    target = os.readlink(entry.path)
                except OSError:
                    target = "?"
                found.append(Symlink(entry.path, target, os.path.isdir(entry.path)))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
    return sorted(found, key=lambda link: link.path)


def files_below(root: str, folder: str) -> list[str]:
    """Every regular file below ``root/folder``, as paths from ``root`` (``/``-separated,
    sorted); links are not followed (they are refused on their own)."""
    found: list[str] = []
    pending = [folder]
    while pending:
        relative = pending.pop()
        try:
            entries = list(os.scandir(os.path.join(root, relative)))
        except OSError:
            continue
        for entry in entries:
            name = f"{relative}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                pending.append(name)
            elif entry.is_file(follow_symlinks=False):
                found.append(name)
    return sorted(found)


def kind_of(root: str, path: str) -> str:
    """``file``, ``folder``, ``link`` (a symlink on the way) or ``missing``: what
    ``path`` (from ``root``, already checked to stay inside it) is, links not followed."""
    current = root
    parts = path.split("/")
    for index, part in enumerate(parts):
        current = os.path.join(current, part)
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return "missing"
        if stat.S_ISLNK(mode):
            return "link"
        if index < len(parts) - 1 and not stat.S_ISDIR(mode):
            return "missing"
    return "folder" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "missing"
