"""Vietnamese without tone marks, as readers type on phones (pure).

Pagefind matches words as they are written and has no Vietnamese folding, so
"khuyen hoc" would not find "khuyến học". The site therefore keeps a second, folded
index; the search page folds the query the same way (``theme/static/js/search.js``
does exactly what :func:`fold` does: NFD, drop combining marks, đ → d, lower case).
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D").lower()
