"""Groups through the real build: the home page's headline slider, a category's lead
chosen by a group, the errors of a bad file."""

from __future__ import annotations

import re

import pytest

from tests.front_page.test_build import lead_title, listed, main_of

GROUPS = """
groups:
  - slug: tin-noi-bat
    title: Tin nổi bật tuần này
    show: trang-chu
    articles:
      - tin/2024/07/03/hoat-dong-3/
      - articles/hd-5.md
      - co-anh
  - slug: tin-chinh-van-ban
    title: Tin chính văn bản
    show: chuyen-muc
    category: Văn bản chỉ đạo
    articles: [van-ban-2]
"""


def write_news(site) -> None:
    site.image("images/lon.jpg", (1200, 800))
    site.article("noi-bat", title="Tin nổi bật tự động", date="2024-07-09 08:00", featured="true")
    site.article("co-anh", title="Có ảnh", date="2024-07-01 08:00", image="images/lon.jpg")
    for day in range(2, 9):
        site.article(f"hd-{day}", title=f"Hoạt động {day}", date=f"2024-07-{day:02d} 09:00")
    for day in range(2, 5):
        site.article(f"vb-{day}", title=f"Văn bản {day}", date=f"2024-06-{day:02d} 09:00",
                     category="Văn bản chỉ đạo", **({"featured": "true"} if day == 4 else {}))
    site.article("nhap", title="Bản nháp", date="2024-07-10 08:00", status="draft")


def slides(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="headline__link" href="([^"]+)">.*?<span class="headline__title">([^<]+)</span>',
                      html, re.S)


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    from tests.conftest import Site

    site = Site(tmp_path_factory.mktemp("groups"))
    write_news(site)
    site.write("nhom-tin.yml", GROUPS)
    result = site.build()
    assert result.returncode == 0, result.stderr
    return site, result


def test_the_home_page_opens_with_the_headline_group_in_its_order(news):
    site, result = news
    home = main_of(result.page("index.html"))
    assert 'id="nhom-tin-noi-bat">Tin nổi bật tuần này</h3>' in home
    assert [title for _, title in slides(home)] == ["Hoạt động 3", "Hoạt động 5", "Có ảnh"]
    for href, _ in slides(home):  # real links to the published pages
        assert (site.output / href.removeprefix("./") / "index.html").is_file(), href
    # the group takes the lead story's place; nothing of it is shown twice below
    assert "lead-story" not in home
    assert not {"Hoạt động 3", "Hoạt động 5", "Có ảnh"} & set(listed(home))
    assert "Tin nổi bật tự động" in listed(home)
    # its buttons' script is on this page alone
    assert "js/slider.js" in result.page("index.html")
    assert "js/slider.js" not in result.page("tin/2024/07/03/hoat-dong-3/index.html")
    assert "headline" not in main_of(result.page("chuyen-muc/hoat-dong-hoi/index.html"))


def test_a_group_chooses_a_categorys_lead_story_in_place_of_the_featured_one(news):
    _, result = news
    html = main_of(result.page("chuyen-muc/van-ban-chi-dao/index.html"))
    assert lead_title(html) == "Văn bản 2"
    assert "Văn bản 2" not in listed(html) and "Văn bản 4" in listed(html)
    # a category without a group keeps the automatic choice: its newest featured article
    assert lead_title(main_of(result.page("chuyen-muc/hoat-dong-hoi/index.html"))) == "Tin nổi bật tự động"


def test_without_a_groups_file_the_pages_are_as_before(site):
    write_news(site)
    result = site.build()
    assert result.returncode == 0, result.stderr
    home = main_of(result.page("index.html"))
    assert "headline" not in home and lead_title(home) == "Tin nổi bật tự động"
    assert lead_title(main_of(result.page("chuyen-muc/van-ban-chi-dao/index.html"))) == "Văn bản 4"


def test_a_group_naming_an_unknown_or_draft_article_stops_the_build_with_every_problem(site):
    write_news(site)
    assert site.build().returncode == 0
    before = site.output.joinpath("index.html").read_bytes()
    site.write("nhom-tin.yml", GROUPS.replace("articles/hd-5.md", "hoat-dong-55").replace("co-anh", "ban-nhap")
               .replace("Văn bản chỉ đạo", "Van ban chi dao"))
    result = site.build()
    assert result.returncode == 1, result.stderr
    path = site.content / "nhom-tin.yml"
    assert f'{path}:7: articles: không có bài "hoat-dong-55". Có phải "hoat-dong-5"? ' \
           "Sửa thành: - tin/2024/07/05/hoat-dong-5/" in result.stderr
    assert f'{path}:8: articles: bài "ban-nhap" (articles/nhap.md) còn là bản nháp (status: draft): nhóm chỉ ' \
           "hiện bài đã đăng. Đăng bài (status: published) hoặc bỏ dòng này." in result.stderr
    # a category named without tone marks is found all the same: two problems, no more
    assert len([line for line in result.stderr.splitlines() if line.startswith(str(path))]) == 2
    assert "Traceback" not in result.stderr
    assert site.output.joinpath("index.html").read_bytes() == before  # nothing published
