"""One spelling per name readers see (pure; never imports Pelican).

Editors type the same category in several ways ("Hoạt động Hội", "hoạt động hội",
"Hoạt Động Hội"); Pelican files them under one address (the slug) but shows each
article's own spelling. The site shows one: the spelling most articles use; on a tie
one that starts with a capital letter, then the first in Unicode order, so the choice
never depends on the order the files were read in.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable


def canonical_spellings(spellings: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``key -> spelling`` for ``(key, spelling)`` pairs, one pair per use (article)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for key, spelling in spellings:
        counts[key][spelling] += 1
    return {
        key: min(uses, key=lambda s: (-uses[s], not s[:1].isupper(), s))
        for key, uses in counts.items()
    }
