"""The pure front-matter layer: splitting, YAML errors with lines, field checks."""

from __future__ import annotations

import datetime as dt

import pytest

from content_model import frontmatter
from content_model.dates import VIETNAM


def checked(text: str, required=frontmatter.ARTICLE_REQUIRED):
    fm = frontmatter.split("a.md", text)
    values = frontmatter.check_fields(fm, required) if fm.parsed else {}
    return fm, values


def messages(fm) -> list[str]:
    return [p.format() for p in fm.problems]


def test_complete_article():
    fm, values = checked(
        "---\ntitle: Trao học bổng\ndate: 15/07/2024 09:30\nauthor: Minh Trang\n"
        "category: Học bổng – Khen thưởng\ntags: học bổng, khuyến tài, Học bổng\nfeatured: true\n---\nThân bài\n"
    )
    assert fm.problems == []
    assert values["date"] == dt.datetime(2024, 7, 15, 9, 30, tzinfo=VIETNAM)
    assert values["tags"] == ["học bổng", "khuyến tài"]  # duplicates (any case) dropped
    assert values["author"] == ["Minh Trang"]
    assert values["featured"] is True
    assert fm.body == "Thân bài\n"
    assert fm.body_line == 9


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("[a, b]", ["a", "b"]),
        ("a, b ,  c", ["a", "b", "c"]),
        ("\n  - gia đình học tập\n  - khuyến tài", ["gia đình học tập", "khuyến tài"]),
        ("2024", ["2024"]),
    ],
)
def test_tags_as_list_or_comma_separated(tags, expected):
    _, values = checked(f"---\ntitle: T\ndate: 2024-07-15\nauthor: A\ncategory: C\ntags: {tags}\n---\n")
    assert values["tags"] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: T\n", 'a.md:1: front matter: tệp phải bắt đầu bằng một dòng --- rồi các trường (title: ..., date: ...) '
                       "và một dòng --- nữa trước nội dung bài."),
        ("---\ntitle: T\n", "a.md:1: front matter: thiếu dòng --- đóng phần thông tin bài viết. "
                            "Thêm một dòng --- trước nội dung bài."),
        ("---\ntitle: Hội nghị: tổng kết\n---\n", "a.md:2: title: giá trị có dấu hai chấm ':' nên phải đặt trong "
                                                  'dấu ngoặc kép, ví dụ title: "Hội nghị: tổng kết".'),
        ('---\ntitle: "Chưa đóng\ndate: 2024-07-15\n---\n', 'a.md:2: title: thiếu dấu ngoặc kép đóng " ở cuối giá trị.'),
    ],
)
def test_structure_errors_name_the_line(text, expected):
    fm = frontmatter.split("a.md", text)
    assert messages(fm) == [expected]


def test_field_errors_are_all_collected():
    fm, _ = checked(
        "---\ntitle: T\ntitle: T2\ndate: 31/02/2020\nfeatured: maybe\nstatus: publised\ntac_gia: X\n---\n"
    )
    assert messages(fm) == [
        'a.md:3: title: trường "title" được khai báo hai lần (dòng 2 và 3). Xoá một dòng.',
        'a.md:4: date: ngày không hợp lệ "31/02/2020": tháng 2/2020 chỉ có 29 ngày. '
        "Viết theo dạng 15/07/2024, 15/07/2024 09:30, 2024-07-15 hoặc 2024-07-15 09:30.",
        'a.md:5: featured: giá trị "maybe" không hợp lệ: viết true (có) hoặc false (không).',
        'a.md:6: status: trạng thái "publised" không hợp lệ. Có phải: published?',
        'a.md:7: tac_gia: trường "tac_gia" không có; có phải "author"? Sửa thành: author: X',
        'a.md:1: category: thiếu trường bắt buộc "category". Thêm một dòng: category: Hoạt động Hội',
    ]


def test_windows_bom_and_crlf_are_accepted():
    text, problem = frontmatter.decode("a.md", "\ufeff---\r\ntitle: T\r\n---\r\nx\r\n".encode())
    assert problem is None
    assert text == "---\ntitle: T\n---\nx\n"


def test_non_utf8_file_is_an_error_with_its_line():
    _, problem = frontmatter.decode("a.md", "---\ntitle: Hà\n".encode("cp1258"))
    assert problem.format() == (
        "a.md:2: encoding: tệp không phải UTF-8 (có thể lưu bằng Windows-1258). Mở tệp và lưu lại với bảng mã UTF-8."
    )


def test_page_needs_only_a_title():
    fm, values = checked("---\ntitle: Giới thiệu\n---\nx", frontmatter.PAGE_REQUIRED)
    assert fm.problems == [] and values == {"title": "Giới thiệu"}


def test_control_characters_from_word_are_removed_with_a_warning():
    text, warnings = frontmatter.strip_controls("a.md", "---\ntitle: Hội\x0b nghị\x1f\n---\nThân\x07 bài\n")
    assert text == "---\ntitle: Hội nghị\n---\nThân bài\n"
    assert [w.format() for w in warnings] == [
        "a.md:2: text: đã bỏ ký tự điều khiển vô hình U+000B, U+001F (thường do dán từ Word).",
        "a.md:4: text: đã bỏ ký tự điều khiển vô hình U+0007 (thường do dán từ Word).",
    ]
    assert all(w.warning for w in warnings)


def test_missing_space_after_colon_names_its_own_line():
    from content_model.frontmatter import split

    fm = split("content/articles/a.md", "---\ntitle:Tin không có dấu cách\ndate: 2024-07-25\nauthor: A\n---\nThân bài\n")
    (problem,) = fm.problems
    assert problem.format() == 'content/articles/a.md:2: title: thiếu dấu cách sau dấu hai chấm: viết "title: Tin không có dấu cách".'
