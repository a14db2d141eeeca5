"""Screenshots of the web editor for the editors' guide (headless Debian Chromium).

    python scripts/cms_screenshots.py [docs/screenshots]

Copies the sample content into a temporary git repository, builds it, starts Decap's
local backend on it (plugins/cms/local.py) and saves: the login page, the article form
with the province select open, the photo library, the saved draft, and the editorial
workflow board.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))
from cms.local import start_proxy  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        repo, out = Path(temp) / "kho", Path(temp) / "output"
        shutil.copytree(ROOT / "content", repo / "content")
        for args in (["init", "-q", "-b", "main"], ["add", "-A"],
                     ["-c", "user.name=Biên tập", "-c", "user.email=bt@example.vn", "commit", "-q", "-m", "Mẫu"]):
            subprocess.run(["git", *args], cwd=repo, check=True)
        proxy_port = _port()
        subprocess.run([sys.executable, str(ROOT / "build.py"), str(repo / "content"), "-s", "pelicanconf.py", "-o", str(out),
                        "-e", f'CACHE_PATH="{Path(temp) / "cache"}"',
                        f'CMS_LOCAL_BACKEND="http://localhost:{proxy_port}/api/v1"'],
                       cwd=ROOT, check=True, capture_output=True)
        photo = Path(temp) / "trao-hoc-bong.jpg"
        shutil.copy(next((ROOT / "content/images").rglob("*.jpg")), photo)
        proxy = start_proxy(repo, proxy_port)

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://localhost:{server.server_address[1]}/quan-tri/"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                page = browser.new_page(viewport={"width": 1280, "height": 800}, locale="vi-VN")
                page.goto(base)
                page.get_by_role("button", name="Đăng nhập").wait_for()
                page.screenshot(path=target / "quan-tri-dang-nhap.png")
                page.get_by_role("button", name="Đăng nhập").click()
                page.get_by_text("Bài viết").first.wait_for()
                page.goto(base + "#/collections/articles/new")
                page.fill("#title-field-1", "Lào Cai trao 300 suất học bổng cho học sinh vượt khó")
                page.fill("#date-field-2", "2026-10-20T09:30")
                page.fill("#author-field-3", "Minh Trang")
                page.click("#category-field-6")
                page.keyboard.type("Hoạt động")
                page.keyboard.press("Enter")
                page.click("#province-field-4")
                page.keyboard.type("Lào")
                page.wait_for_timeout(300)
                page.screenshot(path=target / "quan-tri-chon-tinh.png")
                page.keyboard.press("Enter")
                page.get_by_text("Chọn một hình").click()
                page.set_input_files("input[type=file]", str(photo))
                page.get_by_text(photo.name).wait_for()
                page.wait_for_timeout(500)
                page.screenshot(path=target / "quan-tri-anh.png")
                page.get_by_role("button", name="Lấy những cái đã chọn").click()
                page.locator("[data-slate-editor]").click()
                page.keyboard.type("Sáng 20/10, Hội Khuyến học tỉnh Lào Cai trao 300 suất học bổng.")
                page.get_by_role("button", name="Lưu", exact=True).click()
                page.get_by_text("Trạng: Bản nháp").wait_for()
                page.wait_for_timeout(4000)  # the "saved" notice fades
                page.screenshot(path=target / "quan-tri-ban-nhap.png")
                page.goto(base + "#/workflow")
                page.get_by_text("Lào Cai trao 300 suất").first.wait_for()
                page.screenshot(path=target / "quan-tri-quy-trinh.png")
                browser.close()
        finally:
            server.shutdown()
            proxy.terminate()
            proxy.wait(timeout=30)
    for name in ("dang-nhap", "chon-tinh", "anh", "ban-nhap", "quy-trinh"):
        path = target / f"quan-tri-{name}.png"
        Image.open(path).convert("P", palette=Image.ADAPTIVE, colors=128).save(path, optimize=True)
        print(path, os.path.getsize(path))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
