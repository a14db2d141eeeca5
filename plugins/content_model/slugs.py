"""Address slugs for Vietnamese text (pure; never imports Pelican).

``unidecode`` transliterates (đ → d, ư → u, tone marks dropped); the result
matches what Pelican's own ``slugify`` makes of category, tag and author names
with the default ``SLUG_REGEX_SUBSTITUTIONS``, so every address on the site is
spelled the same way.
"""

from __future__ import annotations

import re
import unicodedata

from unidecode import unidecode

_NOT_WORD = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")


def slugify(text: str) -> str:
    """``"Hội Khuyến học tỉnh Yên Bái"`` → ``"hoi-khuyen-hoc-tinh-yen-bai"``."""
    ascii_text = unidecode(unicodedata.normalize("NFKC", text))
    ascii_text = _NOT_WORD.sub("", ascii_text).strip().lower()
    return _SEPARATORS.sub("-", ascii_text).strip("-")
