"""Plain text from HTML fragments (pure).

Summaries and descriptions go to places that take text, not markup: feeds, meta tags,
JSON-LD, e-mail bodies, the search index. Tags become spaces (block elements must
not glue words together; markupsafe's ``striptags`` joins ``<p>a</p><p>b</p>`` into
"ab"), entities are decoded once (the next serializer escapes again), white space
is collapsed.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(html: Any) -> str:
    return _SPACE.sub(" ", unescape(_TAG.sub(" ", str(html or "")))).strip()
