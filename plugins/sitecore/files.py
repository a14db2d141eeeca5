"""Putting an existing file in a build without writing its bytes again (pure)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def link_or_copy(source: Path | str, target: Path | str) -> None:
    """Make ``target`` the same file as ``source``: a hard link (nothing written), or a
    copy where links are not possible (another file system). An existing ``target`` is
    replaced, never written through."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file() or target.is_symlink():
        target.unlink()
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
