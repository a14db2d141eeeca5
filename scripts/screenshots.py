"""Screenshots of the built site for the README (headless Debian Chromium).

    python scripts/screenshots.py [output] [docs/screenshots]

Serves the built site on a free local port and saves the home page, a category page,
an article, a province page, the search page (with a query), the lookup page and the
menu page at 360 px (phone) and 1280 px (desktop) wide: what a reader sees first
(the window, not the whole page), photos loaded.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
PAGES = {
    "trang-chu": "",
    "chuyen-muc": "chuyen-muc/hoat-dong-hoi/",
    "bai-viet": "tin/2024/07/15/hoi-khuyen-hoc-tinh-yen-bai-trao-hoc-bong-he-2024/",
    "tinh-lao-cai": "tinh/lao-cai/",
    "tim-kiem": "tim-kiem/?q=h%E1%BB%8Dc%20b%E1%BB%95ng",
    "tra-cuu": "tra-cuu/",
    "danh-muc": "danh-muc/",
}
WIDTHS = (360, 1280)


def main(site: Path, target: Path) -> None:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep the output to the files written
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    target.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for name, path in PAGES.items():
            for width in WIDTHS:
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(base + path, wait_until="networkidle")
                # search results and the lookup's form are drawn by scripts after load
                page.wait_for_timeout(800)
                out = target / f"{name}-{width}.png"
                page.screenshot(path=str(out), full_page=False)
                page.close()
                print(out)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0]) if args else ROOT / "output", Path(args[1]) if len(args) > 1 else ROOT / "docs" / "screenshots")
