"""Held-out evaluation sets in ``tests/data/`` and the numbers computed on them.

Plain Python, used by ``make eval-nlu``, ``make bench-lang`` and the tests that hold the
targets. The sets are never training data (``tests/test_data_hygiene.py`` checks).

* ``tests/data/nlu/<lang>.yml``: ``{language, intents: {intent: [message, ...]}}``
* ``tests/data/langid/<lang>.yml``: ``{language, words, pairs, sentences, greetings}``
* ``tests/data/langid/unsupported.yml``: ``{sentences: [{language, text}, ...]}``
* ``tests/data/safety/<lang>.yml``: ``{danger: [{kind, text}, ...], calm: [message, ...]}``
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Tuple

import yaml

EVAL_DIR = Path(__file__).resolve().parent.parent / "data"
LANGID_KINDS = ("words", "pairs", "sentences", "greetings")
# The held-out sets every language needs (tests/data/<set>/<code>.yml).
HELD_OUT_SETS = ("nlu", "langid", "safety", "flows")


def missing_held_out_sets(codes: Iterable[str], directory: Path = EVAL_DIR) -> List[str]:
    """One line per language and held-out set that has no file: what ``lotse check`` cannot see,
    since the product never reads tests/."""
    return [f"{Path(directory) / name / (code + '.yml')}: missing (held-out {name} set of language {code})"
            for code in codes for name in HELD_OUT_SETS if not (Path(directory) / name / f"{code}.yml").exists()]


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return data


def nlu_sets(directory: Path = EVAL_DIR / "nlu") -> Dict[str, List[Tuple[str, str]]]:
    """``{language: [(text, intent), ...]}`` of the held-out NLU sets."""
    sets: Dict[str, List[Tuple[str, str]]] = {}
    for path in sorted(Path(directory).glob("*.yml")):
        data = _load(path)
        sets[str(data.get("language") or path.stem)] = [
            (str(text), intent) for intent, texts in (data.get("intents") or {}).items() for text in texts or ()]
    return sets


def langid_sets(directory: Path = EVAL_DIR / "langid") -> Dict[str, Dict[str, List[str]]]:
    """``{language: {kind: [item, ...]}}`` for the supported languages' language-ID items."""
    sets: Dict[str, Dict[str, List[str]]] = {}
    for path in sorted(Path(directory).glob("*.yml")):
        if path.stem == "unsupported":
            continue
        data = _load(path)
        sets[str(data.get("language") or path.stem)] = {kind: [str(i) for i in data.get(kind) or ()] for kind in LANGID_KINDS}
    return sets


def unsupported_items(directory: Path = EVAL_DIR / "langid") -> List[Tuple[str, str]]:
    """``[(language, text), ...]`` of messages in languages Lotse does not support."""
    path = Path(directory) / "unsupported.yml"
    if not path.exists():
        return []
    return [(str(item["language"]), str(item["text"])) for item in _load(path).get("sentences") or ()]


@dataclass(frozen=True)
class SafetySet:
    danger: List[Tuple[str, str]]  # (text, kind)
    calm: List[str]


def safety_sets(directory: Path = EVAL_DIR / "safety") -> Dict[str, SafetySet]:
    """``{language: SafetySet}``: danger messages with their kind, and calm look-alikes."""
    sets: Dict[str, SafetySet] = {}
    for path in sorted(Path(directory).glob("*.yml")):
        data = _load(path)
        danger = [(str(item["text"]), str(item["kind"])) for item in data.get("danger") or ()]
        sets[path.stem] = SafetySet(danger, [str(text) for text in data.get("calm") or ()])
    return sets


@dataclass(frozen=True)
class IntentScores:
    precision: float
    recall: float
    f1: float
    support: int


def intent_scores(pairs: Iterable[Tuple[str, str]]) -> Dict[str, IntentScores]:
    """Per-intent precision/recall/F1 from ``(expected, predicted)`` pairs, for every expected intent.

    A prediction of an intent not in the expected set (``nlu_fallback``) counts as a miss.
    """
    pairs = list(pairs)
    expected_counts = Counter(e for e, _ in pairs)
    predicted_counts = Counter(p for _, p in pairs)
    correct = Counter(e for e, p in pairs if e == p)
    scores = {}
    for intent, support in expected_counts.items():
        precision = correct[intent] / predicted_counts[intent] if predicted_counts[intent] else 0.0
        recall = correct[intent] / support
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[intent] = IntentScores(precision, recall, f1, support)
    return scores


def macro_f1(scores: Dict[str, IntentScores]) -> float:
    return sum(s.f1 for s in scores.values()) / len(scores) if scores else 0.0


def confusions(pairs: Iterable[Tuple[str, str]], most: int = 5) -> List[Tuple[Tuple[str, str], int]]:
    """The most frequent ``(expected, predicted)`` mistakes."""
    return Counter((e, p) for e, p in pairs if e != p).most_common(most)


def accuracy(hits: Sequence[bool]) -> float:
    return sum(hits) / len(hits) if hits else 0.0
