"""Derived images for readers on phones (pure: Pillow and pillow-heif, never Pelican).

For one source photo (JPEG, PNG, WebP, GIF, HEIC/HEIF, AVIF, TIFF or BMP; SVG and
every other format are refused with the fix): apply the EXIF orientation, bring every
pixel format to 8 bits per channel (:data:`TO_8BIT`), drop every metadata block (EXIF
with GPS, XMP, comments, PNG text) but keep a colour profile that describes the
pixels, and write

* responsive copies at the configured widths that are narrower than the photo (never
  upscaled; the photo's own width when it is narrower than the largest), each in
  WebP and in a fallback format: PNG for a PNG or a photo with transparency (kept),
  JPEG for the others;
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
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import pillow_heif
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

from . import watermark as marks

# iPhones save HEIC by default; pillow-heif teaches Pillow to open it.
pillow_heif.register_heif_opener()

PIPELINE_VERSION = 4

# The formats a source may have (Pillow's names). Anything else is refused before any
# decoder sees it: Pillow would hand an EPS file to Ghostscript, and its rarer parsers
# are no place for untrusted bytes. (A phone's MPO, a JPEG with extra frames, opens as JPEG.)
FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "HEIF", "AVIF", "TIFF", "BMP")
ACCEPTED = "JPEG, PNG, WebP, GIF, HEIC/HEIF, AVIF, TIFF, BMP"
EXPORT_FIX = "hãy xuất ảnh ra PNG hoặc JPEG rồi dùng tệp đó"
# Files editors mistake for photos, by their first bytes, to name them in the message.
_NOT_PHOTOS = (
    (b"%PDF", "tệp PDF"),
    (b"8BPS", "tệp Photoshop (PSD)"),
    (b"%!PS", "tệp PostScript (EPS)"),
    (b"\xc5\xd0\xd3\xc6", "tệp PostScript (EPS)"),
    (b"PK\x03\x04", "tệp nén ZIP (hoặc Word, Excel)"),
    (b"\x1f\x8b", "tệp nén gzip (có thể là SVGZ)"),
)
_SVG = re.compile(rb"<svg[\s>/]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ImageSpec:
    widths: tuple[int, ...] = (320, 640, 1024, 1600)
    thumb_widths: tuple[int, ...] = (160, 320)
    thumb_ratio: tuple[int, int] = (3, 2)
    share_size: tuple[int, int] = (1200, 630)
    jpeg_quality: int = 80
    webp_quality: int = 75
    # The association's logo on the copies (``watermark``); None: off, and the key (and so
    # every derived file) exactly as without this field.
    watermark: marks.Watermark | None = None
    # libwebp's effort, 0 (fast) to 6 (smallest). Measured (benchmarks/encoder_bench.py,
    # docs/images.md): method 2 encodes in less than half the CPU time of 4 and gives
    # real photos the same SSIMULACRA2 score at 4 % more bytes; WebP encoding was about
    # 60 % of a phone photo's work.
    webp_method: int = 2

    def digest(self) -> str:
        # PIPELINE_VERSION is part of the key: a change in how copies are made must not
        # mix old cached bytes with new ones.
        key = {"pipeline": PIPELINE_VERSION, **{k: v for k, v in asdict(self).items() if k != "watermark"}}
        if self.watermark is not None:
            key["watermark"] = self.watermark.key()
        return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:10]


@dataclass(frozen=True, slots=True)
class Variant:
    path: str  # relative to the output root
    width: int
    height: int
    mime: str
    kind: str  # "full", "thumb", "share"
    size: int = 0  # bytes
    digest: str = ""  # sha256 of the file: a cached copy is checked against it before it is published


@dataclass(frozen=True, slots=True)
class Derived:
    """What one source became: its oriented size and every derived file."""

    source_hash: str
    width: int
    height: int
    variants: tuple[Variant, ...] = field(default=())

    def of(self, kind: str, mime: str | None = None) -> list[Variant]:
        return [v for v in self.variants if v.kind == kind and (mime is None or v.mime == mime)]

    def fallbacks(self, kind: str = "full") -> list[Variant]:
        """The copies of ``kind`` that are not WebP (JPEG, or PNG for a photo with
        transparency), narrowest first."""
        return [v for v in self.of(kind) if v.mime != "image/webp"]

    def largest_fallback(self, kind: str = "full") -> Variant:
        return self.fallbacks(kind)[-1]

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


def file_digest(data: bytes) -> str:
    """The digest the manifest records for a derived file (sha256: about 2 GB/s with the
    CPU's SHA instructions, faster here than blake2b)."""
    return hashlib.sha256(data).hexdigest()


def _is_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and _SVG.search(head) is not None


def _unidentified(data: bytes) -> str:
    """Why ``data``, which no accepted format's decoder recognises, is refused."""
    if _is_svg(data):
        return (f"ảnh SVG không dùng được cho ảnh bài viết (tệp SVG có thể chứa mã chạy, script); "
                f"{EXPORT_FIX}.")
    kind = next((name for magic, name in _NOT_PHOTOS if data.startswith(magic)), None)
    if kind is not None:
        return f"{kind} không phải ảnh; {EXPORT_FIX}."
    return (f"tệp ảnh hỏng hoặc không phải ảnh thuộc các định dạng nhận được ({ACCEPTED}); "
            f"hãy chép lại ảnh gốc, hoặc {EXPORT_FIX}.")


# -- pixel formats --------------------------------------------------------------------
# Every mode a decoder may give becomes 8 bits per channel, one of RGB, RGBA, L, LA.

def _from_16_bit(img: Image.Image) -> Image.Image:
    # Pillow's plain conversion clips 16-bit samples at 255 (a 16-bit greyscale PNG came
    # out white): scale 0..65535 to 0..255, rounded.
    return img.convert("I").point(lambda v: v * (1 / 257) + 0.5).convert("L")


def _from_float(img: Image.Image) -> Image.Image:
    # Floating-point images hold 0..1 by convention, or 0..255 when larger values occur.
    scale = 255 if img.getextrema()[1] <= 1.0 else 1
    return img.point(lambda v: v * scale + 0.5).convert("L")


def _from_cmyk(img: Image.Image) -> Image.Image:
    # A print file's own profile says what its inks look like on screen; without one
    # (or with one lcms refuses) Pillow's plain formula.
    icc = img.info.get("icc_profile")
    if icc:
        try:
            return ImageCms.profileToProfile(img, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                             ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return img.convert("RGB")


def _with_alpha_if_transparent(img: Image.Image) -> Image.Image:
    # Palette images and images with a transparent colour (``transparency``) keep it.
    if img.has_transparency_data:
        return img.convert("LA" if img.mode in ("L", "1") else "RGBA")
    return img.convert("L" if img.mode == "1" else "RGB")


def _kept(img: Image.Image) -> Image.Image:
    return img


TO_8BIT: dict[str, Callable[[Image.Image], Image.Image]] = {
    "RGB": _kept, "RGBA": _kept, "L": _kept, "LA": _kept,
    # 16-bit greyscale (PNG, TIFF, in either byte order); "I" as Pillow gives 16-bit PNGs and TIFFs.
    "I;16": _from_16_bit, "I;16L": _from_16_bit, "I;16B": _from_16_bit, "I;16N": _from_16_bit,
    "I": _from_16_bit,
    "F": _from_float,
    "CMYK": _from_cmyk,
    "1": _with_alpha_if_transparent, "P": _with_alpha_if_transparent, "PA": _with_alpha_if_transparent,
}


def to_8bit(img: Image.Image) -> Image.Image:
    """``img`` in RGB, RGBA, L or LA, 8 bits per channel, looking the same."""
    if img.mode in ("RGB", "L") and "transparency" in img.info:
        return img.convert("RGBA" if img.mode == "RGB" else "LA")
    convert = TO_8BIT.get(img.mode)
    if convert is None:  # RGBX, YCbCr, LAB, HSV, premultiplied alpha: Pillow's own conversion
        return img.convert("RGBA" if img.has_transparency_data else "RGB")
    return convert(img)


def opaque(img: Image.Image) -> Image.Image:
    """``img`` without alpha, its transparent parts on white (the page's background):
    JPEG has no transparency, and a plain conversion shows what the transparent pixels
    happen to hold, often black."""
    if img.mode not in ("RGBA", "LA"):
        return img
    base = Image.new(img.mode[:-1], img.size, 255 if img.mode == "LA" else (255, 255, 255))
    base.paste(img, mask=img.getchannel("A"))
    return base


def _profile_space(icc: bytes | None) -> bytes:
    """The colour space an ICC profile describes (bytes 16-19 of its header)."""
    return icc[16:20] if icc and len(icc) >= 128 else b""


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
    if fmt == "JPEG":
        img = opaque(img)
    elif fmt == "WEBP" and img.mode in ("L", "LA"):  # WebP has no greyscale
        img = img.convert("RGBA" if img.mode == "LA" else "RGB")
    # A profile is attached only where it describes the pixels (a grey profile on an
    # RGB file, or a CMYK one, would make browsers draw wrong colours or ignore it).
    space = b"GRAY" if img.mode in ("L", "LA") else b"RGB "
    extra = {"icc_profile": icc} if _profile_space(icc) == space else {}
    if fmt == "WEBP":
        img.save(out, "WEBP", quality=spec.webp_quality, method=spec.webp_method, **extra)
    elif fmt == "PNG":
        img.save(out, "PNG", optimize=True, **extra)
    else:
        img.save(out, "JPEG", quality=spec.jpeg_quality, optimize=True, progressive=True, **extra)
    return out.getvalue()


def _decode_reduced(opened: Image.Image, width: int, height: int, turned: bool, spec: ImageSpec) -> None:
    """Ask libjpeg to decode a JPEG at 1/2, 1/4 or 1/8 of its size (Pillow's ``draft``,
    libjpeg's scaled inverse DCT) when that is still at least as wide as the widest copy.

    Speed: decoding and the first resample of a 12-megapixel phone photo were most of its
    time; decoded at half size the widest copy is made from a quarter of the pixels and
    looks the same. ``width`` and ``height`` are the photo as readers see it,
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
        with Image.open(io.BytesIO(data), formats=FORMATS) as opened:
            source_format = opened.format
            turned = opened.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8)
            width, height = opened.size[::-1] if turned else opened.size  # as readers see it
            _decode_reduced(opened, width, height, turned, spec)
            opened.load()
            img = ImageOps.exif_transpose(opened)
            icc = opened.info.get("icc_profile")
    except Image.DecompressionBombError as exc:
        raise ImageFailure(f"ảnh quá lớn để xử lý an toàn ({exc}); hãy thu nhỏ ảnh (dưới {max_pixels:,} điểm ảnh).") from None
    except UnidentifiedImageError:
        raise ImageFailure(_unidentified(data)) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ImageFailure(f"tệp ảnh hỏng hoặc không đọc được ({exc}); hãy chép lại ảnh gốc.") from None
    try:
        img = to_8bit(img)
    except (OSError, ValueError) as exc:
        raise ImageFailure(f"không chuyển được màu của ảnh (chế độ {img.mode}: {exc}); "
                           f"{EXPORT_FIX}.") from None
    if _profile_space(icc) == b"CMYK":  # the pixels are sRGB now (``_from_cmyk``)
        icc = None
    fmt = "PNG" if source_format == "PNG" or img.mode in ("RGBA", "LA") else "JPEG"
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
    # a photo's time).
    widths = target_widths(width, spec.widths)  # never empty

    def scaled(source: Image.Image, w: int) -> Image.Image:
        size = (w, max(1, round(height * w / width)))
        return source if size == source.size else source.resize(size, Image.LANCZOS, reducing_gap=3.0)

    logo = marks.logo_image(spec.watermark) if spec.watermark is not None else None

    def mark(image: Image.Image) -> Image.Image:
        """``image`` with the logo when it is on (a copy: narrower copies are made from
        the unmarked one)."""
        return image if logo is None or spec.watermark is None else marks.apply(image, logo, spec.watermark)

    def emit(image: Image.Image, name: str, kind: str) -> None:
        """``image`` in WebP and in the source's format."""
        image = mark(image)
        for f, e, m in (("WEBP", "webp", "image/webp"), (fmt, ext, mime)):
            path = f"{folder}/{stem}-{name}.{e}"
            files[path] = _save(image, f, spec, icc)
            variants.append(Variant(path, image.width, image.height, m, kind, len(files[path]),
                                    file_digest(files[path])))

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
    share = mark(ImageOps.fit(opaque(base), spec.share_size, Image.LANCZOS))
    path = f"{folder}/{stem}-chia-se.jpg"
    files[path] = _save(share, "JPEG", spec, icc)
    variants.append(Variant(path, *spec.share_size, "image/jpeg", "share", len(files[path]),
                            file_digest(files[path])))
    return Derived(digest, width, height, tuple(variants)), files
