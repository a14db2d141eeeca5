"""Derived images for readers on phones (pure: Pillow only, never Pelican).

For one source photo: apply the EXIF orientation, drop every metadata block (EXIF
with GPS, XMP, comments) but keep the colour profile, and write

* responsive copies at the configured widths that are narrower than the photo (never
  upscaled; the photo's own width when it is narrower than the largest), each in
  WebP and in the source's format (JPEG stays JPEG, PNG stays PNG with transparency);
* thumbnails cropped to one aspect ratio for listings and sidebars;
* a 1200×630 sharing image (JPEG) for Open Graph.

Every output name carries the hash of the source bytes and of the settings that shape
it, so a derived file never needs to be rebuilt unless one of them changes.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from dataclasses import asdict, dataclass, field

from PIL import ExifTags, Image, ImageOps


PIPELINE_VERSION = 3


@dataclass(frozen=True, slots=True)
class ImageSpec:
    widths: tuple[int, ...] = (320, 640, 1024, 1600)
    thumb_widths: tuple[int, ...] = (160, 320)
    thumb_ratio: tuple[int, int] = (3, 2)
    share_size: tuple[int, int] = (1200, 630)
    jpeg_quality: int = 80
    webp_quality: int = 75

    def digest(self) -> str:
        # PIPELINE_VERSION is part of the key: a change in how copies are made must not
        # mix old cached bytes with new ones.
        key = {"pipeline": PIPELINE_VERSION, **asdict(self)}
        return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:10]


@dataclass(frozen=True, slots=True)
class Variant:
    path: str  # relative to the output root
    width: int
    height: int
    mime: str
    kind: str  # "full", "thumb", "share"
    size: int = 0  # bytes


@dataclass(frozen=True, slots=True)
class Derived:
    """What one source became: its oriented size and every derived file."""

    source_hash: str
    width: int
    height: int
    variants: tuple[Variant, ...] = field(default=())

    def of(self, kind: str, mime: str | None = None) -> list[Variant]:
        return [v for v in self.variants if v.kind == kind and (mime is None or v.mime == mime)]

    def to_json(self) -> dict:
        return {"source_hash": self.source_hash, "width": self.width, "height": self.height,
                "variants": [asdict(v) for v in self.variants]}

    @classmethod
    def from_json(cls, data: dict) -> "Derived":
        return cls(data["source_hash"], data["width"], data["height"],
                   tuple(Variant(**v) for v in data["variants"]))


class ImageFailure(Exception):
    """A source that cannot be turned into images (corrupt, truncated, too large)."""


def source_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def target_widths(width: int, widths: tuple[int, ...]) -> list[int]:
    """The widths to write for a photo ``width`` pixels wide: never upscaled."""
    chosen = sorted({w for w in widths if w < width})
    if width <= max(widths):
        chosen.append(width)
    elif max(widths) not in chosen:
        chosen.append(max(widths))
    return chosen


def _save(img: Image.Image, fmt: str, spec: ImageSpec, icc: bytes | None) -> bytes:
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    if fmt == "WEBP":
        img.save(out, "WEBP", quality=spec.webp_quality, method=4, **extra)
    elif fmt == "PNG":
        img.save(out, "PNG", optimize=True, **extra)
    else:
        img.convert("RGB").save(out, "JPEG", quality=spec.jpeg_quality, optimize=True, progressive=True, **extra)
    return out.getvalue()


def _decode_reduced(opened: Image.Image, width: int, height: int, turned: bool, spec: ImageSpec) -> None:
    """Ask libjpeg to decode a JPEG at 1/2, 1/4 or 1/8 of its size (Pillow's ``draft``,
    libjpeg's scaled inverse DCT) when that is still at least as wide as the widest copy.

    Speed: decoding and the first resample of a 12-megapixel phone photo were most of its
    time; decoded at half size the widest copy is made from a quarter of the pixels and
    looks the same (finding 38). ``width`` and ``height`` are the photo as readers see it,
    ``turned`` whether the file stores it on its side (EXIF orientation 5 to 8).
    """
    widest = target_widths(width, spec.widths)[-1]
    if opened.format not in ("JPEG", "MPO") or widest >= width:  # MPO: phones' JPEG with extra frames
        return
    wanted = (widest, math.ceil(height * widest / width))
    opened.draft(None, wanted[::-1] if turned else wanted)


def derive(data: bytes, stem: str, spec: ImageSpec, max_pixels: int) -> tuple[Derived, dict[str, bytes]]:
    """Every derived file of one source (``data``): the description and the bytes by path."""
    Image.MAX_IMAGE_PIXELS = max_pixels
    digest = source_hash(data)
    folder = f"anh/{digest[:12]}{spec.digest()[:4]}"
    try:
        with Image.open(io.BytesIO(data)) as opened:
            fmt = "PNG" if opened.format == "PNG" else "JPEG"
            turned = opened.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8)
            width, height = opened.size[::-1] if turned else opened.size  # as readers see it
            _decode_reduced(opened, width, height, turned, spec)
            opened.load()
            img = ImageOps.exif_transpose(opened)
            icc = opened.info.get("icc_profile")
    except Image.DecompressionBombError as exc:
        raise ImageFailure(f"ảnh quá lớn để xử lý an toàn ({exc}); hãy thu nhỏ ảnh (dưới {max_pixels:,} điểm ảnh).") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageFailure(f"tệp ảnh hỏng hoặc không đọc được ({exc}); hãy chép lại ảnh gốc.") from None
    if img.mode not in ("RGB", "RGBA", "L", "LA"):
        img = img.convert("RGBA" if "A" in img.getbands() or "transparency" in img.info else "RGB")
    if fmt == "JPEG" and img.mode != "RGB":
        img = img.convert("RGB")
    # A fresh image without info: nothing of the source's metadata travels along.
    img = Image.frombytes(img.mode, img.size, img.tobytes())
    files: dict[str, bytes] = {}
    variants: list[Variant] = []
    ext = "png" if fmt == "PNG" else "jpg"
    mime = "image/png" if fmt == "PNG" else "image/jpeg"
    # Speed: the widest copy is made from the photo with Pillow's reducing_gap (a fast
    # integer reduce, then Lanczos over the last step, with no visible difference); each
    # narrower copy from the next wider one, and each thumbnail from the narrowest copy at
    # least three times its width: a 12-megapixel photo is resampled once, and every later
    # resample reads a copy a half to a quarter of the pixels (resampling was a third of
    # a photo's time; finding 38 in docs/benchmarks.md).
    widths = target_widths(width, spec.widths)  # never empty

    def scaled(source: Image.Image, w: int) -> Image.Image:
        size = (w, max(1, round(height * w / width)))
        return source if size == source.size else source.resize(size, Image.LANCZOS, reducing_gap=3.0)

    def emit(image: Image.Image, name: str, kind: str) -> None:
        """``image`` in WebP and in the source's format."""
        for f, e, m in (("WEBP", "webp", "image/webp"), (fmt, ext, mime)):
            path = f"{folder}/{stem}-{name}.{e}"
            files[path] = _save(image, f, spec, icc)
            variants.append(Variant(path, image.width, image.height, m, kind, len(files[path])))

    base = scaled(img, widths[-1])
    copies = [base]  # widest first
    for w in reversed(widths[:-1]):
        copies.append(scaled(copies[-1], w))
    for copy in reversed(copies):
        emit(copy, str(copy.width), "full")
    rw, rh = spec.thumb_ratio
    for w in spec.thumb_widths:
        source = next((c for c in reversed(copies) if c.width >= 3 * w), base)
        emit(ImageOps.fit(source, (w, round(w * rh / rw)), Image.LANCZOS), f"nho-{w}", "thumb")
    share = ImageOps.fit(base.convert("RGB"), spec.share_size, Image.LANCZOS)
    path = f"{folder}/{stem}-chia-se.jpg"
    files[path] = _save(share, "JPEG", spec, icc)
    variants.append(Variant(path, *spec.share_size, "image/jpeg", "share", len(files[path])))
    return Derived(digest, width, height, tuple(variants)), files
