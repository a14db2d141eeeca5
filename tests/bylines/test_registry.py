"""The authors' and sources' registries and what a byline shows (pure functions)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bylines.registry import (AuthorProfile, Source, external_label, load_authors, load_sources, photos_of,
                              source_of)
from sitecore.urls import web_address_problem


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def problems_of(problems) -> list[tuple[int, str, str]]:
    return [(p.line, p.field, p.message) for p in problems]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "images/tac-gia").mkdir(parents=True)
    (root / "images/tac-gia/minh-trang.jpg").write_bytes(b"jpeg")
    return root


def test_authors_by_the_slug_of_the_name_articles_write(content):
    registry = write(content / "data/tac-gia.yml", """
        Minh Trang:
          name: Nguyễn Minh Trang
          pen_name: Minh Trang
          photo: /images/tac-gia/minh-trang.jpg
          bio: |
            Phóng viên
            Ban Tuyên truyền.
        Thu Hà:
          name: Lê Thu Hà
    """)
    profiles, problems = load_authors(registry, content)
    assert problems == []
    assert profiles == {
        "minh-trang": AuthorProfile("Minh Trang", "Nguyễn Minh Trang", "Minh Trang", "images/tac-gia/minh-trang.jpg",
                                    "Phóng viên Ban Tuyên truyền.", 4),
        "thu-ha": AuthorProfile("Thu Hà", "Lê Thu Hà"),
    }


def test_no_registry_file_is_an_empty_registry(content):
    assert load_authors(content / "data/tac-gia.yml", content) == ({}, [])
    assert load_sources(content / "data/nguon-tin.yml", content) == ({}, [])


def test_every_problem_of_the_authors_file_with_its_line(content):
    registry = write(content / "data/tac-gia.yml", """
        Minh Trang:
          pen_name: MT
          photo: images/tac-gia/khong-co.jpg
          boi: Phóng viên
        Lan Anh:
          name: Trần Lan Anh
          photo: images/tac-gia/minh-trang.txt
        minh trang:
          name: Khác
        Văn Nam: một dòng
    """)
    profiles, problems = load_authors(registry, content)
    assert profiles == {"lan-anh": AuthorProfile("Lan Anh", "Trần Lan Anh")}
    assert problems_of(problems) == [
        (4, "Minh Trang.boi", 'trường "boi" không có; có phải "bio"?'),
        (8, "minh trang", 'tác giả "minh trang" được khai báo hai lần (dòng 1 và 8). Gộp thành một khối.'),
        (10, "Văn Nam", '"Văn Nam" phải có các dòng thụt vào hai dấu cách, ví dụ:\nVăn Nam:\n  name: …'),
        (1, "Minh Trang.name", 'tác giả "Minh Trang" thiếu họ tên. Thêm một dòng thụt vào: name: Nguyễn Minh Trang'),
        (3, "Minh Trang.photo", 'không tìm thấy ảnh "images/tac-gia/khong-co.jpg" (tìm ở '
                                "content/images/tac-gia/khong-co.jpg). Kiểm tra tên tệp (chữ hoa, chữ thường) "
                                "hoặc tải ảnh lên, ví dụ photo: images/tac-gia/ten-anh.jpg"),
        (7, "Lan Anh.photo", '"images/tac-gia/minh-trang.txt" không phải ảnh JPEG, PNG hay WebP. Ghi đường dẫn '
                             "một tệp ảnh, ví dụ photo: images/tac-gia/ten-anh.jpg"),
    ]


def test_a_yaml_syntax_error_names_its_line(content):
    registry = write(content / "data/tac-gia.yml", """
        Minh Trang:
          name: "Nguyễn Minh Trang
    """)
    [problem] = load_authors(registry, content)[1]
    assert (problem.line, problem.field) == (2, "yaml")
    assert problem.message.startswith("lỗi cú pháp YAML")


def test_sources_match_by_key_or_title_whatever_the_case_and_spacing(content):
    registry = write(content / "data/nguon-tin.yml", """
        Dân trí:
          title: Báo điện tử Dân trí
          link: https://dantri.com.vn
    """)
    sources, problems = load_sources(registry, content)
    assert problems == []
    source = Source("Dân trí", "Báo điện tử Dân trí", "https://dantri.com.vn")
    for written in ("Dân trí", "  dân   TRÍ ", "báo điện tử dân trí"):
        assert source_of(written, sources) == source
    assert source_of("Báo Tuổi trẻ", sources) is None
    assert source_of(None, sources) is None


def test_a_source_needs_a_title_and_a_web_address(content):
    registry = write(content / "data/nguon-tin.yml", """
        Dân trí:
          link: javascript:alert(1)
        Tuổi trẻ:
          title: Báo Tuổi trẻ
    """)
    sources, problems = load_sources(registry, content)
    assert sources == {}
    assert problems_of(problems) == [
        (1, "Dân trí.title", 'nguồn tin "Dân trí" thiếu trường "title". Thêm một dòng thụt vào: title: Dân trí'),
        (2, "Dân trí.link", 'trang của nguồn tin "javascript:alert(1)" không phải địa chỉ trang web: phải bắt đầu '
                            "bằng https:// (hoặc http://), không có dấu cách, ví dụ "
                            "https://giaoducthoidai.vn/ten-bai-viet.html."),
        (3, "Tuổi trẻ.link", 'nguồn tin "Tuổi trẻ" thiếu trường "link". Thêm một dòng thụt vào: '
                             "link: https://giaoducthoidai.vn"),
    ]


@pytest.mark.parametrize("address, good", [
    ("https://giaoducthoidai.vn/bai.html", True),
    ("http://khuyenhoc.vn", True),
    ("HTTPS://dantri.com.vn/a?b=c#d", True),
    ("ftp://example.com/x", False),
    ("javascript:alert(1)", False),
    ("giaoducthoidai.vn/bai.html", False),
    ("https://", False),
    ("https://bao.vn/có dấu cách", False),
    ("https://bao.vn:cong/", False),
    ("/tin/2024/", False),
])
def test_web_addresses(address, good):
    assert (web_address_problem(address) is None) == good


@pytest.mark.parametrize("source, written, label", [
    (Source("Dân trí", "Báo điện tử Dân trí", "https://dantri.com.vn"), "Dân trí", "Báo điện tử Dân trí"),
    (None, "Báo Nhân Dân", "Báo Nhân Dân"),
    (None, None, "giaoducthoidai.vn"),
])
def test_an_external_link_is_labelled_by_its_source_else_its_host(source, written, label):
    assert external_label("https://www.giaoducthoidai.vn/bai.html", source, written) == label


def test_the_pictures_the_registries_name():
    profiles = [AuthorProfile("A", "An", photo="images/a.jpg", photo_line=3), AuthorProfile("B", "Bình")]
    sources = [Source("S", "Sở", "https://so.vn", "images/s.png", 5)]
    assert photos_of(profiles, sources) == [("images/a.jpg", "A.photo", 3), ("images/s.png", "S.logo", 5)]
