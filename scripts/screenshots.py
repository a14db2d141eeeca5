"""Screenshots of the built site for the README (headless Debian Chromium).

    python scripts/screenshots.py [output] [docs/screenshots]

Serves the built site on a free local port and saves the home page, an article and a
province page at 360 px (phone) and 1280 px (desktop) wide.
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
    "bai-viet": "tin/2024/07/15/hoi-khuyen-hoc-tinh-yen-bai-trao-hoc-bong-he-2024/",
    "tinh-lao-cai": "tinh/lao-cai/",
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
                out = target / f"{name}-{width}.png"
                page.screenshot(path=str(out), full_page=False)
                page.close()
                print(out)
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0]) if args else ROOT / "output", Path(args[1]) if len(args) > 1 else ROOT / "docs" / "screenshots")
