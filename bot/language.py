"""Which language a message is in, and which language the conversation should be in.

Plain Python. ``LanguageDetector`` wraps langdetect restricted to the languages Lotse
supports (only their profiles are loaded; fixed seed, so results are reproducible).
``conversation_language`` makes the choice sticky: a short or unclear message ("ok",
"18057", "Rostock") keeps the current language; a clear message in another supported
language switches; asking for a language by name switches at once.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Sequence, Tuple

from bot.text_norm import words

SUPPORTED_LANGUAGES: Tuple[str, ...] = ("de", "en")
RTL_LANGUAGES = ("ar", "fa")
# A detection below this probability, or on fewer letters, does not switch the conversation.
MIN_CONFIDENCE = 0.80
MIN_LETTERS = 8

# Words that settle the language of a short chat message on their own.
_CHAT_WORDS: Dict[str, Tuple[str, ...]] = {
    "de": ("moin", "servus", "tschuss", "danke", "bitte", "guten", "tag", "morgen", "abend", "ja", "nein",
           "ich", "brauche", "mochte", "hilfe", "wie", "bin", "wohne", "und", "nicht", "der", "die", "das",
           "kurs", "deutschkurs", "arbeit", "vielen", "gerne", "tschau", "wiedersehen"),
    "en": ("hello", "hey", "thanks", "thank", "you", "please", "yes", "no", "need", "help", "the", "and",
           "i", "am", "my", "live", "want", "how", "what", "good", "morning", "bye", "goodbye", "course",
           "work", "job", "with", "where", "can", "would", "like"),
}
# Asking for a language by name ("English please", "auf Deutsch"): the name plus filler words only,
# so "I need a German course" is not a request to speak German.
_LANGUAGE_NAMES: Dict[str, Tuple[str, ...]] = {
    "de": ("deutsch", "german"),
    "en": ("english", "englisch"),
}
_REQUEST_FILLERS = frozenset(words("please bitte in auf speak sprechen sprich talk write schreib language sprache can we you "
                                   "i want ich mochte lieber switch to wechseln zu"))


@dataclass(frozen=True)
class Detection:
    """The detector's verdict on one message."""

    code: Optional[str]
    confidence: float
    reliable: bool
    requested: bool = False

    def as_dict(self) -> Dict[str, object]:
        return {"code": self.code, "confidence": round(self.confidence, 3), "reliable": self.reliable, "requested": self.requested}


class LanguageDetector:
    def __init__(self, languages: Sequence[str] = SUPPORTED_LANGUAGES, seed: int = 0) -> None:
        self.languages = tuple(languages)
        self.seed = seed
        self._factory = None
        self._lock = threading.Lock()

    def _load(self):  # type: ignore[no-untyped-def]
        from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
        from langdetect.utils.lang_profile import LangProfile

        factory = DetectorFactory()
        for index, code in enumerate(self.languages):
            profile = json.loads((Path(PROFILES_DIRECTORY) / code).read_text(encoding="utf-8"))
            factory.add_profile(LangProfile(**profile), index, len(self.languages))
        factory.set_seed(self.seed)
        return factory

    def _langdetect(self, text: str) -> Tuple[Optional[str], float]:
        with self._lock:
            if self._factory is None:
                self._factory = self._load()
            detector = self._factory.create()
            detector.append(text)
            try:
                ranked = detector.get_probabilities()
            except Exception:  # langdetect raises on text without features (emoji, digits)
                return None, 0.0
        if not ranked:
            return None, 0.0
        return ranked[0].lang, float(ranked[0].prob)

    def requested_language(self, text: str) -> Optional[str]:
        """The language asked for by name in a short message, if any."""
        content = [t for t in words(text) if t not in _REQUEST_FILLERS]
        for code in self.languages:
            if content and content[0] in _LANGUAGE_NAMES.get(code, ()) and len(content) == 1:
                return code
        return None

    def detect(self, text: str) -> Detection:
        requested = self.requested_language(text)
        if requested:
            return Detection(requested, 1.0, True, requested=True)
        tokens = [t for t in words(text) if t.isalpha()]
        letters = sum(len(t) for t in tokens)
        votes = {code: sum(1 for t in tokens if t in _CHAT_WORDS.get(code, ())) for code in self.languages}
        code, confidence = self._langdetect(" ".join(tokens)) if tokens else (None, 0.0)
        best_vote = max(votes, key=lambda c: votes[c]) if votes else None
        if best_vote and votes[best_vote] > 0 and list(votes.values()).count(votes[best_vote]) == 1:
            if code != best_vote and (letters < 3 * MIN_LETTERS or confidence < 0.99):
                code, confidence = best_vote, 0.0
            if code == best_vote:
                confidence = max(confidence, 0.9)
            if letters < MIN_LETTERS:
                # A known chat word ("danke", "thanks") is enough even in a tiny message.
                return Detection(best_vote, 0.9, True)
        reliable = code is not None and confidence >= MIN_CONFIDENCE and letters >= MIN_LETTERS
        return Detection(code, confidence, reliable)


def conversation_language(
    current: Optional[str],
    detection: Optional[Detection],
    default: str,
    start_language: Optional[str] = None,
    supported: Sequence[str] = SUPPORTED_LANGUAGES,
) -> str:
    """The language to answer in after this message.

    ``start_language`` is the widget's page/browser language, used until a message says otherwise.
    """
    if detection is not None and detection.code in supported and (detection.requested or detection.reliable):
        return detection.code  # type: ignore[return-value]
    if current in supported:
        return current  # type: ignore[return-value]
    if start_language in supported:
        return start_language  # type: ignore[return-value]
    return default if default in supported else supported[0]
