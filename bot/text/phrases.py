"""Phrase matching for the few things Lotse must never leave to a statistical model (danger,
"delete my conversation", "start over"): words or word beginnings, compared after folding
(``bot.text.norm.fold``), at the start of a word, several words of a phrase in order with at most
:data:`MAX_WORDS_BETWEEN` others between them. Arabic clitics joined to a word (ال, و, ب, ...)
are seen through.
"""
from __future__ import annotations

import re
from typing import Dict, Iterable, List, Sequence, Tuple

from bot.text.norm import fold

MAX_WORDS_BETWEEN = 2
_TOKEN = re.compile(r"[\w'’-]+", re.UNICODE)
# Arabic writes "and", "the", "with the", "this" (Levantine ها) ... joined to the word: الانتحار = ال + انتحار.
_ARABIC_CLITICS = ("وبال", "وال", "بال", "فال", "كال", "هال", "لل", "ال", "و", "ف", "ب", "ل")


def tokens(text: str) -> List[str]:
    return _TOKEN.findall(fold(text))


def _forms(token: str) -> Tuple[str, ...]:
    """The token, and without an Arabic clitic when one is joined to a long enough word."""
    return (token,) + tuple(token[len(c):] for c in _ARABIC_CLITICS if token.startswith(c) and len(token) - len(c) >= 3)


def _starts(forms: Tuple[str, ...], part: str) -> bool:
    return any(form.startswith(part) for form in forms)


# Word beginnings longer than this are not looked up (a 1,000-letter "word" costs no more than a real one).
MAX_PREFIX_CHARS = 40


class PhraseSet:
    """Phrases (strings) compiled once; :meth:`matches` tells whether a text contains one.

    Phrases are indexed by their first word, so a message costs one look-up per word beginning,
    not one comparison per phrase."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.phrases: Tuple[Tuple[str, ...], ...] = tuple(t for t in (tuple(tokens(str(p))) for p in phrases) if t)
        self._by_first: Dict[str, List[Tuple[str, ...]]] = {}
        for phrase in self.phrases:
            self._by_first.setdefault(phrase[0], []).append(phrase)

    def matches(self, text: str) -> bool:
        return self.matches_tokens(tokens(text))

    def matches_tokens(self, folded_tokens: Sequence[str]) -> bool:
        """Like :meth:`matches`, for tokens already made by :func:`tokens` (shared by several sets)."""
        words = [_forms(token) for token in folded_tokens]
        for start, forms in enumerate(words):
            for form in forms:
                for end in range(1, min(len(form), MAX_PREFIX_CHARS) + 1):
                    for phrase in self._by_first.get(form[:end], ()):
                        if _rest_follows(phrase, words, start):
                            return True
        return False


def _rest_follows(phrase: Sequence[str], words: Sequence[Tuple[str, ...]], start: int) -> bool:
    """Whether the phrase's further words follow the word at ``start`` in order, each at most
    :data:`MAX_WORDS_BETWEEN` words after the one before."""
    position = start
    for part in phrase[1:]:
        window = range(position + 1, min(len(words), position + 2 + MAX_WORDS_BETWEEN))
        position = next((i for i in window if _starts(words[i], part)), -1)
        if position < 0:
            return False
    return True
