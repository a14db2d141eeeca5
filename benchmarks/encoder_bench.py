"""Photo encoder settings by measurement: bytes, CPU time and perceived quality.

    python benchmarks/encoder_bench.py [--quick]

For each setting of WebP (quality 70/75/80 × ``method`` 2/4/6) and of the JPEG fallback
(quality 75/80/85, progressive, optimized Huffman tables: what ``images.pipeline``
writes), on two sets of inputs:

* real photos: the camera photos scikit-image ships (astronaut, cat, coffee, motorcycle,
  rocket; lossless PNG, or a JPEG at its own size), at their size and at 320 px wide;
* the archive profile's photos (``corpus.photo_bytes``: 1600×1200, 2592×1944, 4000×3000),
  reduced with Lanczos to 1024 and 640 px as the pipeline reduces them;

it reports the mean bytes relative to the current setting, bits per pixel, the mean SSIMULACRA2 score
(the ``ssimulacra2`` package; 90 is visually lossless at normal viewing distance, 70 high
quality, 50 medium) against the uncompressed reduced picture, and CPU milliseconds per
megapixel (the fastest of a few runs, ``time.process_time``).

Then, for one 4000×3000 photo run through ``images.pipeline.derive`` with the plugin's
settings, what share of its CPU time and bytes the JPEG fallbacks take: the question of
how many fallback widths the few browsers without WebP need.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402
from images.pipeline import ImageSpec, derive  # noqa: E402

REAL = ("astronaut.png", "chelsea.png", "coffee.png", "motorcycle_left.png", "rocket.jpg")
SYNTHETIC = ((1600, 1200, 11), (2592, 1944, 12), (4000, 3000, 13))
CURRENT = ImageSpec()


@dataclass(frozen=True)
class Setting:
    label: str
    save: Callable[[Image.Image, io.BytesIO], None]


def webp(quality: int, method: int) -> Setting:
    return Setting(f"WebP q{quality} m{method}", lambda im, out: im.save(out, "WEBP", quality=quality, method=method))


def jpeg(quality: int) -> Setting:
    return Setting(f"JPEG q{quality}", lambda im, out: im.save(out, "JPEG", quality=quality, optimize=True,
                                                               progressive=True))


SETTINGS = [webp(q, m) for q in (70, 75, 80) for m in (2, 4, 6)] + [jpeg(q) for q in (75, 80, 85)]


def real_inputs() -> list[Image.Image]:
    data = files("skimage") / "data"
    found = []
    for name in REAL:
        with Image.open(io.BytesIO((data / name).read_bytes())) as im:
            picture = im.convert("RGB")
        found += [picture, picture.resize((320, round(picture.height * 320 / picture.width)), Image.LANCZOS)]
    return found


def synthetic_inputs() -> list[Image.Image]:
    found = []
    for w, h, seed in SYNTHETIC:
        with Image.open(io.BytesIO(corpus.photo_bytes(w, h, seed))) as im:
            photo = im.convert("RGB")
        for width in (1024, 640):
            found.append(photo.resize((width, round(h * width / w)), Image.LANCZOS, reducing_gap=3.0))
    return found


def score(reference: Image.Image, encoded: bytes) -> float:
    from ssimulacra2 import compute_ssimulacra2

    ref = io.BytesIO()
    reference.save(ref, "PNG")
    ref.seek(0)
    return compute_ssimulacra2(ref, io.BytesIO(encoded))


def encode(image: Image.Image, setting: Setting, repeats: int) -> tuple[bytes, float]:
    """The encoded bytes and the fastest CPU time of ``repeats`` encodes."""
    best, data = float("inf"), b""
    for _ in range(repeats):
        out = io.BytesIO()
        start = time.process_time()
        setting.save(image, out)
        best = min(best, time.process_time() - start)
        data = out.getvalue()
    return data, best


def measure(images: list[Image.Image], repeats: int) -> dict[str, tuple[float, float, float, float]]:
    """For each setting: mean bytes relative to the current one of its format, bits per
    pixel, mean SSIMULACRA2, CPU ms per megapixel."""
    rows: dict[str, list[tuple[int, float, float, float]]] = {s.label: [] for s in SETTINGS}
    for image in images:
        for setting in SETTINGS:
            data, cpu = encode(image, setting, repeats)
            pixels = image.width * image.height
            rows[setting.label].append((len(data), score(image, data), cpu / (pixels / 1e6), 8 * len(data) / pixels))
    current = {"WebP": f"WebP q{CURRENT.webp_quality} m{CURRENT.webp_method}", "JPEG": f"JPEG q{CURRENT.jpeg_quality}"}
    out = {}
    for label, values in rows.items():
        base = rows[current[label.split()[0]]]
        out[label] = (statistics.mean(v[0] / b[0] for v, b in zip(values, base)), statistics.mean(v[3] for v in values),
                      statistics.mean(v[1] for v in values), statistics.mean(v[2] for v in values) * 1000)
    return out


def fallback_share(repeats: int) -> str:
    """CPU and bytes of the JPEG copies among everything ``derive`` makes of one phone photo."""
    data = corpus.photo_bytes(4000, 3000, 13)
    best = float("inf")
    derived = files_out = None
    for _ in range(repeats):
        start = time.process_time()
        derived, files_out = derive(data, "anh", CURRENT, 50_000_000)
        best = min(best, time.process_time() - start)
    assert derived is not None and files_out is not None
    jpeg_cpu = 0.0
    for v in derived.variants:
        if v.mime != "image/jpeg" or v.kind == "share":
            continue
        with Image.open(io.BytesIO(files_out[v.path])) as im:
            copy = im.convert("RGB")
        jpeg_cpu += encode(copy, jpeg(CURRENT.jpeg_quality), repeats)[1]
    fallback_bytes = sum(v.size for v in derived.variants if v.mime == "image/jpeg" and v.kind != "share")
    total_bytes = sum(v.size for v in derived.variants)
    return (f"one 4000×3000 photo: derive {best:.2f} s CPU, {len(derived.variants)} files, "
            f"{total_bytes / 1024:.0f} KiB; its {sum(1 for v in derived.variants if v.mime == 'image/jpeg' and v.kind != 'share')} "
            f"JPEG fallbacks take about {jpeg_cpu:.2f} s CPU ({100 * jpeg_cpu / best:.0f} %) and "
            f"{fallback_bytes / 1024:.0f} KiB ({100 * fallback_bytes / total_bytes:.0f} %)")


def table(title: str, rows: dict[str, tuple[float, float, float, float]]) -> str:
    lines = [f"### {title}", "", "| setting | bytes (current = 1) | bits/pixel | SSIMULACRA2 | CPU ms/MP |",
             "|---|---|---|---|---|"]
    for label, (size, bpp, quality, cpu) in rows.items():
        lines.append(f"| {label} | {size:.2f} | {bpp:.2f} | {quality:.1f} | {cpu:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one encode per setting instead of three")
    args = parser.parse_args()
    repeats = 1 if args.quick else 3
    print(table("Real photos (scikit-image's, at their size and 320 px)", measure(real_inputs(), repeats)), flush=True)
    print()
    print(table("Archive profile photos (1024 and 640 px copies)", measure(synthetic_inputs(), repeats)), flush=True)
    print()
    print(fallback_share(repeats))


if __name__ == "__main__":
    main()
