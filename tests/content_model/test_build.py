"""End-to-end: editors' files through the real ``pelican`` command, theme and plugins."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import ROOT


def published_text(output: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in output.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("written", "address"),
    [
        ("2024-07-15", "tin/2024/07/15/"),
        ('"2024-07-15 09:30"', "tin/2024/07/15/"),
        ("2024-07-15 09:30:00", "tin/2024/07/15/"),
        ("15/07/2024", "tin/2024/07/15/"),
        ('"15/07/2024 09:30"', "tin/2024/07/15/"),
        ('"23/05/2018 3:22:03 SA"', "tin/2018/05/23/"),
        ('"05/06/2019"', "tin/2019/06/05/"),
        # 05:00 in Vietnam is still 31 December in UTC: the article belongs to 1 January.
        ('"2024-01-01 05:00"', "tin/2024/01/01/"),
    ],
)
def test_every_date_form_gives_the_vietnam_day(site, written, address):
    site.article("a", title="Tin thử ngày", date=written)
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = result.page(address + "tin-thu-ngay/index.html")
    assert "Tin thử ngày" in page


def test_old_site_pm_time_is_shown_in_24_hours(site):
    site.article("a", title="Chiều", date='"23/05/2018 3:22:03 CH"')
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert 'datetime="2018-05-23T15:22:03+07:00"' in result.page("tin/2018/05/23/chieu/index.html")


def test_decomposed_unicode_file_behaves_like_composed(site):
    text = "---\ntitle: Hội Khuyến học tỉnh Yên Bái\ndate: 2024-07-15\nauthor: Ngô Thị Chinh\n" \
           "category: Hoạt động Hội\nprovince: Yên Bái\n---\nKhuyến học.\n"
    site.write("articles/nfd.md", unicodedata.normalize("NFD", text))
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = result.page("tin/2024/07/15/hoi-khuyen-hoc-tinh-yen-bai/index.html")
    assert "Hội Khuyến học tỉnh Yên Bái" in page
    assert unicodedata.normalize("NFD", "Yên Bái") not in page
    assert 'href="../../../../../tinh/yen-bai/"' in page or "/tinh/yen-bai/" in page


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("Thanh Hoá", "thanh-hoa"),
        ("Thanh Hóa", "thanh-hoa"),
        ("thanh hoa", "thanh-hoa"),
        ("Tỉnh Thanh Hóa", "thanh-hoa"),
        ("Khánh Hoà", "khanh-hoa"),
        ("TP.HCM", "ho-chi-minh"),
        ("TPHCM", "ho-chi-minh"),
        ("HCM", "ho-chi-minh"),
        ("Thừa Thiên Huế", "hue"),
    ],
)
def test_province_variants_and_aliases(site, written, slug):
    site.article("a", title="Tin tỉnh", province=written)
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert f"tinh/{slug}/" in result.page("tin/2024/07/15/tin-tinh/index.html")


def test_same_title_on_different_dates_both_exist(site):
    site.article("a", title="Hội nghị giao ban", date="2023-07-10")
    site.article("b", title="Hội nghị giao ban", date="2024-07-10")
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert (result.output / "tin/2023/07/10/hoi-nghi-giao-ban/index.html").is_file()
    assert (result.output / "tin/2024/07/10/hoi-nghi-giao-ban/index.html").is_file()


def test_real_address_collision_names_both_files(site):
    site.article("a", title="Hội nghị giao ban", date="2024-07-10 08:00")
    site.article("b", title="Hội nghị giao ban", date="2024-07-10 14:00")
    result = site.build()
    assert result.returncode == 1
    assert result.error_lines == [
        f"{site.content / 'articles/b.md'}:2: slug: địa chỉ \"tin/2024/07/10/hoi-nghi-giao-ban/\" trùng với bài "
        f"{site.content / 'articles/a.md'}. Thêm slug: khác cho một trong hai bài (ví dụ slug: hoi-nghi-giao-ban-2)."
    ]


def test_drafts_and_future_articles_appear_nowhere(site):
    site.article("draft", title="Bản nháp bí mật", status="draft")
    site.article("future", title="Tin hẹn giờ bí mật", date='"2027-03-01 08:00"')
    site.article("now", title="Tin đã đăng")
    result = site.build()
    assert result.returncode == 0, result.stderr
    everything = published_text(result.output)
    assert "Tin đã đăng" in everything
    assert "bí mật" not in everything
    assert not (result.output / "drafts").exists()
    assert not list(result.output.rglob("*.md"))
    # the same future article is published by a build that runs after its time
    later = site.build(now="2027-03-01T08:00:00+07:00")
    assert "Tin hẹn giờ bí mật" in later.page("tin/2027/03/01/tin-hen-gio-bi-mat/index.html")


def test_an_article_pelican_makes_a_draft_after_reading_keeps_the_draft_address(site):
    # Without WITH_FUTURE_DATES, Pelican turns an article dated after the machine's clock
    # into a draft once the object is made: its address must be a draft's (none here).
    site.article("later", title="Tin năm sau bí mật", date='"2098-03-01 08:00"')
    site.article("now", title="Tin đã đăng")
    result = site.build("WITH_FUTURE_DATES=false", now="2099-01-01T08:00:00+07:00")
    assert result.returncode == 0, result.stderr
    assert "Tin đã đăng" in published_text(result.output)
    assert "bí mật" not in published_text(result.output)
    assert not (result.output / "tin" / "2098").exists()


def test_special_characters_in_titles_are_escaped(site):
    site.article("a", title="'Phong trào \"Gia đình học tập\" & dòng họ <hiếu học>'")
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = result.page("tin/2024/07/15/phong-trao-gia-dinh-hoc-tap-dong-ho-hieu-hoc/index.html")
    assert "Phong trào &#34;Gia đình học tập&#34; &amp; dòng họ &lt;hiếu học&gt;" in page
    assert "<hiếu học>" not in page


def test_photos_in_the_body_become_figures_with_both_path_styles(site):
    site.image("images/2024/anh-mot.jpg")
    site.image("images/2024/anh-hai.jpg")
    body = (
        '![Đoàn công tác](../images/2024/anh-mot.jpg "Đoàn công tác tại xã Đông Xuân")\n\n'
        '![](/images/2024/anh-hai.jpg "Trao học bổng")\n\n'
        '![](images/2024/anh-hai.jpg "Sai đường dẫn tương đối")\n'
    )
    site.article("a", title="Ảnh", body=body)
    result = site.build()
    # the third reference is relative to the article file, so it does not exist
    assert result.returncode == 1
    assert result.error_lines == [
        f"{site.content / 'articles/a.md'}:11: image: không tìm thấy ảnh \"images/2024/anh-hai.jpg\" "
        "(tìm tại content/articles/images/2024/anh-hai.jpg)."
    ]
    site.article("a", title="Ảnh", body=body.replace("](images", "]({static}/images"))
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = result.page("tin/2024/07/15/anh/index.html")
    assert "<figcaption>Đoàn công tác tại xã Đông Xuân</figcaption>" in page
    assert 'alt="Trao học bổng"' in page  # the caption is the alt text when none is given
    # published as derived copies (images plugin), not as the original file
    assert not (result.output / "images/2024/anh-mot.jpg").exists()
    derived = re.search(r'<img src="\.\./\.\./\.\./\.\./\.\./(anh/[^"]+/anh-mot-64\.jpg)"', page)
    assert derived and (result.output / derived.group(1)).is_file()


def test_unknown_key_far_from_every_field_is_a_warning(site):
    # A key one typo away from a field is an error (test_reader_errors.py).
    site.article("a", title="Cảnh báo", ghi_chu="Yên Bái")
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert (
        f"{site.content / 'articles/a.md'}:6: ghi_chu: trường không rõ \"ghi_chu\" (cảnh báo, bị bỏ qua). "
        "Các trường hợp lệ: title, date, author,"
    ) in result.stderr


def test_every_content_error_is_reported_in_one_run(site):
    site.image("images/ok.jpg")
    site.write("articles/yaml.md", "---\ntitle: Hội nghị: tổng kết\ndate: 2024-07-15\n---\nx\n")
    site.article("missing", title=None)
    site.article("date", date="31/02/2020")
    site.article("province", province="Thai Binhh")
    site.article("cluster", province="Quảng Ninh", cluster="Tây Bắc")
    site.article("image", image="images/2024/khong-co.jpg")
    site.article("good", title="Bài tốt", image="images/ok.jpg")
    result = site.build()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    c = site.content / "articles"
    assert result.error_lines == [
        f"{c}/cluster.md:7: cluster: tỉnh Quảng Ninh không thuộc Cụm Tây Bắc (tỉnh này thuộc Cụm Đông Bắc). "
        'Bỏ trường cluster hoặc sửa thành "Đông Bắc".',
        f'{c}/date.md:3: date: ngày không hợp lệ "31/02/2020": tháng 2/2020 chỉ có 29 ngày. '
        "Viết theo dạng 15/07/2024, 15/07/2024 09:30, 2024-07-15 hoặc 2024-07-15 09:30.",
        f'{c}/image.md:6: image: không tìm thấy ảnh "images/2024/khong-co.jpg" (tìm tại content/images/2024/khong-co.jpg).',
        f'{c}/missing.md:1: title: thiếu trường bắt buộc "title". Thêm một dòng: title: Tiêu đề bài viết',
        f'{c}/province.md:6: province: không có tỉnh/thành "Thai Binhh". Có phải: Thái Bình, Hòa Bình, Bình Thuận?',
        # The YAML error on line 2 does not hide the file's other problems.
        f'{c}/yaml.md:1: author: thiếu trường bắt buộc "author". Thêm một dòng: author: Nguyễn Văn A',
        f'{c}/yaml.md:1: category: thiếu trường bắt buộc "category". Thêm một dòng: category: Hoạt động Hội',
        f"{c}/yaml.md:2: title: giá trị có dấu hai chấm ':' nên phải đặt trong dấu ngoặc kép, ví dụ title: \"Hội nghị: tổng kết\".",
    ]
    assert "Dừng: 8 lỗi trong nội dung." in result.stderr


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_failed_build_leaves_previous_output_untouched(site):
    site.article("good", title="Bài tốt")
    assert site.build().returncode == 0
    before = snapshot(site.output)
    assert before
    site.article("good", title="Bài tốt đã sửa")
    site.article("bad", title="Bài lỗi", date="31/02/2020")
    result = site.build()
    assert result.returncode == 1
    assert snapshot(site.output) == before
    assert not any(p.name.endswith(".staging") for p in site.root.iterdir())


def test_unchanged_files_keep_their_mtime_and_stale_files_go(site):
    site.article("one", title="Bài một")
    site.article("two", title="Bài hai")
    assert site.build().returncode == 0
    before = snapshot(site.output)
    # a real second build (not skipped as unchanged): identical files keep their mtime
    assert site.build("SITE_SKIP_UNCHANGED=false").returncode == 0
    assert snapshot(site.output) == before  # nothing changed: every file untouched
    (site.content / "articles/two.md").unlink()
    assert site.build().returncode == 0
    after = snapshot(site.output)
    kept = "theme/css/site.css"
    assert after[kept] == before[kept]
    assert "tin/2024/07/15/bai-hai/index.html" not in after


def test_check_mode_reports_and_writes_nothing(site):
    site.article("bad", date="31/02/2020")
    result = site.build("SITE_CHECK_ONLY=true")
    assert result.returncode == 1
    assert len(result.error_lines) == 1
    assert not site.output.exists()


def test_raw_html_is_cleaned_and_the_editor_warned(site):
    body = (
        '<p onclick="steal()">Xin chào<script>alert(1)</script></p>\n\n'
        '<a href="javascript:alert(1)">bấm</a> <a href="https://moet.gov.vn" target="_blank">Bộ GD</a>\n\n'
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Video"></iframe>\n\n'
        '<iframe src="https://quang-cao.example/x"></iframe>\n'
    )
    site.article("a", title="HTML thô", body=body)
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = result.page("tin/2024/07/15/html-tho/index.html")
    article = page[page.index("<article"):]
    assert "<script>alert" not in article and "onclick" not in article and "javascript:" not in article
    assert '<a href="https://moet.gov.vn" target="_blank" rel="noopener noreferrer">' in article
    assert 'src="https://www.youtube-nocookie.com/embed/abc"' in article
    assert "quang-cao.example" not in article
    assert (
        f"{site.content / 'articles/a.md'}:7: content: đã bỏ mã HTML không an toàn hoặc không được phép: "
        "<iframe>, <script>, href=, https:, javascript:, onclick=, src= (cảnh báo). "
        "Chỉ nhúng video từ: www.facebook.com, www.youtube-nocookie.com; "
        "video YouTube hay Facebook thì viết một dòng [video](địa chỉ video)."
    ) in result.stderr


def _readme_block(after: str, language: str = "") -> str:
    """The first fenced block of README.md after the text ``after``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"```{language}\n", readme.index(after)) + len(language) + 4
    return readme[start:readme.index("```", start)]


def test_the_readme_example_gives_its_five_lines_in_one_run(site):
    """README "Errors": a colon in the title (a YAML error) no longer hides the file's
    other problems; the example file and its messages are the README's own."""
    site.write("articles/2024/x.md", _readme_block("## Errors", "yaml"))
    expected = _readme_block("gives, in one run").splitlines()
    assert len(expected) == 5
    for extra in ((), ("-e", "SITE_CHECK_ONLY=true")):
        result = site.build(*extra)
        assert result.returncode == 1
        shown = [line.replace(f"{site.root}/", "") for line in result.error_lines]
        assert shown == expected
        assert "Dừng: 5 lỗi trong nội dung." in result.stderr


@pytest.mark.parametrize(("header", "expected"), [
    # Two lines with colons, and an unclosed quote: each named, the rest still read.
    ("title: Hội nghị: tổng kết\nsummary: Kết quả: tốt\ndate: 31/02/2020",
     [(2, "title"), (3, "summary"), (4, "date")]),
    ('title: "Hội nghị\nauthor: Lan\ndate: 31/02/2020', [(2, "title"), (4, "date")]),
])
def test_each_yaml_syntax_error_is_reported_and_the_other_lines_checked(header, expected):
    from content_model.frontmatter import check_fields, split

    fm = split("x.md", f"---\n{header}\ncategory: Hoạt động Hội\n---\nx\n")
    check_fields(fm, ("title", "date", "category"))
    assert [(p.line, p.field) for p in fm.problems] == expected
