"""The sample site shows every block of the front page (the README's screenshots)."""

from __future__ import annotations

import re

from tests.front_page.test_build import lead_title, listed, main_of, section_titles


def test_sample_home_shows_headline_group_sections_provinces_and_gallery(sample_build):
    home = main_of(sample_build.page("index.html"))
    # the editors' headline group (content/nhom-tin.yml) in the lead story's place
    slides = re.findall(r'<a class="headline__link" href="\./([^"]+)">', home)
    assert 3 <= len(slides) <= 5 and all((sample_build.output / s / "index.html").is_file() for s in slides)
    assert "lead-story" not in home
    titles = section_titles(home)
    assert titles[-3:] == ["Tin các tỉnh hội", "Sự kiện qua ảnh", "Tin khác"] and len(titles) >= 7
    # "Tin khác": the rest of the newest page (listings are numbered from the oldest), so
    # paging on from the front page misses nothing; none of them shown above
    others = re.findall(r'<ul class="front-others">(.*?)</ul>', home, re.S)[0]
    rest = re.findall(r'<li><a href="\./([^"]+)">', others)
    assert rest and not set(rest) & set(slides)
    assert not {f"./{r}" for r in rest} & set(re.findall(r'<a class="item__link" href="([^"]+)"', home))
    sections = re.findall(r'<section class="front-section"[^>]*>(.*?)</section>', home, re.S)
    assert all(3 <= len(listed(s)) <= 5 and "Xem thêm" in s for s in sections[:4])
    shown = listed(home)
    assert len(shown) == len(set(re.findall(r'<a class="item__link" href="([^"]+)"', home)))  # none twice
    links = re.findall(r'<a class="gallery__link" href="\./([^"]+)">', home)
    assert len(links) >= 6 and all((sample_build.output / link / "index.html").is_file() for link in links)
    photos = re.findall(r'<img class="gallery__img" src="\./(anh/[^"]+\.jpg)"', home)
    assert len(photos) == len(links) == len(set(photos))
    assert all((sample_build.output / photo).is_file() for photo in photos)


def test_sample_category_pages_open_with_a_lead_story(sample_build):
    pages = sorted(sample_build.output.glob("chuyen-muc/*/index.html"))
    assert len(pages) >= 6
    for page in pages:
        html = main_of(page.read_text(encoding="utf-8"))
        assert lead_title(html) not in listed(html), page


def test_sample_category_lead_set_by_a_group(sample_build):
    # content/nhom-tin.yml chooses the lead of "Gương sáng hiếu học" in place of its newest
    # featured article (Lạng Sơn's, 25/09/2026)
    html = main_of(sample_build.page("chuyen-muc/guong-sang-hieu-hoc/index.html"))
    assert lead_title(html) == "Cô giáo vùng biên Quảng Trị và 15 năm &#34;gieo chữ&#34;"
