"""Folding of names and chat text so that spellings people really type compare equal.

Both sides (table names and user text) are folded the same way, so the folding may be
lossy: "Güstrow", "Guestrow" and "Gustrow" all become "gustrow".
"""
from __future__ import annotations

import re
import unicodedata
from typing import List

# Arabic-script letters that Persian and Arabic keyboards type differently.
_SCRIPT_VARIANTS = str.maketrans({
    "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ё": "е", "ї": "і", "ґ": "г",
})
_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"))
_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, strip diacritics, unify script variants and German digraphs."""
    text = text.casefold().replace("ß", "ss").translate(_SCRIPT_VARIANTS)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("ـ", "").replace("\u200c", "")  # Arabic tatweel, Persian half-space
    for digraph, single in _DIGRAPHS:
        stripped = stripped.replace(digraph, single)
    return stripped


def words(text: str) -> List[str]:
    """Folded word tokens of ``text``."""
    return _WORD.findall(fold(text))


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), capped at ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: List[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
