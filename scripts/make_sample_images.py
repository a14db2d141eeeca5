"""Draw the sample site's photos (deterministic: the same script gives the same bytes).

    python scripts/make_sample_images.py [content/images]

The sample articles need photos, and real photos of people cannot be shipped with the
repository, so these are simple drawn scenes: a hall with a banner, a row of students,
a library, a village learning centre. Each is a JPEG under images/<year>/.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw

PHOTOS = {
    "2021/hoi-truong-dai-hoi.jpg": ("hall", (1600, 1067), 11),
    "2021/trao-hoc-bong-ha-giang.jpg": ("students", (1600, 1067), 12),
    "2022/thu-vien-xa.jpg": ("library", (1600, 1067), 13),
    "2022/lop-hoc-cong-dong.jpg": ("centre", (1600, 1067), 14),
    "2023/hoc-sinh-nhan-thuong.jpg": ("students", (1600, 1067), 15),
    "2023/dong-ho-hieu-hoc.jpg": ("hall", (1600, 1067), 16),
    "2024/le-trao-hoc-bong.jpg": ("students", (1600, 1067), 17),
    "2024/tam-guong-hieu-hoc.jpg": ("portrait", (1067, 1600), 18),
    "2024/trung-tam-hoc-tap.jpg": ("centre", (1600, 1067), 19),
    "2025/hoi-nghi-cum-dong-bac.jpg": ("hall", (1600, 1067), 20),
    "2025/tuyen-duong-thu-khoa.jpg": ("students", (1600, 1067), 21),
    "2026/ngay-hoi-doc-sach.jpg": ("library", (1600, 1067), 22),
    "2026/chan-dung-giao-vien.jpg": ("portrait", (1067, 1600), 23),
    "2026/hoi-nghi-ban-chap-hanh.jpg": ("hall", (1600, 1067), 24),
    "2026/diem-hoc-tap-cong-nhan.jpg": ("centre", (1600, 1067), 25),
    "2026/hoi-thi-can-bo-khuyen-hoc.jpg": ("students", (1600, 1067), 26),
}


def _sky(draw: ImageDraw.ImageDraw, w: int, h: int, top, bottom) -> None:
    for y in range(h):
        t = y / h
        draw.line([(0, y), (w, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))


def _people(draw, rng, w, y, count, scale):
    for i in range(count):
        x = int(w * (i + 0.5) / count) + rng.randint(-10, 10)
        shirt = rng.choice([(250, 250, 250), (30, 80, 160), (200, 40, 40), (240, 200, 60)])
        draw.ellipse((x - 18 * scale, y - 95 * scale, x + 18 * scale, y - 59 * scale), fill=(90, 60, 40))
        draw.rounded_rectangle((x - 28 * scale, y - 58 * scale, x + 28 * scale, y + 40 * scale), 12, fill=shirt)


def draw(kind: str, size: tuple[int, int], seed: int) -> Image.Image:
    rng = random.Random(seed)
    w, h = size
    img = Image.new("RGB", size)
    d = ImageDraw.Draw(img)
    if kind == "hall":
        _sky(d, w, h, (120, 20, 20), (60, 10, 10))
        d.rectangle((w * 0.1, h * 0.08, w * 0.9, h * 0.22), fill=(200, 30, 30), outline=(250, 210, 60), width=6)
        d.rectangle((0, h * 0.7, w, h), fill=(140, 90, 50))
        _people(d, rng, w, int(h * 0.68), 9, 2)
    elif kind == "students":
        _sky(d, w, h, (150, 200, 240), (230, 240, 250))
        d.rectangle((0, h * 0.65, w, h), fill=(90, 150, 80))
        _people(d, rng, w, int(h * 0.7), 7, 3)
    elif kind == "library":
        _sky(d, w, h, (230, 220, 200), (200, 180, 150))
        for shelf in range(4):
            y = int(h * (0.15 + shelf * 0.2))
            d.rectangle((40, y + 120, w - 40, y + 135), fill=(110, 70, 40))
            x = 50
            while x < w - 60:
                bw = rng.randint(18, 40)
                d.rectangle((x, y + rng.randint(20, 50), x + bw, y + 120),
                            fill=tuple(rng.randint(40, 220) for _ in range(3)))
                x += bw + 3
    elif kind == "centre":
        _sky(d, w, h, (170, 210, 240), (240, 245, 250))
        d.rectangle((0, h * 0.72, w, h), fill=(120, 170, 90))
        d.rectangle((w * 0.25, h * 0.35, w * 0.75, h * 0.72), fill=(240, 220, 170))
        d.polygon([(w * 0.2, h * 0.36), (w * 0.5, h * 0.15), (w * 0.8, h * 0.36)], fill=(170, 60, 40))
        d.rectangle((w * 0.45, h * 0.52, w * 0.55, h * 0.72), fill=(90, 60, 40))
    else:  # portrait
        _sky(d, w, h, (200, 215, 230), (150, 170, 200))
        d.ellipse((w * 0.3, h * 0.18, w * 0.7, h * 0.45), fill=(220, 180, 150))
        d.rounded_rectangle((w * 0.18, h * 0.47, w * 0.82, h * 1.05), 80, fill=(40, 70, 130))
    return img


def main(root: Path) -> None:
    for relative, (kind, size, seed) in PHOTOS.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        draw(kind, size, seed).save(path, "JPEG", quality=82, optimize=True)
        print(f"{path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "content" / "images")
