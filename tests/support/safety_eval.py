"""Scores of the danger check on the held-out set ``tests/data/safety/`` (used by
``make eval-safety`` and ``tests/test_safety_eval.py``).

A danger message counts as caught when Lotse shows the numbers: an alert, or the calm line of an
unsure verdict. A calm look-alike or an ordinary message counts as a false alarm for either.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Sequence, Tuple

from bot.understanding.safety import ALERT, KINDS, SafetyDetector, get_lexicon
from bot.understanding.safety_model import DangerModel, TrainingExamples, load_training_examples
from tests.support.evaluation import SafetySet, nlu_sets, safety_sets


@dataclass
class SafetyReport:
    caught: Dict[str, List[bool]] = field(default_factory=lambda: defaultdict(list))       # language -> per danger message
    alerted: Dict[str, List[bool]] = field(default_factory=lambda: defaultdict(list))      # ... as a full alert
    by_kind: Dict[str, List[bool]] = field(default_factory=lambda: defaultdict(list))      # kind -> caught
    calm_alarms: Dict[str, List[bool]] = field(default_factory=lambda: defaultdict(list))  # language -> per look-alike
    ordinary_alarms: List[Tuple[str, str]] = field(default_factory=list)                  # (language, text)
    ordinary_count: int = 0
    misses: List[Tuple[str, str, str]] = field(default_factory=list)                      # (language, kind, text)
    false_alarms: List[Tuple[str, str, str]] = field(default_factory=list)                # (language, level, text)
    milliseconds: List[float] = field(default_factory=list)

    @staticmethod
    def share(values: Sequence[bool]) -> float:
        return sum(values) / len(values) if values else 0.0

    def recall(self, language: str) -> float:
        return self.share(self.caught[language])

    def calm_alarm_rate(self, language: str = "") -> float:
        values = self.calm_alarms[language] if language else [v for vs in self.calm_alarms.values() for v in vs]
        return self.share(values)

    def ordinary_alarm_rate(self) -> float:
        return len(self.ordinary_alarms) / self.ordinary_count if self.ordinary_count else 0.0

    def p95_ms(self) -> float:
        ordered = sorted(self.milliseconds)
        return ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0


def trained_detector(examples: TrainingExamples = None) -> SafetyDetector:  # type: ignore[assignment]
    """The detector as ``make train`` builds it: the word lists and the model trained on data/nlu."""
    return SafetyDetector(get_lexicon(), DangerModel.train(examples or load_training_examples()))


def evaluate(detector: SafetyDetector, sets: Dict[str, SafetySet] = None,  # type: ignore[assignment]
             ordinary: Iterable[Tuple[str, str]] = None) -> SafetyReport:  # type: ignore[assignment]
    sets = safety_sets() if sets is None else sets
    if ordinary is None:
        ordinary = [(language, text) for language, items in nlu_sets().items() for text, _ in items]
    report = SafetyReport()

    def timed(text: str):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        verdict = detector.verdict(text)
        report.milliseconds.append((time.perf_counter() - started) * 1000)
        return verdict

    for language, items in sorted(sets.items()):
        for text, kind in items.danger:
            verdict = timed(text)
            report.caught[language].append(verdict.level is not None)
            report.alerted[language].append(verdict.level == ALERT)
            report.by_kind[kind].append(verdict.level is not None)
            if verdict.level is None:
                report.misses.append((language, kind, text))
        for text in items.calm:
            verdict = timed(text)
            report.calm_alarms[language].append(verdict.level is not None)
            if verdict.level is not None:
                report.false_alarms.append((language, str(verdict.level), text))
    for language, text in ordinary:
        report.ordinary_count += 1
        verdict = timed(text)
        if verdict.level is not None:
            report.ordinary_alarms.append((language, text))
    return report


def print_report(report: SafetyReport, title: str) -> None:
    print(title)
    print(f"  {'lang':<5}{'danger':>8}{'caught':>8}{'recall':>9}{'of them alerts':>16}{'look-alikes':>13}{'false alarms':>14}")
    for language in sorted(report.caught):
        caught, alerted, calm = report.caught[language], report.alerted[language], report.calm_alarms[language]
        print(f"  {language:<5}{len(caught):>8}{sum(caught):>8}{report.share(caught):>9.1%}{sum(alerted):>16}"
              f"{len(calm):>13}{sum(calm):>8} ={report.share(calm):>5.1%}")
    print("  recall per kind: " + ", ".join(
        f"{kind} {report.share(report.by_kind[kind]):.1%} (n={len(report.by_kind[kind])})" for kind in KINDS if report.by_kind[kind]))
    print(f"  false alarms: look-alikes {report.calm_alarm_rate():.1%}; ordinary held-out messages "
          f"{len(report.ordinary_alarms)} of {report.ordinary_count} = {report.ordinary_alarm_rate():.2%}")
    print(f"  time per message: p95 {report.p95_ms():.2f} ms, max {max(report.milliseconds or [0]):.2f} ms")
