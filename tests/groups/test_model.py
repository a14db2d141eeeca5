"""The groups file and what it names (pure rules: plugins/groups/model.py)."""

from __future__ import annotations

import textwrap

import pytest

from groups.model import CATEGORY, HOME, Known, Problem, address_of, parse, resolve

CATEGORIES = {"hoat-dong-hoi": "Hoạt động Hội", "guong-sang": "Gương sáng"}


def known(slug, date="2026/10/20", category="hoat-dong-hoi", state="published"):
    return Known(slug, slug, f"tin/{date}/{slug}/", f"articles/{date[:4]}/{slug}.md", category,
                 CATEGORIES[category], state)


ARTICLES = [known("hoi-thi-can-bo"), known("dai-hoi"), known("guong-sang-mot", category="guong-sang"),
            known("ban-nhap", state="draft"), known("hen-gio", state="scheduled"),
            known("trao-hoc-bong", "2024/09/06"), known("trao-hoc-bong", "2025/09/06")]


def run(text: str):
    specs, problems = parse(textwrap.dedent(text))
    groups, found = resolve(specs, ARTICLES, CATEGORIES)
    return groups, problems + found


def test_a_group_lists_its_articles_in_the_files_order_by_address_file_or_slug():
    groups, problems = run("""
        groups:
          - slug: tin-noi-bat
            title: Tin nổi bật
            show: trang-chu
            articles:
              - dai-hoi
              - https://khuyenhoc.vn/tin/2026/10/20/hoi-thi-can-bo/index.html
              - content/articles/2024/trao-hoc-bong.md
              - hen-gio
          - slug: tin-chinh
            title: Tin chính
            show: chuyen-muc
            category: gương sáng
            articles: [guong-sang-mot]
        """)
    assert problems == []
    home, lead = groups
    # a scheduled article waits for its date; the others in the file's order
    assert (home.show, home.articles) == (HOME, ("dai-hoi", "hoi-thi-can-bo", "trao-hoc-bong"))
    assert (lead.show, lead.category, lead.articles) == (CATEGORY, "guong-sang", ("guong-sang-mot",))


@pytest.mark.parametrize("entry, line, field, message", [
    ("hoi-thi-can-bp", 6, "articles",
     'không có bài "hoi-thi-can-bp". Có phải "hoi-thi-can-bo"? Sửa thành: - tin/2026/10/20/hoi-thi-can-bo/'),
    ("ban-nhap", 6, "articles",
     'bài "ban-nhap" (articles/2026/ban-nhap.md) còn là bản nháp (status: draft): nhóm chỉ hiện bài đã đăng. '
     "Đăng bài (status: published) hoặc bỏ dòng này."),
    ("trao-hoc-bong", 6, "articles",
     'có 2 bài cùng slug "trao-hoc-bong": ghi địa chỉ đầy đủ của bài muốn chọn, một trong: '
     "tin/2024/09/06/trao-hoc-bong/, tin/2025/09/06/trao-hoc-bong/."),
])
def test_an_article_the_group_cannot_show_is_named_with_its_line_and_the_fix(entry, line, field, message):
    _, problems = run(f"""
        groups:
          - slug: tin-noi-bat
            title: Tin nổi bật
            show: trang-chu
            articles: [dai-hoi]
          - slug: khac
            title: Khác
            show: chuyen-muc
            category: Hoạt động Hội
            articles:
              - {entry}
        """)
    assert problems == [Problem(line + 6, field, message)]  # the text opens with an empty line


@pytest.mark.parametrize("text, expected", [
    ("groups:\n  - slug: Tin Noi Bat\n    title: A\n    show: trang-chu\n    articles: []\n",
     [Problem(2, "slug", 'slug "Tin Noi Bat" chỉ dùng chữ thường không dấu, chữ số và dấu gạch nối, '
                         "ví dụ slug: tin-noi-bat.")]),
    ("groups:\n  - slug: a\n    title: A\n    show: trang chu\n    articles: []\n",
     [Problem(4, "show", 'nơi hiện "trang chu" không có: viết show: trang-chu (dãy tin chạy ngang đầu trang chủ) '
                         "hoặc show: chuyen-muc (tin nổi bật đầu một chuyên mục). Có phải: trang-chu?")]),
    ("groups:\n  - slug: a\n    title: A\n    show: chuyen-muc\n    category: Hoat dong\n    articles: []\n",
     [Problem(5, "category", 'không có chuyên mục "Hoat dong". Có phải "Hoạt động Hội"? Các chuyên mục có tin: '
                             "Gương sáng, Hoạt động Hội.")]),
    ("groups:\n  - slug: a\n    title: A\n    show: chuyen-muc\n    category: Gương sáng\n    articles: [dai-hoi]\n",
     [Problem(6, "articles", 'bài "dai-hoi" thuộc chuyên mục "Hoạt động Hội", không phải "Gương sáng": tin nổi bật '
                             "của một chuyên mục phải là bài của chuyên mục đó. Chọn bài khác hoặc đổi category.")]),
    ("groups:\n  - slug: a\n    title: A\n    show: trang-chu\n    articles: [dai-hoi, dai-hoi]\n"
     "  - slug: a\n    title: B\n    show: trang-chu\n    articles: []\n",
     [Problem(6, "slug", 'slug "a" trùng với nhóm ở dòng 2: đặt tên khác.'),
      Problem(5, "articles", 'bài "dai-hoi" đã có ở dòng 5 của nhóm này: bỏ một dòng.'),
      Problem(6, "show", 'trang chủ đã có nhóm "a" (dòng 2); mỗi nơi một nhóm: gộp hai danh sách hoặc bỏ một nhóm.')]),
    ("groups:\n  - slug: a\n    tittle: A\n    show: trang-chu\n    articles: []\n",
     [Problem(3, "tittle", 'trường "tittle" không có. Có phải "title"?'),
      Problem(2, "title", 'nhóm thiếu trường "title". Thêm một dòng: title: Tin nổi bật')]),
    ("groups:\n  - slug: a\n\ttitle: A\n", [Problem(3, "groups", "lỗi cú pháp YAML (found character '\\t' that cannot "
                                                             "start any token). Kiểm tra dấu hai chấm, dấu gạch đầu "
                                                             "dòng và thụt lề bằng dấu cách (không dùng Tab).")]),
])
def test_every_problem_of_the_file_is_named_with_its_line(text, expected):
    assert run(text)[1] == expected


def test_an_empty_file_has_no_groups():
    assert run("") == ([], [])
    assert run("groups:\n") == ([], [])


def test_a_reference_bomb_is_refused_before_it_is_walked():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for n, p in zip("bcdefgh", "abcdefg"))
    _, problems = parse(bomb + "groups: [*h]\n")
    assert [p.field for p in problems] == ["groups"] and "tệp quá lớn" in problems[0].message


@pytest.mark.parametrize("text, address", [
    ("tin/2026/10/20/x/", "tin/2026/10/20/x/"),
    ("/tin/2026/10/20/x/index.html", "tin/2026/10/20/x/"),
    ("https://khuyenhoc.vn/tin/2026/10/20/x/", "tin/2026/10/20/x/"),
    ("x", "x"),
])
def test_address_of(text, address):
    assert address_of(text) == address
