"""Render the site's touch and app icons from the logo (theme/static/images/logo.svg).

    python scripts/make_touch_icons.py

Phones show these when a reader adds the site to the home screen (apple-touch-icon,
the web app manifest's icons). They are PNG files rendered once and committed, so the
build needs no SVG renderer: the SVG is drawn by the same Debian Chromium the browser
tests drive (Playwright), the one SVG renderer the project already has. Run it again
after changing the logo; data/touch-icons.json records which logo the icons show, and
tests/site_pages/test_app.py fails when it is not the current one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOGO = ROOT / "theme" / "static" / "images" / "logo.svg"
IMAGES = LOGO.parent
RECORD = ROOT / "data" / "touch-icons.json"
CHROMIUM = "/usr/bin/chromium"
BLUE = "#0b4f8a"  # the logo's disc: what a maskable icon's mask cuts into

# name: (size in px, background or None for transparent, share of the side the logo takes)
ICONS = {
    # iOS fills transparency with black: a white square with the logo.
    "apple-touch-icon.png": (180, "#ffffff", 0.9),
    "icon-192.png": (192, None, 1.0),
    "icon-512.png": (512, None, 1.0),
    # Android crops maskable icons to any shape inside the middle 80 %: the logo fits there.
    "icon-512-maskable.png": (512, BLUE, 0.8),
}


def render(svg: bytes) -> dict[str, bytes]:
    from playwright.sync_api import sync_playwright

    source = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    made = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True)
        for name, (size, background, share) in ICONS.items():
            page = browser.new_page(viewport={"width": size, "height": size}, device_scale_factor=1)
            logo = round(size * share)
            page.set_content(
                f'<html><body style="margin:0;width:{size}px;height:{size}px;display:grid;place-items:center;'
                f'background:{background or "transparent"}"><img src="{source}" width="{logo}" height="{logo}"></body></html>')
            page.wait_for_function("document.images[0].complete")
            made[name] = page.screenshot(omit_background=background is None, type="png")
            page.close()
        browser.close()
    return made


def main() -> int:
    svg = LOGO.read_bytes()
    for name, data in render(svg).items():
        (IMAGES / name).write_bytes(data)
        print(f"{IMAGES / name}: {len(data)} bytes")
    record = {"logo_sha256": hashlib.sha256(svg).hexdigest(),
              "icons": {name: size for name, (size, _, _) in ICONS.items()}}
    RECORD.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
