"""Vietnamese without tone marks, as readers type on phones (pure).

:func:`fold` is how the search compares words regardless of marks: the province
names an article's text writes are found on its folded form (:mod:`.words`), and the
search page folds a query and the words of an excerpt the same way to find province
names and mark the words searched (``theme/static/js/search.js`` does exactly what
:func:`fold` does: NFD, drop combining marks, đ → d, lower case).
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
