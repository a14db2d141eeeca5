"""Words the search index holds beyond an article's text (pure; never imports Pelican).

Pagefind 1.5 matches a word without its tone marks ("hoa" finds "hòa" and "hoà"; its
bonus for the exact form is small, so the search page asks a marked query with
``exactDiacritics`` first), but ``đ`` is a letter of its own, not ``d`` with a mark:
"dong bac" does not find "Đông Bắc". And it knows words, not places: "tphcm" finds only
articles that write "tphcm", and "Thanh Hoá" finds every article with "thành" and
"hóa" anywhere in it.

So the part of each article that Pagefind indexes ends with a few words readers never
see (:func:`hidden_words`; the search page drops them from what it shows):

* each word of the article with ``đ``, written with ``d`` (tone marks kept: Pagefind
  folds those itself), as often as the article has it, so "dong bac" finds and ranks
  "Đông Bắc" like a word written without marks;
* a *place word* (:func:`place_word`: ``zzphochiminh``) for every province whose name
  or alias the article's text names, and a *unit word* (:func:`unit_word`:
  ``zzthochiminh``) for the article's province and for the current unit it belongs to
  since 1 July 2025 (as the province pages list it: an article of Bình Dương in 2023 is
  on Hồ Chí Minh City's page).

The search page turns a province's name or alias in a query into these words
(:meth:`ProvinceWords.query_table`): a name ("Hồ Chí Minh", "Thanh Hoá") finds the
articles that name it (the typed words and its place word: not "thành" and "hóa"
apart) and then the articles of the unit; an alias ("tphcm", "HCM") the articles of
the unit, not every article that names Chủ tịch Hồ Chí Minh.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from provinces.normalize import PROVINCE_PREFIXES, fuzzy_form, strip_prefixes, tokens
from provinces.registry import Province, Registry

from .folding import fold

# \w does not match combining marks: a decomposed (NFD) word would be cut at each.
_WORD_WITH_D_BAR = re.compile(r"[\w\u0300-\u036f]*[đĐ][\w\u0300-\u036f]*")
_WORD = re.compile(r"[^\W_]+")


def d_bar_words(text: str) -> list[str]:
    """The words of ``text`` that have ``đ``, with ``d`` instead, in order and repeated."""
    return [word.replace("đ", "d").replace("Đ", "D") for word in _WORD_WITH_D_BAR.findall(text)]


# Before the slug in a place or unit word. Pagefind 1.5 cuts a word it does not know
# into words it knows ("thanhhoa" finds "thanh" and "hoa"), so these words must not
# begin with a word of the site: no Vietnamese word has "zz".
PLACE_PREFIX = "zzp"
UNIT_PREFIX = "zzt"


def _stem(province: Province) -> str:
    return province.slug.replace("-", "")


def place_word(province: Province) -> str:
    """The word that stands in the index for a mention of ``province``
    (``ho-chi-minh`` → ``zzphochiminh``)."""
    return PLACE_PREFIX + _stem(province)


def unit_word(province: Province) -> str:
    """The word that stands in the index for an article filed under ``province``
    (``zzthochiminh``)."""
    return UNIT_PREFIX + _stem(province)


def _key(text: str) -> str:
    """A name as the search page compares it: folded words without the "tỉnh" /
    "thành phố" / "TP." prefixes, one space between them (``"TP.HCM"`` → ``"hcm"``)."""
    return fuzzy_form(strip_prefixes(tokens(text), PROVINCE_PREFIXES))


@dataclass(frozen=True, slots=True)
class ProvinceWords:
    """The place words of a registry, and how to find them in a text or a query."""

    registry: Registry
    # folded name → the slug of its place word, for names (kept in a query: their tone marks rank) and
    # for aliases (replaced: "tphcm" is not in the text of most articles of the city)
    names: dict[str, str]
    aliases: dict[str, str]
    pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, registry: Registry) -> "ProvinceWords":
        names: dict[str, str] = {}
        aliases: dict[str, str] = {}
        for province in registry:
            word = _stem(province)
            for text in filter(None, (province.name, province.old_name)):
                names.setdefault(_key(text), word)
            for text in (*province.aliases, province.slug):
                key = _key(text)
                if key and key not in names:
                    aliases.setdefault(key, word)
        # longest first: "ba ria vung tau" before "vung tau"
        keys = sorted({*names, *aliases}, key=lambda k: (-len(k), k))
        pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![\w])") if keys else None
        return cls(registry, names, aliases, pattern)

    def mentioned(self, text: str) -> list[str]:
        """Place words of the provinces that ``text`` names (by name, old name or alias,
        with or without marks), each once, in the order of the registry."""
        if self.pattern is None:
            return []
        # fold() and a regular expression, not _key(): _key() looks at each character
        # in Python, too slow for the text of every article; for Vietnamese both give
        # the same words.
        folded = " ".join(_WORD.findall(fold(text)))
        found = {self.names.get(m) or self.aliases[m] for m in self.pattern.findall(folded)}
        return [place_word(p) for p in self.registry if _stem(p) in found]

    def of_article(self, province: Province | None) -> list[str]:
        """The unit words of an article filed under ``province``: its own and the
        current unit's (an article of Yên Bái in 2024 is listed on Lào Cai's page)."""
        if province is None:
            return []
        current = self.registry.successor(province)
        return list(dict.fromkeys((unit_word(province), unit_word(current))))

    def query_table(self) -> dict[str, Any]:
        """What the search page needs to find province names in a query
        (``theme/static/js/search.js``): names and aliases folded as :func:`_key`
        folds them, each with the slug its place and unit words end with, the prefixes of
        those words, and the prefix words to drop before a name ("tỉnh")."""
        return {"names": dict(sorted(self.names.items())), "aliases": dict(sorted(self.aliases.items())),
                "prefixes": [" ".join(prefix) for prefix in PROVINCE_PREFIXES],
                "place_prefix": PLACE_PREFIX, "unit_prefix": UNIT_PREFIX}


def hidden_words(title_and_text: str, places: Iterable[str]) -> list[str]:
    """The words the index holds beyond ``title_and_text`` (see the module docstring):
    its ``đ`` words written with ``d``, then the place and unit words ``places`` (each once)."""
    return d_bar_words(title_and_text) + list(dict.fromkeys(places))

