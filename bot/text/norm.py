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
    "ё": "е", "ї": "і", "ґ": "г", "’": "'", "ʼ": "'", "`": "'",
})
_DIGRAPHS = (("ae", "a"), ("oe", "o"), ("ue", "u"))
_WORD = re.compile(r"\w+", re.UNICODE)
# What one message may cost: the channel accepts 1,000 characters, but one compatibility character
# can expand to 18 (U+FDFA), so the text is cut before and after expanding.
MAX_TEXT_CHARS = 2000
MAX_FOLDED_CHARS = 2000
# Lower-case Cyrillic letters that look like Latin ones, and back: "mеin" with a Cyrillic е is a
# typing accident (or a trick), and must still read as "mein".
_CYRILLIC_TO_LATIN = {"а": "a", "с": "c", "е": "e", "о": "o", "р": "p", "х": "x", "у": "y", "і": "i", "ј": "j", "ѕ": "s", "к": "k"}
_LATIN_TO_CYRILLIC = {latin: cyrillic for cyrillic, latin in _CYRILLIC_TO_LATIN.items()}
# A run of letters. (A single regex for "a word with both scripts" backtracked cubically: a
# 1,000-letter word took 29 s. Finding words, then looking at each once, is linear.)
_LETTER_RUN = re.compile(r"[^\W\d_]+")


# A training example's entity annotation: "[Güstrow]{"entity": "place", ...}" or "[Güstrow](place)".
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\{[^}]*\}|\([^)]*\))")


def strip_annotations(text: str) -> str:
    """A training example as a person would write it: annotations replaced by their text."""
    return _ANNOTATION.sub(r"\1", text)


def strip_format_characters(text: str) -> str:
    """Removes invisible format characters (Unicode category Cf: soft hyphen, zero-width space and
    joiners, bidi marks, byte-order mark), which split a word for a matcher but not for a reader."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _is_latin(ch: str) -> bool:
    return "a" <= ch <= "z"


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _unmix(match: "re.Match[str]") -> str:
    word = match.group(0)
    latin = sum(1 for ch in word if _is_latin(ch))
    cyrillic = sum(1 for ch in word if _is_cyrillic(ch))
    if not latin or not cyrillic:
        return word
    table, is_minority = (_CYRILLIC_TO_LATIN, _is_cyrillic) if latin >= cyrillic else (_LATIN_TO_CYRILLIC, _is_latin)
    if not all(ch in table for ch in word if is_minority(ch)):
        return word  # letters without a look-alike: a real mix, leave it
    return "".join(table.get(ch, ch) for ch in word)


def unmix_scripts(text: str) -> str:
    """In a word that mixes Latin and Cyrillic letters, turns the fewer ones into their look-alikes
    of the other script, when all of them have one (lower-case text)."""
    return _LETTER_RUN.sub(_unmix, text)


def fold(text: str) -> str:
    """Lower-case, strip diacritics and invisible format characters, unify script variants,
    look-alike letters and German digraphs; at most :data:`MAX_FOLDED_CHARS` characters."""
    text = strip_format_characters(text[:MAX_TEXT_CHARS]).casefold().replace("ß", "ss").translate(_SCRIPT_VARIANTS)
    decomposed = unicodedata.normalize("NFKD", text)[:MAX_FOLDED_CHARS]
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("ـ", "")  # Arabic tatweel
    for digraph, single in _DIGRAPHS:
        stripped = stripped.replace(digraph, single)
    return unmix_scripts(stripped)


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
