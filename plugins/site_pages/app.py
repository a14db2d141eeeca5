"""The web app manifest: what a phone shows when a reader adds the site to the home
screen (pure; never imports Pelican). Written with ``json``, never a template."""

from __future__ import annotations

import json
from dataclasses import dataclass

THEME_COLOR = "#0b4f8a"  # the association's blue (the header's band)
# (file under the theme's images, size in px, purpose): made by scripts/make_touch_icons.py
ICONS = (
    ("icon-192.png", 192, "any"),
    ("icon-512.png", 512, "any"),
    ("icon-512-maskable.png", 512, "maskable"),
)


@dataclass(frozen=True, slots=True)
class AppManifest:
    """``images``: the theme's images folder from the site root (``theme/images/``);
    addresses in the manifest are relative to it, which is at the site root."""

    name: str
    short_name: str
    description: str
    images: str

    def to_json(self) -> bytes:
        doc = {
            "name": self.name,
            "short_name": self.short_name,
            "description": self.description,
            "lang": "vi",
            "dir": "ltr",
            "start_url": "./",
            "scope": "./",
            "display": "minimal-ui",
            "background_color": "#ffffff",
            "theme_color": THEME_COLOR,
            "icons": [
                {"src": self.images + name, "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
                for name, size, purpose in ICONS
            ],
        }
        return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
