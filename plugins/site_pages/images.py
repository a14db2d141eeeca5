"""Pixel sizes of the site's images, for ``width``/``height`` attributes (pure).

Reading only an image's header (Pillow opens lazily) is cheap; results are kept per
file version (path and modification time), so a template may ask as often as it likes.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image, UnidentifiedImageError


@lru_cache(maxsize=4096)
def _size(path: str, mtime_ns: int) -> tuple[int, int] | None:
    try:
        with Image.open(path) as img:
            return img.size
    except (OSError, UnidentifiedImageError, ValueError):
        return None


class ImageSizes:
    """``sizes("images/2024/x.jpg") -> (600, 400)`` for a path relative to the content
    root, or ``None`` when the file is missing, outside the root or not an image."""

    def __init__(self, content_root: Path) -> None:
        self.root = content_root.resolve()

    def __call__(self, relative: str | None) -> tuple[int, int] | None:
        if not relative:
            return None
        path = (self.root / str(relative).lstrip("/")).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return _size(str(path), path.stat().st_mtime_ns)
