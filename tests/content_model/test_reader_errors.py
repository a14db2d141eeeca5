"""End-to-end: whatever goes wrong reading a content file is a content error naming it.

Each build here runs the real ``pelican`` command. Before the reader turned every
exception into a content error, most of these files made Pelican log "Could not
process …" and drop the article from a build that still exited 0.
"""

from __future__ import annotations

import json
import re
import runpy
import textwrap
from pathlib import Path

from tests.conftest import ROOT
from tests.content_model.test_build import published_text, snapshot

FORMS = "Viết theo dạng 15/07/2024, 15/07/2024 09:30, 2024-07-15 hoặc 2024-07-15 09:30."
SPAN = "nằm ngoài khoảng ngày của trang (từ 01/01/1990 đến 01/11/2028): có lẽ gõ nhầm năm. Sửa lại năm cho đúng."
NESTED = "[" * 300 + "a" + "]" * 300
# "Billion laughs": nine references to nine references ... 9**9 values once expanded.
BOMB = "lol: &a0 [cười, cười, cười, cười, cười, cười, cười, cười, cười]\n" + "".join(
    f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
) + "status: *a8\n"


def bad_files(site) -> None:
    """Files that used to raise inside the reader, beside an edit of a published article."""
    site.article("feb30", date="2024-02-30")
    site.article("jun31", date="2024-06-31")
    site.article("hour24", date="2024-07-15 24:00")
    site.article("year1", date="0001-01-01")
    site.article("nested", tags=NESTED)
    site.write("articles/bomb.md", f"---\ntitle: Bom\ndate: 2024-07-15\nauthor: A\ncategory: C\n{BOMB}---\nx\n")
    site.article("modified", title="Bài đã đăng", modified="2024-07-32")


def bad_file_errors(content: Path) -> list[str]:
    c = content / "articles"
    return [
        f"{c}/bomb.md:10: lol4: phần đầu có quá nhiều giá trị (hơn 10.000 khi mở các tham chiếu &/*). "
        "Bỏ các dấu & và * (tham chiếu YAML) và viết thẳng giá trị.",
        f'{c}/feb30.md:3: date: ngày không hợp lệ "2024-02-30": tháng 2/2024 chỉ có 29 ngày. {FORMS}',
        f'{c}/hour24.md:3: date: giờ không hợp lệ "2024-07-15 24:00": giờ 0–23, phút và giây 0–59.',
        f'{c}/jun31.md:3: date: ngày không hợp lệ "2024-06-31": tháng 6/2024 chỉ có 30 ngày. {FORMS}',
        f'{c}/modified.md:6: modified: ngày không hợp lệ "2024-07-32": tháng 7/2024 chỉ có 31 ngày. {FORMS}',
        f"{c}/nested.md:6: tags: giá trị lồng nhau quá sâu (quá 20 tầng ngoặc hoặc gạch đầu dòng). "
        "Mỗi trường là một dòng chữ hoặc một danh sách, ví dụ tags: [thẻ một, thẻ hai].",
        f'{c}/year1.md:3: date: ngày "0001-01-01" {SPAN}',
    ]


def test_files_that_raised_inside_the_reader_are_content_errors_and_nothing_is_published(site):
    site.article("good", title="Bài tốt")
    site.article("modified", title="Bài đã đăng", modified="2024-07-20")
    assert site.build().returncode == 0
    before = snapshot(site.output)
    assert "tin/2024/07/15/bai-da-dang/index.html" in before
    bad_files(site)
    result = site.build()
    assert result.returncode == 1
    assert result.error_lines == bad_file_errors(site.content)
    assert "Dừng: 7 lỗi trong nội dung." in result.stderr
    assert "Could not process" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site.output) == before  # the edited article is still on the live site


def test_check_mode_reports_the_same_errors(site):
    site.article("good", title="Bài tốt")
    bad_files(site)
    result = site.build("SITE_CHECK_ONLY=true")
    assert result.returncode == 1
    assert result.error_lines == bad_file_errors(site.content)
    assert "không có lỗi" not in result.stderr
    assert not site.output.exists()


# A plugin that breaks what Pelican does after our reader: an exception in another
# plugin's handler ("Could not process"), an object without a title ("Skipping"), an
# article taken out of the lists without a word.
BREAKER = '''
from pelican import signals

def break_object(content):
    title = getattr(content, "title", "")
    if title == "Nổ khi tạo":
        raise ValueError("plugin hỏng")
    if title == "Mất tiêu đề":
        del content.title

def drop_article(generator):
    generator.articles[:] = [a for a in generator.articles if a.title != "Biến mất"]

def register():
    signals.content_object_init.connect(break_object)
    signals.article_generator_finalized.connect(drop_article)
'''


def with_breaker(site) -> list[str]:
    plugin = site.root / "extra_plugins" / "breaker"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(textwrap.dedent(BREAKER), encoding="utf-8")
    plugins = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    return [f"PLUGIN_PATHS={json.dumps([str(ROOT / 'plugins'), str(plugin.parent)])}",
            f"PLUGINS={json.dumps([*plugins, 'breaker'])}"]


def test_files_pelican_drops_after_reading_are_content_errors(site):
    site.article("good", title="Bài tốt")
    site.article("no", title="Nổ khi tạo")
    site.article("mat", title="Mất tiêu đề")
    site.article("bien-mat", title="Biến mất")
    extra = with_breaker(site)
    result = site.build(*extra)
    assert result.returncode == 1
    c = site.content / "articles"
    assert result.error_lines == [
        f"{c}/bien-mat.md: file: tệp không được đọc nên bài không được đăng, và không rõ vì sao. "
        "Dựng lại với -v để xem chi tiết; nếu vẫn không rõ, gửi tệp cho người quản trị trang.",
        f'{c}/mat.md: title: thiếu thông tin "title" nên bài không được đăng. Thêm một dòng title: ... vào phần đầu.',
        f"{c}/no.md: file: lỗi khi đọc tệp (ValueError: plugin hỏng). Bài này chưa được đăng. Kiểm tra phần đầu "
        "(giữa hai dòng ---) và nội dung bài, sửa chỗ khác thường rồi dựng lại; nếu không thấy chỗ sai, "
        "gửi tệp cho người quản trị trang.",
    ]
    assert "Could not process" not in result.stdout + result.stderr
    assert not site.output.exists()
    check = site.build(*extra, "SITE_CHECK_ONLY=true")
    assert check.returncode == 1 and check.error_lines == result.error_lines


def test_misnamed_and_misplaced_markdown_files_are_errors(site):
    site.article("good", title="Bài tốt", body="[Biểu mẫu]({static}/files/bieu-mau.pdf)")
    for name in ("Hoa.MD", "hoa-thuong.Md", "notepad.md.txt", "dai.markdown.txt"):
        site.write(f"articles/{name}", "---\ntitle: Bài khác\ndate: 2024-07-15\nauthor: A\ncategory: C\n---\nx\n")
    site.article("x", title="Tin tức lạc chỗ")
    (site.content / "articles" / "x.md").rename(site.content / "tin-tuc.md")
    (site.content / "tin-tuc").mkdir()
    (site.content / "tin-tuc.md").rename(site.content / "tin-tuc" / "x.md")
    site.write("files/ghi-chu.md", "Ghi chú\n")
    site.write("files/bieu-mau.pdf", "%PDF")  # attachments and photos are not sources
    site.image("images/2024/anh.jpg")
    site.write("articles/.#good.md", "lock")  # an editor's lock file (IGNORE_FILES)
    result = site.build()
    assert result.returncode == 1
    c = site.content
    outside = ("file: tệp Markdown nằm ngoài thư mục bài viết nên không được đọc. "
               "Chuyển tệp vào content/articles/ (bài viết) hoặc content/pages/ (trang).")
    assert result.error_lines == [
        f'{c}/articles/Hoa.MD: file: tệp "Hoa.MD" có đuôi không được đọc nên bài không được đăng. '
        'Đổi tên thành "Hoa.md" (đuôi viết thường).',
        f'{c}/articles/dai.markdown.txt: file: tệp "dai.markdown.txt" có đuôi không được đọc nên bài không được '
        'đăng. Đổi tên thành "dai.markdown" (bỏ đuôi .txt mà Notepad thêm vào).',
        f'{c}/articles/hoa-thuong.Md: file: tệp "hoa-thuong.Md" có đuôi không được đọc nên bài không được đăng. '
        'Đổi tên thành "hoa-thuong.md" (đuôi viết thường).',
        f'{c}/articles/notepad.md.txt: file: tệp "notepad.md.txt" có đuôi không được đọc nên bài không được đăng. '
        'Đổi tên thành "notepad.md" (bỏ đuôi .txt mà Notepad thêm vào).',
        f"{c}/files/ghi-chu.md: {outside}",
        f"{c}/tin-tuc/x.md: {outside}",
    ]
    assert not site.output.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(site):
    site.article("good", title="Bài tốt")
    site.article("big", title="Bài quá dài", body="Chữ " * 1000)
    result = site.build("CONTENT_MAX_FILE_BYTES=2048")
    assert result.returncode == 1
    assert result.error_lines == [
        f"{site.content / 'articles/big.md'}: file: tệp quá lớn (0,0 MiB; mỗi bài tối đa 0,0 MiB, "
        "CONTENT_MAX_FILE_BYTES). Ảnh và tệp đính kèm để trong content/images/ hoặc content/files/ rồi dẫn tới; "
        "bài quá dài thì chia thành nhiều bài."
    ]


def test_a_bad_size_limit_is_a_settings_error(site):
    site.article("good", title="Bài tốt")
    result = site.build("CONTENT_MAX_FILE_BYTES=0")
    assert result.returncode == 1
    assert "CONTENT_MAX_FILE_BYTES: 0 must be a whole number of bytes above 0" in result.stderr
    assert "Traceback" not in result.stderr


def test_front_matter_text_stays_as_the_editor_typed_it(site):
    site.article("a", title="12:30", author="010", category="Yes", summary="null", source="~",
                 date="2024-07-15T09:30:00+07:00", tags="[on, 2024-07-15]")
    site.article("b", title="2024-07-16", date="2024-07-16 08:00", featured="Yes")
    result = site.build()
    assert result.returncode == 0, result.stderr
    page = result.page("tin/2024/07/15/1230/index.html")
    assert "<title>12:30 – " in page
    assert re.search(r'<p class="article__author"><a href="[^"]*">010</a></p>', page)
    assert '<meta property="article:section" content="Yes">' in page
    assert '<meta name="description" content="null">' in page
    assert '<p class="article__source">(Theo ~)</p>' in page
    assert "tu-khoa/on/" in page and "tu-khoa/2024-07-15/" in page
    assert 'content="2024-07-15T09:30:00+07:00"' in page
    assert "<title>2024-07-16 – " in result.page("tin/2024/07/16/2024-07-16/index.html")


def test_a_misspelt_key_that_matters_is_an_error(site):
    site.article("stauts", stauts="draft")
    site.write("articles/trang-thai.md", "---\ntitle: T\ndate: 2024-07-15\nauthor: A\ncategory: C\n"
                                         "trạng thái: draft\n---\nx\n")
    site.write("articles/tinh.md", "---\ntitle: T\ndate: 2024-07-15\nauthor: A\ncategory: C\ntỉnh: Yên Bái\n---\nx\n")
    site.article("provice", provice="Yên Bái")
    site.article("note", title="Ghi chú", ghi_chu="của biên tập viên")  # far from every field: a warning
    result = site.build()
    assert result.returncode == 1
    c = site.content / "articles"
    assert result.error_lines == [
        f'{c}/provice.md:6: provice: trường "provice" không có; có phải "province"? Sửa thành: province: Yên Bái',
        f'{c}/stauts.md:6: stauts: trường "stauts" không có; có phải "status"? Sửa thành: status: draft',
        f'{c}/tinh.md:6: tỉnh: trường "tỉnh" không có; có phải "province"? Sửa thành: province: Yên Bái',
        f'{c}/trang-thai.md:6: trạng thái: trường "trạng thái" không có; có phải "status"? Sửa thành: status: draft',
        f'{c}/note.md:6: ghi_chu: trường không rõ "ghi_chu" (cảnh báo, bị bỏ qua). Các trường hợp lệ: title, date, '
        "author, province, cluster, category, tags, featured, featured_until, image, image_caption, image_alt, "
        "summary, source, status, slug, modified, id, also_in, link, expires, after_expiry, thread.",
    ]
    assert "Dừng: 4 lỗi trong nội dung." in result.stderr
    assert not site.output.exists()


def test_a_title_without_letters_needs_a_slug(site):
    site.article("good", title="Bài tốt", date="2026-10-04 08:00")
    assert site.build().returncode == 0
    before = snapshot(site.output)
    site.article("hoi", title='"???"', date="2026-10-04 09:00")
    site.article("emoji", title='"🎉🎉"', date="2026-10-05 10:00")  # each would overwrite its day
    result = site.build()
    assert result.returncode == 1
    c = site.content / "articles"
    fix = "không có chữ cái hay chữ số nào nên không làm được địa chỉ bài. Thêm một dòng slug: ten-bai-viet " \
          "(chữ thường không dấu, nối bằng dấu -)."
    assert result.error_lines == [f'{c}/emoji.md:2: title: tiêu đề "🎉🎉" {fix}',
                                  f'{c}/hoi.md:2: title: tiêu đề "???" {fix}']
    assert snapshot(site.output) == before  # the day archive tin/2026/10/04/ is not overwritten
    site.article("hoi", title='"???"', date="2026-10-04 09:00", slug="hoi-dap")
    (c / "emoji.md").unlink()
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert ">???<" in result.page("tin/2026/10/04/hoi-dap/index.html")
    assert "Bài tốt" in result.page("tin/2026/10/04/index.html")


def test_dates_outside_the_site_span_are_errors(site):
    site.article("y1800", date="1800-01-01")
    site.article("y20245", date="20245-01-01")
    site.article("later", date='"2029-01-01 08:00"')
    site.article("featured", featured="true", featured_until="1804-07-15")
    site.article("scheduled", title="Hẹn giờ bí mật", date='"2028-06-01 08:00"')  # within two years: scheduled
    result = site.build()
    assert result.returncode == 1
    c = site.content / "articles"
    assert result.error_lines == [
        f'{c}/featured.md:7: featured_until: ngày "1804-07-15" nằm ngoài khoảng ngày của trang (từ 01/01/1990): '
        "có lẽ gõ nhầm năm. Sửa lại năm cho đúng.",
        f'{c}/later.md:3: date: ngày "2029-01-01 08:00" {SPAN}',
        f'{c}/y1800.md:3: date: ngày "1800-01-01" {SPAN}',
        f'{c}/y20245.md:3: date: ngày "20245-01-01" {SPAN}',
    ]
    for name in ("y1800", "y20245", "later", "featured"):
        (c / f"{name}.md").unlink()
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert "bí mật" not in published_text(result.output)


def test_a_body_too_slow_to_convert_is_an_error_not_hours_of_work(site):
    """Python-Markdown is quadratic in unclosed link openers: 200,000 of them would take
    about an hour; the conversion is stopped at its limit and the file named."""
    import time

    site.article("ngoac", title="Dán nhầm", body="Mở đầu.\n\n" + "![" * 100_000)
    site.article("tot", title="Bài tốt")
    started = time.monotonic()
    result = site.build("-e", "CONTENT_MAX_CONVERT_SECONDS=2")
    assert time.monotonic() - started < 120
    assert result.returncode == 1
    assert result.error_lines == [
        f"{site.content}/articles/ngoac.md:7: content: nội dung bài quá phức tạp: chuyển thành trang mất hơn 2 giây "
        '(thường do hàng nghìn dấu "[" hoặc "![" không đóng, dán từ nơi khác). Xoá các ký tự lặp lại đó rồi dựng lại.'
    ]
    assert not site.output.exists()
    bad = site.build("-e", "CONTENT_MAX_CONVERT_SECONDS=0")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "CONTENT_MAX_CONVERT_SECONDS: 0 must be a number of seconds above 0" in bad.stderr
