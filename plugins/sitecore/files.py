"""Putting an existing file in a build without writing its bytes again (pure)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path


# The build's own folders beside the output folder it publishes (``beside``): the staging
# folder, the body rebuild's, and the resident process's spare (``resident``).
STAGING, BODIES_STAGING, SPARE_STAGING = "staging", "bodies.staging", "spare.staging"
WORKING_FOLDERS = (STAGING, BODIES_STAGING, SPARE_STAGING)


def beside(output: Path, what: str) -> Path:
    """The hidden sibling of the output folder for ``what``: ``output`` and "staging" give
    ``.output.staging``, "lock" ``.output.lock`` (``sitecore.locks``)."""
    return output.parent / f".{output.name}.{what}"


def size_and_mtime(folder: str, name: str, known: Mapping[str, tuple[int, int]]) -> tuple[int, int] | None:
    """(size, mtime in ns) of the file ``name`` below ``folder``: as ``known`` has it (the
    figures a publishing sync found, not looked at again), else from a ``stat``; None
    when the file is not there. Plain strings, not pathlib: asked for 60,000 files."""
    figures = known.get(name)
    if figures is not None:
        return figures
    try:
        st = os.stat(os.path.join(folder, name))
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """Make ``target`` the same file as ``source``: a hard link (nothing written), or a
    copy where links are not possible (another file system). An existing ``target`` is
    replaced, never written through.

    A rebuild takes over tens of thousands of files this way, so the common case is one
    system call: the link is tried first, and the folder is made (or an existing target
    removed) only when the link says it must be."""
    target = os.fspath(target)
    for _ in range(3):
        try:
            os.link(source, target)
            return
        except FileExistsError:
            os.unlink(target)
        except FileNotFoundError:
            if not os.path.exists(source):
                raise
            os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
        except OSError:  # no hard links here (another file system): copy
            break
    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    if os.path.lexists(target):
        os.unlink(target)
    shutil.copy2(source, target)


def write_if_changed(target: Path | str, data: bytes) -> bool:
    """Write ``data`` to ``target`` (making its folder) unless it already holds exactly
    these bytes; True when written. An unchanged file keeps its modification time, so
    whatever keys or syncs by it sees no change."""
    target = os.fspath(target)
    try:
        if os.path.getsize(target) == len(data):
            with open(target, "rb") as handle:
                if handle.read() == data:
                    return False
    except OSError:
        pass
    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(data)
    return True


def files_below(root: Path | str, suffix: str = "") -> list[str]:
    """Every file below ``root`` whose name ends with ``suffix``: relative,
    ``/``-separated, sorted; none when ``root`` is not a folder. ``os.scandir`` and
    strings, not pathlib, glob or ``os.walk``'s path joins: a site has 67,000 files in
    21,000 folders at 10,000 articles."""
    found: list[str] = []
    pending = [(os.fspath(root), "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = os.scandir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        with entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, prefix + entry.name + "/"))
                elif entry.name.endswith(suffix):
                    found.append(prefix + entry.name)
    found.sort()
    return found
