"""Settings of the site_pages plugin, read once from Pelican's settings (never written back)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sitecore.errors import ConfigError

# The templates this plugin writes with Pelican's paginator.
PAGINATED = ("province", "cluster", "central")


@dataclass(frozen=True, slots=True)
class SitePagesSettings:
    """What the plugin reads from ``pelicanconf.py``.

    ``PROVINCES_URL`` / ``PROVINCES_SAVE_AS``: the "Tỉnh hội" page (all provinces by cluster).
    ``SITE_ABOUT_PAGE`` / ``SITE_CONTACT_PAGE``: slugs of the static pages the main
    navigation links as "Giới thiệu" and "Liên hệ" (left out while no such page exists).
    ``PATH``: the content root (image sizes). ``TIMEZONE``: the zone dates are shown in.
    ``PAGINATED_TEMPLATES`` must name ``province``, ``cluster`` and ``central``.
    """

    provinces_url: str
    provinces_save_as: str
    about_page: str
    contact_page: str
    content_root: Path
    timezone: ZoneInfo
    relative_urls: bool

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "SitePagesSettings":
        missing = [t for t in PAGINATED if t not in settings.get("PAGINATED_TEMPLATES", {})]
        if missing:
            raise ConfigError(
                "PAGINATED_TEMPLATES: thiếu " + ", ".join(f'"{t}"' for t in missing)
                + " (các trang tỉnh, cụm và Trung ương Hội được chia trang như trang chủ). "
                'Thêm vào pelicanconf.py, ví dụ: "province": None.'
            )
        return cls(
            provinces_url=settings.get("PROVINCES_URL", "tinh/"),
            provinces_save_as=settings.get("PROVINCES_SAVE_AS", "tinh/index.html"),
            about_page=settings.get("SITE_ABOUT_PAGE", "gioi-thieu"),
            contact_page=settings.get("SITE_CONTACT_PAGE", "lien-he"),
            content_root=Path(settings.get("PATH", "content")),
            timezone=ZoneInfo(settings.get("TIMEZONE", "Asia/Ho_Chi_Minh")),
            relative_urls=bool(settings.get("RELATIVE_URLS", False)),
        )
