"""Text normalisation for matching Vietnamese place names (pure; never imports Pelican).

Two matching keys are made from any text:

* the *exact* key keeps every Vietnamese letter and mark (``ă â ê ô ơ ư đ`` and the
  tone) but ignores case, spacing, punctuation, the Unicode form (NFC/NFD) and *where*
  the tone mark sits: ``"Thanh Hoá"`` and ``"Thanh Hóa"``, ``"Thuỷ"`` and ``"Thủy"``
  give the same key;
* the *loose* key is plain ASCII letters and digits: ``"Đắk Lắk"`` → ``"daklak"``.

What comes from libraries and what is written here:

* ``unicodedata`` does case-independent Unicode forms (NFKC, then NFD so that every
  tone is a separate combining character) and tells letters from punctuation.
* No library moves Vietnamese tone marks between the old placement (``hoà``, ``thuỷ``)
  and the new one (``hòa``, ``thủy``), so :func:`tokens` does it by hand in the
  simplest way that covers both: in a key, a word's tone marks are taken off their
  vowel and put at the end of the word. The five tone marks are the five combining
  characters in ``TONE_MARKS``; the other marks (circumflex, breve, horn) belong to the
  letter and stay where they are.
* ``unidecode`` transliterates what is left after the combining marks are dropped:
  ``đ``/``Đ`` have no Unicode decomposition (they are letters of their own), so
  ``unicodedata`` alone cannot turn them into ``d``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from unidecode import unidecode

# Combining grave (huyền), acute (sắc), tilde (ngã), hook above (hỏi), dot below (nặng).
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

# Words written before a province's name, compared on their loose form, longest first.
PROVINCE_PREFIXES: tuple[tuple[str, ...], ...] = (
    ("thanh", "pho"),  # thành phố
    ("tinh",),  # tỉnh
    ("tp",),  # TP, TP., Tp.
    ("t", "p"),  # T.P.
)
# Words written before a cluster's name or number: "Cụm thi đua số 2", "cụm Đông Bắc".
CLUSTER_PREFIXES: tuple[tuple[str, ...], ...] = (
    ("cum",),  # cụm
    ("thi", "dua"),  # thi đua
    ("so",),  # số
)


def _move_tones(word: str) -> str:
    """``"hòa"`` and ``"hoà"`` (NFD) → ``"hoa"`` + grave: tones go to the end of the word."""
    tones = [ch for ch in word if ch in TONE_MARKS]
    if not tones:
        return word
    return "".join(ch for ch in word if ch not in TONE_MARKS) + "".join(tones)


def tokens(text: str) -> list[str]:
    """The words of ``text``: lower case, NFD, tones at the end of each word.

    Anything that is not a letter, a digit or a combining mark separates words, so
    ``"TP.HCM"`` is ``["tp", "hcm"]`` and ``"Bà Rịa – Vũng Tàu"`` has four words.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = unicodedata.normalize("NFD", text)
    words: list[str] = []
    current: list[str] = []
    for ch in text:
        category = unicodedata.category(ch)
        if category[0] in "LN" or (category == "Mn" and current):
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return [_move_tones(word) for word in words]


def loose(word: str) -> str:
    """ASCII form of a word made by :func:`tokens`: marks dropped, ``đ`` → ``d``."""
    bare = "".join(ch for ch in word if unicodedata.category(ch) != "Mn")
    return "".join(ch for ch in unidecode(bare).lower() if ch.isascii() and ch.isalnum())


def strip_prefixes(words: Sequence[str], prefixes: Iterable[tuple[str, ...]]) -> list[str]:
    """Drop the leading words that are one of ``prefixes`` (compared loosely), repeatedly.

    Never returns an empty list for a non-empty one: ``"Tỉnh"`` alone stays ``["tỉnh"]``.
    """
    words = list(words)
    prefixes = tuple(prefixes)
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            n = len(prefix)
            if len(words) > n and tuple(loose(w) for w in words[:n]) == prefix:
                words = words[n:]
                changed = True
                break
    return words


def exact_key(words: Sequence[str]) -> str:
    """Key that keeps letters and marks and ignores spacing: ``"hànội"`` (tones moved)."""
    return "".join(words)


def loose_key(words: Sequence[str]) -> str:
    """Key without any mark or spacing: ``"hanoi"``."""
    return "".join(loose(w) for w in words)


def fuzzy_form(words: Sequence[str]) -> str:
    """Loose words separated by one space, for fuzzy comparison: ``"ha noi"``."""
    return " ".join(filter(None, (loose(w) for w in words)))


def keys(text: str, prefixes: Iterable[tuple[str, ...]] = PROVINCE_PREFIXES) -> tuple[str, str]:
    """``(exact, loose)`` keys of ``text`` after dropping ``prefixes``."""
    words = strip_prefixes(tokens(text), prefixes)
    return exact_key(words), loose_key(words)
