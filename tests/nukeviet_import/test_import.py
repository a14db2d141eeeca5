"""The importer on real dumps: MariaDB filled as NukeViet 2.0 filled it, dumped by
mariadb-dump both ways, imported by ``invoke import-nukeviet``, built by ``pelican``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import Site
from tests.nukeviet_import.dumps import PUBLISHED, STORIES, run_import


def articles(content: Path) -> dict[str, str]:
    return {p.relative_to(content).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((content / "articles").rglob("*.md"))}


def front(text: str) -> dict:
    return yaml.safe_load(text.split("---\n")[1])


def by_sid(content: Path) -> dict[int, tuple[str, dict, str]]:
    out = {}
    for rel, text in articles(content).items():
        meta = front(text)
        if "legacy_sid" in meta:
            out[meta["legacy_sid"]] = (rel, meta, text.split("---\n", 2)[2])
    return out


@pytest.fixture(scope="module")
def imported(dumps, tmp_path_factory):
    """Each dump imported into a fresh site folder."""
    out = {}
    for name in ("default", "latin1"):
        site = Site(tmp_path_factory.mktemp(f"site-{name}"))
        result = run_import(getattr(dumps, name), site.content, "--uploads", str(dumps.uploads))
        assert result.returncode == 0, result.stdout + result.stderr
        out[name] = (site, result.stdout)
    return out


def test_the_default_dump_is_double_encoded_and_the_latin1_one_is_not(dumps):
    title = "Đại hội Hội Khuyến học tỉnh Yên Bái"
    assert title in dumps.latin1.read_text(encoding="utf-8")
    default = dumps.default.read_text(encoding="utf-8")
    assert title not in default
    assert "Há»™i Khuyáº¿n" in default  # "Hội Khuyến học", each UTF-8 byte made a character


def test_both_dumps_give_the_same_articles(imported):
    default_site, _ = imported["default"]
    latin1_site, _ = imported["latin1"]
    assert articles(default_site.content) == articles(latin1_site.content)
    assert len(articles(default_site.content)) == PUBLISHED + 1  # and the scheduled story


def test_front_matter_and_bodies(imported):
    site, stdout = imported["default"]
    stories = by_sid(site.content)
    assert sorted(stories) == [s[0] for s in STORIES]
    rel, meta, body = stories[1]
    assert rel == "articles/2009/2009-03-15-dai-hoi-hoi-khuyen-hoc-tinh-yen-bai-lan-thu-iv.md"
    assert meta["title"] == "Đại hội Hội Khuyến học tỉnh Yên Bái lần thứ IV"
    assert meta["date"] == "15/03/2009 08:30"
    assert meta["author"] == "Ban biên tập"
    assert meta["category"] == "Hoạt động Hội"  # "Tin các tỉnh" → its parent "Tin tức" → default
    assert meta["province"] == "Yên Bái"  # "Hội Khuyến học tỉnh Yên Bái": sure
    assert meta["featured"] is True
    assert meta["image"] == "images/2009/dai-hoi.jpg"
    assert meta["image_caption"] == 'Quang cảnh "đại hội"'
    assert meta["summary"] == "Sáng nay, đại hội đã khai mạc. Đại hội bầu ban chấp hành mới."
    assert meta["source"] == "Báo Yên Bái"
    # The old topic "Đại hội" is a thread now: its entry in the registry, its slug here.
    assert "tags" not in meta and meta["thread"] == "dai-hoi"
    threads = yaml.safe_load((site.content / "dong-su-kien.yml").read_text(encoding="utf-8"))
    assert threads["threads"] == [{"slug": "dai-hoi", "title": "Đại hội",
                                   "description": "Các bài của chủ đề “Đại hội” trên trang cũ."}]
    assert "thread" not in stories[2][1]  # a story without a topic
    assert "<script" not in body and "quảng cáo" not in body and "mso" not in body.lower()
    assert "o:p" not in body and "&nbsp;" not in body
    assert "![Đại biểu dự đại hội](/images/2009/dai-hoi.jpg)" in body
    assert "[trao học bổng](/tin/2009/03/10/trao-hoc-bong-cho-hoc-sinh-ngheo/)" in body

    _, meta2, body2 = stories[2]
    assert "Hội Khuyến học Việt Nam" in body2  # the TCVN3 span
    assert '<td colspan="2"><b>Danh sách</b></td>' in body2  # the table stays HTML, cleaned
    assert "style=" not in body2
    assert "[đại hội](/tin/2009/03/15/dai-hoi-hoi-khuyen-hoc-tinh-yen-bai-lan-thu-iv/)" in body2
    assert "](/images/2009/hoc-bong.png)" in body2  # an absolute http://…/uploads/ address

    # Same title, same day: distinct files and addresses.
    assert stories[2][0] != stories[3][0] and stories[3][1]["slug"] == "trao-hoc-bong-cho-hoc-sinh-ngheo-3"
    assert stories[4][2].endswith("\n*Ghi chú:* Bài đăng lại từ **báo Hà Nội Mới**.\n")  # the notes column
    assert stories[5][1]["title"] == 'Học sinh "nghèo vượt khó" ở Hà Giang'
    assert "province" not in stories[5][1]  # unsure: left empty, listed
    assert stories[6][1]["province"] == "Hà Nội"
    assert stories[6][1]["category"] == "Gương sáng hiếu học"
    assert stories[6][2].endswith('![Lễ tôn vinh ”gia đình hiếu học”](/images/2012/hoc-bong.png'
                                  ' "Lễ tôn vinh ”gia đình hiếu học”")\n')  # _stories_images
    assert (site.content / "images" / "2009" / "dai-hoi.jpg").is_file()


def test_scheduled_story_is_a_draft(imported):
    site, _ = imported["default"]
    drafts = [(rel, front(text)) for rel, text in articles(site.content).items() if "legacy_sid" not in front(text)]
    assert len(drafts) == 1
    rel, meta = drafts[0]
    assert meta["status"] == "draft" and meta["date"] == "10/01/2027 08:00"
    assert meta["title"] == "Thông báo hội nghị tổng kết năm"


def test_report_names_every_problem(imported):
    site, stdout = imported["default"]
    report = (site.content / "nukeviet" / "bao-cao-nhap.txt").read_text(encoding="utf-8")
    assert stdout.startswith(report.split("\n")[0])
    assert f"Đã nhập {PUBLISHED + 1} bài (1 bài hẹn giờ, để ở trạng thái nháp)" in report
    assert "0 bài không nhập được" in report
    assert re.search(r"- sid 4 \(Ảnh bị mất trên trang cũ\): thiếu ảnh \(đã bỏ khỏi bài\): /uploads/News/pic/khong-con.jpg", report)
    assert "- sid 4 (Ảnh bị mất trên trang cũ): thiếu ảnh đầu bài: khong-co.jpg" in report
    assert "- sid 1 (Đại hội Hội Khuyến học tỉnh Yên Bái lần thứ IV): đã bỏ nội dung không an toàn: <script>" in report
    assert '- sid 3 (Trao học bổng cho học sinh nghèo): trùng tiêu đề với bài khác cùng ngày' in report
    assert '- sid 5 (Học sinh "nghèo vượt khó" ở Hà Giang): có thể là: Hà Giang' in report
    assert "2 bình luận" in report


def test_category_map_is_written_and_editable(imported):
    site, _ = imported["default"]
    cmap = yaml.safe_load((site.root / "data" / "nukeviet-categories.yml").read_text(encoding="utf-8"))
    assert cmap["default"] == "Hoạt động Hội"
    by_id = {c["catid"]: c for c in cmap["categories"]}
    assert by_id[3]["category"] == "Gương sáng hiếu học" and by_id[2]["parent"] == 1


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "bao-cao-nhap.txt"}


def test_second_import_changes_nothing_and_keeps_editors_changes(dumps, tmp_path):
    site = Site(tmp_path)
    assert run_import(dumps.default, site.content, "--uploads", str(dumps.uploads)).returncode == 0
    before = snapshot(site.root)
    again = run_import(dumps.latin1, site.content, "--uploads", str(dumps.uploads))
    assert again.returncode == 0, again.stderr
    assert snapshot(site.root) == before
    assert f"0 mới, 0 cập nhật, {PUBLISHED + 1} không đổi" in again.stdout

    edited = next(p for p in (site.content / "articles").rglob("*.md") if "legacy_sid: 6" in p.read_text())
    edited.write_text(edited.read_text(encoding="utf-8").replace("100 gia đình", "120 gia đình"), encoding="utf-8")
    third = run_import(dumps.default, site.content, "--uploads", str(dumps.uploads))
    assert "120 gia đình" in edited.read_text(encoding="utf-8")
    assert "- sid 6 (Hội Khuyến học thành phố Hà Nội tôn vinh gia đình hiếu học): " in third.stdout
    assert "đã được sửa tay" in third.stdout
    manifest = json.loads((site.content / "nukeviet" / "da-nhap.json").read_text(encoding="utf-8"))
    assert set(manifest["stories"]) == {f"sid:{s[0]}" for s in STORIES} | {"auto:1"}


@pytest.mark.parametrize(("case", "expected"), [
    ("not_nukeviet", "không phải bản sao lưu NukeViet: không có bảng <tiền tố>_stories"),
    ("truncated", "tệp dump bị cắt cụt"),
    ("unknown_prefix", "không có bảng nuke_stories. Tiền tố có trong tệp: nv. Chạy lại với --prefix nv."),
    ("missing", "không tìm thấy tệp dump"),
])
def test_bad_dumps_give_one_vietnamese_error(dumps, tmp_path, case, expected):
    dump = {"not_nukeviet": dumps.not_nukeviet, "unknown_prefix": dumps.other_prefix,
            "missing": tmp_path / "khong-co.sql", "truncated": tmp_path / "cut.sql"}[case]
    if case == "truncated":
        data = dumps.default.read_bytes()
        dump.write_bytes(data[: len(data) // 2])
    extra = ("--prefix", "nuke") if case == "unknown_prefix" else ()
    result = run_import(dump, tmp_path / "content", *extra)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Không nhập được: ") and expected in lines[0], lines


def test_other_prefix_is_found_by_itself(dumps, tmp_path):
    site = Site(tmp_path)
    result = run_import(dumps.other_prefix, site.content)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tiền tố bảng: nv" in result.stdout
    assert "không có --uploads" in result.stdout


@pytest.fixture(scope="module")
def built(imported):
    site, _ = imported["latin1"]
    result = site.build()
    assert result.returncode == 0, result.stderr[-3000:]
    return site, result


def test_the_imported_site_builds(built):
    site, result = built
    pages = sorted(p.parent.relative_to(site.output).as_posix()
                   for p in site.output.glob("tin/*/*/*/*/index.html"))
    assert pages == [
        "tin/2009/03/10/trao-hoc-bong-cho-hoc-sinh-ngheo",
        "tin/2009/03/10/trao-hoc-bong-cho-hoc-sinh-ngheo-3",
        "tin/2009/03/15/dai-hoi-hoi-khuyen-hoc-tinh-yen-bai-lan-thu-iv",
        "tin/2010/06/01/anh-bi-mat-tren-trang-cu",
        "tin/2011/09/05/hoc-sinh-ngheo-vuot-kho-o-ha-giang",
        "tin/2012/11/20/hoi-khuyen-hoc-thanh-pho-ha-noi-ton-vinh-gia-dinh-hieu-hoc",
    ]  # every published story, and not the scheduled one
    page = result.page("tin/2009/03/15/dai-hoi-hoi-khuyen-hoc-tinh-yen-bai-lan-thu-iv/index.html")
    assert "Đại hội Hội Khuyến học tỉnh Yên Bái lần thứ IV" in page
    assert "15/03/2009" in page
    # The old topic's thread has its page, listing the story.
    thread = result.page("dong-su-kien/dai-hoi/index.html")
    assert "Dòng sự kiện: Đại hội" in thread and "dai-hoi-hoi-khuyen-hoc-tinh-yen-bai-lan-thu-iv/" in thread
    assert "chuyen-muc/hoat-dong-hoi/" in page and "tinh/yen-bai/" in page
    assert "<script>document.write" not in page
    # The link to story 2 leads to a page of the site.
    href = re.search(r'href="([^"]*trao-hoc-bong-cho-hoc-sinh-ngheo/)"', page).group(1)
    assert (site.output / href.lstrip("/") / "index.html").is_file()
    # The photo was derived by the images plugin.
    assert re.search(r'<img src="[^"]*anh/\w+/dai-hoi-640\.jpg"[^>]*alt="Đại biểu dự đại hội"', page)
    assert (site.output / "chuyen-muc" / "guong-sang-hieu-hoc" / "index.html").is_file()
    table = result.page("tin/2009/03/10/trao-hoc-bong-cho-hoc-sinh-ngheo/index.html")
    assert "<td colspan=\"2\"><b>Danh sách</b></td>" in table
    assert "Hội Khuyến học Việt Nam" in table
