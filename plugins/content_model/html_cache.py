"""Converted article bodies kept between builds, keyed by content (pure; never imports Pelican).

Markdown conversion and HTML cleaning were a fifth of a large build. A body whose text,
position in its file, folder and conversion settings are the same converts to the same
HTML, so a build reuses the previous build's result. The key is a content hash (a fresh
checkout resets modification times); only conversions without errors are kept, and the
file keeps only the entries the last build used, so it never grows beyond the site.
JSON, not pickle: the cache folder must never be able to run code.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitecore.records import load_record, save_record

FORMAT_VERSION = 1


def cache_key(*parts: Any) -> str:
    text = json.dumps([FORMAT_VERSION, *parts], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class HtmlCache:
    path: Path
    entries: dict[str, Any] = field(default_factory=dict)
    used: dict[str, Any] = field(default_factory=dict)
    loaded: bool = False

    def _load(self) -> None:
        self.loaded = True
        data = load_record(self.path, FORMAT_VERSION)
        if data is not None:
            self.entries = data.get("entries", {})

    def get(self, key: str) -> Any | None:
        if not self.loaded:
            self._load()
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.entries[key] = value
        self.used[key] = value

    def save(self) -> None:
        """Keep what this build used, for the next one."""
        save_record(self.path, FORMAT_VERSION, {"entries": self.used})
        self.entries, self.used = self.used, {}


_OPEN: dict[Path, HtmlCache] = {}


def cache_at(path: Path) -> HtmlCache:
    """One cache object per file in this process (both Pelican readers share it)."""
    return _OPEN.setdefault(path, HtmlCache(path))
