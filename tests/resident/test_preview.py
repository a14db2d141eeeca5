"""The live preview (``invoke livereload``): a saved edit reaches the open page by itself,
under the site's strict Content-Security-Policy; published pages never carry the
preview's script."""

from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT, TEST_NOW

PREVIEW = "import sys; sys.path.insert(0, 'plugins'); from resident.preview import main; main(sys.argv[1:])"
ARTICLE = "tin/2024/07/15/bai-viet-mau/index.html"
# The policy of every page (theme/templates/partials/csp.html): no inline script.
SCRIPT_SRC = "script-src 'self' 'wasm-unsafe-eval';"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the preview stopped: {process.communicate()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"no answer from {url}")


@pytest.fixture
def preview(site):
    site.article("bai-viet-mau", body="Đoạn đầu của bài.")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-c", PREVIEW, "--port", str(port), "--output", str(site.output),
         "--watch", f"{site.content}/**/*", "--", str(site.content), "-s", "pelicanconf.py",
         "-o", str(site.output), "-e", f'SITE_NOW="{TEST_NOW}"', f'CACHE_PATH="{site.root / "cache"}"'],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/{ARTICLE}"
    try:
        wait_for(url, process)
        yield site, url
    finally:
        process.terminate()
        print(process.communicate(timeout=30)[0])  # shown when the test fails


@pytest.mark.browser
def test_a_saved_edit_reloads_the_open_page_under_the_strict_policy(browser, preview):
    site, url = preview
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    with page.expect_websocket() as connected:
        page.goto(url)
    assert connected.value.url.endswith("/livereload")
    assert page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content").count(SCRIPT_SRC) == 1
    # livereload reloads every open page once, 2 s after it starts (for a restarted
    # server), and drops saves for 3 s after a reload: the edit comes after both.
    time.sleep(6)
    loads = []
    page.on("load", lambda: loads.append(1))
    source = site.content / "articles" / "bai-viet-mau.md"
    source.write_text(source.read_text(encoding="utf-8").replace("Đoạn đầu", "Đoạn đã sửa"), encoding="utf-8")
    # No reload from here: the page must change by itself (a locator polls without
    # evaluating script in the page, which its policy would refuse). Should livereload
    # still drop the save, the file is saved again, as an editor would.
    deadline = time.monotonic() + 90
    while True:
        try:
            expect(page.locator("main")).to_contain_text("Đoạn đã sửa của bài", timeout=5_000)
            break
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            os.utime(source)
    context.close()
    assert loads and problems == []
    # The page file itself has no preview script: only the served response gets one.
    assert "livereload" not in (site.output / ARTICLE).read_text(encoding="utf-8")


def test_published_pages_keep_the_strict_policy_and_no_preview_script(site):
    site.article("bai-viet-mau")
    result = site.build(settings="publishconf.py")
    assert result.returncode == 0, result.stderr
    pages = list(result.output.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "livereload" not in text, page
        policies = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', text)
        assert len(policies) == 1, page
        policy = html.unescape(policies[0])
        if page.relative_to(result.output).parts[0] == "quan-tri":
            # The web editor's own policy (plugins/cms, tests/cms): Decap's inline styles,
            # never an inline script.
            script_src = policy.split("script-src", 1)[1].split(";", 1)[0]
            assert "unsafe-inline" not in script_src and "<script>" not in text, page
            continue
        assert "unsafe-inline" not in policy, page
        # A page of the site, or a saved copy ("Lưu dạng file"), which runs no script at all.
        assert SCRIPT_SRC in policy or ("default-src 'none'" in policy and "script-src" not in policy), page
        # Every script is a file (JSON-LD is data, never run).
        inline = [attrs for attrs in re.findall(r"<script([^>]*)>", text)
                  if "src=" not in attrs and "application/ld+json" not in attrs]
        assert inline == [], page
