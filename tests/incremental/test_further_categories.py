"""Incremental builds with articles in several categories and with the editors'
registries (categories, bylines): the listings an article enters through ``also_in:``
are rendered again, and every rebuild equals a build from scratch."""

from __future__ import annotations

import pytest

from tests.incremental.test_incremental import clean_build_of, counts, files_of, write_many, written


@pytest.mark.parametrize("change", [
    "added, also in another category",
    "also_in added to an article",
    "also_in taken off an article",
    "category registry edited",
    "authors registry edited",
])
def test_further_categories_and_registries_rebuild_what_shows_them(site, tmp_path_factory, change):
    write_many(site)  # "Gương sáng": bai-0, bai-3, bai-6; "Hoạt động Hội": the others
    site.article("bai-3", title="Bài số 3", date="2024-07-13 08:00", category="Gương sáng", province="Lào Cai",
                 tags="[học bổng]", also_in="[Văn bản chỉ đạo]", body="Nội dung bài số 3.")
    site.write("data/chuyen-muc.yml", "Văn bản chỉ đạo:\n  description: Văn bản của Hội.\n")
    site.write("data/tac-gia.yml", "Minh Trang:\n  name: Nguyễn Minh Trang\n")
    assert site.build().returncode == 0
    listing = "chuyen-muc/hoat-dong-hoi/index.html"
    if change == "added, also in another category":
        site.article("moi", title="Bài mới, hai chuyên mục", date="2024-06-05 08:00", category="Gương sáng",
                     province="Huế", tags="[học bổng]", also_in="[Hoạt động Hội]")
    elif change == "also_in added to an article":
        site.article("bai-0", title="Bài số 0", date="2024-06-10 08:00", category="Gương sáng", province="Lào Cai",
                     tags="[học bổng]", also_in="[Hoạt động Hội]", body="Nội dung bài số 0.")
    elif change == "also_in taken off an article":
        site.article("bai-3", title="Bài số 3", date="2024-07-13 08:00", category="Gương sáng", province="Lào Cai",
                     tags="[học bổng]", body="Nội dung bài số 3.")
        listing = "chuyen-muc/van-ban-chi-dao/index.html"
    elif change == "category registry edited":
        site.write("data/chuyen-muc.yml", "Văn bản chỉ đạo:\n  description: Văn bản mới.\n  layout: grid\n")
        listing = "chuyen-muc/van-ban-chi-dao/index.html"
    elif change == "authors registry edited":
        site.write("data/tac-gia.yml", "Minh Trang:\n  name: Nguyễn Minh Trang\n  bio: Phóng viên.\n")
        listing = "tac-gia/minh-trang/index.html"
    result = site.build("-v")
    assert result.returncode == 0, result.stderr
    if change == "also_in taken off an article":  # the category's only article left it: no page
        assert not (site.output / listing).exists()
    else:
        assert any(listing in line for line in written(result)), listing
    if change == "added, also in another category":
        html = (site.output / listing).read_text(encoding="utf-8")
        assert "Bài mới, hai chuyên mục" in html
        # A listing the new article is not in is not written again.
        assert not any("tinh/lao-cai/index.html" in line for line in written(result))
        assert counts(result)[1] > 20
    assert files_of(site.output) == clean_build_of(site, tmp_path_factory)
