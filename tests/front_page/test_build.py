"""The front page, the category leads and the menu page through the real build."""

from __future__ import annotations

import re

import pytest

from front_page.front_page import FrontPageSettings
from sitecore.errors import ConfigError


def main_of(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def sidebar_of(html: str) -> str:
    return html.split('<aside class="sidebar"', 1)[1].split("</aside>", 1)[0]


def lead_title(html: str) -> str:
    return re.search(r'<a class="lead-story__link" href="[^"]+">([^<]+)</a>', html).group(1)


def section_titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="front-section__title" id="[^"]+">(?:<a href="[^"]+">)?([^<]+)', html)


def listed(html: str) -> list[str]:
    return re.findall(r'<a class="item__link" href="[^"]+"[^>]*>([^<]+)</a>', html)  # rel="external …" on a link out


def block(html: str, heading_id: str) -> list[str]:
    match = re.search(rf'aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    return re.findall(r'<a href="[^"]*">([^<]+)</a>', match.group(1)) if match else []


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    from tests.conftest import Site

    site = Site(tmp_path_factory.mktemp("front"))
    site.image("images/lon.jpg", (1200, 800))
    site.image("images/nho.jpg", (900, 600))
    site.image("images/tinh.jpg", (900, 600))
    site.article("noi-bat", title="Tin nổi bật có ảnh", date="2024-07-01 08:00", featured="true",
                 image="images/lon.jpg", image_caption="Ảnh lớn", province="Yên Bái")
    site.article("het-han", title="Nổi bật đã hết hạn", date="2024-07-09 08:00", featured="true",
                 featured_until="2026-10-31")
    for day in range(2, 9):
        site.article(f"hd-{day}", title=f"Hoạt động {day}", date=f"2024-07-{day:02d} 09:00")
    for day in range(2, 6):
        site.article(f"vb-{day}", title=f"Văn bản {day}", date=f"2024-06-{day:02d} 09:00",
                     category="Văn bản chỉ đạo", **({"image": "images/nho.jpg"} if day == 3 else {}))
    site.article("tinh", title="Tin của tỉnh", date="2024-05-01 09:00", category="Gương sáng hiếu học",
                 province="Thái Bình", image="images/tinh.jpg")
    # older than what its category's section shows: it is left for the provinces' news
    site.article("tinh-cu", title="Tin tỉnh cũ", date="2024-04-01 09:00", province="Thái Bình")
    result = site.build()
    assert result.returncode == 0, result.stderr
    return site, result


def test_home_has_a_lead_story_sections_provinces_and_a_gallery(news):
    _, result = news
    home = main_of(result.page("index.html"))
    assert lead_title(home) == "Tin nổi bật có ảnh"  # the newest featured one still featured
    # the lead's large photo is a derived copy, loaded first; no original is published
    lead = re.search(r'<article class="lead-story.*?</article>', home, re.S).group(0)
    assert re.search(r'<source type="image/webp" srcset="\./anh/[0-9a-f]+/lon-\d+\.webp \d+w', lead)
    assert 'fetchpriority="high"' in lead and 'loading="lazy"' not in lead and "images/lon.jpg" not in lead
    assert not list(result.output.rglob("lon.jpg"))
    top = home.split('<div class="front-sections">')[0]
    assert listed(top) == ["Nổi bật đã hết hạn", "Hoạt động 8", "Hoạt động 7", "Hoạt động 6"]
    # a section per category in use, the most used first, none repeating a story above
    assert section_titles(home) == ["Hoạt động Hội", "Văn bản chỉ đạo", "Gương sáng hiếu học",
                                    "Tin các tỉnh hội", "Sự kiện qua ảnh"]
    sections = re.findall(r'<section class="front-section"[^>]*>(.*?)</section>', home, re.S)
    assert listed(sections[0]) == ["Hoạt động 5", "Hoạt động 4", "Hoạt động 3", "Hoạt động 2"]
    assert '<a href="./chuyen-muc/hoat-dong-hoi/">Xem thêm<span class="visually-hidden"> tin Hoạt động Hội</span>' \
        in sections[0]
    assert listed(sections[1]) == ["Văn bản 5", "Văn bản 4", "Văn bản 3", "Văn bản 2"]
    assert listed(sections[2]) == ["Tin của tỉnh"]
    # the provinces' news: what is left once the sections took theirs
    provinces = re.search(r'aria-labelledby="tin-tinh-hoi">(.*?)</section>', home, re.S).group(1)
    assert listed(provinces) == ["Tin tỉnh cũ"]
    assert '<a href="./tinh/">Xem thêm<span class="visually-hidden"> tin các tỉnh hội</span>' in provinces
    gallery = re.search(r'<ul class="gallery".*?</ul>', home, re.S).group(0)
    links = re.findall(r'<a class="gallery__link" href="([^"]+)">', gallery)
    assert links == ["./tin/2024/06/03/van-ban-3/", "./tin/2024/05/01/tin-cua-tinh/"]  # the lead's photo left out
    assert re.findall(r'<img class="gallery__img" src="\./anh/[0-9a-f]+/(\w+)-nho-160\.jpg"', gallery) == ["nho", "tinh"]


def test_home_sidebar_does_not_repeat_the_main_column(news):
    _, result = news
    home = sidebar_of(result.page("index.html"))
    assert "khoi-tin-moi" not in home  # "Tin mới cập nhật": the main column shows the newest
    assert block(home, "khoi-tieu-diem") == []  # "Tiêu điểm" had only the lead story
    # the other pages load both blocks whole (the files they come from)
    assert block(result.page("khoi/tieu-diem.html"), "khoi-tieu-diem") == ["Tin nổi bật có ảnh"]
    assert block(result.page("khoi/tin-moi.html"), "khoi-tin-moi")[:2] == ["Nổi bật đã hết hạn", "Hoạt động 8"]


def test_category_pages_open_with_their_lead_story(news):
    _, result = news
    activities = main_of(result.page("chuyen-muc/hoat-dong-hoi/index.html"))
    assert lead_title(activities) == "Tin nổi bật có ảnh"
    assert "Tin nổi bật có ảnh" not in listed(activities)
    assert listed(activities)[:2] == ["Nổi bật đã hết hạn", "Hoạt động 8"]
    # no featured article: the newest with a photo leads
    documents = main_of(result.page("chuyen-muc/van-ban-chi-dao/index.html"))
    assert lead_title(documents) == "Văn bản 3"
    assert listed(documents) == ["Văn bản 5", "Văn bản 4", "Văn bản 2"]


def test_menu_page_lists_every_way_into_the_news(news):
    _, result = news
    menu = main_of(result.page("danh-muc/index.html"))
    assert "<h1>Danh mục trang tin</h1>" in menu
    for href, text in [("../chuyen-muc/hoat-dong-hoi/", "Hoạt động Hội"), ("../tinh/", "Tất cả tỉnh hội"),
                       ("#khoi-lich", "Lịch tin (tìm tin theo ngày)"), ("../tin/", "Tất cả tin theo năm, tháng"),
                       ("../tra-cuu/", "Tra cứu bài viết được đăng"), ("../rss/", "Nhận tin qua RSS"),
                       ("../tim-kiem/", "Tìm kiếm"), ("../cum/tay-bac/", "Cụm Tây Bắc")]:
        assert f'<a href="{href}">{text}</a>' in menu
    # every page's header links to it where the phone menu button goes
    article = result.page("tin/2024/07/02/hoat-dong-2/index.html")
    assert re.search(r'<a class="menu-toggle" id="nut-danh-muc" href="\.\./\.\./\.\./\.\./\.\./danh-muc/" '
                     r'data-menu="menu-chinh">', article)


def test_a_new_featured_article_changes_the_leads_of_an_incremental_build(tmp_path):
    from tests.conftest import Site

    site = Site(tmp_path)
    site.image("images/a.jpg", (900, 600))
    site.article("cu", title="Nổi bật cũ", date="2024-07-01 08:00", featured="true", image="images/a.jpg")
    later = site.article("moi", title="Bài mới", date="2024-07-05 08:00")
    first = site.build()
    assert first.returncode == 0, first.stderr
    assert lead_title(first.page("index.html")) == "Nổi bật cũ"
    # only the featured flag changes: a field other pages see only through choices
    later.write_text(later.read_text(encoding="utf-8").replace("category:", "featured: true\ncategory:"),
                     encoding="utf-8")
    second = site.build()
    assert second.returncode == 0, second.stderr
    assert lead_title(second.page("index.html")) == "Bài mới"
    assert lead_title(second.page("chuyen-muc/hoat-dong-hoi/index.html")) == "Bài mới"


def test_settings_problems_are_reported_together():
    with pytest.raises(ConfigError) as caught:
        FrontPageSettings.from_pelican({"FRONT_PAGE_SECONDARY": -1, "FRONT_PAGE_GALLERY_ITEMS": "8",
                                        "FRONT_PAGE_SECTIONS": "Hoạt động Hội", "FRONT_PAGE_MENU_URL": "/menu"})
    assert str(caught.value) == (
        "FRONT_PAGE_SECONDARY: -1 không hợp lệ; cần một số nguyên từ 0 trở lên, ví dụ FRONT_PAGE_SECONDARY = 4. "
        "FRONT_PAGE_GALLERY_ITEMS: '8' không hợp lệ; cần một số nguyên từ 0 trở lên, ví dụ "
        "FRONT_PAGE_GALLERY_ITEMS = 8. "
        "FRONT_PAGE_SECTIONS: 'Hoạt động Hội' không hợp lệ; cần danh sách tên chuyên mục, ví dụ "
        'FRONT_PAGE_SECTIONS = ["Hoạt động Hội", "Học bổng – Khen thưởng"], hoặc None để lấy các chuyên mục có '
        "nhiều tin nhất. "
        "FRONT_PAGE_MENU_URL: '/menu' không hợp lệ; cần địa chỉ tương đối kết thúc bằng \"/\", ví dụ "
        'FRONT_PAGE_MENU_URL = "danh-muc/".')


def test_sections_named_in_the_settings_come_in_their_order_and_an_unknown_one_stops_the_build(site):
    site.article("a", title="Tin hoạt động", date="2024-07-01 08:00")
    site.article("b", title="Tin văn bản", date="2024-07-02 08:00", category="Văn bản chỉ đạo")
    site.article("c", title="Tin gương sáng", date="2024-06-02 08:00", category="Gương sáng hiếu học")
    site.article("d", title="Tin gương sáng 2", date="2024-06-01 08:00", category="Gương sáng hiếu học")
    result = site.build("-e", 'FRONT_PAGE_SECTIONS=["Gương sáng hiếu học", "Hoạt động Hội"]',
                        "FRONT_PAGE_SECONDARY=0")
    assert result.returncode == 0, result.stderr
    assert section_titles(main_of(result.page("index.html")))[:2] == ["Gương sáng hiếu học", "Hoạt động Hội"]
    bad = site.build("-e", 'FRONT_PAGE_SECTIONS=["Hoạt động Hội", "Hoat dong"]')
    assert bad.returncode == 1
    assert ('pelicanconf.py: FRONT_PAGE_SECTIONS: "Hoat dong" không phải chuyên mục có tin. Các chuyên mục có '
            'tin: "Gương sáng hiếu học", "Hoạt động Hội", "Văn bản chỉ đạo".') in bad.stderr
