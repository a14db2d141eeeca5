"""The association's logo on derived photo copies (pure: Pillow only, never Pelican).

Off by default (``IMAGES_WATERMARK``). When on, every derived copy at least
``min_width`` pixels wide (responsive copies, thumbnails, the sharing image) carries the
logo in one corner, its width a fraction of the copy's, at an opacity, a margin from the
edges (a fraction of the width too, so the mark looks the same on every copy). The
original is never touched; copies narrower than ``min_width`` (small thumbnails: the
mark would be a smudge) are left as they are. The settings and the logo's bytes are
part of the image cache's key (``ImageSpec.digest``): changing either derives anew.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image

CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")


@dataclass(frozen=True, slots=True)
class Watermark:
    """A logo (``logo``: PNG or any Pillow format, transparency kept) and where it goes."""

    logo: bytes
    corner: str = "bottom-right"
    width: float = 0.15  # of the copy's width
    opacity: float = 0.6
    margin: float = 0.03  # of the copy's width
    min_width: int = 320

    def key(self) -> dict:
        """What the cache key holds of it: the logo's digest, not its bytes."""
        return {"logo": hashlib.sha256(self.logo).hexdigest(), "corner": self.corner, "width": self.width,
                "opacity": self.opacity, "margin": self.margin, "min_width": self.min_width}

    def problems(self) -> list[str]:
        """What is wrong with the settings, each with the fix (empty: nothing)."""
        found = []
        if self.corner not in CORNERS:
            found.append(f'IMAGES_WATERMARK_CORNER: "{self.corner}" không có; chọn một trong {", ".join(CORNERS)}.')
        if not 0 < self.width <= 0.5:
            found.append(f"IMAGES_WATERMARK_WIDTH: {self.width!r} phải là phần bề ngang ảnh, lớn hơn 0 và không quá "
                         "0.5, ví dụ 0.15.")
        if not 0 < self.opacity <= 1:
            found.append(f"IMAGES_WATERMARK_OPACITY: {self.opacity!r} phải từ trên 0 đến 1, ví dụ 0.6.")
        if not 0 <= self.margin <= 0.2:
            found.append(f"IMAGES_WATERMARK_MARGIN: {self.margin!r} phải từ 0 đến 0.2 bề ngang ảnh, ví dụ 0.03.")
        if self.min_width < 1:
            found.append(f"IMAGES_WATERMARK_MIN_WIDTH: {self.min_width!r} phải là số điểm ảnh dương, ví dụ 320.")
        try:
            with Image.open(io.BytesIO(self.logo)) as opened:
                opened.load()
        except (OSError, ValueError, SyntaxError) as exc:
            found.append(f"IMAGES_WATERMARK_LOGO: không mở được ảnh logo ({exc}); dùng một tệp PNG có nền trong suốt.")
        return found


def logo_image(mark: Watermark) -> Image.Image:
    """The logo in RGBA."""
    with Image.open(io.BytesIO(mark.logo)) as opened:
        return opened.convert("RGBA")


def box(size: tuple[int, int], logo_size: tuple[int, int], mark: Watermark) -> tuple[int, int, int, int]:
    """Where the logo goes on a copy of ``size``: (left, top, width, height)."""
    width, height = size
    w = max(1, round(width * mark.width))
    h = max(1, round(w * logo_size[1] / logo_size[0]))
    if h > height:  # a very wide, low photo: the logo fits its height
        h = max(1, height)
        w = max(1, round(h * logo_size[0] / logo_size[1]))
    gap = round(width * mark.margin)
    left = gap if mark.corner.endswith("left") else width - w - gap
    top = gap if mark.corner.startswith("top") else height - h - gap
    return max(0, left), max(0, top), w, h


def apply(image: Image.Image, logo: Image.Image, mark: Watermark) -> Image.Image:
    """A copy of ``image`` with the logo in its corner; ``image`` itself when it is
    narrower than ``min_width``. The mode is kept (RGB, RGBA, L, LA)."""
    if image.width < mark.min_width:
        return image
    left, top, w, h = box(image.size, logo.size, mark)
    scaled = logo.resize((w, h), Image.LANCZOS)
    alpha = scaled.getchannel("A").point(lambda v: round(v * mark.opacity))
    scaled.putalpha(alpha)
    mode = image.mode
    base = image.convert("RGBA")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    layer.paste(scaled, (left, top))
    marked = Image.alpha_composite(base, layer)
    if mode == "RGBA":
        return marked
    if mode == "LA":
        return marked.convert("LA")
    return marked.convert(mode)
