"""The repository's sample content, built with the real ``pelican`` command.

The sample site is what editors and reviewers see first, so its coverage is checked
from the built output (and, for what the output cannot tell, from the source files):
enough articles, years and provinces, the special cases the content model handles
(same title twice, a title with quotes, ``&`` and ``< >``, a draft, a scheduled
article, Vietnam-time dates, a province written without diacritics), photos that
resolve, and the two static pages.

The checks look for addresses, titles and text, never for CSS classes, so that theme
changes do not break them.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "content" / "articles"
ARTICLE_DIR = re.compile(r"^tin/(\d{4})/(\d{2})/(\d{2})/([a-z0-9-]+)$")
ARTICLE_LINK = re.compile(r"""href=["'][^"']*\btin/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/""")
CATEGORIES = {
    "Hoạt động Hội",
    "Xây dựng xã hội học tập",
    "Gương sáng hiếu học",
    "Học bổng – Khen thưởng",
    "Văn bản chỉ đạo",
    "Trung tâm học tập cộng đồng",
}
TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".txt", ".atom", ".rss", ".css", ""}


def front_matter(path: Path) -> dict:
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
    _, header, _ = text.split("---\n", 2)
    return yaml.safe_load(header)


@pytest.fixture(scope="module")
def sources() -> dict[Path, dict]:
    return {p: front_matter(p) for p in sorted(ARTICLES.rglob("*.md"))}


def source_named(sources: dict[Path, dict], name: str) -> dict:
    (meta,) = [m for p, m in sources.items() if p.name == name]
    return meta


def article_dirs(output: Path) -> dict[str, Path]:
    """Address (``tin/2024/07/15/slug``) -> page file, for every article page built."""
    found = {}
    for page in output.glob("tin/*/*/*/*/index.html"):
        address = page.parent.relative_to(output).as_posix()
        if ARTICLE_DIR.match(address):
            found[address] = page
    return found


def output_texts(output: Path):
    for path in output.rglob("*"):
        if path.is_file() and path.suffix.lower() in TEXT_SUFFIXES:
            yield path, path.read_bytes().decode("utf-8", errors="replace")


def page_text(page: Path) -> str:
    """The page's HTML with character references resolved (``&#34;`` -> ``"``)."""
    return unicodedata.normalize("NFC", html.unescape(page.read_text(encoding="utf-8")))


# --- sources -------------------------------------------------------------------------


def test_sources_cover_the_brief(sources):
    metas = list(sources.values())
    published = [m for m in metas if m.get("status", "published") == "published"]
    assert len(metas) >= 45
    assert {m["category"] for m in metas} == CATEGORIES
    assert sum(1 for m in published if "province" not in m) >= 8, "central (nationwide) news"
    assert sum(1 for m in published if m.get("featured") is True) >= 6
    assert any("featured_until" in m for m in metas)
    assert sum(1 for m in metas if m.get("image") and m.get("image_caption")) >= 12
    assert any(isinstance(m.get("tags"), str) for m in metas), "tags as a comma string"
    assert any(isinstance(m.get("tags"), list) for m in metas), "tags as a YAML list"
    assert any(m.get("status") == "draft" for m in metas)


def test_sources_use_both_body_photo_styles():
    bodies = [p.read_text(encoding="utf-8") for p in ARTICLES.rglob("*.md")]
    photo = re.compile(r'!\[[^\]]*\]\(([^ )]+) "[^"]+"\)')
    paths = [m for body in bodies for m in photo.findall(body)]
    assert len(paths) >= 6
    assert any(p.startswith("{static}/images/") for p in paths)
    assert any(p.startswith("../") for p in paths)


def test_sources_are_nfc_and_long_enough(sources):
    for path, meta in sources.items():
        text = path.read_text(encoding="utf-8")
        assert unicodedata.normalize("NFC", text) == text, path
        if meta.get("status", "published") == "draft" or str(meta["date"]).startswith("2027"):
            continue
        if meta.get("link"):  # an external-link article: a short introduction to the story elsewhere
            continue
        body = text.split("---\n", 2)[2]
        assert 150 <= len(body.split()) <= 400, f"{path.name}: {len(body.split())} words"


# --- the built site ------------------------------------------------------------------


def test_enough_articles_over_enough_years(sample_build):
    found = article_dirs(sample_build.output)
    assert len(found) >= 40
    years = Counter(ARTICLE_DIR.match(a).group(1) for a in found)
    assert len(years) >= 3
    assert set(years) >= {"2021", "2022", "2023", "2024", "2025", "2026"}
    assert years["2026"] >= 6


def test_province_pages_list_articles(sample_build):
    with_articles = [
        page.parent.name
        for page in sample_build.output.glob("tinh/*/index.html")
        if ARTICLE_LINK.search(page.read_text(encoding="utf-8"))
    ]
    assert len(with_articles) >= 12, with_articles
    # Former units (written before 1 July 2025) and new units both have their pages.
    for slug in ("yen-bai", "thai-binh", "hai-duong", "binh-duong", "lao-cai", "hung-yen"):
        assert slug in with_articles


def test_province_written_without_diacritics_lands_on_its_page(sample_build, sources):
    meta = source_named(sources, "2024-04-12-cum-tay-bac-giao-ban.md")
    assert meta["province"] == "yen bai"
    yen_bai = page_text(sample_build.output / "tinh" / "yen-bai" / "index.html")
    assert "tin/2024/04/12/" in yen_bai
    assert meta["title"] in yen_bai


def test_draft_and_scheduled_articles_appear_nowhere(sample_build, sources):
    hidden = [
        m for m in sources.values()
        if m.get("status") == "draft" or str(m["date"]).startswith("2027")
    ]
    assert len(hidden) >= 2
    needles = []
    for meta in hidden:
        needles.append(meta["title"])
        needles.append(html.escape(meta["title"]))
    needles += ["du-thao-ke-hoach-cong-tac-nam-2027", "dai-hoi-dai-bieu-toan-quoc-hoi-khuyen-hoc"]
    assert not (sample_build.output / "tin" / "2027").exists()
    for path, text in output_texts(sample_build.output):
        text = unicodedata.normalize("NFC", text)
        for needle in needles:
            assert needle not in text, f"{needle!r} in {path}"


def test_same_title_articles_have_their_own_addresses(sample_build):
    title = "Lễ trao học bổng đầu năm học"
    pages = [
        (address, page)
        for address, page in article_dirs(sample_build.output).items()
        if re.search(rf"<title>\s*{re.escape(title)}\s*[–<|-]", page_text(page))
    ]
    addresses = sorted(a for a, _ in pages)
    assert len(addresses) == 2, addresses
    assert addresses[0].startswith("tin/2024/09/06/")
    assert addresses[1].startswith("tin/2025/09/06/")
    assert "Hải Phòng" in page_text(pages[0][1]) or "Hải Phòng" in page_text(pages[1][1])


def test_title_with_quotes_ampersand_and_angle_brackets_is_escaped(sample_build):
    (page,) = [
        p for a, p in article_dirs(sample_build.output).items() if a.startswith("tin/2022/04/20/")
    ]
    raw = page.read_text(encoding="utf-8")
    assert "&lt;2022&gt;" in raw
    assert "&amp; chuyển đổi số" in raw
    assert re.search(r'(&quot;|&#34;|&#x22;|")Học tập suốt đời(&quot;|&#34;|&#x22;|")', raw)
    for path, text in output_texts(sample_build.output):
        if path.suffix in {".html", ".xml"}:
            assert "<2022>" not in text, path
            assert "& chuyển đổi số" not in text, path


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("tin/2024/01/01", 1),  # 2024-01-01 05:00 Vietnam time (still 31 December in UTC)
        ("tin/2024/02/29", 1),  # 29/02/2024
        ("tin/2021/03/12", 1),  # 12/03/2021 3:22:03 CH (old site form)
        ("tin/2021/11/20", 1),  # 20/11/2021 (day first)
        ("tin/2025/09/05", 3),  # three articles on one day
    ],
)
def test_dates_land_on_their_vietnamese_day(sample_build, day, expected):
    found = [a for a in article_dirs(sample_build.output) if a.startswith(day + "/")]
    assert len(found) == expected, found


def test_photos_resolve_and_show_their_captions(sample_build):
    output = sample_build.output
    pages = article_dirs(output)
    checked = 0
    for page in pages.values():
        raw = page.read_text(encoding="utf-8")
        for src in re.findall(r"""<img\b[^>]*\bsrc=["']([^"']+)["']""", raw):
            if src.startswith(("http:", "https:", "data:", "//")):
                continue
            src = unquote(src.split("?")[0].split("#")[0])
            target = output / src.lstrip("/") if src.startswith("/") else page.parent / src
            assert target.resolve().is_file(), f"{page}: {src}"
            checked += 1
    assert checked >= 18
    quang_ngai = page_text(output / "tin/2023/06/22/ngu-dan-quang-ngai-hoc-luat-bien/index.html")
    assert "Ngư dân nghe hướng dẫn về quy định khai thác hải sản" in quang_ngai
    hai_duong = [p for a, p in pages.items() if a.startswith("tin/2024/06/14/")][0]
    text = page_text(hai_duong)
    assert "Học sinh giỏi quốc gia nhận phần thưởng của Hội Khuyến học tỉnh Hải Dương" in text
    assert "Các thầy cô giáo có học sinh đạt giải quốc gia nhận khen thưởng" in text


def test_static_pages(sample_build):
    about = page_text(sample_build.output / "gioi-thieu" / "index.html")
    contact = page_text(sample_build.output / "lien-he" / "index.html")
    assert "Giới thiệu" in about and "1996" in about
    assert "Liên hệ" in contact
    assert "khuyenhocvn@gmail.com" in contact
    assert "0243 7726151" in contact
    assert "Tôn Thất Thuyết" in contact


def test_sample_build_prints_no_warning(sample_build):
    lines = (sample_build.stdout + sample_build.stderr).splitlines()
    assert not [line for line in lines if "WARNING" in line or "ERROR" in line], lines
