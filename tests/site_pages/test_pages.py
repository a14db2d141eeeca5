"""Each page type of the built sample site: what it lists, in which order, which links."""

from __future__ import annotations

import re
from html import unescape

import pytest

from site_pages.vndates import vn_datetime


def page(build, relative: str) -> str:
    return (build.output / relative).read_text(encoding="utf-8")


def items(html: str) -> list[tuple[str, str, str]]:
    """(address, title, meta line) of each listed article, in order."""
    found = re.findall(
        r'<a class="item__link" href="([^"]+)">([^<]+)</a>.*?<p class="item__meta">(.*?)</p>', html, re.S)
    return [(href, unescape(title), unescape(re.sub(r"<[^>]+>", "", meta))) for href, title, meta in found]


def dates_of(html: str) -> list[str]:
    return re.findall(r'<p class="item__meta"><time datetime="([^"]+)"', html)


def test_home_links_its_older_pages_numbered_from_the_oldest(sample_build):
    home = page(sample_build, "index.html")
    # The first page is the front page (tests/front_page); the numbered ones are plain
    # lists of twenty, page 1 the oldest (site_pages.pagination): 49 articles make one.
    assert 'href="./trang/1/" rel="next"' in home
    assert not (sample_build.output / "trang/2").exists()
    oldest = page(sample_build, "trang/1/index.html")
    listed = items(oldest)
    assert len(listed) == 20
    assert dates_of(oldest) == sorted(dates_of(oldest), reverse=True)
    assert '<p class="pagination__status">Trang 1</p>' in oldest
    assert '<a rel="prev" href="../../index.html">‹ Tin mới hơn</a>' in oldest
    assert '<a href="../../trang/1/" aria-current="page">1</a>' in oldest
    # an article with a photo has a thumbnail, one without has none
    assert re.search(r'class="item item--thumb">\s*<h2 class="item__title"><a class="item__link" href="../../tin/',
                     oldest)
    assert re.search(r'class="item">\s*<h2 class="item__title"><a class="item__link" href="../../tin/', oldest)


def test_article_page(sample_build):
    html = page(sample_build, "tin/2024/07/15/hoi-khuyen-hoc-tinh-yen-bai-trao-hoc-bong-he-2024/index.html")
    crumbs = re.search(r'<nav class="breadcrumb".*?</nav>', html, re.S).group(0)
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', crumbs) == [
        ("../../../../../", "Trang chủ"), ("../../../../../chuyen-muc/hoc-bong-khen-thuong/", "Học bổng – Khen thưởng")]
    assert '<time datetime="2024-07-15T09:30:00+07:00">Thứ Hai, 15/07/2024 09:30</time>' in html
    assert '<a href="../../../../../tinh/yen-bai/">Yên Bái</a>' in html
    assert '<a href="../../../../../cum/tay-bac/">Cụm Tây Bắc</a>' in html
    assert "<figcaption>Lễ trao học bổng hè năm 2024</figcaption>" in html
    # the author's name after the body, then the tags
    body_end = html.index('<p class="article__author"><a href="../../../../../tac-gia/thu-ha/">Thu Hà</a></p>')
    assert body_end > html.index('<div class="article__body">') and html.index("article__tags") > body_end
    assert '<a href="../../../../../tu-khoa/hoc-bong/">học bổng</a>' in html
    older = re.search(r'rel="prev" href="([^"]+)"', html).group(1)
    newer = re.search(r'rel="next" href="([^"]+)"', html).group(1)
    dated = sorted(p.parent.relative_to(sample_build.output).as_posix()
                   for p in sample_build.output.glob("tin/*/*/*/*/index.html"))
    here = dated.index("tin/2024/07/15/hoi-khuyen-hoc-tinh-yen-bai-trao-hoc-bong-he-2024")
    assert older == f"../../../../../{dated[here - 1]}/" and newer == f"../../../../../{dated[here + 1]}/"


def test_category_tag_author_pages(sample_build):
    category = page(sample_build, "chuyen-muc/van-ban-chi-dao/index.html")
    assert "<h1>Chuyên mục: Văn bản chỉ đạo</h1>" in category
    assert dates_of(category) == sorted(dates_of(category), reverse=True)
    assert all(href.startswith("../../tin/") for href, _, _ in items(category))
    assert "Tin Trung ương Hội" in items(category)[0][2]  # central news says so
    assert "<h1>Từ khóa: học bổng</h1>" in page(sample_build, "tu-khoa/hoc-bong/index.html")
    author = page(sample_build, "tac-gia/thu-ha/index.html")
    assert "<h1>Tác giả: Thu Hà</h1>" in author and len(items(author)) >= 4


def test_merged_provinces(sample_build):
    yen_bai = page(sample_build, "tinh/yen-bai/index.html")
    assert "<h1>Tin tức tỉnh Yên Bái</h1>" in yen_bai
    assert 'Từ 01/07/2025, tỉnh Yên Bái hợp nhất vào <a href="../../tinh/lao-cai/">tỉnh Lào Cai</a>' in yen_bai
    assert {t for _, t, _ in items(yen_bai)} >= {"Hội Khuyến học tỉnh Yên Bái trao học bổng hè 2024"}
    assert "Ra mắt Hội Khuyến học tỉnh Lào Cai sau hợp nhất" not in yen_bai.split("<main", 1)[1].split("</main>")[0]
    lao_cai = page(sample_build, "tinh/lao-cai/index.html")
    assert "<h1>Tin tức tỉnh Lào Cai</h1>" in lao_cai
    assert re.search(r'Từ 01/07/2025, tỉnh Lào Cai gồm cả\s*<a href="../../tinh/yen-bai/">tỉnh Yên Bái</a>', lao_cai)
    listed = {t: meta for _, t, meta in items(lao_cai)}
    assert "Yên Bái" in listed["Hội Khuyến học tỉnh Yên Bái trao học bổng hè 2024"]  # labelled as written
    assert "Lào Cai" in listed["Ra mắt Hội Khuyến học tỉnh Lào Cai sau hợp nhất"]
    assert dates_of(lao_cai) == sorted(dates_of(lao_cai), reverse=True)


def test_cluster_central_and_directory(sample_build):
    cluster = page(sample_build, "cum/dong-bac/index.html")
    assert "<h1>Cụm Đông Bắc</h1>" in cluster
    members = re.search(r'<ul class="members">(.*?)</ul>', cluster, re.S).group(1)
    assert re.findall(r">([^<]+)</a>", members) == [
        "Cao Bằng", "Hải Phòng", "Lạng Sơn", "Quảng Ninh", "Thái Nguyên", "Bắc Giang", "Bắc Kạn", "Hải Dương"]
    assert all("Cụm Đông Bắc" in meta or any(p in meta for p in ("Cao Bằng", "Hải Phòng", "Lạng Sơn", "Quảng Ninh",
               "Thái Nguyên", "Bắc Giang", "Bắc Kạn", "Hải Dương")) for _, _, meta in items(cluster))
    central = page(sample_build, "trung-uong/index.html")
    assert "<h1>Tin Trung ương Hội</h1>" in central
    assert items(central) and all(meta.endswith("Tin Trung ương Hội") for _, _, meta in items(central))
    directory = page(sample_build, "tinh/index.html")
    assert directory.count('<section>') == 8 or directory.count("<h2><a href") >= 8
    assert "tỉnh Yên Bái</a> – nay thuộc tỉnh Lào Cai" in directory
    sidebar = re.search(r'<section class="block block--provinces".*?</section>', page(sample_build, "index.html"), re.S).group(0)
    assert sidebar.count("<details") == 8 and "TỈNH HỘI" not in sidebar  # heading text is styled uppercase
    assert "Tỉnh hội khuyến học" in sidebar


def test_special_characters_are_escaped_everywhere(sample_build):
    html = page(sample_build, "tin/2022/04/20/hoi-thao-hoc-tap-suot-doi-chuyen-doi-so-2022/index.html")
    assert "<h1 class=\"article__title\">Hội thảo &#34;Học tập suốt đời&#34; &amp; chuyển đổi số &lt;2022&gt;</h1>" in html
    assert "<2022>" not in html
    listing = page(sample_build, "chuyen-muc/xay-dung-xa-hoi-hoc-tap/index.html")
    assert "&amp; chuyển đổi số &lt;2022&gt;" in listing


@pytest.mark.parametrize("moment, text", [("2018-05-23T03:22:00+07:00", "Thứ Tư, 23/05/2018 03:22"),
                                          ("2023-12-31T22:00:00+00:00", "Thứ Hai, 01/01/2024 05:00")])
def test_one_date_format(moment, text):
    import datetime as dt

    assert vn_datetime(dt.datetime.fromisoformat(moment)) == text


def test_a_missing_paginated_template_is_one_line_and_no_build(site):
    """The settings check on Pelican's ``initialized`` signal (sitecore.errors.settings_check):
    the fix in one line, never a traceback, nothing read or written."""
    site.article("one", title="Bài một")
    result = site.build('PAGINATED_TEMPLATES={"index": null, "province": null}')
    assert result.returncode == 1
    assert result.stderr.strip() == (
        'pelicanconf.py: PAGINATED_TEMPLATES: thiếu "cluster", "central" (các trang tỉnh, cụm và Trung ương Hội '
        'được chia trang như trang chủ). Thêm vào pelicanconf.py, ví dụ: "province": None.')
    assert not site.output.exists()
