"""Deterministic synthetic corpus in the project's front matter, for benchmarks.

    python benchmarks/corpus.py OUT_DIR --articles 10000 [--seed 2024] [--images 0.1]

Writes OUT_DIR/articles/<year>/<date>-<slug>.md and, for a share of the articles,
one or two JPEG photos under OUT_DIR/images/. The same arguments always give the
same bytes. Province names follow the 2025 merger: before 1 July 2025 the 63 old
units, after it the 34 current ones; a tenth of the articles are central news.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from content_model.slugs import slugify  # noqa: E402
from provinces.registry import Registry  # noqa: E402

CATEGORIES = [
    "Hoạt động Hội", "Xây dựng xã hội học tập", "Gương sáng hiếu học",
    "Học bổng – Khen thưởng", "Văn bản chỉ đạo", "Trung tâm học tập cộng đồng",
]
TAGS = [
    "học bổng", "gia đình học tập", "dòng họ học tập", "cộng đồng học tập", "đơn vị học tập",
    "xã hội học tập", "khuyến tài", "học sinh nghèo vượt khó", "giao ban cụm", "đại hội",
    "trung tâm học tập cộng đồng", "học tập suốt đời", "quỹ khuyến học", "công dân học tập",
    "chuyển đổi số", "thi đua", "tập huấn", "kiểm tra", "tuyên truyền", "người cao tuổi",
]
AUTHORS = ["Minh Trang", "Tiến Dũng", "Thu Hà", "Quốc Huy", "Lan Anh", "Văn Toàn", "Hồng Nhung", "Đức Thắng"]
OPENINGS = ["Hội Khuyến học", "Trung tâm học tập cộng đồng", "Ban Thường vụ", "Chi hội khuyến học", "Đoàn công tác"]
VERBS = ["tổ chức", "tổng kết", "trao tặng", "phát động", "kiểm tra", "giao ban", "tập huấn về"]
OBJECTS = ["học bổng cho học sinh nghèo", "phong trào gia đình học tập", "mô hình công dân học tập",
           "công tác khuyến học năm học mới", "quỹ khuyến học cơ sở", "xây dựng xã hội học tập"]
WORDS = (
    "khuyến học khuyến tài xây dựng xã hội học tập gia đình dòng họ cộng đồng đơn vị học sinh sinh viên "
    "giáo viên nhà trường phụ huynh hội viên cơ sở huyện xã phường thôn bản năm học phong trào thi đua "
    "học bổng phần thưởng vượt khó hiếu học truyền thống quê hương đất nước nhân dân cán bộ chính quyền "
    "mặt trận đoàn thể phối hợp triển khai kế hoạch nghị quyết chỉ thị kết luận tổng kết đánh giá "
    "biểu dương khen thưởng tấm gương điển hình sáng tạo hiệu quả thiết thực bền vững lan tỏa"
).split()


def _paragraph(rng: random.Random, words: int) -> str:
    out = []
    while len(out) < words:
        sentence = [rng.choice(WORDS) for _ in range(rng.randint(9, 18))]
        sentence[0] = sentence[0].capitalize()
        out += sentence
        out[-1] += "."
    return " ".join(out)


def _photo(path: Path, rng: random.Random) -> None:
    from PIL import Image, ImageDraw

    w, h = rng.choice([(1600, 1067), (1200, 900), (1024, 768)])
    img = Image.new("RGB", (w, h), tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randrange(w), rng.randrange(h)
        draw.ellipse((x, y, x + rng.randrange(40, 400), y + rng.randrange(40, 300)),
                     fill=tuple(rng.randrange(256) for _ in range(3)))
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "JPEG", quality=80)


def generate(out: Path, articles: int, seed: int = 2024, image_share: float = 0.1) -> None:
    rng = random.Random(seed)
    registry = Registry.load(ROOT / "data" / "provinces.yml")
    old_units = [p.name for p in registry.pre_merger_units()]
    new_units = [p.name for p in registry.current_units()]
    start = dt.datetime(2014, 1, 1, 7, 0)
    span = (dt.datetime(2025, 12, 31, 18, 0) - start).total_seconds()
    merger = dt.datetime.combine(registry.merger_date, dt.time())
    for n in range(articles):
        when = start + dt.timedelta(seconds=int(span * n / articles) + rng.randrange(3600))
        title = f"{rng.choice(OPENINGS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} (số {n + 1})"
        slug = slugify(title)
        lines = ["---", f'title: "{title}"', f"date: {when:%Y-%m-%d %H:%M}", f"author: {rng.choice(AUTHORS)}"]
        if rng.random() > 0.1:
            lines.append(f"province: {rng.choice(new_units if when >= merger else old_units)}")
        lines.append(f"category: {rng.choice(CATEGORIES)}")
        lines.append(f"tags: [{', '.join(rng.sample(TAGS, rng.randint(2, 4)))}]")
        if rng.random() < 0.03:
            lines.append("featured: true")
        body_images = []
        if rng.random() < image_share:
            for i in range(rng.randint(1, 2)):
                rel = f"images/{when:%Y}/{slug}-{i + 1}.jpg"
                _photo(out / rel, rng)
                body_images.append(rel)
            lines.append(f"image: {body_images[0]}")
            lines.append("image_caption: Quang cảnh buổi lễ")
        lines.append(f"summary: {_paragraph(rng, 25)}")
        lines.append("---")
        words = rng.randint(500, 900)
        paragraphs = []
        while words > 0:
            size = min(words, rng.randint(60, 140))
            paragraphs.append(_paragraph(rng, size))
            words -= size
        for rel in body_images[1:]:
            paragraphs.insert(1, f'![]( /{rel} "Các đại biểu dự hội nghị")'.replace("( /", "(/"))
        path = out / "articles" / f"{when:%Y}" / f"{when:%Y-%m-%d}-{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    (out / "pages").mkdir(parents=True, exist_ok=True)
    (out / "pages" / "gioi-thieu.md").write_text("---\ntitle: Giới thiệu\n---\nHội Khuyến học.\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--images", type=float, default=0.1, help="share of articles with photos")
    args = parser.parse_args()
    generate(args.out, args.articles, args.seed, args.images)


if __name__ == "__main__":
    main()
