"""Articles in a province's folder: the folder and the province field agree."""

from __future__ import annotations

import pytest

from provinces.folders import folder_of, folder_problem
from provinces.registry import Registry

from tests.conftest import ROOT

REGISTRY = Registry.load(ROOT / "data" / "provinces.yml")


@pytest.mark.parametrize("relative, folder", [
    ("articles/lao-cai/2025/x.md", "lao-cai"),
    ("articles/2025/x.md", "2025"),
    ("articles/x.md", None),
    ("pages/lao-cai/x.md", None),
])
def test_folder_of(relative, folder):
    assert folder_of(relative, ["articles"]) == folder


@pytest.mark.parametrize("folder, written, problem", [
    ("2026", "Hà Nội", None),
    ("chuyen-de", None, None),  # a folder of another kind says nothing of the province
    ("lao-cai", "Lào Cai", None),
    ("lao-cai", "Yen Bai", None),  # a former unit's articles in its successor's folder
    ("yen-bai", "Yên Bái", None),
    ("lao-cai", "Hà Nội",
     'bài ghi province: "Hà Nội" (thành phố Hà Nội) nhưng nằm trong thư mục của tỉnh Lào Cai '
     "(content/articles/lao-cai/). Sửa thành province: Lào Cai, hoặc chuyển tệp sang content/articles/ha-noi/."),
    ("yen-bai", "Lào Cai",
     'bài ghi province: "Lào Cai" (tỉnh Lào Cai) nhưng nằm trong thư mục của tỉnh Yên Bái '
     "(content/articles/yen-bai/). Sửa thành province: Yên Bái, hoặc chuyển tệp sang content/articles/lao-cai/."),
    ("lao-cai", None,
     "bài nằm trong thư mục của tỉnh Lào Cai (content/articles/lao-cai/) nhưng không có trường province. "
     "Thêm một dòng province: Lào Cai; nếu là tin Trung ương Hội, chuyển tệp về thư mục năm "
     "(content/articles/<năm>/)."),
    ("laocai", "Lào Cai",
     'thư mục "laocai" giống tên tỉnh Lào Cai nhưng không đúng tên thư mục của tỉnh: đổi tên thành '
     "content/articles/lao-cai/ (người duyệt của tỉnh chỉ thấy thư mục đúng tên)."),
])
def test_folder_problem(folder, written, problem):
    province = REGISTRY.lookup(written) if written else None
    assert folder_problem(REGISTRY, folder, province, written) == problem


def test_province_folders_build_beside_year_folders_and_a_disagreeing_one_is_an_error(site):
    site.write("articles/lao-cai/2025/ra-mat.md", "---\ntitle: Ra mắt hội tỉnh\ndate: 2025-07-10 08:00\n"
               "author: Thu Hà\ncategory: Hoạt động Hội\nprovince: Lào Cai\n---\nNội dung.\n")
    site.write("articles/lao-cai/2024/yen-bai.md", "---\ntitle: Tin Yên Bái\ndate: 2024-07-10 08:00\n"
               "author: Thu Hà\ncategory: Hoạt động Hội\nprovince: Yên Bái\n---\nNội dung.\n")
    site.article("2024/trung-uong", title="Tin trung ương")
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = result.page("tinh/lao-cai/index.html")
    assert "Ra mắt hội tỉnh" in page and "Tin Yên Bái" in page
    assert "Tin trung ương" in result.page("trung-uong/index.html")

    site.write("articles/lao-cai/2025/ha-noi.md", "---\ntitle: Tin Hà Nội\ndate: 2025-07-11 08:00\n"
               "author: Thu Hà\ncategory: Hoạt động Hội\nprovince: Hà Nội\n---\nNội dung.\n")
    result = site.build()
    assert result.returncode == 1
    path = site.content / "articles/lao-cai/2025/ha-noi.md"
    articles = site.content / "articles"
    assert f'{path}:6: province: bài ghi province: "Hà Nội" (thành phố Hà Nội) nhưng nằm trong thư mục của ' \
           f"tỉnh Lào Cai ({articles}/lao-cai/). Sửa thành province: Lào Cai, hoặc chuyển tệp sang " \
           f"{articles}/ha-noi/." in result.stderr.splitlines()
    assert "Traceback" not in result.stderr
