"""Editor and developer tasks (invoke). Thin: each task calls Pelican or a tool.

    invoke build | serve | livereload | new "Tiêu đề" | check | clean | publish | test | cms
    invoke bench | lighthouse | codeowners
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shlex
import shutil
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from content_model.slugs import slugify  # noqa: E402
from content_model.template import new_article  # noqa: E402
from sitecore import locks  # noqa: E402
from sitecore.files import WORKING_FILES, beside  # noqa: E402

PY = shlex.quote(sys.executable)
CONTENT = "content"
OUTPUT = "output"
# The published build has a folder of its own: its pages differ from the preview's
# (absolute addresses, .gz/.br copies), and sharing output/ would rewrite every page at
# each switch between the two, so every upload would move them all again.
PUBLISHED = "public"
CACHE = ".cache"  # CACHE_PATH in pelicanconf.py
PORT = 8000


@contextlib.contextmanager
def _holding(*folders: Path, what: str, cache: bool = False):
    """The build locks of these output folders (and of the cache): a build running on
    them is waited for, as builds wait for each other (``sitecore.locks``)."""
    paths = [locks.output_lock(f.resolve()) for f in folders]
    try:
        with locks.holding([*paths, *([locks.cache_lock(ROOT / CACHE)] if cache else [])], what,
                           locks.DEFAULT_WAIT, print):
            yield
    except locks.BuildBusy as busy:
        raise Exit(str(busy), code=1) from None


def _build(c, settings: str = "pelicanconf.py", extra: str = "", warn: bool = False, output: str = OUTPUT):
    return c.run(f"{PY} {shlex.quote(str(ROOT / 'build.py'))} {CONTENT} -s {settings} -o {shlex.quote(output)} {extra}", warn=warn, pty=False)


@task
def build(c):
    """Build the site into output/ (the previous output stays if the content has errors)."""
    _build(c)


@task
def check(c):
    """Check every content file and list all problems at once; writes nothing."""
    _build(c, extra="-e SITE_CHECK_ONLY=true")


@task
def clean(c):
    """Remove the built sites and the build caches (after a build still running ends)."""
    with _holding(ROOT / OUTPUT, ROOT / PUBLISHED, what="invoke clean", cache=True):
        for out in (OUTPUT, PUBLISHED):
            for found in (ROOT / out, *(beside(ROOT / out, what) for what in WORKING_FILES)):
                if found.is_dir():
                    shutil.rmtree(found, ignore_errors=True)
                else:
                    found.unlink(missing_ok=True)
        # The cache's lock files stay: a build waiting for them holds them open.
        for entry in (ROOT / CACHE).glob("*"):
            if not entry.name.startswith(locks.CACHE_LOCK_NAME):
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


@task(pre=[build])
def serve(c, port=PORT):
    """Build, then serve output/ on http://localhost:8000 (Ctrl+C to stop)."""
    print(f"==> http://localhost:{port}/")
    c.run(f"{PY} -m pelican --listen --port {int(port)} -o {OUTPUT} -s pelicanconf.py", pty=False)


@task
def livereload(c, port=PORT):
    """Rebuild on every save and reload the browser (http://localhost:8000).

    One build process stays between saves (plugins/resident): after its first build, a
    save that changes only an article's body (or a featured flag that leaves "Tiêu điểm"
    as it is) is published in about a second, even with 10,000 articles; any other
    change is a whole build in the same process. A change to the plugins or the
    settings starts the process again."""
    from resident.preview import serve as serve_preview

    def restart() -> None:
        # Plugins and settings are modules loaded once: a new process loads them again.
        print("Mã hoặc cấu hình đã đổi: khởi động lại.")
        os.execv(sys.executable, sys.orig_argv)

    serve_preview([CONTENT, "-s", "pelicanconf.py", "-o", OUTPUT], OUTPUT, int(port),
                  watched=("content/**/*", "theme/**/*", "data/*"),
                  restart_on=("plugins/**/*.py", "pelicanconf.py"), restart=restart)


@task(help={"port": f"cổng của trang xem thử và trình biên tập (mặc định {PORT})",
            "proxy_port": "cổng của máy chủ git cục bộ decap-server (mặc định 8081)"})
def cms(c, port=PORT, proxy_port=8081):
    """The web editor on this working copy: http://localhost:8000/quan-tri/.

    Decap CMS's local backend (decap-server, git mode: drafts on branches, publishing
    commits to the current branch) on the repository, and the live preview of
    `invoke livereload`, which rebuilds when the editor publishes. Refused while the
    working copy has uncommitted changes: the proxy commits every changed file."""
    from cms.local import LocalBackendError, start_proxy
    from resident.preview import serve as serve_preview

    repo = Path(c.run("git rev-parse --show-toplevel", hide=True).stdout.strip())
    try:
        proxy = start_proxy(repo, int(proxy_port))
    except LocalBackendError as problem:
        raise Exit(f"invoke cms: {problem}", code=1) from None
    local = f"http://localhost:{int(proxy_port)}/api/v1"
    print(f"==> trình biên tập: http://localhost:{int(port)}/quan-tri/ (kho {repo}; Ctrl+C để dừng)")
    try:
        serve_preview([CONTENT, "-s", "pelicanconf.py", "-o", OUTPUT, "-e", f'CMS_LOCAL_BACKEND="{local}"'],
                      OUTPUT, int(port), watched=("content/**/*", "theme/**/*", "data/*"))
    finally:
        proxy.terminate()
        proxy.wait(timeout=30)


@task(help={"title": "Tiêu đề bài viết, ví dụ: \"Trao học bổng cho học sinh nghèo\""})
def new(c, title, province="", category="Hoạt động Hội", author="", content=CONTENT):
    """Create content/articles/<năm>/<ngày>-<slug>.md with every field filled or commented."""
    now = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    slug = slugify(title)
    path = Path(content).resolve() / "articles" / f"{now:%Y}" / f"{now:%Y-%m-%d}-{slug}.md"
    if path.exists():
        sys.exit(f"Đã có tệp {path}; chọn tiêu đề khác hoặc sửa tệp đó.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new_article(title, now, slug, province, category, author), encoding="utf-8")
    print(f"Đã tạo {path} (status: draft; đổi thành published khi đăng).")


@task(help={"target": "rsync destination, e.g. user@host:/var/www/khuyenhoc/ (or a local folder)",
            "output": f"build folder (default {PUBLISHED}/)"})
def publish(c, target="", output=PUBLISHED):
    """Build with publishconf.py into public/ (absolute addresses, .gz/.br copies); with
    --target, rsync it.

    Unchanged files keep their modification time in public/, so rsync's quick check
    (size and time) uploads only what changed; --delete removes what the site no longer
    has. The upload holds the folder's build lock: no build changes it while it moves.
    """
    _build(c, settings="publishconf.py", output=output)
    if target:
        with _holding(Path(output), what=f"invoke publish --target {target}"):  # as pelican -o takes it
            c.run(f"rsync -rlt --delete --stats {shlex.quote(output)}/ {shlex.quote(target)}", pty=False)


@task(pre=[build])
def screenshots(c):
    """Build, then save screenshots (home, category, article, province, search, lookup, menu;
    360 and 1280 px) to docs/screenshots/."""
    c.run(f"{PY} scripts/screenshots.py {OUTPUT} docs/screenshots", pty=False)


@task(help={"dump": "tệp .sql do mysqldump xuất từ trang NukeViet 2.0",
            "uploads": "bản sao thư mục uploads/ của trang cũ (ảnh)",
            "prefix": "tiền tố bảng, ví dụ nuke hoặc nv (mặc định: tự nhận ra)",
            "content": f"thư mục nội dung (mặc định {CONTENT}/)"})
def import_nukeviet(c, dump, uploads="", prefix="", content=CONTENT):
    """Import the NukeViet 2.0 archive: one Markdown file per story, photos, a report.

    The category map is data/nukeviet-categories.yml beside the content folder (made on
    the first run, editable); running again on the same dump changes nothing."""
    from nukeviet_import.importer import run_command

    code, text = run_command(Path(dump), Path(content), Path(uploads) if uploads else None, prefix or None)
    if code:
        raise Exit(text, code=code)
    print(text, end="")


@task(help={"check": "chỉ kiểm tra: báo lỗi nếu tệp CODEOWNERS chưa khớp danh mục tỉnh, không ghi gì"})
def codeowners(c, check=False):
    """Write .github/CODEOWNERS and .gitlab/CODEOWNERS from data/provinces.yml (who
    reviews each province's folder; the centre owns everything)."""
    from provinces.codeowners import files_for
    from provinces.registry import Registry, RegistryError

    try:
        registry = Registry.load(ROOT / "data" / "provinces.yml")
    except RegistryError as exc:
        raise Exit(str(exc), code=1) from None
    stale = []
    for name, text in files_for(registry).items():
        path = ROOT / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"Đã ghi {name}")
    if check and stale:
        raise Exit(f"{', '.join(stale)} chưa khớp data/provinces.yml: chạy invoke codeowners rồi commit.", code=1)
    if not stale:
        print("CODEOWNERS đã khớp data/provinces.yml.")


@task(help={"articles": "corpus size (default 1000; archive profile 20000)", "runs": "runs per scenario (median)",
            "tools": "comma list of ours,pelican,hugo,hugo-same", "profile": "default or archive",
            "scenarios": "comma list (default: all)", "phases": "shares of read, photos, render, search, publish"})
def bench(c, articles=0, runs=3, tools="ours,pelican,hugo", profile="default", scenarios="", phases=False):
    """Benchmark: this site against vanilla Pelican and Hugo (see docs/benchmarks.md)."""
    args = [f"--profile {shlex.quote(profile)}", f"--runs {int(runs)}", f"--tools {shlex.quote(tools)}"]
    args += [f"--articles {int(articles)}"] if int(articles) else []
    args += [f"--scenarios {shlex.quote(scenarios)}"] if scenarios else []
    args += ["--phases"] if phases else []
    c.run(f"{PY} benchmarks/bench.py {' '.join(args)}", pty=False)


@task(help={"url": "page to audit (default: the home page of `invoke serve`)"})
def lighthouse(c, url=f"http://localhost:{PORT}/"):
    """Lighthouse (mobile) with Debian's chromium; on demand, not in the test run."""
    report = ROOT / "docs" / "lighthouse"
    report.mkdir(exist_ok=True)
    name = slugify(url.split("://", 1)[-1]) or "home"
    c.run(
        f"CHROME_PATH=/usr/bin/chromium npx --yes lighthouse@13.5.0 {shlex.quote(url)} "
        "--only-categories=performance,accessibility,best-practices,seo "
        "--chrome-flags='--headless=new --no-sandbox' --quiet "
        f"--output=json --output-path={shlex.quote(str(report / name))}.json",
        pty=False,
    )


@task
def test(c, k="", browser=True):
    """Run every test (pytest); -k to select, --no-browser to skip Chromium tests."""
    args = [PY, "-m", "pytest"]
    if k:
        args += ["-k", shlex.quote(k)]
    if not browser:
        args += ["-m", "'not browser'"]
    c.run(" ".join(args), pty=False)
