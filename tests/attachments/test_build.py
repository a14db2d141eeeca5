"""Only what published content links is published; nothing outside content/ is read or
written (the real build)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from PIL import Image

# The GPS block of a photo taken by a phone: a position in Hà Nội.
GPS = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 7.0)}
GPS_TAG = 0x8825


def gps_photo(path: Path, size: tuple[int, int] = (400, 300)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif[GPS_TAG] = GPS
    Image.new("RGB", size, (30, 120, 200)).save(path, exif=exif.tobytes())
    assert Image.open(path).getexif().get_ifd(GPS_TAG)
    return path


def published_files(output: Path) -> set[str]:
    return {p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()}


def listing(folder: Path) -> set[str]:
    """Everything below ``folder`` but the build's own staging folder (``safe_build``
    keeps it between builds and removes it when one fails)."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if ".staging" not in p.as_posix()}


def lines(result, site) -> list[str]:
    return [line.replace(str(site.content) + "/", "content/") for line in result.stderr.splitlines()
            if line.startswith(str(site.content))]


def test_files_of_drafts_and_scheduled_articles_are_not_published(site):
    site.image("images/nhap.jpg")
    site.write("files/nhap.pdf", "%PDF-1.4 nháp")
    site.article("nhap", title="Bài nháp", status="draft",
                 body='![Ảnh nháp](/images/nhap.jpg "Ảnh nháp")\n\n[Tải kế hoạch]({static}/files/nhap.pdf)')
    site.image("images/hen.jpg")
    site.write("files/hen.pdf", "%PDF-1.4 hẹn giờ")
    # after the build clock (1 November 2026): scheduled, not published yet
    site.article("hen", title="Bài hẹn giờ", date="2026-12-01 09:00",
                 body='![Ảnh hẹn](/images/hen.jpg "Ảnh hẹn")\n\n[Tải]({static}/files/hen.pdf)')
    site.article("dang", title="Bài đã đăng")
    result = site.build()
    assert result.returncode == 0, result.stderr
    files = published_files(result.output)
    assert not any(name.endswith((".pdf", "nhap.jpg", "hen.jpg")) or "/nhap-" in name or "/hen-" in name
                   for name in files), sorted(files)
    assert not (result.output / "files").exists() and not (result.output / "images").exists()
    # linked by a draft: not published, and no "linked by nobody" warning either
    assert "không bài viết hay trang nào liên kết" not in result.stderr


def test_a_published_link_to_a_photo_original_gets_the_metadata_free_copy(site):
    gps_photo(site.content / "images/2024/x.jpg")
    gps_photo(site.content / "images/van-phong.jpg", (300, 200))
    site.article("goc", title="Ảnh gốc",
                 body='![Lễ trao học bổng](/images/2024/x.jpg "Lễ trao học bổng")\n\n'
                      "Xem [ảnh gốc]({static}/images/2024/x.jpg) hoặc [bản lớn](../images/2024/x.jpg).\n\n"
                      'Ảnh trong dòng ![nhỏ](/images/2024/x.jpg "Tiêu đề") cũng vậy.')
    site.write("pages/lien-he.md", '---\ntitle: Liên hệ\n---\n![Văn phòng](../images/van-phong.jpg "Văn phòng")\n')
    result = site.build()
    assert result.returncode == 0, result.stderr
    files = published_files(result.output)
    assert "images/2024/x.jpg" not in files and "images/van-phong.jpg" not in files
    assert "<picture>" in result.page("lien-he/index.html")
    photos = [name for name in files if name.endswith((".jpg", ".webp"))]
    assert photos and all(name.startswith("anh/") for name in photos), photos
    for name in photos:
        assert not Image.open(result.output / name).getexif().get_ifd(GPS_TAG), name
    # no published file holds an original's bytes or its GPS block
    for source in ("images/2024/x.jpg", "images/van-phong.jpg"):
        original = (site.content / source).read_bytes()
        gps_block = Image.open(site.content / source).getexif().tobytes()
        for name in files:
            data = (result.output / name).read_bytes()
            assert data != original and gps_block not in data, name
    page = result.page("tin/2024/07/15/anh-goc/index.html")
    largest = max((n for n in photos if n.endswith(".jpg") and "nho" not in n and "chia-se" not in n),
                  key=lambda n: Image.open(result.output / n).width)
    assert page.count(f'href="../../../../../{largest}"') == 2, largest
    assert "{static}" not in page


def test_a_link_to_a_photo_no_published_page_shows_is_an_error(site):
    gps_photo(site.content / "images/2024/x.jpg")
    site.article("goc", title="Ảnh gốc", body="Tải [ảnh gốc]({static}/images/2024/x.jpg) về máy.")
    result = site.build()
    assert result.returncode == 1
    assert lines(result, site) == [
        'content/articles/goc.md:7: link: liên kết "{static}/images/2024/x.jpg" tới ảnh gốc: ảnh gốc không được '
        "đăng (có thể chứa vị trí GPS và thông tin máy ảnh). Chèn ảnh vào bài bằng "
        '![mô tả]({static}/images/2024/x.jpg "Chú thích"), khi đó liên kết trỏ tới bản ảnh lớn nhất đã bỏ các '
        "thông tin ấy; hoặc bỏ liên kết."
    ]
    assert "Traceback" not in result.stderr and not result.output.exists()


def test_only_linked_attachments_are_published_and_the_others_are_named(site):
    site.write("files/ke-hoach.pdf", "%PDF-1.4 kế hoạch")
    site.write("files/2024/bao-cao.docx", "docx")
    site.write("files/le.pdf", "%PDF-1.4 không ai liên kết")
    site.write("pages/tai-lieu.md", "---\ntitle: Tài liệu\n---\n[Báo cáo](/files/2024/bao-cao.docx)\n")
    site.article("a", title="Kế hoạch", body="[Tải kế hoạch](../files/ke-hoach.pdf)")
    result = site.build()
    assert result.returncode == 0, result.stderr
    files = published_files(result.output)
    assert {"files/ke-hoach.pdf", "files/2024/bao-cao.docx"} <= files
    assert "files/le.pdf" not in files
    assert lines(result, site) == [
        'content/files/le.pdf: file: không bài viết hay trang nào liên kết tệp "files/le.pdf" nên tệp không được '
        "đăng (cảnh báo). Liên kết nó trong bài, ví dụ [Tải về]({static}/files/le.pdf), hoặc xoá tệp."
    ]
    assert 'href="../../../../../files/ke-hoach.pdf"' in result.page("tin/2024/07/15/ke-hoach/index.html")
    assert 'href="../files/2024/bao-cao.docx"' in result.page("tai-lieu/index.html")


def test_symlinked_files_and_folders_are_refused_before_anything_is_read(site, tmp_path):
    outside = tmp_path / "ngoai"
    outside.mkdir()
    (outside / "bi-mat.pdf").write_text("%PDF-1.4 bí mật ngoài content")
    (outside / "bai.md").write_text("---\ntitle: Bài ngoài\ndate: 2024-07-16\nauthor: A\ncategory: B\n---\nx\n")
    (site.content / "files").mkdir()
    os.symlink("/etc/passwd", site.content / "files/x.pdf")
    os.symlink(outside, site.content / "files/ngoai")
    os.symlink(outside, site.content / "articles/ngoai")
    os.symlink(outside / "bi-mat.pdf", site.content / "images/anh.jpg")
    site.article("a", title="Liên kết", body="[x]({static}/files/x.pdf) [y]({static}/files/ngoai/bi-mat.pdf)")
    result = site.build()
    assert result.returncode == 1
    assert lines(result, site) == [
        f'content/articles/ngoai: symlink: "articles/ngoai" là liên kết tượng trưng (symlink) tới "{outside}": '
        "trang không đọc và không đăng gì qua liên kết. Xoá liên kết rồi chép chính thư mục vào content/articles/ngoai.",
        f'content/files/ngoai: symlink: "files/ngoai" là liên kết tượng trưng (symlink) tới "{outside}": '
        "trang không đọc và không đăng gì qua liên kết. Xoá liên kết rồi chép chính thư mục vào content/files/ngoai.",
        'content/files/x.pdf: symlink: "files/x.pdf" là liên kết tượng trưng (symlink) tới "/etc/passwd": '
        "trang không đọc và không đăng gì qua liên kết. Xoá liên kết rồi chép chính tệp vào content/files/x.pdf.",
        f'content/images/anh.jpg: symlink: "images/anh.jpg" là liên kết tượng trưng (symlink) tới '
        f'"{outside / "bi-mat.pdf"}": trang không đọc và không đăng gì qua liên kết. Xoá liên kết rồi chép chính '
        "tệp vào content/images/anh.jpg.",
    ]
    assert "Traceback" not in result.stderr and "Bài ngoài" not in result.stderr
    assert not result.output.exists()


def test_links_out_of_the_content_folder_are_errors_and_nothing_is_written_outside(site):
    (site.root / "bi-mat.txt").write_text("bí mật")
    (site.content / "files").mkdir()
    (site.content / "files/ok.pdf").write_text("%PDF-1.4")
    site.article("a", title="Ổn", body="[ok]({static}/files/ok.pdf)")
    # the output folder two levels below the content's parent: "../" from the
    # content folder and from the staging folder beside the output lead elsewhere
    site.output = site.root / "xuat-ban" / "web" / "site"
    assert site.build().returncode == 0
    before = listing(site.root / "xuat-ban"), (site.output / "files/ok.pdf").stat().st_mtime_ns
    site.article("b", title="Vượt ra ngoài", date="2024-07-16",
                 body="[a]({static}/../bi-mat.txt)\n\n[b]({static}/../../../etc/hostname)\n\n"
                      "[c](../../bi-mat.txt)\n\n[d](/home/bien-tap/Tài liệu/ke-hoach.pdf)")
    result = site.build()
    assert result.returncode == 1
    fix = "Chép tệp vào content/files/ rồi viết {static}/files/ten-tep.pdf."
    out = "trỏ ra ngoài thư mục content/: không đọc và không xuất bản tệp ngoài đó."
    assert lines(result, site) == [
        f'content/articles/b.md:7: link: liên kết "{{static}}/../bi-mat.txt" {out} {fix}',
        f'content/articles/b.md:9: link: liên kết "{{static}}/../../../etc/hostname" {out} {fix}',
        f'content/articles/b.md:11: link: liên kết "../../bi-mat.txt" {out} {fix}',
        'content/articles/b.md:13: link: liên kết "/home/bien-tap/Tài liệu/ke-hoach.pdf" là đường dẫn tệp trên máy '
        f"tính, không phải địa chỉ trên trang. {fix}",
    ]
    assert "Traceback" not in result.stderr
    # the output folder, its parent and the content's parent are as they were
    after = listing(site.root / "xuat-ban"), (site.output / "files/ok.pdf").stat().st_mtime_ns
    assert after[0] ^ before[0] == set() and after[1] == before[1]
    assert {p.name for p in site.root.iterdir()} == {"bi-mat.txt", "cache", "content", "xuat-ban"}
    assert not any(p.name in {"bi-mat.txt", "hostname"} for p in (site.root / "xuat-ban").rglob("*"))


def test_attachments_of_types_a_browser_runs_are_refused(site):
    site.write("files/trang.html", "<script>alert(document.cookie)</script>")
    site.write("files/hinh.svg", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    site.write("files/ok.pdf", "%PDF-1.4")
    site.article("a", title="Đính kèm",
                 body="[Trang]({static}/files/trang.html)\n\n[Hình](../files/hinh.svg)\n\n[Được](/files/ok.pdf)")
    result = site.build()
    assert result.returncode == 1
    allowed = ("Các loại được phép: 7z, csv, doc, docx, mp3, mp4, odp, ods, odt, pdf, ppt, pptx, rar, rtf, txt, "
               "xls, xlsx, zip; ảnh: avif, bmp, gif, heic, heif, jpeg, jpg, png, tif, tiff, webp.")
    assert lines(result, site) == [
        'content/articles/a.md:7: link: liên kết "{static}/files/trang.html": tệp .html không được đăng trên trang '
        "(trình duyệt có thể chạy mã trong đó); xuất trang ra PDF (In → Lưu dưới dạng PDF) rồi đính kèm tệp PDF. "
        + allowed,
        'content/articles/a.md:9: link: liên kết "../files/hinh.svg": tệp .svg không được đăng trên trang '
        "(trình duyệt có thể chạy mã trong đó); xuất hình ra PNG hoặc JPG rồi chèn như ảnh. " + allowed,
    ]
    assert not result.output.exists()


def test_an_edited_body_with_attachment_links_keeps_its_links_right(site):
    site.write("files/ke-hoach.pdf", "%PDF-1.4 kế hoạch")
    site.write("files/moi.pdf", "%PDF-1.4 chưa ai liên kết")
    site.image("images/2024/a.jpg", (800, 600))
    body = ('![Lễ trao](/images/2024/a.jpg "Lễ trao")\n\n[Tải kế hoạch](../files/ke-hoach.pdf) và '
            "[ảnh gốc]({static}/images/2024/a.jpg).")
    article = site.article("a", title="Kế hoạch", summary="Kế hoạch năm học.", body=body)
    first = site.build()
    assert first.returncode == 0, first.stderr
    page = "tin/2024/07/15/ke-hoach/index.html"
    links = sorted(set(re.findall(r'<a href="([^"]*\.(?:pdf|jpg))"', first.page(page))))
    assert links[1] == "../../../../../files/ke-hoach.pdf" and links[0].startswith("../../../../../anh/"), links
    article.write_text(article.read_text(encoding="utf-8") + "\nĐoạn mới.\n", encoding="utf-8")
    second = site.build()
    assert second.returncode == 0, second.stderr
    assert "Đoạn mới." in second.page(page)
    assert sorted(set(re.findall(r'<a href="([^"]*\.(?:pdf|jpg))"', second.page(page)))) == links
    # a link to a file in content/ the last build did not publish: it is published now
    article.write_text(article.read_text(encoding="utf-8") + "\n[Tệp mới](../files/moi.pdf)\n", encoding="utf-8")
    third = site.build()
    assert third.returncode == 0, third.stderr
    assert "moi.pdf" not in third.stderr, third.stderr
    assert (third.output / "files/moi.pdf").is_file()
    assert '<a href="../../../../../files/moi.pdf">' in third.page(page)
