"""Converted article bodies kept between builds, keyed by content (pure; never imports Pelican).

Markdown conversion and HTML cleaning were a fifth of a large build. A body whose text,
position in its file, folder and conversion settings are the same converts to the same
HTML, so a build reuses the previous build's result. The key is a content hash (a fresh
checkout resets modification times); only conversions without errors are kept, and the
entries a build did not use are removed, so the cache never grows beyond the site.
JSON, not pickle: the cache folder must never be able to run code.

One small record per entry (``<folder>/<key[:2]>/<key>.json``, ``sitecore.records``), not one for all: at 10,000
articles a single record was 50 MB, and loading it then writing it back at the end of
every build (when the process holds every article) raised the build's peak memory by
about 150 MB and cost a second. Now an entry is read when its body is asked for and
written once, when it is made.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitecore.records import load_record, save_record

# Raised whenever a conversion gives other HTML for the same body (3: file links written
# as {static}/<path>), so bodies converted by older code are not taken.
FORMAT_VERSION = 3


def cache_key(*parts: Any) -> str:
    text = json.dumps([FORMAT_VERSION, *parts], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class HtmlCache:
    folder: Path
    used: set[str] = field(default_factory=set)

    def _file(self, key: str) -> str:
        return os.path.join(self.folder, key[:2], key + ".json")

    def get(self, key: str) -> Any | None:
        """The entry kept under ``key``; None when there is none (or it cannot be read:
        a file cut short by a crash is a miss, converted again)."""
        value = load_record(Path(self._file(key)), FORMAT_VERSION)
        if value is None:
            return None
        del value["version"]
        self.used.add(key)
        return value

    def put(self, key: str, value: dict[str, Any]) -> None:
        save_record(Path(self._file(key)), FORMAT_VERSION, value)
        self.used.add(key)

    def save(self) -> None:
        """Remove the entries this build did not use (and anything else left there,
        such as the temporary file of a write cut short)."""
        try:
            shards = list(os.scandir(self.folder))
        except OSError:
            return
        for shard in shards:
            if not shard.is_dir():
                os.unlink(shard.path)
                continue
            kept = 0
            for entry in os.scandir(shard.path):
                if entry.name.endswith(".json") and entry.name[:-len(".json")] in self.used:
                    kept += 1
                else:
                    os.unlink(entry.path)
            if not kept:
                os.rmdir(shard.path)
        self.used = set()


@functools.cache
def cache_at(folder: Path) -> HtmlCache:
    """One cache object per folder in this process (both Pelican readers share it)."""
    return HtmlCache(folder)
