"""Several categories per article and each category's landing, through the real build."""

from __future__ import annotations

import re

REGISTRY = """
Gương sáng hiếu học:
  description: Những tấm gương vượt khó, học giỏi.
  layout: grid
Văn bản chỉ đạo:
  description: Văn bản của Trung ương Hội.
"""


def titles(html: str) -> list[str]:
    return re.findall(r'class="(?:item|lead-story)__link"[^>]*>([^<]+)</a>', html)


def write_site(site):
    site.write("data/chuyen-muc.yml", REGISTRY)
    site.image("images/a.jpg", (640, 480))
    site.article("mot", title="Trao học bổng", category="Học bổng", also_in="[Gương sáng hiếu học, học bổng]")
    site.article("hai", title="Em Lan học giỏi", date="2024-07-10 08:00", category="Gương sáng hiếu học",
                 image="images/a.jpg")
    site.article("ba", title="Chỉ thị mới", date="2024-07-12 08:00", category="Hoạt động Hội",
                 also_in="[Văn bản chỉ đạo]")


def test_an_article_is_listed_in_its_further_categories_and_their_feeds(site):
    write_site(site)
    result = site.build()
    assert result.returncode == 0, result.stderr
    # (its own article with a photo leads the category's first page)
    assert titles(result.page("chuyen-muc/guong-sang-hieu-hoc/index.html")) == ["Em Lan học giỏi", "Trao học bổng"]
    assert titles(result.page("chuyen-muc/hoc-bong/index.html")) == ["Trao học bổng"]
    # A category only the registry names gets a page once an article names it in also_in.
    assert titles(result.page("chuyen-muc/van-ban-chi-dao/index.html")) == ["Chỉ thị mới"]
    for feed in ("rss/chuyen-muc/guong-sang-hieu-hoc.xml", "atom/chuyen-muc/guong-sang-hieu-hoc.xml"):
        assert "tin/2024/07/15/trao-hoc-bong/" in result.page(feed), feed
    assert "trao-hoc-bong" not in result.page("rss/chuyen-muc/hoat-dong-hoi.xml")
    # The address and the breadcrumb follow category:, the page names the others.
    page = result.page("tin/2024/07/15/trao-hoc-bong/index.html")
    assert re.search(r'<nav class="breadcrumb"[^>]*>.*?chuyen-muc/hoc-bong/">Học bổng</a>', page, re.S)
    assert '<p class="article__also-in" data-pagefind-ignore>Cũng đăng trong: <a href="../../../../../chuyen-muc/' \
           'guong-sang-hieu-hoc/">Gương sáng hiếu học</a></p>' in page
    # The search's category filter finds it under both.
    assert re.findall(r'data-pagefind-filter="category:([^"]+)"', page) == ["Học bổng", "Gương sáng hiếu học"]


def test_a_category_landing_has_its_description_layout_and_badge_data(site):
    write_site(site)
    site.article("mot", title="Trao học bổng", category="Học bổng", also_in="[Gương sáng hiếu học]",
                 image="images/a.jpg")
    for n in range(3):
        site.article(f"them-{n}", title=f"Gương số {n}", date=f"2024-06-0{n + 1} 08:00",
                     category="Gương sáng hiếu học")
    site.article("bon", title="Hội nghị", date="2024-07-11 08:00", category="Hoạt động Hội")
    result = site.build("DEFAULT_PAGINATION=2")
    assert result.returncode == 0, result.stderr
    first = result.page("chuyen-muc/guong-sang-hieu-hoc/index.html")
    assert '<p class="category-intro">Những tấm gương vượt khó, học giỏi.</p>' in first
    assert '<div class="items items--grid" data-new-days="3" data-new-label="Mới">' in first
    assert re.search(r'<article class="item item--thumb item--card">', first)
    assert 'sizes="(min-width: 56rem) 15rem, (min-width: 36rem) 45vw, 100vw"' in first
    assert re.search(r'<script src="\.\./\.\./theme/js/new-badge\.js" defer></script>', first)
    # The description opens the newest page (the category's address) only; the layout holds on every page.
    second = result.page("chuyen-muc/guong-sang-hieu-hoc/trang/1/index.html")  # the oldest two
    assert "category-intro" not in second and "items--grid" in second
    # A category without an entry: a plain list, no description; the badge on every category.
    plain = result.page("chuyen-muc/hoat-dong-hoi/index.html")
    assert "category-intro" not in plain and "items--grid" not in plain and 'data-new-days="3"' in plain
    # No badge in any page: the script adds it from the dates (no page changes by the day).
    assert "badge-new" not in first


def test_no_badge_when_its_days_are_zero(site):
    write_site(site)
    result = site.build("CATEGORIES_NEW_DAYS=0")
    assert result.returncode == 0, result.stderr
    page = result.page("chuyen-muc/guong-sang-hieu-hoc/index.html")
    assert "data-new-days" not in page and "new-badge.js" not in page


def test_unknown_further_categories_and_bad_layouts_are_errors_with_the_fix(site):
    site.write("data/chuyen-muc.yml", """
        Gương sáng hiếu học:
          layout: gird
    """)
    site.article("mot", title="Trao học bổng", category="Học bổng", also_in="[Gương sáng hiu học, Thể thao]")
    site.article("hai", title="Bài hai", date="2024-07-16 08:00", category="Hoạt động Hội",
                 also_in="[Hoc bong]")  # the same address as "Học bổng": accepted
    result = site.build()
    assert result.returncode == 1
    lines = [re.sub(r"^.*?content/", "content/", line) for line in result.error_lines]
    assert lines == [
        'content/articles/mot.md:6: also_in: chuyên mục "Gương sáng hiu học" không có trên trang; có phải '
        '"Gương sáng hiếu học"? Sửa thành: Gương sáng hiếu học.',
        'content/articles/mot.md:6: also_in: chuyên mục "Thể thao" không có trên trang; các chuyên mục đang có: '
        "Gương sáng hiếu học, Hoạt động Hội, Học bổng. Chuyên mục mới bắt đầu bằng một bài có category: Thể thao, "
        "hoặc thêm nó vào content/data/chuyen-muc.yml.",
        'content/data/chuyen-muc.yml:2: Gương sáng hiếu học.layout: cách trình bày "gird" không có; có phải "grid"?',
    ]


def test_bad_settings_stop_the_build_with_their_fix(site):
    site.article("mot")
    result = site.build("CATEGORIES_NEW_DAYS=-1")
    assert result.returncode == 1
    assert "pelicanconf.py: CATEGORIES_NEW_DAYS: -1 phải là số ngày nguyên, 0 trở lên (0: không gắn nhãn Mới; " \
           "mặc định 3)" in result.stderr
