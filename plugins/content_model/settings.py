"""Typed settings of the content model, read once from Pelican's settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sitecore.errors import ConfigError
from sitecore.parallel import processes_setting

DEFAULT_MAX_FILE_BYTES = 2 * 2**20
DEFAULT_MAX_CONVERT_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class ContentSettings:
    """What the reader needs to know about the site.

    ``content_root``: the content folder (``PATH``), resolved.
    ``page_paths``: folders under it whose files are pages (``PAGE_PATHS``).
    ``timezone``: the zone of dates written without one (``TIMEZONE``).
    ``embed_hosts``: hosts whose ``<iframe>`` embeds survive cleaning
    (``CONTENT_EMBED_HOSTS``).
    ``now``: the build's clock; ``SITE_NOW`` (ISO 8601) pins it for tests and
    previews of scheduled articles, otherwise the real time when the build starts.
    ``read_processes``: processes that read the articles (``CONTENT_READ_PROCESSES``;
    0 = one per core, 1 = this one only).
    ``article_paths``: folders under the content folder whose files are articles
    (``ARTICLE_PATHS``).
    ``max_file_bytes``: the largest content file read (``CONTENT_MAX_FILE_BYTES``,
    default 2 MiB); a larger one is a content error, not minutes and gigabytes.
    ``max_convert_seconds``: the longest a body's conversion to HTML may take
    (``CONTENT_MAX_CONVERT_SECONDS``, default 30; an ordinary article takes milliseconds);
    a longer one is a content error (``sitecore.timelimit``).
    """

    content_root: Path
    page_paths: tuple[str, ...]
    timezone: dt.tzinfo
    now: dt.datetime
    embed_hosts: frozenset[str] = frozenset()
    read_processes: int = 1
    article_paths: tuple[str, ...] = ("articles",)
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    max_convert_seconds: float = DEFAULT_MAX_CONVERT_SECONDS

    @classmethod
    def from_pelican(cls, settings: Mapping[str, Any]) -> "ContentSettings":
        zone = ZoneInfo(settings.get("TIMEZONE") or "Asia/Ho_Chi_Minh")
        pinned = settings.get("SITE_NOW")
        if pinned:
            try:
                now = dt.datetime.fromisoformat(str(pinned))
            except ValueError as exc:
                raise ConfigError(f"SITE_NOW: {pinned!r} is not an ISO 8601 date-time") from exc
            now = now.replace(tzinfo=zone) if now.tzinfo is None else now.astimezone(zone)
        else:
            now = dt.datetime.now(zone)
        return cls(
            content_root=Path(settings["PATH"]).resolve(),
            page_paths=tuple(settings.get("PAGE_PATHS", ["pages"])),
            timezone=zone,
            now=now,
            embed_hosts=frozenset(h.lower() for h in settings.get("CONTENT_EMBED_HOSTS", ())),
            read_processes=processes_setting(settings, "CONTENT_READ_PROCESSES", 1),
            article_paths=tuple(settings.get("ARTICLE_PATHS", ["articles"])),
            max_file_bytes=_max_file_bytes(settings),
            max_convert_seconds=_max_convert_seconds(settings),
        )


def _max_file_bytes(settings: Mapping[str, Any]) -> int:
    value = settings.get("CONTENT_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"CONTENT_MAX_FILE_BYTES: {value!r} must be a whole number of bytes above 0 "
                          f"(default {DEFAULT_MAX_FILE_BYTES}, 2 MiB)")
    return value


def _max_convert_seconds(settings: Mapping[str, Any]) -> float:
    value = settings.get("CONTENT_MAX_CONVERT_SECONDS", DEFAULT_MAX_CONVERT_SECONDS)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < float("inf"):
        raise ConfigError(f"CONTENT_MAX_CONVERT_SECONDS: {value!r} must be a number of seconds above 0 "
                          f"(default {DEFAULT_MAX_CONVERT_SECONDS:g})")
    return float(value)
