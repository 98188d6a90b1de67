"""Safety: recognise a message that says someone may be in danger (violence, suicidal
thoughts, a medical emergency, acute danger) and build the answer that must come first — the
emergency numbers and the fitting free 24/7 helplines, in the person's language.

Plain Python over ``bot/safety.yml``; no model, so it works the same in every conversation
state and cannot be "unlearnt" by retraining. It errs towards false alarms.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import yaml

from bot.phrases import PhraseSet

SAFETY_FILE = Path(__file__).resolve().parent / "safety.yml"
# The order the helplines are shown in: what saves a life first.
KINDS = ("suicide", "violence", "medical", "danger")


@dataclass(frozen=True)
class SafetyLexicon:
    numbers: Dict[str, str]
    phrases: Dict[str, PhraseSet]  # kind -> its phrases in all languages

    @classmethod
    def load(cls, path: Path = SAFETY_FILE) -> "SafetyLexicon":
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        phrases = {kind: PhraseSet(p for words in raw["kinds"][kind].values() for p in words) for kind in KINDS}
        return cls(numbers={k: str(v) for k, v in raw["numbers"].items()}, phrases=phrases)

    def kinds_in(self, text: str) -> Tuple[str, ...]:
        """The kinds of danger ``text`` speaks of, in :data:`KINDS` order (empty if none)."""
        return tuple(kind for kind in KINDS if self.phrases[kind].matches(text))


@functools.lru_cache(maxsize=1)
def get_lexicon() -> SafetyLexicon:
    return SafetyLexicon.load()


def safety_message_keys(kinds: Sequence[str]) -> List[str]:
    """Catalog keys of the safety answer: the emergency numbers always, then one line per
    kind that has its own helpline."""
    return ["safety_emergency"] + [f"safety_{kind}" for kind in KINDS if kind in kinds and kind != "danger"]


def safety_text(catalog, language: str, kinds: Sequence[str], numbers: Dict[str, str]) -> str:
    return "\n".join(catalog.text(language, key, **numbers) for key in safety_message_keys(kinds))


