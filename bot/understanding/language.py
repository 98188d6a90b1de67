"""Which language a message is in, and which language the conversation should be in.

Plain Python. :class:`LanguageDetector` weighs three kinds of evidence, each on its own weak
for chat text, and only among the supported languages written in the message's script:

* langdetect's character n-gram profiles (only the supported languages' profiles are loaded;
  fixed seed, so results are reproducible) — strong on sentences;
* a word lexicon: how often each word occurs in each language's training examples, plus the
  chat words (``hints`` in ``bot/understanding/words/<code>.yml``) — strong on two-word messages ("danke schön", "دمت گرم");
* letters only one language of a script uses (Persian پ چ ژ گ ی ک versus Arabic ة ي ك;
  Ukrainian і ї є ґ versus Russian ы э ъ ё).

Messages in a script or language Lotse does not speak are flagged ``supported=False``.
:func:`conversation_language` makes the choice sticky: a short or unclear message ("ok",
"18057", "Hallo", an emoji) keeps the current language; a clear message in another
supported language switches; asking for a language by name switches at once.
"""
from __future__ import annotations

import functools
import json
import math
import re
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple

import yaml

from bot.registry import Registry, language_codes, load_registry
from bot.settings import NLU_DIR
from bot.text.norm import strip_annotations, words
from bot.understanding.word_lists import word_lists

# The languages Lotse speaks, in the order of bot/registry.yml.
SUPPORTED_LANGUAGES: Tuple[str, ...] = language_codes()
UNKNOWN_LANGUAGE = "und"
# langdetect's time grows with the text; its first 400 characters tell the language as well.
MAX_LANGDETECT_CHARS = 400

# A detection below this probability, or on fewer letters without a telling word, does not
# switch the conversation.
MIN_CONFIDENCE = 0.90
MIN_LETTERS = 8
# ... unless a word that only this language uses settles it ("danke", "дякую").
TELLING_WORD_MIN_CONFIDENCE = 0.70
# Weights of the evidence (log-odds, in nats). langdetect's probabilities are floored so that
# a confident n-gram verdict on two words cannot outvote two clear chat words.
LANGDETECT_WEIGHT = 1.0
LANGDETECT_FLOOR = 0.02
LANGDETECT_FULL_WEIGHT_LETTERS = 12
LETTER_WEIGHT = 2.5
MAX_LETTER_EVIDENCE = 3
LEXICON_SMOOTHING = 0.5
HINT_WORD_COUNT = 20  # a chat word of the hints counts like twenty training examples
# A Latin-script message is checked against all of langdetect's languages only when it is long
# enough and few of its words are known; then a confident non-supported verdict flags it.
UNSUPPORTED_MIN_LETTERS = 12
UNSUPPORTED_MIN_PROBABILITY = 0.70
UNSUPPORTED_MAX_KNOWN_SHARE = 0.5
# Letters that the supported languages of a script do not use: Urdu/Pashto/Kurdish in Arabic
# script, Serbian/Kazakh/Belarusian in Cyrillic, Kurdish/Vietnamese/Polish/... in Latin.
UNSUPPORTED_LETTERS: Dict[str, str] = {
    "arabic": "ٹڈڑںےھټډړښږځڅګڼېۍڵڕێۆە",
    "cyrillic": "ђјљњћџѓќѕәғқңөұүһў",
    "latin": "êîûñãõąęłśźżćńőűășțëđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",
}
MIN_UNSUPPORTED_LETTERS = 2


def script_of(char: str) -> Optional[str]:
    """``latin``, ``cyrillic``, ``arabic``, ``other`` for a letter; ``None`` for anything else."""
    if not char.isalpha():
        return None
    code = ord(char)
    if code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
        return "latin"
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return "arabic"
    return "other"


@dataclass(frozen=True)
class Detection:
    """The detector's verdict on one message.

    ``code`` is a supported language, or (with ``supported=False``) langdetect's code of an
    unsupported one, or ``und`` when not even that is known.
    """

    code: Optional[str]
    confidence: float
    reliable: bool
    requested: bool = False
    supported: bool = True

    def as_dict(self) -> Dict[str, object]:
        return {"code": self.code, "confidence": round(self.confidence, 3), "reliable": self.reliable,
                "requested": self.requested, "supported": self.supported}

    @classmethod
    def from_dict(cls, raw: Mapping[str, object]) -> "Detection":
        return cls(raw.get("code"), float(raw.get("confidence") or 0.0), bool(raw.get("reliable")),  # type: ignore[arg-type]
                   bool(raw.get("requested")), bool(raw.get("supported", True)))


@dataclass(frozen=True)
class LanguageProfile:
    code: str
    script: str
    rtl: bool
    letters: FrozenSet[str]
    words: FrozenSet[str]
    names: Tuple[Tuple[str, ...], ...]
    mentions: Tuple[Tuple[str, ...], ...]


def _pooled(data: Mapping[str, Mapping[str, Any]], key: str) -> FrozenSet[str]:
    return frozenset(w for entry in data.values() for item in entry.get(key) or () for w in words(str(item)))


@dataclass(frozen=True)
class LanguageHints:
    profiles: Dict[str, LanguageProfile]
    markers: FrozenSet[str]
    neutral: FrozenSet[str]

    @classmethod
    def load(cls, registry: Optional[Registry] = None, hints: Optional[Mapping[str, Mapping[str, Any]]] = None) -> "LanguageHints":
        """From the registry (script, direction) and the ``hints`` section of each language's word list."""
        registry = registry or load_registry()
        data = hints if hints is not None else {code: lists.get("hints") or {} for code, lists in word_lists().items()}
        markers, neutral = _pooled(data, "markers"), _pooled(data, "neutral")

        def name_forms(entry: Mapping[str, Any], key: str) -> Tuple[Tuple[str, ...], ...]:
            # compared with a message's words less markers and neutral words: "по-русски" is ("русски",)
            forms = (tuple(w for w in words(str(name)) if w not in markers and w not in neutral)
                     for name in entry.get(key) or ())
            return tuple(form for form in forms if form)

        profiles = {
            code: LanguageProfile(
                code=code, script=registry.language(code).script, rtl=registry.language(code).dir == "rtl",
                letters=frozenset(str(entry.get("letters") or "")),
                words=frozenset(w for word in entry.get("words") or () for w in words(str(word))),
                names=name_forms(entry, "names"),
                mentions=name_forms(entry, "mentions"),
            )
            for code, entry in data.items()
        }
        return cls(profiles, markers, neutral)


@functools.lru_cache(maxsize=1)
def get_hints() -> LanguageHints:
    return LanguageHints.load()


def named_language(text: str, languages: Sequence[str] = SUPPORTED_LANGUAGES) -> Optional[str]:
    """The one language a message names anywhere in it ("can we speak Turkish?", "Türkçe
    konuşabilir miyiz?"), or None when it names none or several. Only meaningful once the
    message is known to be about the chat language (intent ``choose_language``)."""
    tokens = words(text)
    named = set()
    for code in languages:
        profile = get_hints().profiles.get(code)
        for form in (profile.names + profile.mentions) if profile else ():
            if any(tuple(tokens[i:i + len(form)]) == form for i in range(len(tokens) - len(form) + 1)):
                named.add(code)
    return named.pop() if len(named) == 1 else None


def text_direction(code: Optional[str]) -> str:
    profile = get_hints().profiles.get(code or "")
    return "rtl" if profile and profile.rtl else "ltr"


def language_payload(code: str) -> Dict[str, str]:
    """The ``custom`` message that tells a client the conversation language and text direction."""
    return {"type": "language", "code": code, "dir": text_direction(code)}


_WORD = re.compile(r"\w+", re.UNICODE)


def training_word_counts(nlu_dir: Path = NLU_DIR, languages: Iterable[str] = SUPPORTED_LANGUAGES) -> Dict[str, Dict[str, int]]:
    """Word counts per language from the training examples in ``data/nlu/<lang>/``."""
    counts: Dict[str, Dict[str, int]] = {}
    for code in languages:
        counter: Counter = Counter()
        for path in sorted((Path(nlu_dir) / code).glob("*.yml")):
            for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
                for line in str(block.get("examples") or "").splitlines():
                    line = line.strip()
                    if line.startswith("- "):
                        counter.update(words(strip_annotations(line[2:])))
        counts[code] = dict(counter)
    return counts


class Lexicon:
    """Smoothed word probabilities per language (multinomial naive Bayes over words)."""

    def __init__(self, counts: Mapping[str, Mapping[str, int]], hints: LanguageHints) -> None:
        merged: Dict[str, Counter] = {code: Counter(counts.get(code, {})) for code in hints.profiles}
        for code, profile in hints.profiles.items():
            for word in profile.words:
                merged[code][word] += HINT_WORD_COUNT
        self.counts = merged
        self.totals = {code: sum(c.values()) for code, c in merged.items()}
        self.vocabulary = set().union(*merged.values()) if merged else set()

    def log_probability(self, word: str, code: str) -> float:
        size = len(self.vocabulary) or 1
        return math.log((self.counts[code].get(word, 0) + LEXICON_SMOOTHING) / (self.totals[code] + LEXICON_SMOOTHING * size))

    def share(self, word: str, code: str, among: Sequence[str]) -> float:
        """How much more often ``code`` uses ``word`` than the other languages, by relative frequency."""
        relative = {c: self.counts[c].get(word, 0) / (self.totals[c] or 1) for c in among}
        total = sum(relative.values())
        return relative[code] / total if total else 0.0

    def knows(self, word: str) -> bool:
        return word in self.vocabulary


def _all_langdetect_languages() -> Tuple[str, ...]:
    from langdetect.detector_factory import PROFILES_DIRECTORY

    return tuple(sorted(p.name for p in Path(PROFILES_DIRECTORY).iterdir()))


def _softmax(scores: Dict[str, float]) -> Dict[str, float]:
    top = max(scores.values())
    exp = {code: math.exp(score - top) for code, score in scores.items()}
    total = sum(exp.values())
    return {code: value / total for code, value in exp.items()}


class LanguageDetector:
    """Detects the language of one chat message. Thread-safe; loads its data on first use."""

    def __init__(self, languages: Sequence[str] = SUPPORTED_LANGUAGES, word_counts: Optional[Mapping[str, Mapping[str, int]]] = None,
                 hints: Optional[LanguageHints] = None, seed: int = 0) -> None:
        self.hints = hints or get_hints()
        self.languages = tuple(code for code in languages if code in self.hints.profiles)
        self.seed = seed
        self._word_counts = word_counts
        self._lexicon: Optional[Lexicon] = None
        self._factories: Dict[Tuple[str, ...], object] = {}
        self._lock = threading.Lock()

    # --- langdetect ------------------------------------------------------------------------------
    def _factory(self, codes: Tuple[str, ...]):  # type: ignore[no-untyped-def]
        factory = self._factories.get(codes)
        if factory is None:
            from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
            from langdetect.utils.lang_profile import LangProfile

            factory = DetectorFactory()
            for index, code in enumerate(codes):
                profile = json.loads((Path(PROFILES_DIRECTORY) / code).read_text(encoding="utf-8"))
                factory.add_profile(LangProfile(**profile), index, len(codes))
            factory.set_seed(self.seed)
            self._factories[codes] = factory
        return factory

    def _langdetect(self, text: str, codes: Tuple[str, ...]) -> Dict[str, float]:
        with self._lock:
            detector = self._factory(codes).create()
            detector.append(text[:MAX_LANGDETECT_CHARS])
            try:
                return {ranked.lang: float(ranked.prob) for ranked in detector.get_probabilities()}
            except Exception:  # langdetect raises on text without features (emoji, digits)
                return {}

    def _any_language(self, text: str) -> Tuple[str, float]:
        """langdetect over all its profiles: the best code and its probability."""
        ranked = self._langdetect(text, _all_langdetect_languages())
        if not ranked:
            return UNKNOWN_LANGUAGE, 0.0
        code = max(ranked, key=lambda c: ranked[c])
        return code, ranked[code]

    def warm_up(self) -> None:
        """Loads everything now (the langdetect profiles of all languages take ~0.3 s), so that the
        first message that needs them is not the one that waits."""
        with self._lock:
            self._factory(_all_langdetect_languages())
        self.detect("Bonjour, je voudrais apprendre une langue")
        _ = self.lexicon

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            counts = self._word_counts if self._word_counts is not None else training_word_counts(NLU_DIR, self.languages)
            self._lexicon = Lexicon(counts, self.hints)
        return self._lexicon

    # --- the verdict -----------------------------------------------------------------------------
    def requested_language(self, text: str) -> Optional[str]:
        """The language asked for by name, if any: "English", "بالعربي", "по-русски" on their own;
        "German", "немецкий" only beside a request word ("German please"), because "немецкий
        язык" alone asks for a German course, not for German answers."""
        tokens = words(text)
        asks = any(t in self.hints.markers for t in tokens)
        content = tuple(t for t in tokens if t not in self.hints.markers and t not in self.hints.neutral)
        if not content or len(content) > 3:
            return None
        for code in self.languages:
            profile = self.hints.profiles[code]
            if content in profile.names or (asks and content in profile.mentions):
                return code
        return None

    def detect(self, text: str) -> Detection:
        requested = self.requested_language(text)
        if requested:
            return Detection(requested, 1.0, True, requested=True)
        lowered = text.casefold()
        by_script: Counter = Counter(s for s in map(script_of, lowered) if s)
        if not by_script:
            return Detection(None, 0.0, False)
        if by_script["other"] > sum(by_script.values()) / 2:
            code, probability = self._any_language(text)
            return Detection(code, probability, True, supported=False)
        # German and English words are mixed into Arabic, Persian and Cyrillic messages, rarely the reverse.
        other_script = max(("arabic", "cyrillic"), key=lambda s: by_script[s])
        script = other_script if by_script[other_script] >= min(3, by_script["latin"] + 1) else "latin"
        letters = "".join(ch for ch in lowered if script_of(ch) == script)
        if sum(letters.count(ch) for ch in UNSUPPORTED_LETTERS[script]) >= MIN_UNSUPPORTED_LETTERS:
            code, probability = self._any_language(text)
            return Detection(code if code not in self.languages else UNKNOWN_LANGUAGE, probability, True, supported=False)
        candidates = tuple(c for c in self.languages if self.hints.profiles[c].script == script)
        if not candidates:
            return Detection(None, 0.0, False)
        # Only the words of the message's script are weighed: "Anerkennung" says nothing about an Arabic message.
        script_words = [w for w in _WORD.findall(lowered) if all(script_of(ch) == script for ch in w)]
        return self._weigh(script, candidates, script_words, letters)

    def _weigh(self, script: str, candidates: Tuple[str, ...], script_words: List[str], letters: str) -> Detection:
        lexicon = self.lexicon
        tokens = [t for w in script_words for t in words(w)]
        known = [t for t in tokens if lexicon.knows(t)]
        # Unfolded text for langdetect: folding would turn Arabic ك into Persian ک.
        script_text = " ".join(script_words)
        by_langdetect = self._langdetect(script_text, candidates) if len(candidates) > 1 and script_text else {}
        # Character statistics mean little on a single short word; they grow with the text.
        langdetect_weight = LANGDETECT_WEIGHT * min(1.0, len(letters) / LANGDETECT_FULL_WEIGHT_LETTERS)
        scores: Dict[str, float] = {}
        for code in candidates:
            score = langdetect_weight * math.log(by_langdetect.get(code, 0.0) + LANGDETECT_FLOOR) if by_langdetect else 0.0
            score += sum(lexicon.log_probability(t, code) for t in known)
            score += LETTER_WEIGHT * min(sum(letters.count(ch) for ch in self.hints.profiles[code].letters), MAX_LETTER_EVIDENCE)
            scores[code] = score
        posterior = _softmax(scores)
        best = max(posterior, key=lambda c: posterior[c])
        # Three real words at least: "doesn't matter" is too short to call it Dutch.
        if (script == "latin" and len(letters) >= UNSUPPORTED_MIN_LETTERS and sum(len(w) > 1 for w in script_words) >= 3
                and len(known) / len(tokens) < UNSUPPORTED_MAX_KNOWN_SHARE):
            other, probability = self._any_language(script_text)
            if other not in self.languages and probability >= UNSUPPORTED_MIN_PROBABILITY:
                return Detection(other, probability, True, supported=False)
        telling_word = any(lexicon.share(t, best, candidates) >= MIN_CONFIDENCE for t in known)
        reliable = ((posterior[best] >= MIN_CONFIDENCE and len(letters) >= MIN_LETTERS)
                    or (telling_word and posterior[best] >= TELLING_WORD_MIN_CONFIDENCE))
        return Detection(best, posterior[best], reliable)


def start_language(metadata: object) -> Optional[str]:
    """The page or browser language a widget sends as message metadata ("de-DE" → "de")."""
    value = metadata.get("language") if isinstance(metadata, dict) else None
    return value.split("-")[0].lower() if isinstance(value, str) and value else None


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
    if (detection is not None and detection.supported and detection.code in supported
            and (detection.requested or detection.reliable)):
        return detection.code  # type: ignore[return-value]
    if current in supported:
        return current  # type: ignore[return-value]
    if start_language in supported:
        return start_language  # type: ignore[return-value]
    return default if default in supported else supported[0]
