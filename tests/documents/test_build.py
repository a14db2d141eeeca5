"""Attachments as readers see them: listed under their article with type and size, and
gathered on the "Văn bản" page (the real build)."""

from __future__ import annotations

import re

import pytest

from documents.listing import format_size


@pytest.mark.parametrize(("size", "text"), [(800, "800 B"), (1024, "1 KB"), (240 * 1024, "240 KB"),
                                            (1536 * 1024, "1,5 MB")])
def test_sizes_are_written_as_readers_read_them(size, text):
    assert format_size(size) == text


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" ,", ",")


def test_attachments_are_listed_under_their_article_and_on_the_documents_page(site):
    site.write("files/qd-123.pdf", "%PDF-1.4 " + "x" * (240 * 1024 - 9))
    site.write("files/ke-hoach.docx", "d" * 2000)
    site.write("files/nhap.pdf", "%PDF-1.4 nháp")
    site.article("cu", title="Bài cũ", date="2024-07-01 08:00", body="[Kế hoạch năm]({static}/files/ke-hoach.docx)")
    site.article("moi", title="Bài mới", date="2024-07-15 09:30",
                 body="Xem [QĐ 123]({static}/files/qd-123.pdf) và lại [QĐ 123]({static}/files/qd-123.pdf).")
    site.article("nhap", title="Bài nháp", status="draft", body="[Nháp]({static}/files/nhap.pdf)")
    site.article("khong", title="Bài không tệp", date="2024-07-10 08:00")
    for settings in ("pelicanconf.py", "publishconf.py"):
        result = site.build(settings=settings)
        assert result.returncode == 0, result.stderr
        page = result.page("tin/2024/07/15/bai-moi/index.html")
        section = page[page.index('<section class="article__attachments"'):page.index("</section>", page.index("article__attachments"))]
        assert text_of(section) == "Tải về QĐ 123 (PDF, 240 KB)"
        href = re.search(r'<a href="([^"]+)" download>QĐ 123</a>', section).group(1)
        assert href.endswith("/files/qd-123.pdf")
        assert (result.output / "files" / "qd-123.pdf").is_file()  # the link works
        assert "article__attachments" not in result.page("tin/2024/07/10/bai-khong-tep/index.html")
        documents = result.page("van-ban/index.html")
        items = [text_of(item) for item in re.findall(r'<li class="documents__item">(.*?)</li>', documents, re.DOTALL)]
        assert items == [
            "QĐ 123 (PDF, 240 KB) Trong bài: Bài mới, Thứ Hai, 15/07/2024 09:30",
            "Kế hoạch năm (DOCX, 2 KB) Trong bài: Bài cũ, Thứ Hai, 01/07/2024 08:00",
        ]
        assert "Nháp" not in documents
        # Linked from every page's footer.
        assert re.search(r'<a href="[^"]*/van-ban/">Văn bản</a>', result.page("index.html"))


def test_a_missing_attachment_names_the_article_and_line(site):
    site.article("thieu", body="Đoạn một.\n\n[Quyết định]({static}/files/khong-co.pdf)")
    result = site.build()
    assert result.returncode == 1
    assert (f'{site.content / "articles/thieu.md"}:9: link: không tìm thấy tệp "{{static}}/files/khong-co.pdf" '
            "(tìm tại content/files/khong-co.pdf). Kiểm tra tên tệp, chữ hoa/thường, và chép tệp vào content/files/."
            ) in result.error_lines


def test_a_replaced_file_shows_its_new_size_on_the_next_build(site):
    """The list shows the file's size: a file replaced under the same name is a change
    of every page that lists it, though no article changed."""
    pdf = site.write("files/qd.pdf", "%PDF-1.4 " + "x" * 2000)
    site.article("moi", title="Bài mới", body="[QĐ]({static}/files/qd.pdf)")
    first = site.build()
    assert first.returncode == 0, first.stderr
    assert "(PDF, 2 KB)" in first.page("tin/2024/07/15/bai-moi/index.html")
    pdf.write_text("%PDF-1.4 " + "x" * 300_000, encoding="utf-8")
    second = site.build()
    assert second.returncode == 0, second.stderr
    for name in ("tin/2024/07/15/bai-moi/index.html", "van-ban/index.html"):
        assert "(PDF, 293 KB)" in second.page(name), name
