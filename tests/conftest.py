"""Shared fixtures: write a content folder, run the real ``pelican`` command on it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PELICAN = [sys.executable, str(ROOT / "build.py")]
# A fixed clock for every test build: 1 November 2026, 12:00 Vietnam time.
TEST_NOW = "2026-11-01T12:00:00+07:00"


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    def page(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith(("content", "/"))]


class Site:
    """A content folder laid out like ``content/``, built with the real theme and plugins."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        (self.content / "articles").mkdir(parents=True)
        (self.content / "pages").mkdir()
        (self.content / "images").mkdir()

    def write(self, relative: str, text: str, encoding: str = "utf-8") -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).lstrip("\n").encode(encoding))
        return path

    def article(self, name: str, body: str = "Nội dung bài viết.", **fields: object) -> Path:
        defaults = {
            "title": "Bài viết mẫu",
            "date": "2024-07-15 09:30",
            "author": "Minh Trang",
            "category": "Hoạt động Hội",
        }
        defaults.update(fields)
        header = "\n".join(f"{k}: {v}" for k, v in defaults.items() if v is not None)
        return self.write(f"articles/{name}.md", f"---\n{header}\n---\n{body}\n")

    def image(self, relative: str, size: tuple[int, int] = (64, 48)) -> Path:
        from PIL import Image

        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (200, 120, 40)).save(path)
        return path

    def build(self, *extra: str, now: str = TEST_NOW, settings: str = "pelicanconf.py") -> BuildResult:
        cmd = [
            *PELICAN, str(self.content), "-s", settings, "-o", str(self.output),
            "-e", f'SITE_NOW="{now}"', f'CACHE_PATH="{self.root / "cache"}"', *extra,
        ]
        env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
        return BuildResult(proc.returncode, proc.stdout, proc.stderr, self.output)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The repository's own sample content, built once for the whole test run."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(ROOT / "content", root / "content")
    site = Site.__new__(Site)
    site.root, site.content, site.output = root, root / "content", root / "output"
    result = site.build()
    assert result.returncode == 0, result.stderr
    return result


def serve_folder(folder: Path):
    """Serve a folder over HTTP on 127.0.0.1 (a free port), as a reader's browser fetches it."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep test output readable
            pass

        def send_head(self):
            # This server revalidates by Last-Modified alone, in whole seconds: a file a
            # test rebuilds within the second a browser fetched it would be answered
            # "304 Not Modified" with the old bytes. nginx (docs/nginx.conf) also sends
            # an ETag of size and time, so readers never see that; here every request
            # gets the file as it is.
            del self.headers["If-Modified-Since"]
            return super().send_head()

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def sample_url(sample_build):
    """Base address of the sample site served on a free local port."""
    server = serve_folder(sample_build.output)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


# Another process holding build locks (``sitecore.locks``), as a second build would.
HOLDER = """
import sys
from pathlib import Path
sys.path.insert(0, "plugins")
from sitecore import locks
with locks.holding([Path(p) for p in sys.argv[1:]], "người giữ khóa thử", 0):
    print("held", flush=True)
    sys.stdin.readline()
"""


class Holder:
    """Another process holding ``paths`` until :meth:`release`."""

    def __init__(self, *paths: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", HOLDER, *map(str, paths)], cwd=ROOT,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None and self.process.stdout.readline() == "held\n"
        self.pid = self.process.pid

    def release(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(timeout=30) == 0

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


@pytest.fixture
def holders():
    started: list[Holder] = []

    def start(*paths: Path) -> Holder:
        started.append(Holder(*paths))
        return started[-1]

    yield start
    for holder in started:
        if holder.process.poll() is None:
            holder.kill()


def build_state(root: Path):
    """The build state (``sitecore.store``) of the one output folder built under ``root``."""
    from sitecore.store import Store

    [path] = (root / "cache").glob("build-*.sqlite")
    return Store(path)


def plugin_record(root: Path, name: str, version: int):
    """A plugin's record (``save_record_when_published``) in the last build's record of
    the one output folder built under ``root``; None without it."""
    from safe_build.fingerprint import stored
    from sitecore.report import BuildSession

    return BuildSession(last_records=stored(build_state(root)).get("records", {})).take_record(name, version)


def content_cache(root: Path):
    """The content cache (``sitecore.store``) of the builds under ``root``: files as read
    (kind ``prepared``)."""
    from content_model.prepared import CACHE_FILE
    from sitecore.store import Store

    return Store(root / "cache" / "content" / CACHE_FILE)
