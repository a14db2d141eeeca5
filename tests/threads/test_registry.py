"""The registry of threads (pure): the shipped file, entries, lookups, suggestions, errors."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest

from threads import model
from threads.registry import Thread, load, parse

ROOT = Path(__file__).resolve().parents[2]


def registry(text: str, root: Path | None = None):
    return parse(textwrap.dedent(text).lstrip("\n"), "dong-su-kien.yml", root)


def messages(reg) -> list[str]:
    return [f"{p.line}: {p.field}: {p.message}" for p in reg.problems]


def test_the_shipped_registry_is_valid_and_its_images_exist():
    reg = load(ROOT / "content" / "dong-su-kien.yml", ROOT / "content")
    assert reg.problems == []
    assert list(reg.threads) == ["huong-toi-dai-hoi-vii"]
    assert reg.threads["huong-toi-dai-hoi-vii"].image == "images/2026/hoi-nghi-ban-chap-hanh.jpg"


def test_entries_in_file_order_with_a_slug_made_from_the_title_when_left_out(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "lu.jpg").write_bytes(b"jpeg")
    reg = registry("""
        threads:
          - slug: dai-hoi-vii
            title: Đại hội   lần thứ VII
            description: Các bài về Đại hội.
            image: /images/lu.jpg
          - title: Cứu trợ lũ lụt miền Trung
    """, tmp_path)
    assert reg.problems == []
    assert list(reg.threads.values()) == [
        Thread("dai-hoi-vii", "Đại hội lần thứ VII", "Các bài về Đại hội.", "images/lu.jpg", 2),
        Thread("cuu-tro-lu-lut-mien-trung", "Cứu trợ lũ lụt miền Trung", "", None, 6),
    ]


@pytest.mark.parametrize(("written", "slug"), [
    ("dai-hoi-vii", "dai-hoi-vii"),
    ("Đại hội lần thứ VII", "dai-hoi-vii"),
    ("  đại HỘI lần thứ vii ", "dai-hoi-vii"),  # case and spacing of the title
    ("Cuu tro lu lut mien Trung", "cuu-tro-lu-lut-mien-trung"),  # no tone marks: its slug
    ("Đại hội lần thứ VI", None),
])
def test_lookup_by_slug_or_title(written, slug):
    reg = registry("""
        threads:
          - {slug: dai-hoi-vii, title: Đại hội lần thứ VII}
          - {title: Cứu trợ lũ lụt miền Trung}
    """)
    found = reg.lookup(written)
    assert (found.slug if found else None) == slug


def test_suggestions_closest_first():
    reg = registry("""
        threads:
          - {slug: cuu-tro-lu-lut, title: Cứu trợ lũ lụt miền Trung}
          - {slug: dai-hoi-vii, title: Đại hội lần thứ VII}
    """)
    assert reg.suggest("dai hoi VI")[0] == "Đại hội lần thứ VII"
    assert reg.suggest("cứu trợ lũ")[0] == "Cứu trợ lũ lụt miền Trung"


def test_a_missing_file_is_an_empty_registry(tmp_path):
    reg = load(tmp_path / "dong-su-kien.yml", tmp_path)
    assert reg.threads == {} and reg.problems == []


def test_every_problem_of_the_file_with_its_line(tmp_path):
    reg = registry("""
        threads:
          - slug: Đại Hội
            title: Đại hội
          - title: Lũ lụt
            mo_ta: Cứu trợ
          - description: Không có tiêu đề
          - slug: lu-lut
            title: Lũ lụt năm 2026
          - title: Ảnh thiếu
            image: images/khong-co.jpg
          - {slug: lu-lut-khac, title: lũ  LỤT}
    """, tmp_path)
    assert messages(reg) == [
        '2: slug: slug "Đại Hội" phải là chữ thường không dấu nối bằng dấu -, ví dụ slug: dai-hoi.',
        '5: mo_ta: khóa không rõ "mo_ta". Các khóa hợp lệ: slug, title, description, image.',
        "6: title: dòng sự kiện thiếu tiêu đề. Thêm một dòng title: Tên dòng sự kiện.",
        '7: slug: slug "lu-lut" trùng với dòng sự kiện "Lũ lụt" (dòng 4). Đổi một trong hai, ví dụ slug: lu-lut-2.',
        '10: image: không tìm thấy ảnh "images/khong-co.jpg" (tìm tại content/images/khong-co.jpg). '
        "Chép ảnh vào content/images/ rồi ghi image: images/ten-anh.jpg.",
        '11: title: tiêu đề "lũ LỤT" trùng với dòng sự kiện ở dòng 4: bài viết gọi dòng sự kiện bằng tiêu đề, '
        "nên mỗi tiêu đề phải khác nhau.",
    ]
    assert list(reg.threads) == ["lu-lut"]  # the valid entry is kept


@pytest.mark.parametrize(("text", "message"), [
    ("threads: [", "1: threads: lỗi cú pháp YAML"),
    ("- title: Lũ", '1: threads: tệp phải bắt đầu bằng "threads:"'),
    ("threads: Lũ lụt", '1: threads: dưới "threads:" phải là danh sách'),
    ("chu_de:\n  - title: Lũ", '1: chu_de: khóa "chu_de" không dùng ở đây'),
    ("threads:\n  - title: [Lũ, lụt]", '2: title: "title" phải là một dòng chữ.'),
])
def test_a_malformed_file_says_what_to_write(text, message):
    assert messages(registry(text))[0].startswith(message)


def test_an_empty_list_is_no_thread():
    assert registry("threads:\n").threads == {} and registry("threads: []\n").problems == []


def _article(url: str, day: int):
    return SimpleNamespace(url=url, date=dt.datetime(2026, 10, day, 8, tzinfo=dt.timezone.utc))


def test_grouping_newest_first_and_the_other_articles_of_a_thread():
    a, b, c, d = _article("a/", 1), _article("b/", 3), _article("c/", 3), _article("d/", 2)
    threads = {"a/": "x", "b/": "x", "c/": "x", "d/": None}
    grouped = model.by_thread([a, b, c, d], lambda item: threads[item.url])
    assert grouped == {"x": [b, c, a]}  # the same minute: by address
    assert model.others_in_thread(grouped["x"], c, 10) == [b, a]
    assert model.others_in_thread(grouped["x"], a, 1) == [b]
    assert model.others_in_thread(grouped["x"], d, 10) == [b, c, a]


def test_summaries_most_recently_updated_first_then_threads_without_news():
    old, new = _article("o/", 1), _article("n/", 9)
    grouped = {"b": [old], "c": [new]}
    found = model.summaries(["a", "b", "c"], lambda t: t, grouped, lambda item: item.date)
    assert [(s.thread, s.count, s.latest) for s in found] == [
        ("c", 1, new.date), ("b", 1, old.date), ("a", 0, None)]
