"""Phrase matching for the few things Lotse must never leave to a statistical model (danger,
"delete my conversation", "start over"): words or word beginnings, compared after folding
(``bot.text_norm.fold``), at the start of a word, several words of a phrase in order with at most
:data:`MAX_WORDS_BETWEEN` others between them. Arabic clitics joined to a word (ال, و, ب, ...)
are seen through.
"""
from __future__ import annotations

import re
from typing import Iterable, List, Sequence, Tuple

from bot.text_norm import fold

MAX_WORDS_BETWEEN = 2
_TOKEN = re.compile(r"[\w'’-]+", re.UNICODE)
# Arabic writes "and", "the", "with the", ... joined to the word: الانتحار = ال + انتحار.
_ARABIC_CLITICS = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


def tokens(text: str) -> List[str]:
    return _TOKEN.findall(fold(text))


def _forms(token: str) -> Tuple[str, ...]:
    """The token, and without an Arabic clitic when one is joined to a long enough word."""
    return (token,) + tuple(token[len(c):] for c in _ARABIC_CLITICS if token.startswith(c) and len(token) - len(c) >= 3)


def _starts(forms: Tuple[str, ...], part: str) -> bool:
    return any(form.startswith(part) for form in forms)


def _occurs(phrase: Sequence[str], words: Sequence[Tuple[str, ...]]) -> bool:
    for start, forms in enumerate(words):
        if not _starts(forms, phrase[0]):
            continue
        position, found = start, True
        for part in phrase[1:]:
            window = range(position + 1, min(len(words), position + 2 + MAX_WORDS_BETWEEN))
            position = next((i for i in window if _starts(words[i], part)), -1)
            if position < 0:
                found = False
                break
        if found:
            return True
    return False


class PhraseSet:
    """Phrases (strings) compiled once; :meth:`matches` tells whether a text contains one."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: Tuple[Tuple[str, ...], ...] = tuple(t for t in (tuple(tokens(str(p))) for p in phrases) if t)

    def matches(self, text: str) -> bool:
        words = [_forms(token) for token in tokens(text)]
        return any(_occurs(phrase, words) for phrase in self.phrases)
