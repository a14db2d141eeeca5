"""The web app manifest and the touch icons (a reader adds the site to a home screen)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from site_pages.app import ICONS, AppManifest

ROOT = Path(__file__).resolve().parents[2]
IMAGES = ROOT / "theme" / "static" / "images"


def test_the_icons_show_the_current_logo():
    """scripts/make_touch_icons.py renders them from logo.svg; run it after changing the logo."""
    record = json.loads((ROOT / "data" / "touch-icons.json").read_text(encoding="utf-8"))
    assert record["logo_sha256"] == hashlib.sha256((IMAGES / "logo.svg").read_bytes()).hexdigest(), (
        "logo.svg changed: run python scripts/make_touch_icons.py")
    for name, size in record["icons"].items():
        with Image.open(IMAGES / name) as icon:
            assert icon.format == "PNG" and icon.size == (size, size), name
    # the home-screen icon of iOS is opaque (iOS paints transparency black), the maskable
    # one is the logo's blue to its edges, the plain ones are transparent in the corners
    with Image.open(IMAGES / "apple-touch-icon.png") as icon:
        assert icon.convert("RGBA").getpixel((0, 0)) == (255, 255, 255, 255)
    with Image.open(IMAGES / "icon-512-maskable.png") as icon:
        assert icon.convert("RGB").getpixel((0, 0)) == (11, 79, 138)
    with Image.open(IMAGES / "icon-192.png") as icon:
        assert icon.convert("RGBA").getpixel((0, 0))[3] == 0
        assert icon.convert("RGB").getpixel((96, 20)) == (11, 79, 138)  # the logo's disc


def test_manifest_json_names_the_site_and_its_icons():
    data = json.loads(AppManifest("Hội Khuyến học Việt Nam", "Khuyến học", "Khẩu hiệu", "theme/images/").to_json())
    assert data["name"] == "Hội Khuyến học Việt Nam" and data["short_name"] == "Khuyến học"
    assert data["start_url"] == "./" and data["lang"] == "vi" and data["display"] == "minimal-ui"
    assert [(i["src"], i["sizes"], i["purpose"]) for i in data["icons"]] == [
        ("theme/images/icon-192.png", "192x192", "any"), ("theme/images/icon-512.png", "512x512", "any"),
        ("theme/images/icon-512-maskable.png", "512x512", "maskable")]
    assert {name for name, _, _ in ICONS} <= set(json.loads((ROOT / "data" / "touch-icons.json").read_text())["icons"])


def test_the_build_writes_the_manifest_and_links_it(site):
    site.article("mot", title="Bài một")
    result = site.build()
    assert result.returncode == 0, result.stderr
    data = json.loads((result.output / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert data["short_name"] == "Khuyến học" and data["theme_color"] == "#0b4f8a"
    for icon in data["icons"]:
        with Image.open(result.output / icon["src"]) as png:
            assert f"{png.size[0]}x{png.size[1]}" == icon["sizes"]
    for page, up in (("index.html", "."), ("tin/2024/07/15/bai-mot/index.html", "../../../../..")):
        html = result.page(page)
        assert f'<link rel="manifest" href="{up}/manifest.webmanifest">' in html
        assert f'<link rel="apple-touch-icon" href="{up}/theme/images/apple-touch-icon.png">' in html
        assert '<meta name="theme-color" content="#0b4f8a">' in html
    # a second build keeps the manifest as it was (same bytes, same file)
    before = (result.output / "manifest.webmanifest").stat().st_mtime_ns
    again = site.build()
    assert again.returncode == 0, again.stderr
    assert (result.output / "manifest.webmanifest").stat().st_mtime_ns == before


@pytest.mark.browser
def test_chromium_reads_the_manifest_without_errors(browser, sample_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{sample_url}/")
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == f"{sample_url}/manifest.webmanifest"
    assert manifest["errors"] == []
    data = json.loads(manifest["data"])
    for icon in data["icons"]:
        response = page.request.get(f"{sample_url}/{icon['src']}")
        assert response.ok and response.headers["content-type"] == "image/png"
    touch = page.get_attribute("link[rel=apple-touch-icon]", "href")
    assert page.request.get(re.sub(r"^\./", f"{sample_url}/", touch)).ok
    context.close()
