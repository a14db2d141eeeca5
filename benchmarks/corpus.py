"""Deterministic synthetic corpus in the project's front matter, for benchmarks.

    python benchmarks/corpus.py OUT_DIR --articles 10000 [--seed 2024] [--images 0.1]
    python benchmarks/corpus.py OUT_DIR --profile archive --articles 20000 [--photos CACHE]

Writes OUT_DIR/articles/<year>/<date>-<slug>.md and photos under OUT_DIR/images/. The
same arguments always give the same bytes. Province names follow the 2025 merger:
before 1 July 2025 the 63 old units, after it the 34 current ones; a tenth of the
articles are central news.

Profiles:

* ``default``: 500–900 words of text over 2014–2025, one or two small JPEGs (about
  1600×1067, a few flat shapes) for ``--images`` of the articles;
* ``archive`` (:func:`generate_archive`): the old site's twenty years as the import
  leaves them: 2008–2026 with more articles each year, 70 % with 1–3 photos of the
  pixel sizes cameras and phones made then (:data:`ERAS`, a fifth portrait), bodies
  shaped like the NukeViet 2.0 stories (bold lead, short paragraphs, photos with a
  caption line, "Xem thêm" links, a signature). Its photos have photo-like entropy
  (a scene's large shapes, texture, sensor noise: :func:`photo_bytes`) so encoders do
  real work; they are made once, in parallel, into a cache folder keyed by size and
  seed (``--photos``) and hard-linked into the corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
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


def draw_photo(path: Path, rng: random.Random) -> None:
    """A drawn JPEG photo of a camera's size (deterministic for ``rng``'s seed)."""
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
                draw_photo(out / rel, rng)
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


# -- the archive profile ----------------------------------------------------------

FIRST_YEAR, LAST_YEAR = 2008, 2026
LAST_DAY = dt.datetime(2026, 10, 31, 18, 0)  # before the benchmark's clock (bench.NOW)
PHOTO_SHARE = 0.7  # articles with photos
# What the photos' pixel sizes were, by the years they were taken in: web-sized shots of
# compact cameras, then 2–8 megapixel cameras and early phones, then 12-megapixel phones.
ERAS: tuple[tuple[int, int, tuple[tuple[int, int], ...]], ...] = (
    (2008, 2011, ((640, 480), (800, 600), (1024, 768))),
    (2012, 2016, ((1600, 1200), (2048, 1536), (2592, 1944), (3264, 2448))),
    (2017, 2020, ((3264, 2448), (4000, 3000), (4032, 3024))),
    (2021, 2026, ((4000, 3000), (4032, 3024), (4080, 3060))),
)
PORTRAIT_SHARE = 0.2
BYTES_PER_PIXEL = 0.15  # what photo_bytes gives, about (1.8 MB for 4000×3000)
CAPTIONS = ["Quang cảnh buổi lễ", "Các đại biểu dự hội nghị", "Trao học bổng cho học sinh nghèo vượt khó",
            "Lãnh đạo Hội phát biểu tại buổi lễ", "Các em học sinh nhận phần thưởng", "Đoàn công tác chụp ảnh lưu niệm"]
PLACES = ["Hội trường UBND huyện", "Nhà văn hóa thôn", "Trường THCS thị trấn", "Trung tâm học tập cộng đồng xã"]


def year_counts(articles: int) -> dict[int, int]:
    """Articles per year, growing from 2008 to 2026 (the last year 5.5 times the first)."""
    weights = {y: 1 + 0.25 * (y - FIRST_YEAR) for y in range(FIRST_YEAR, LAST_YEAR + 1)}
    total = sum(weights.values())
    exact = {y: articles * w / total for y, w in weights.items()}
    counts = {y: int(v) for y, v in exact.items()}
    # the articles left over go to the years with the largest remainders (Hamilton's method)
    for y in sorted(exact, key=lambda y: (counts[y] - exact[y], -y))[: articles - sum(counts.values())]:
        counts[y] += 1
    return counts


def photo_size(year: int, rng: random.Random) -> tuple[int, int]:
    sizes = next(s for first, last, s in ERAS if first <= year <= last)
    w, h = rng.choice(sizes)
    return (h, w) if rng.random() < PORTRAIT_SHARE else (w, h)


def photo_bytes(width: int, height: int, seed: int) -> bytes:
    """A JPEG of ``width``×``height`` with a photo's kinds of detail: a scene's large
    light and colour areas, objects with edges, texture in light more than in colour,
    and sensor noise; about 0.15 bytes per pixel at quality 85 (a phone's 12-megapixel
    photo: 1.5–2.3 MB). Deterministic: numpy's PCG64 from ``seed``."""
    import numpy as np
    from PIL import Image, ImageDraw

    rng = np.random.default_rng(seed)
    sw, sh = max(8, width // 6), max(8, height // 6)

    def field(cw: int, ch: int, spread: float, channels: int) -> np.ndarray:
        a = rng.normal(128, spread, (ch, cw, channels)).clip(0, 255).astype(np.uint8)
        image = Image.fromarray(a[:, :, 0] if channels == 1 else a)
        out = np.asarray(image.resize((sw, sh), Image.BICUBIC), dtype=np.int16)
        return out[:, :, None] if channels == 1 else out

    scene = Image.fromarray(field(6, 5, 45, 3).clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(scene)  # people, banners, tables: shapes with hard edges
    for _ in range(int(rng.integers(6, 14))):
        x, y = int(rng.integers(0, sw)), int(rng.integers(0, sh))
        box = (x, y, x + int(rng.integers(sw // 20 + 1, sw // 4 + 2)), y + int(rng.integers(sh // 20 + 1, sh // 3 + 2)))
        colour = tuple(int(c) for c in rng.integers(20, 235, 3))
        (draw.rectangle if rng.random() < 0.5 else draw.ellipse)(box, fill=colour)
    small = (np.asarray(scene, dtype=np.int16) + field(max(2, width // 40), max(2, height // 40), 30, 1) - 128
             + rng.normal(0, 14, (sh, sw, 1)).astype(np.int16))  # texture: in light, not colour
    img = np.asarray(Image.fromarray(small.clip(0, 255).astype(np.uint8)).resize((width, height), Image.BICUBIC),
                     dtype=np.int16)
    tile = rng.normal(0, 4, (256, 256, 3)).astype(np.int16)  # sensor noise
    dy, dx = (int(v) for v in rng.integers(0, 256, 2))
    img += np.tile(tile, (height // 256 + 2, width // 256 + 2, 1))[dy:dy + height, dx:dx + width]
    out = io.BytesIO()
    Image.fromarray(img.clip(0, 255).astype(np.uint8)).save(out, "JPEG", quality=85)
    return out.getvalue()


def _make_photo(job: tuple[Path, int, int, int]) -> None:
    path, width, height, seed = job
    if path.exists():
        return
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(photo_bytes(width, height, seed))
    temporary.replace(path)  # whole or not at all: a stopped run leaves no half photo


def archive_photo_bytes(counts: dict[int, int], seed: int = 2024) -> int:
    """Roughly how many bytes an archive corpus's photos take (to check the disk first)."""
    rng = random.Random(seed)
    total = 0
    for year, n in counts.items():
        for _ in range(round(n * PHOTO_SHARE * 2)):
            w, h = photo_size(year, rng)
            total += int(w * h * BYTES_PER_PIXEL)
    return total


def _archive_body(rng: random.Random, province: str | None, author: str, photos: list[str],
                  captions: list[str], links: list[str]) -> str:
    """A story as the importer leaves it: a bold lead, short paragraphs, each photo on its
    own line followed by its caption in italics, a "Xem thêm" line, a signature."""
    paragraphs = [f"**{_paragraph(rng, rng.randint(25, 45))}**"]
    for _ in range(rng.randint(3, 9)):
        paragraphs.append(_paragraph(rng, rng.randint(30, 80)))
    for i, (rel, caption) in enumerate(zip(photos, captions)):
        at = min(len(paragraphs), 1 + 2 * i)
        paragraphs[at:at] = [f'![{caption}](/{rel} "{caption}")', f"*{caption} tại {rng.choice(PLACES)}.*"]
    if links and rng.random() < 0.3:
        paragraphs.append(f"Xem thêm: [{links[0]}]({{filename}}/{links[1]})")
    where = f" (Hội Khuyến học {province})" if province else ""
    paragraphs.append(f"**{author}**{where}")
    return "\n\n".join(paragraphs)


def generate_archive(out: Path, articles: int, seed: int = 2024, photos: Path | None = None,
                     workers: int | None = None) -> None:
    """The ``archive`` profile (see the module's docstring). ``photos``: the folder that
    keeps generated photos between corpora (default ``OUT/../photos``)."""
    rng = random.Random(seed)
    registry = Registry.load(ROOT / "data" / "provinces.yml")
    old_units = [p.name for p in registry.pre_merger_units()]
    new_units = [p.name for p in registry.current_units()]
    merger = dt.datetime.combine(registry.merger_date, dt.time())
    photos = photos or out.parent / "photos"
    photos.mkdir(parents=True, exist_ok=True)
    counts = year_counts(articles)
    need = archive_photo_bytes(counts, seed) - sum(f.stat().st_size for f in photos.glob("*.jpg"))  # made already
    free = shutil.disk_usage(photos).free
    if need * 1.5 > free:  # the photos, and the outputs and caches of the tools beside them
        raise SystemExit(f"corpus: the archive's photos still need about {need / 2**30:.1f} GiB and the builds half "
                         f"as much again; {photos} has {free / 2**30:.1f} GiB free.")
    jobs: list[tuple[Path, int, int, int]] = []
    links: dict[Path, Path] = {}  # corpus path -> cached photo
    previous: tuple[str, str] | None = None
    n = 0
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        start = dt.datetime(year, 1, 1, 7, 0)
        end = min(dt.datetime(year, 12, 31, 18, 0), LAST_DAY)
        span = (end - start).total_seconds()
        for k in range(counts[year]):
            n += 1
            when = start + dt.timedelta(seconds=int(span * k / counts[year]) + rng.randrange(3600))
            title = f"{rng.choice(OPENINGS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} (số {n})"
            slug = slugify(title)
            author = rng.choice(AUTHORS)
            province = rng.choice(new_units if when >= merger else old_units) if rng.random() > 0.1 else None
            lines = ["---", f'title: "{title}"', f"date: {when:%Y-%m-%d %H:%M}", f"author: {author}"]
            if province:
                lines.append(f"province: {province}")
            lines.append(f"category: {rng.choice(CATEGORIES)}")
            lines.append(f"tags: [{', '.join(rng.sample(TAGS, rng.randint(1, 3)))}]")
            if rng.random() < 0.03:
                lines.append("featured: true")
            rels: list[str] = []
            captions: list[str] = []
            if rng.random() < PHOTO_SHARE:
                for i in range(rng.randint(1, 3)):
                    w, h = photo_size(year, rng)
                    photo_seed = rng.randrange(2**32)
                    cached = photos / f"{w}x{h}-{photo_seed:010d}.jpg"
                    jobs.append((cached, w, h, photo_seed))
                    rel = f"images/{year}/{slug}-{i + 1}.jpg"
                    links[out / rel] = cached
                    rels.append(rel)
                    captions.append(rng.choice(CAPTIONS))
                lines.append(f"image: {rels[0]}")
                lines.append(f"image_caption: {captions[0]}")
            lines.append(f"summary: {_paragraph(rng, rng.randint(20, 35))}")
            lines.append("---")
            name = f"{when:%Y}/{when:%Y-%m-%d}-{slug}.md"
            body = _archive_body(rng, province, author, rels[1:], captions[1:],
                                 [previous[0], previous[1]] if previous else [])
            path = out / "articles" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(lines) + "\n" + body + "\n", encoding="utf-8")
            previous = (title, f"articles/{name}")
    missing = sorted({job for job in jobs if not job[0].exists()})
    if missing:
        print(f"corpus: making {len(missing)} photos into {photos} …", file=sys.stderr, flush=True)
        with ProcessPoolExecutor(workers or os.cpu_count() or 1) as pool:
            list(pool.map(_make_photo, missing, chunksize=8))
    for target, cached in links.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            os.link(cached, target)  # one copy on disk, however many corpora use it
    (out / "pages").mkdir(parents=True, exist_ok=True)
    (out / "pages" / "gioi-thieu.md").write_text("---\ntitle: Giới thiệu\n---\nHội Khuyến học.\n", encoding="utf-8")


PROFILES = ("default", "archive")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--profile", choices=PROFILES, default="default")
    parser.add_argument("--articles", type=int, default=None, help="default: 10,000 (default profile), 20,000 (archive)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--images", type=float, default=0.1, help="share of articles with photos (default profile)")
    parser.add_argument("--photos", type=Path, default=None, help="photo cache folder (archive profile)")
    args = parser.parse_args()
    if args.profile == "archive":
        generate_archive(args.out, args.articles or 20000, args.seed, args.photos)
    else:
        generate(args.out, args.articles or 10000, args.seed, args.images)


if __name__ == "__main__":
    main()
