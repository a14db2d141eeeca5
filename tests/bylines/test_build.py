"""Authors' profiles, registered sources and external-link articles through the real build."""

from __future__ import annotations

import re

AUTHORS = """
Minh Trang:
  name: Nguyễn Minh Trang
  pen_name: Trang Minh
  photo: images/tac-gia/minh-trang.jpg
  bio: Phóng viên Ban Tuyên truyền.
"""
SOURCES = """
Giáo dục và Thời đại:
  title: Báo Giáo dục và Thời đại
  link: https://giaoducthoidai.vn
  logo: images/nguon-tin/gdtd.png
"""


def write_site(site):
    site.write("data/tac-gia.yml", AUTHORS)
    site.write("data/nguon-tin.yml", SOURCES)
    site.image("images/tac-gia/minh-trang.jpg", (400, 400))
    site.image("images/nguon-tin/gdtd.png", (200, 60))
    site.article("mot", title="Trao học bổng", source="Giáo dục và Thời đại")
    site.article("hai", title="Bài của cộng tác viên", date="2024-07-16 08:00", author="Văn Nam",
                 source="Báo Nhân Dân")
    site.article("ngoai", title="Báo viết về tủ sách", date="2024-07-17 08:00", author="Minh Trang",
                 source="giáo dục và thời đại", summary="Tủ sách dùng chung ở khu chung cư.",
                 link="https://giaoducthoidai.vn/tu-sach.html")
    site.article("ngoai-2", title="Trang khác viết về hội", date="2024-07-14 08:00", author="Văn Nam",
                 link="https://www.khuyenhoc.example.vn/bai-1.html")


def test_an_author_page_shows_the_profile_above_the_articles(site):
    write_site(site)
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = result.page("tac-gia/minh-trang/index.html")
    profile = re.search(r'<section class="author-profile".*?</section>', page, re.S).group(0)
    assert '<h2 class="author-profile__name" id="gioi-thieu-tac-gia"><span class="visually-hidden">Giới thiệu tác ' \
           "giả: </span>Nguyễn Minh Trang</h2>" in profile
    assert "Bút danh: Trang Minh" in profile and "Phóng viên Ban Tuyên truyền." in profile
    # The photo as the images plugin derives it (small sizes, WebP and JPEG), never the original.
    photo = re.search(r'<img class="author-profile__photo" src="\.\./\.\./anh/[0-9a-f]+/minh-trang-nho-160\.jpg"'
                      r'[^>]*alt="Ảnh tác giả Nguyễn Minh Trang"', profile)
    assert photo and "minh-trang-nho-160.webp" in profile
    assert list(result.output.glob("anh/*/minh-trang-nho-160.jpg"))
    assert not (result.output / "images/tac-gia/minh-trang.jpg").exists()
    assert page.index("author-profile") < page.index('class="items"')
    # An author without an entry keeps a plain page; the byline links to either page.
    assert "author-profile" not in result.page("tac-gia/van-nam/index.html")
    article = result.page("tin/2024/07/15/trao-hoc-bong/index.html")
    assert '<p class="article__author"><a href="../../../../../tac-gia/minh-trang/">Minh Trang</a></p>' in article


def test_a_registered_source_links_to_its_site_and_free_text_stays(site):
    write_site(site)
    result = site.build()
    assert result.returncode == 0, result.stderr
    article = result.page("tin/2024/07/15/trao-hoc-bong/index.html")
    line = re.search(r'<p class="article__source article__source--registered">(.*?)</p>', article, re.S).group(1)
    assert line.startswith('Theo <a href="https://giaoducthoidai.vn" rel="external noopener"><picture>')
    assert re.search(r'<img class="article__source-logo" src="\.\./\.\./\.\./\.\./\.\./anh/[0-9a-f]+/gdtd-200\.png"'
                     r'[^>]* width="200" height="60" alt=""',
                     line)
    assert line.endswith("Báo Giáo dục và Thời đại</a>")
    free = result.page("tin/2024/07/16/bai-cua-cong-tac-vien/index.html")
    assert '<p class="article__source">(Theo Báo Nhân Dân)</p>' in free


def test_an_external_link_article_is_linked_there_from_listings_and_keeps_its_page(site):
    write_site(site)
    result = site.build()
    assert result.returncode == 0, result.stderr
    for listing in ("trung-uong/index.html", "tac-gia/minh-trang/index.html"):
        html = result.page(listing)
        item = re.search(r'<article class="item item--external">.*?</article>', html, re.S).group(0)
        assert '<a class="item__link" href="https://giaoducthoidai.vn/tu-sach.html" rel="external noopener">' \
               "Báo viết về tủ sách</a>" in item, listing
        assert "Bài đăng tại Báo Giáo dục và Thời đại (nguồn ngoài)" in item
    # The newest story leads the front page and its category: a link out there too.
    for lead in ("index.html", "chuyen-muc/hoat-dong-hoi/index.html"):
        story = re.search(r'<article class="lead-story">.*?</article>', result.page(lead), re.S).group(0)
        assert '<a class="lead-story__link" href="https://giaoducthoidai.vn/tu-sach.html" rel="external noopener">' \
               "Báo viết về tủ sách</a>" in story, lead
        assert "Bài đăng tại Báo Giáo dục và Thời đại (nguồn ngoài)" in story
    other = re.findall(r'<span class="item__external">([^<]*)<', result.page("index.html"))
    assert sorted(other) == ["Bài đăng tại Báo Giáo dục và Thời đại (nguồn ngoài)",
                             "Bài đăng tại khuyenhoc.example.vn (nguồn ngoài)"]
    # Its own page is still made (old links, search), with the summary and a link out.
    page = result.page("tin/2024/07/17/bao-viet-ve-tu-sach/index.html")
    assert "Tủ sách dùng chung ở khu chung cư." in page
    assert ('<a class="article__external-link" href="https://giaoducthoidai.vn/tu-sach.html" rel="external noopener">'
            "Đọc toàn bài tại Báo Giáo dục và Thời đại (nguồn ngoài)") in page


def test_bad_registry_entries_and_links_are_reported_together(site):
    site.write("data/tac-gia.yml", """
        Minh Trang:
          pen_name: Trang
          photo: images/tac-gia/khong-co.jpg
    """)
    site.write("data/nguon-tin.yml", """
        Dân trí:
          title: Dân trí
          link: dantri.com.vn
    """)
    site.article("mot", title="Bài một", link="ftp://example.com/bai")
    site.article("hai", title="Bài hai", date="2024-07-16 08:00", link="https://bao.vn/có dấu cách")
    result = site.build()
    assert result.returncode == 1
    web = ("không phải địa chỉ trang web: phải bắt đầu bằng https:// (hoặc http://), không có dấu cách, "
           "ví dụ https://giaoducthoidai.vn/ten-bai-viet.html.")
    lines = [re.sub(r"^.*?content/", "content/", line) for line in result.error_lines]
    assert lines == [
        f'content/articles/hai.md:6: link: liên kết ngoài "https://bao.vn/có dấu cách" {web}',
        f'content/articles/mot.md:6: link: liên kết ngoài "ftp://example.com/bai" {web}',
        f'content/data/nguon-tin.yml:3: Dân trí.link: trang của nguồn tin "dantri.com.vn" {web}',
        'content/data/tac-gia.yml:1: Minh Trang.name: tác giả "Minh Trang" thiếu họ tên. Thêm một dòng thụt vào: '
        "name: Nguyễn Minh Trang",
        'content/data/tac-gia.yml:3: Minh Trang.photo: không tìm thấy ảnh "images/tac-gia/khong-co.jpg" (tìm ở '
        "content/images/tac-gia/khong-co.jpg). Kiểm tra tên tệp (chữ hoa, chữ thường) hoặc tải ảnh lên, "
        "ví dụ photo: images/tac-gia/ten-anh.jpg",
    ]
    assert "Traceback" not in result.stderr
