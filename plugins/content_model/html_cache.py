"""Converted article bodies kept between builds, keyed by content (pure; never imports Pelican).

Markdown conversion and HTML cleaning were a fifth of a large build. A body whose text,
position in its file, folder and conversion settings are the same converts to the same
HTML, so a build reuses the previous build's result. The key is a content hash (a fresh
checkout resets modification times); only conversions without errors are kept, and the
entries a build did not use are removed, so the cache never grows beyond the site.
JSON, not pickle: the cache folder must never be able to run code.

The entries are of kind ``body`` in the content cache (``sitecore.store.Cached``): one
read when its body is asked for, the new ones written once per build. One record for
all would be loaded and written back whole by every build, when the process already
holds every article.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

# Raised whenever a conversion gives other HTML for the same body (3: file links written
# as {static}/<path>), so bodies converted by older code are not taken.
FORMAT_VERSION = 3


def cache_key(*parts: Any) -> str:
    text = json.dumps([FORMAT_VERSION, *parts], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
