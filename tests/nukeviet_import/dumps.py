"""A NukeViet 2.0 site in a real MariaDB, dumped both ways with the real mariadb-dump.

A plain module (not the conftest): the redirects tests import it too, and one module
object means one cache, so MariaDB starts once per test run."""

from __future__ import annotations

import atexit
import functools
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


from tests.nukeviet_import.mariadb import SCHEMA, MariaDB, require_tools, sql_string

ROOT = Path(__file__).resolve().parents[2]

CATEGORIES = [  # catid, parentid, title
    (1, 0, "Tin tức"),
    (2, 1, "Tin các tỉnh"),
    (3, 0, "Gương sáng hiếu học"),
]
TOPICS = [(1, "Đại hội")]

BODY_1 = (
    '<p class="MsoNormal" style="mso-margin-top-alt:auto"><font face="Times New Roman" size="3">'
    "Sáng 15/3, Hội Khuyến học tỉnh Yên Bái khai mạc đại hội lần thứ IV.&nbsp;Đại hội có 200 đại biểu."
    "<o:p></o:p></font></p>\r\n"
    "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->"
    '<p><img src="uploads/News/pic/2009/dai-hoi.jpg" alt="Đại biểu dự đại hội" border="0"></p>'
    "<script>document.write('quảng cáo')</script>"
    '<p>Xem thêm: <a href="modules.php?name=News&amp;op=viewst&amp;sid=2">trao học bổng</a>.</p>'
)
BODY_2 = (
    "<p>Hội đã trao 50 suất học bổng cho học sinh nghèo vượt khó.</p>"
    '<p><span style="font-family: .VnTime">Héi KhuyÕn häc ViÖt Nam</span></p>'
    '<table border="1" style="width:400px"><tr><td colspan="2"><b>Danh sách</b></td></tr>'
    "<tr><td>Lớp 5</td><td>20 suất</td></tr></table>"
    '<p>Tin liên quan: <a href="http://khuyenhoc.vn/modules.php?sid=1&name=News&file=article">đại hội</a></p>'
    '<p><img src="http://khuyenhoc.vn/uploads/News/pic/hoc-bong.png"></p>'
)
STORIES = [  # sid, catid, aid, title, time, hometext, bodytext, images, imgtext, source, topicid, newsst
    (1, 2, "admin", "Đại hội Hội Khuyến học tỉnh Yên Bái lần thứ IV", "2009-03-15 08:30:00",
     "Sáng nay, đại hội đã khai mạc.<br />\r\nĐại hội bầu ban chấp hành mới.", BODY_1,
     "2009/dai-hoi.jpg", "Quang cảnh &quot;đại hội&quot;", "Báo Yên Bái", 1, 1),
    (2, 1, "minhtrang", "Trao học bổng cho học sinh nghèo", "2009-03-10 14:05:00",
     "Năm mươi suất học bổng.", BODY_2, "", "", "", 0, 0),
    (3, 1, "minhtrang", "Trao học bổng cho học sinh nghèo", "2009-03-10 16:00:00",
     "Thêm một đợt trao học bổng.", "<p>Đợt hai, cùng ngày: người nhận là học sinh lớp 9.</p>", "", "", "", 0, 0),
    (4, 1, "admin", "Ảnh bị mất trên trang cũ", "2010-06-01 09:00:00", "Bài có ảnh đã mất.",
     '<p>Nội dung.</p><p><img src="/uploads/News/pic/khong-con.jpg"></p>', "khong-co.jpg", "Ảnh mất", "", 0, 0),
    (5, 1, "admin", "Học sinh &quot;nghèo vượt khó&quot; ở Hà Giang", "2011-09-05 07:00:00",
     "Tấm gương vượt khó.", "<p>Em Lò Thị Mai, người Mông, học giỏi nhiều năm liền.</p>", "", "", "", 0, 0),
    (6, 3, "admin", "Hội Khuyến học thành phố Hà Nội tôn vinh gia đình hiếu học", "2012-11-20 10:00:00",
     "Ông bà mẫu mực, con cháu thảo hiền.", "<p>Lễ tôn vinh <b>100 gia đình</b> hiếu học.</p>", "", "", "", 0, 0),
]
NOTES = {4: "Bài đăng lại từ <b>báo Hà Nội Mới</b>."}  # sid -> NukeViet's "notes"
AUTO = [  # anid, catid, aid, title, time, hometext, bodytext
    (1, 1, "admin", "Thông báo hội nghị tổng kết năm", "2027-01-10 08:00:00", "Sắp diễn ra.", "<p>Hội nghị.</p>"),
]
COMMENTS = [(1, 1, "2009-03-16 10:00:00", "Bạn đọc", "Hay quá"), (2, 1, "2009-03-17 10:00:00", "Khách", "Tốt")]
IMAGES = [(1, 6, "Lễ tôn vinh", "Lễ tôn vinh &quot;gia đình hiếu học&quot;", "hoc-bong.png")]  # imgid, sid, …
PUBLISHED = len(STORIES)


def insert_sql(prefix: str) -> str:
    q = sql_string
    lines = [SCHEMA.format(p=prefix)]
    for catid, parent, title in CATEGORIES:
        lines.append(f"INSERT INTO {prefix}_stories_cat (catid, parentid, title) VALUES ({catid}, {parent}, {q(title)});")
    for topicid, title in TOPICS:
        lines.append(f"INSERT INTO {prefix}_stories_topic VALUES ({topicid}, {q(title)});")
    for sid, catid, aid, title, time, home, body, images, imgtext, source, topicid, newsst in STORIES:
        lines.append(
            f"INSERT INTO {prefix}_stories (sid, catid, aid, title, time, hometext, bodytext, images, counter, notes,"
            f" alanguage, imgtext, source, topicid, newsst) VALUES ({sid}, {catid}, {q(aid)}, {q(title)}, {q(time)},"
            f" {q(home)}, {q(body)}, {q(images)}, 12, {q(NOTES.get(sid, ''))}, 'vietnamese', {q(imgtext)}, {q(source)},"
            f" {topicid}, {newsst});")
    for anid, catid, aid, title, time, home, body in AUTO:
        lines.append(f"INSERT INTO {prefix}_stories_auto (anid, catid, aid, title, time, hometext, bodytext, notes)"
                     f" VALUES ({anid}, {catid}, {q(aid)}, {q(title)}, {q(time)}, {q(home)}, {q(body)}, '');")
    for imgid, sid, title, text, link in IMAGES:
        lines.append(f"INSERT INTO {prefix}_stories_images (imgid, imgtitle, imgtext, imglink, sid) VALUES"
                     f" ({imgid}, {q(title)}, {q(text)}, {q(link)}, {sid});")
    for tid, sid, date, name, comment in COMMENTS:
        lines.append(f"INSERT INTO {prefix}_stories_comments (tid, sid, date, name, comment) VALUES"
                     f" ({tid}, {sid}, {q(date)}, {q(name)}, {q(comment)});")
    return "\n".join(lines)


@dataclass
class Dumps:
    default: Path  # mariadb-dump's default (utf8mb4): double-encoded text
    latin1: Path  # --default-character-set=latin1: the bytes as NukeViet wrote them
    other_prefix: Path  # the same site with tables named nv_*
    not_nukeviet: Path  # a dump of some other application
    uploads: Path


@functools.cache
def real_dumps() -> Dumps:
    """The dumps, made once per test run whichever test folder asks first (the import
    tests and the redirects tests share them: MariaDB starts once)."""
    require_tools()
    root = Path(tempfile.mkdtemp(prefix="nukeviet-dumps-"))
    atexit.register(shutil.rmtree, root, True)
    server = MariaDB(root / "server")
    try:
        server.client("CREATE DATABASE nukeviet DEFAULT CHARACTER SET latin1; CREATE DATABASE nvsite;"
                      " CREATE DATABASE shop;")
        server.client(insert_sql("nuke"), "nukeviet")
        server.client(insert_sql("nv"), "nvsite")
        server.client("CREATE TABLE products (id int, name varchar(50)); INSERT INTO products VALUES (1, 'x');", "shop")
        result = Dumps(
            default=server.dump("nukeviet", root / "default.sql"),
            latin1=server.dump("nukeviet", root / "latin1.sql", "--default-character-set=latin1"),
            other_prefix=server.dump("nvsite", root / "nv.sql"),
            not_nukeviet=server.dump("shop", root / "shop.sql"),
            uploads=root / "uploads",
        )
    finally:
        server.stop()
    from PIL import Image

    pic = result.uploads / "News" / "pic"
    (pic / "2009").mkdir(parents=True)
    Image.new("RGB", (640, 427), (30, 120, 200)).save(pic / "2009" / "dai-hoi.jpg", quality=85)
    Image.new("RGB", (320, 200), (200, 60, 30)).save(pic / "hoc-bong.png")
    return result


def run_import(dump: Path, content: Path, *extra: str) -> subprocess.CompletedProcess:
    """The command editors run: ``invoke import-nukeviet`` from the repository root."""
    return subprocess.run([sys.executable, "-m", "invoke", "import-nukeviet", "--dump", str(dump),
                           "--content", str(content), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
