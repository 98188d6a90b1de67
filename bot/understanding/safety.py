"""Safety: recognise a message that says someone may be in danger and build the answer that must
come first — the emergency numbers and the fitting free helplines, in the person's language.

Two detectors, one verdict (:class:`SafetyVerdict`):

- the word lists (section ``danger`` of ``bot/understanding/words/<code>.yml``; precise and
  explainable, a maintainer adds a word without training): a match is an **alert**;
- the learned :class:`bot.understanding.safety_model.DangerModel`, which recognises danger from what a message
  says: above :data:`ALERT_PROBABILITY` an **alert**; above :data:`UNSURE_PROBABILITY`, when the
  message speaks of fear, harm or threat (the ``cues`` of those word lists), **unsure** — then
  Lotse leads with one calm line with 110/112 and the fitting helpline and goes on with what the
  person asked.

Both err towards safety: showing the numbers to someone who is safe costs little.
Plain Python; the Rasa component is ``bot.understanding.components.safety_detector``.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import yaml

from bot.settings import WORDS_DIR
from bot.text.phrases import PhraseSet, tokens
from bot.understanding.safety_model import DangerModel
from bot.understanding.word_lists import phrase_sets

# The emergency numbers and helplines, each with its source.
NUMBERS_FILE = Path(__file__).resolve().parent / "safety.yml"
CUES = "cues"
# The order the helplines are shown in: what saves a life first. "acute" (acute danger and fear)
# has no helpline of its own: the emergency numbers are the answer.
KINDS = ("suicide", "medical", "violence", "child", "threat", "exploitation", "acute")
ALERT, UNSURE = "alert", "unsure"
# Decision thresholds on the model's probability of danger (chosen by cross-validation on the
# training examples, never on the held-out set: tests/bench/eval_safety.py --cv).
ALERT_PROBABILITY = 0.7
UNSURE_PROBABILITY = 0.5
# Shorter messages ("ما ابي", "på ingen måde") are left to the word lists: the model cannot tell a
# short reply from a short cry for help, and raised most of its false alarms there.
MIN_MODEL_WORDS = 3


@dataclass(frozen=True)
class SafetyLexicon:
    numbers: Dict[str, str]
    phrases: Dict[str, PhraseSet]  # kind -> its phrases in all languages
    cues: PhraseSet = PhraseSet(())  # words about fear, harm or threat

    @classmethod
    def load(cls, numbers_file: Path = NUMBERS_FILE, words_dir: Path = WORDS_DIR, languages: Tuple[str, ...] = ()) -> "SafetyLexicon":
        """The numbers, and the ``danger`` section of the word lists (all registry languages by default)."""
        raw = yaml.safe_load(numbers_file.read_text(encoding="utf-8"))
        danger = phrase_sets("danger", words_dir, languages)
        return cls(numbers={k: str(v) for k, v in raw["numbers"].items()},
                   phrases={kind: danger.get(kind, PhraseSet(())) for kind in KINDS}, cues=danger.get(CUES, PhraseSet(())))

    def kinds_in(self, text: str) -> Tuple[str, ...]:
        """The kinds of danger ``text`` speaks of, in :data:`KINDS` order (empty if none)."""
        return self.kinds_in_tokens(tokens(text))

    def kinds_in_tokens(self, folded: Sequence[str]) -> Tuple[str, ...]:
        return tuple(kind for kind in KINDS if self.phrases[kind].matches_tokens(folded))


@functools.lru_cache(maxsize=1)
def get_lexicon() -> SafetyLexicon:
    return SafetyLexicon.load()


@dataclass(frozen=True)
class SafetyVerdict:
    """``level`` is :data:`ALERT`, :data:`UNSURE` or ``None``; ``kinds`` in :data:`KINDS` order."""
    level: Optional[str] = None
    kinds: Tuple[str, ...] = ()
    probability: float = 0.0

    def as_dict(self) -> Dict[str, Any]:
        return {"level": self.level, "kinds": list(self.kinds), "probability": round(self.probability, 3)}


# The verdict travels as an entity over the whole message (bot/understanding/components/safety_detector.py), so
# that the dialogue policy, the NLG and conversation tests all read it the same way.
DANGER_ENTITY = "danger"
POSSIBLE_DANGER_ENTITY = "possible_danger"


def verdict_entity(text: str, verdict: "SafetyVerdict") -> Optional[Dict[str, Any]]:
    """The entity that carries the verdict, spanning the whole message (``None`` when calm)."""
    if verdict.level is None:
        return None
    name = DANGER_ENTITY if verdict.level == ALERT else POSSIBLE_DANGER_ENTITY
    return {"entity": name, "value": ",".join(verdict.kinds), "start": 0, "end": len(text),
            "confidence_entity": round(verdict.probability, 3), "extractor": "SafetyDetectorComponent"}


def verdict_of_entities(entities: Any) -> "SafetyVerdict":
    """The verdict a message's entities carry (calm when there is none)."""
    for level, name in ((ALERT, DANGER_ENTITY), (UNSURE, POSSIBLE_DANGER_ENTITY)):
        for entity in entities or ():
            if isinstance(entity, dict) and entity.get("entity") == name:
                kinds = _ordered(str(entity.get("value") or "").split(","))
                return SafetyVerdict(level, kinds or ("acute",), float(entity.get("confidence_entity") or 1.0))
    return SafetyVerdict()


def _ordered(kinds: Sequence[str]) -> Tuple[str, ...]:
    return tuple(kind for kind in KINDS if kind in kinds)


class SafetyDetector:
    """The word lists and the learned model together (the model is optional, for tests of the words)."""

    def __init__(self, lexicon: SafetyLexicon, model: Optional[DangerModel] = None,
                 alert: float = ALERT_PROBABILITY, unsure: float = UNSURE_PROBABILITY) -> None:
        self.lexicon, self.model, self.alert, self.unsure = lexicon, model, alert, unsure

    def verdict(self, text: str) -> SafetyVerdict:
        folded = tokens(text)
        listed = self.lexicon.kinds_in_tokens(folded)
        use_model = self.model is not None and len(folded) >= MIN_MODEL_WORDS
        probability, kind = self.model.danger(text) if use_model else (0.0, "")  # type: ignore[union-attr]
        if listed:
            learned = (kind,) if probability >= self.alert and kind else ()
            return SafetyVerdict(ALERT, _ordered(listed + learned), 1.0)
        if probability >= self.alert:
            return SafetyVerdict(ALERT, _ordered([kind]), probability)
        if probability >= self.unsure and self.lexicon.cues.matches_tokens(folded):
            return SafetyVerdict(UNSURE, _ordered([kind]), probability)
        return SafetyVerdict(probability=probability)


def safety_message_keys(kinds: Sequence[str]) -> List[str]:
    """Catalog keys of the alert: the emergency numbers always, then one line per kind that has
    its own helpline."""
    return ["safety_emergency"] + [f"safety_{kind}" for kind in KINDS if kind in kinds and kind != "acute"]


def safety_text(catalog: Any, language: str, kinds: Sequence[str], numbers: Dict[str, str]) -> str:
    return "\n".join(catalog.text(language, key, **numbers) for key in safety_message_keys(kinds))


def gentle_text(catalog: Any, language: str, kind: Optional[str], numbers: Dict[str, str]) -> str:
    """The one calm line for an unsure verdict: 110/112 and the fitting helpline."""
    if kind and kind != "acute":
        helpline = catalog.text(language, f"helpline_{kind}", **numbers)
        return catalog.text(language, "safety_gentle", helpline=helpline, **numbers)
    return catalog.text(language, "safety_gentle_plain", **numbers)


def verdict_text(catalog: Any, language: str, verdict: SafetyVerdict, numbers: Dict[str, str]) -> Optional[str]:
    """What Lotse says first for this verdict (``None`` when there is nothing to say)."""
    if verdict.level == ALERT:
        return safety_text(catalog, language, verdict.kinds, numbers)
    if verdict.level == UNSURE:
        return gentle_text(catalog, language, verdict.kinds[0] if verdict.kinds else None, numbers)
    return None
