"""Image pipeline benchmark: N photos of 4000×3000, cold and warm, and page weight.

    python benchmarks/images_bench.py [--photos 200]

Writes a site of N articles, each with one lead photo (deterministic JPEGs, 4000×3000,
like a phone camera's), builds it with an empty cache (cold) and again (warm), and
reports seconds, and the image bytes an article page costs: the original photo before,
and what a 360 px phone with a 2× screen downloads after (the WebP chosen by srcset).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
NOW = "2026-11-01T12:00:00+07:00"


def photo(path: Path, seed: int) -> None:
    rng = random.Random(seed)
    img = Image.new("RGB", (4000, 3000), tuple(rng.randrange(40, 200) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(60):
        x, y = rng.randrange(4000), rng.randrange(3000)
        draw.ellipse((x, y, x + rng.randrange(80, 900), y + rng.randrange(80, 700)),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=90)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "images")
    args = parser.parse_args()
    content = args.work / "content"
    if not (content / ".complete").exists():
        shutil.rmtree(args.work, ignore_errors=True)
        for n in range(args.photos):
            photo(content / "images" / f"anh-{n:03d}.jpg", n)
            (content / "articles").mkdir(parents=True, exist_ok=True)
            (content / "articles" / f"bai-{n:03d}.md").write_text(
                f"---\ntitle: Bài có ảnh số {n}\ndate: 2025-0{1 + n % 9}-{1 + n % 28:02d} 08:{n % 60:02d}\n"
                f"author: Minh Trang\ncategory: Hoạt động Hội\nimage: images/anh-{n:03d}.jpg\n"
                f"image_caption: Ảnh số {n}\n---\nNội dung bài {n}.\n", encoding="utf-8")
        (content / ".complete").write_text("ok")
    out, cache = args.work / "output", args.work / "cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    cmd = [sys.executable, str(ROOT / "build.py"), str(content), "-s", "pelicanconf.py", "-o", str(out), "-v",
           "-e", f'SITE_NOW="{NOW}"', f'CACHE_PATH="{cache}"',
           "SITE_SKIP_UNCHANGED=false"]  # the warm run must really build (photos from the cache)
    times = {}
    for label in ("cold", "warm"):
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True)
        times[label] = time.perf_counter() - start
        counts = re.search(r"Images: \d+ processed, \d+ from the cache", done.stdout + done.stderr)
        print(f"{label}: {times[label]:.1f} s  {counts.group(0) if counts else ''}")
    original = (content / "images" / "anh-000.jpg").stat().st_size
    page = next(out.glob("tin/*/*/*/bai-co-anh-so-0/index.html")).read_text(encoding="utf-8")
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', page).group(1)
    candidates = [(int(w[:-1]), u) for u, w in (p.strip().split(" ") for p in webp.split(","))]
    # a 360 px wide phone at 2x wants 720 px: the first candidate at least that wide
    chosen = next((u for w, u in sorted(candidates) if w >= 720), sorted(candidates)[-1][1])
    after = (page and (out / chosen.replace("../", "")).stat().st_size)
    print(f"photos: {args.photos} of 4000x3000; original lead photo {original / 1024:.0f} KiB; "
          f"a 360 px phone (2x) downloads {after / 1024:.0f} KiB ({chosen.rsplit('/', 1)[-1]})")


if __name__ == "__main__":
    main()
