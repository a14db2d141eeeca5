"""Every internal link, image, stylesheet, script and feed address of the built site resolves."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
LINK_ATTRIBUTES = {"href", "src", "poster", "data-src"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name in LINK_ATTRIBUTES and not (tag == "form"):
                self.links.append(value)
            elif name in ("srcset", "imagesrcset"):
                self.links += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
            elif name == "content" and dict(attrs).get("property", "").startswith("og:") and value.startswith("/"):
                self.links.append(value)


def broken_links(output: Path) -> list[str]:
    broken = []
    for page in sorted(output.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        base = "/" + page.relative_to(output).parent.as_posix() + "/"
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith(("//", "#", "mailto:", "tel:", "data:")):
                continue
            path = unquote(parts.path)
            if not path:
                continue
            target_url = path if path.startswith("/") else base + path
            target = (output / target_url.lstrip("/")).resolve()
            if target_url.endswith("/") or target.is_dir():
                target = target / "index.html"
            try:
                target.relative_to(output.resolve())
            except ValueError:
                broken.append(f"{page.relative_to(output)}: {link} (outside the site)")
                continue
            if not target.is_file():
                broken.append(f"{page.relative_to(output)}: {link}")
    return broken


def test_every_internal_link_resolves(sample_build):
    assert broken_links(sample_build.output) == []


def test_a_published_build_has_no_localhost_address(tmp_path):
    out = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "content", "-s", "publishconf.py", "-o", str(out),
         "-e", 'SITE_NOW="2026-11-01T12:00:00+07:00"', f'CACHE_PATH="{tmp_path / "cache"}"'],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    offenders = [
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.suffix in {".html", ".xml", ".json", ".opml", ".txt", ".js", ".css", ".yml"}
        # Decap CMS's pinned bundle names its local proxy's default address; it uses it
        # only when the editor's config.yml (checked here) asks for local_backend.
        and not p.name.endswith("decap-cms.js")
        and ("localhost" in p.read_text(encoding="utf-8", errors="replace")
             or "127.0.0.1" in p.read_text(encoding="utf-8", errors="replace"))
    ]
    assert offenders == []
