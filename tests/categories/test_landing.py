"""The category registry and the names of ``also_in:`` (pure functions), and the two
front matter fields of this feature set as the reader checks them."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from categories.landing import CategoryLanding, closest_name, further_categories, load_landings
from content_model import frontmatter
from content_model.dates import VIETNAM


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def test_landings_by_category_slug_list_by_default(tmp_path):
    registry = write(tmp_path / "chuyen-muc.yml", """
        Gương sáng hiếu học:
          description: Những tấm gương vượt khó.
          layout: Grid
        Học bổng – Khen thưởng:
          description: Tin trao học bổng.
        Văn bản chỉ đạo:
    """)
    landings, problems = load_landings(registry)
    assert problems == []
    assert landings == {
        "guong-sang-hieu-hoc": CategoryLanding("Gương sáng hiếu học", "Những tấm gương vượt khó.", "grid"),
        "hoc-bong-khen-thuong": CategoryLanding("Học bổng – Khen thưởng", "Tin trao học bổng.", "list"),
        "van-ban-chi-dao": CategoryLanding("Văn bản chỉ đạo"),
    }


def test_a_bad_layout_or_field_is_named_with_the_fix(tmp_path):
    registry = write(tmp_path / "chuyen-muc.yml", """
        Gương sáng:
          layout: gird
          descripton: Những tấm gương.
        Hoạt động Hội:
          layout: bảng
    """)
    landings, problems = load_landings(registry)
    assert [(p.line, p.field, p.message) for p in problems] == [
        (3, "Gương sáng.descripton", 'trường "descripton" không có; có phải "description"?'),
        (2, "Gương sáng.layout", 'cách trình bày "gird" không có; có phải "grid"?'),
        (5, "Hoạt động Hội.layout", 'cách trình bày "bảng" không có; viết list (danh sách) hoặc grid '
                                    "(lưới thẻ có ảnh)."),
    ]
    assert landings["guong-sang"].layout == "list"


KNOWN = {"hoat-dong-hoi": "Hoạt động Hội", "hoc-bong-khen-thuong": "Học bổng – Khen thưởng",
         "guong-sang-hieu-hoc": "Gương sáng hiếu học"}


@pytest.mark.parametrize("names, slugs, problems", [
    (["Gương sáng hiếu học"], ["guong-sang-hieu-hoc"], []),
    # Spelt another way, the same address: the same category.
    (["guong sang hieu hoc", "GƯƠNG SÁNG HIẾU HỌC"], ["guong-sang-hieu-hoc"], []),
    # The article's own category named again is left out.
    (["Hoạt động Hội", "Học bổng – Khen thưởng"], ["hoc-bong-khen-thuong"], []),
    (["Gương sáng hiếu hoc"], ["guong-sang-hieu-hoc"], []),
    (["Gương sáng hiu học"], [], ['chuyên mục "Gương sáng hiu học" không có trên trang; có phải "Gương sáng hiếu '
                                  'học"? Sửa thành: Gương sáng hiếu học.']),
    (["Thể thao"], [], ['chuyên mục "Thể thao" không có trên trang; các chuyên mục đang có: Gương sáng hiếu học, '
                        "Hoạt động Hội, Học bổng – Khen thưởng. Chuyên mục mới bắt đầu bằng một bài có "
                        "category: Thể thao, hoặc thêm nó vào content/data/chuyen-muc.yml."]),
])
def test_further_categories(names, slugs, problems):
    assert further_categories(names, KNOWN, "hoat-dong-hoi") == (slugs, problems)


def test_closest_name_ignores_tone_marks_and_case():
    assert closest_name("hoat dong hoi", KNOWN.values()) == "Hoạt động Hội"
    assert closest_name("Văn bản", KNOWN.values()) is None


def checked(text: str):
    fm = frontmatter.split("bai.md", text)
    return fm, frontmatter.check_fields(fm, frontmatter.ARTICLE_REQUIRED, VIETNAM)


HEAD = "---\ntitle: Bài\ndate: 2024-07-15\nauthor: An\ncategory: Hoạt động Hội\n"


@pytest.mark.parametrize("line, expected", [
    ("also_in: [Học bổng, Gương sáng, học bổng]", ["Học bổng", "Gương sáng"]),
    ("also_in: Học bổng,  Gương   sáng", ["Học bổng", "Gương sáng"]),
    ("chuyên_mục_khác: [Học bổng]", None),  # a Vietnamese name: an error that gives the key
])
def test_also_in_is_a_list_of_names(line, expected):
    fm, values = checked(HEAD + line + "\n---\nNội dung.\n")
    if expected is None:
        assert [p.message for p in fm.problems] == [
            'trường "chuyên_mục_khác" không có; có phải "also_in"? Sửa thành: also_in: [Học bổng]']
    else:
        assert fm.problems == [] and values["also_in"] == expected


def test_link_must_be_a_web_address():
    fm, values = checked(HEAD + "link: https://giaoducthoidai.vn/bai.html\n---\nNội dung.\n")
    assert fm.problems == [] and values["link"] == "https://giaoducthoidai.vn/bai.html"
    fm, values = checked(HEAD + "liên_kết: https://a.vn\nlink: javascript:alert(1)\n---\nNội dung.\n")
    assert "link" not in values
    assert [(p.line, p.field, p.message) for p in fm.problems] == [
        (6, "liên_kết", 'trường "liên_kết" không có; có phải "link"? Sửa thành: link: https://a.vn'),
        (7, "link", 'liên kết ngoài "javascript:alert(1)" không phải địa chỉ trang web: phải bắt đầu bằng https:// '
                    "(hoặc http://), không có dấu cách, ví dụ https://giaoducthoidai.vn/ten-bai-viet.html."),
    ]
