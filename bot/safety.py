"""Safety: recognise a message that says someone may be in danger (violence, suicidal
thoughts, a medical emergency, acute danger) and build the answer that must come first — the
emergency numbers and the fitting free 24/7 helplines, in the person's language.

Plain Python over ``bot/safety.yml``; no model, so it works the same in every conversation
state and cannot be "unlearnt" by retraining. It errs towards false alarms.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, List, Sequence, Tuple

import yaml

from bot.text_norm import fold

SAFETY_FILE = Path(__file__).resolve().parent / "safety.yml"
# The order the helplines are shown in: what saves a life first.
KINDS = ("suicide", "violence", "medical", "danger")
MAX_WORDS_BETWEEN = 2
_TOKEN = re.compile(r"[\w'’-]+", re.UNICODE)
# Arabic writes "and", "the", "with the", ... joined to the word: الانتحار = ال + انتحار.
_ARABIC_CLITICS = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


def _tokens(text: str) -> List[str]:
    return _TOKEN.findall(fold(text))


def _forms(token: str) -> Tuple[str, ...]:
    """The token, and without an Arabic clitic when one is joined to a long enough word."""
    return (token,) + tuple(token[len(c):] for c in _ARABIC_CLITICS if token.startswith(c) and len(token) - len(c) >= 3)


@dataclass(frozen=True)
class SafetyLexicon:
    numbers: Dict[str, str]
    # kind -> entries, each a tuple of folded word beginnings
    entries: Dict[str, Tuple[Tuple[str, ...], ...]]

    @classmethod
    def load(cls, path: Path = SAFETY_FILE) -> "SafetyLexicon":
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        entries: Dict[str, Tuple[Tuple[str, ...], ...]] = {}
        for kind in KINDS:
            phrases = [phrase for words in raw["kinds"][kind].values() for phrase in words]
            entries[kind] = tuple(tuple(_tokens(str(phrase))) for phrase in phrases if _tokens(str(phrase)))
        return cls(numbers={k: str(v) for k, v in raw["numbers"].items()}, entries=entries)

    def kinds_in(self, text: str) -> Tuple[str, ...]:
        """The kinds of danger ``text`` speaks of, in :data:`KINDS` order (empty if none)."""
        tokens = [_forms(token) for token in _tokens(text)]
        return tuple(kind for kind in KINDS if any(_occurs(entry, tokens) for entry in self.entries[kind]))


def _starts(forms: Tuple[str, ...], part: str) -> bool:
    return any(form.startswith(part) for form in forms)


def _occurs(entry: Sequence[str], tokens: Sequence[Tuple[str, ...]]) -> bool:
    """Whether the word beginnings of ``entry`` start words of ``tokens`` (each given in its
    :func:`_forms`) in order, with at most :data:`MAX_WORDS_BETWEEN` other words between."""
    for start, forms in enumerate(tokens):
        if not _starts(forms, entry[0]):
            continue
        position, found = start, True
        for part in entry[1:]:
            window = range(position + 1, min(len(tokens), position + 2 + MAX_WORDS_BETWEEN))
            position = next((i for i in window if _starts(tokens[i], part)), -1)
            if position < 0:
                found = False
                break
        if found:
            return True
    return False


@functools.lru_cache(maxsize=1)
def get_lexicon() -> SafetyLexicon:
    return SafetyLexicon.load()


def safety_message_keys(kinds: Sequence[str]) -> List[str]:
    """Catalog keys of the safety answer: the emergency numbers always, then one line per
    kind that has its own helpline."""
    return ["safety_emergency"] + [f"safety_{kind}" for kind in KINDS if kind in kinds and kind != "danger"]


def safety_text(catalog, language: str, kinds: Sequence[str], numbers: Dict[str, str]) -> str:
    return "\n".join(catalog.text(language, key, **numbers) for key in safety_message_keys(kinds))


