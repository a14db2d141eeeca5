"""Speed of ``invoke import-nukeviet`` on a synthetic NukeViet 2.0 dump.

    python benchmarks/nukeviet_import_bench.py --stories 20000 [--folder bench/nukeviet]

Writes (deterministically) a mysqldump-shaped file as ``mariadb-dump`` makes it by
default from NukeViet's latin1 tables: double-encoded text, multi-row INSERTs of about
1 MB (mysqldump's ``net_buffer_length``), bodies of old editor HTML (``<font>``,
``&nbsp;``, Word junk, a table in one story of ten, links to other stories, photos),
plus a few photos under ``uploads/News/pic/``. Then times, in separate processes as an
editor runs them: reading the dump alone, the first import into an empty content
folder, and a second import of the same dump (which must write nothing).
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORDS = ("khuyến học khuyến tài xây dựng xã hội học tập gia đình hiếu học dòng họ cộng đồng "
         "học sinh nghèo vượt khó trao học bổng hội nghị tổng kết năm tỉnh huyện xã phường "
         "người cao tuổi trung tâm học tập thư viện sách giáo viên nhà trường phong trào").split()
PROVINCES = ("Yên Bái", "Hà Giang", "Nghệ An", "Thái Bình", "Cần Thơ", "Đắk Lắk", "Lào Cai", "Hà Nội")


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def body(rng: random.Random, sid: int, stories: int) -> str:
    parts = []
    for _ in range(rng.randint(4, 9)):
        parts.append(f'<p class="MsoNormal" style="mso-line-height:150%"><font face="Times New Roman" size="3">'
                     f"{sentence(rng, rng.randint(15, 40))}&nbsp;{sentence(rng, 12)}<o:p></o:p></font></p>")
    if sid % 3 == 0:
        parts.insert(1, f'<p align="center"><img src="uploads/News/pic/anh-{sid % 5}.jpg" border="0"></p>')
    if sid % 4 == 0 and sid > 1:
        parts.append(f'<p>Xem thêm: <a href="modules.php?name=News&amp;op=viewst&amp;sid={rng.randint(1, sid - 1)}">'
                     f"{sentence(rng, 6)}</a></p>")
    if sid % 10 == 0:
        parts.append('<table border="1" cellpadding="2"><tr><td colspan="2"><b>Danh sách</b></td></tr>'
                     + "".join(f"<tr><td>{i}</td><td>{sentence(rng, 3)}</td></tr>" for i in range(5)) + "</table>")
    if sid % 50 == 0:
        parts.append("<script>document.write('x')</script>")
    return "".join(parts)


def sql_string(text: str) -> str:
    # As the default dump shows latin1 columns holding UTF-8 bytes: each byte a character.
    mangled = text.encode("utf-8").decode("sloppy-windows-1252")
    return "'" + mangled.replace("\\", "\\\\").replace("'", "\\'").replace("\r", "\\r").replace("\n", "\\n") + "'"


def write_dump(path: Path, stories: int, seed: int = 2008) -> None:
    import ftfy.bad_codecs  # noqa: F401 - the "sloppy-windows-1252" codec

    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write("-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB\n--\n-- Host: localhost    Database: nukeviet\n")
        out.write("/*!40101 SET NAMES utf8mb4 */;\n")
        out.write("CREATE TABLE `nuke_stories_cat` (\n  `catid` int(11) NOT NULL AUTO_INCREMENT,\n"
                  "  `parentid` int(11) NOT NULL DEFAULT 0,\n  `title` varchar(255) NOT NULL DEFAULT '',\n"
                  "  PRIMARY KEY (`catid`)\n) ENGINE=MyISAM DEFAULT CHARSET=latin1;\n")
        cats = ["Tin tức", "Tin các tỉnh", "Gương sáng hiếu học", "Văn bản", "Học bổng"]
        out.write("INSERT INTO `nuke_stories_cat` VALUES " + ",".join(
            f"({i + 1},{1 if i == 1 else 0},{sql_string(c)})" for i, c in enumerate(cats)) + ";\n")
        columns = ("sid", "catid", "aid", "title", "time", "hometext", "bodytext", "images", "comments", "counter",
                   "notes", "ihome", "alanguage", "acomm", "imgtext", "source", "topicid", "newsst")
        out.write("CREATE TABLE `nuke_stories` (\n" + ",\n".join(f"  `{c}` text" for c in columns)
                  + ",\n  PRIMARY KEY (`sid`)\n) ENGINE=MyISAM DEFAULT CHARSET=latin1;\n")
        start = 1199145600  # 2008-01-01
        rows, size = [], 0
        for sid in range(1, stories + 1):
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(start + sid * 7200 + rng.randint(0, 3000)))
            place = rng.choice(PROVINCES)
            title = (f"Hội Khuyến học tỉnh {place} {sentence(rng, 6)[:-1].lower()}" if sid % 2
                     else sentence(rng, 9)[:-1])
            image = f"anh-{sid % 5}.jpg" if sid % 7 == 0 else ""
            row = (f"({sid},{rng.randint(1, 5)},'admin',{sql_string(title)},'{when}',"
                   f"{sql_string(sentence(rng, 20) + '<br />' + chr(13) + chr(10) + sentence(rng, 10))},"
                   f"{sql_string(body(rng, sid, stories))},'{image}',0,{rng.randint(0, 5000)},'',1,'vietnamese',0,"
                   f"{sql_string('Ảnh: ' + sentence(rng, 5)) if image else 'NULL'},'',0,{int(sid % 97 == 0)})")
            rows.append(row)
            size += len(row)
            if size > 1_000_000:
                out.write("INSERT INTO `nuke_stories` VALUES " + ",".join(rows) + ";\n")
                rows, size = [], 0
        if rows:
            out.write("INSERT INTO `nuke_stories` VALUES " + ",".join(rows) + ";\n")
        out.write("-- Dump completed on 2026-12-06 12:00:00\n")


def timed(cmd: list[str]) -> tuple[float, float, str]:
    """Seconds, peak resident MiB of the child, its output."""
    began = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - began
    if proc.returncode:
        sys.exit(proc.stdout + proc.stderr)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, peak, proc.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=20000)
    parser.add_argument("--folder", default="bench/nukeviet")
    args = parser.parse_args()
    folder = (ROOT / args.folder).resolve()
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "site" / "content").mkdir(parents=True)
    dump = folder / "nukeviet.sql"
    sys.path.insert(0, str(ROOT / "plugins"))
    write_dump(dump, args.stories)
    pic = folder / "uploads" / "News" / "pic"
    pic.mkdir(parents=True)
    from PIL import Image

    for i in range(5):
        Image.new("RGB", (800, 533), (40 * i, 120, 200)).save(pic / f"anh-{i}.jpg", quality=80)
    print(f"dump: {dump.stat().st_size / 1e6:.1f} MB, {args.stories} stories")
    py = sys.executable
    read = [py, "-c", "import sys; sys.path.insert(0, 'plugins'); from nukeviet_import.sqldump import read_dump;"
            f" d = read_dump({str(dump)!r}); print(sum(len(t.rows) for t in d.tables.values()))"]
    content = folder / "site" / "content"
    run = [py, "-m", "invoke", "import-nukeviet", "--dump", str(dump), "--uploads", str(folder / "uploads"),
           "--content", str(content)]
    for label, cmd in (("read the dump (sqlglot tokenizer)", read), ("first import", run),
                       ("second import (nothing to write)", run)):
        seconds, peak, output = timed(cmd)
        print(f"{label}: {seconds:.1f} s ({args.stories / seconds:.0f} stories/s), peak RSS so far {peak:.0f} MiB")
        if "import" in label:
            print("   " + output.splitlines()[2])


if __name__ == "__main__":
    main()
