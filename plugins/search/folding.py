"""Vietnamese without tone marks, as readers type on phones (pure).

Pagefind matches words as they are written and has no Vietnamese folding, so
"khuyen hoc" would not find "khuyến học". The site therefore keeps a second, folded
index; the search page folds the query the same way (``theme/static/js/search.js``
does exactly what :func:`fold` does: NFD, drop combining marks, đ → d, lower case).
"""

from __future__ import annotations

import re
import unicodedata

# The combining diacritics block, as search.js removes it (/[\u0300-\u036f]/g): every
# Vietnamese tone and vowel mark decomposes into it.
_MARKS = re.compile("[\u0300-\u036f]+")


def fold(text: str) -> str:
    stripped = _MARKS.sub("", unicodedata.normalize("NFD", text))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()
