"""`make eval-safety`: the danger check on the held-out set tests/data/safety/ — recall per language
and kind, false alarms on calm look-alikes and on the ordinary held-out messages, time per message;
beside the word lists alone. The targets are held by tests/test_safety_eval.py.

`--cv`: how the model's settings were chosen — 5-fold cross-validation on the TRAINING examples
only (data/nlu/*/safety.yml and the ordinary training examples), printing recall and false alarms
for each regularisation strength and threshold. The held-out set plays no part in it.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.understanding.safety import ALERT_PROBABILITY, UNSURE_PROBABILITY, SafetyDetector, get_lexicon  # noqa: E402
from bot.understanding.safety_model import ALPHA, DangerModel, TrainingExamples, load_training_examples  # noqa: E402
from tests.support.safety_eval import evaluate, print_report, trained_detector  # noqa: E402

FOLDS = 5


def _folds(items: List[str], seed: int) -> List[List[str]]:
    shuffled = list(items)
    random.Random(seed).shuffle(shuffled)
    return [shuffled[i::FOLDS] for i in range(FOLDS)]


def cross_validate(examples: TrainingExamples, alpha: float) -> Dict[str, List[float]]:
    """Out-of-fold danger probabilities of the danger examples, the look-alikes and the ordinary ones."""
    danger_folds = _folds([f"{kind}\t{text}" for kind, items in examples.danger.items() for text in items], 1)
    lookalike_folds = _folds(examples.lookalikes, 2)
    ordinary_folds = _folds([f"{intent}\t{text}" for intent, items in examples.ordinary.items() for text in items], 3)
    scores: Dict[str, List[float]] = {"danger": [], "lookalikes": [], "ordinary": []}

    def grouped(items: List[str]) -> Dict[str, List[str]]:
        groups: Dict[str, List[str]] = {}
        for item in items:
            key, text = item.split("\t", 1)
            groups.setdefault(key, []).append(text)
        return groups

    for fold in range(FOLDS):
        rest = lambda folds, fold=fold: [t for i, part in enumerate(folds) if i != fold for t in part]  # noqa: E731
        model = DangerModel.train(TrainingExamples(grouped(rest(danger_folds)), rest(lookalike_folds),
                                                   grouped(rest(ordinary_folds))), alpha)
        texts = lambda items: [item.split("\t", 1)[1] for item in items]  # noqa: E731
        scores["danger"] += [p for p, _ in model.dangers_of(texts(danger_folds[fold]))]
        scores["lookalikes"] += [p for p, _ in model.dangers_of(lookalike_folds[fold])]
        scores["ordinary"] += [p for p, _ in model.dangers_of(texts(ordinary_folds[fold]))]
    return scores


def run_cv() -> int:
    examples = load_training_examples()
    print(f"cross-validation on the training examples ({FOLDS} folds), the model alone, by threshold: "
          "danger caught / look-alikes raised / ordinary raised")
    for alpha in (1e-5, 3e-5):
        started = time.perf_counter()
        scores = cross_validate(examples, alpha)
        row = []
        for threshold in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
            share = {k: sum(p >= threshold for p in v) / len(v) for k, v in scores.items()}
            row.append(f"{threshold:.1f}: {share['danger']:.1%}/{share['lookalikes']:.1%}/{share['ordinary']:.2%}")
        print(f"  alpha={alpha:g} " + "  ".join(row) + f"  ({time.perf_counter() - started:.0f} s)", flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="choose the settings by cross-validation on the training data")
    if parser.parse_args().cv:
        return run_cv()
    started = time.perf_counter()
    detector = trained_detector()
    print(f"eval-safety: model trained on data/nlu in {time.perf_counter() - started:.1f} s "
          f"(alpha={ALPHA:g}, alert at {ALERT_PROBABILITY}, unsure at {UNSURE_PROBABILITY})")
    detector.verdict("warm up")
    report = evaluate(detector)
    print_report(report, "Word lists and learned model (what Lotse runs):")
    for language, kind, text in report.misses:
        print(f"    missed  {language} {kind}: {text}")
    for language, level, text in report.false_alarms:
        print(f"    alarm   {language} {level}: {text}")
    for language, text in report.ordinary_alarms:
        print(f"    alarm   {language} ordinary: {text}")
    print_report(evaluate(SafetyDetector(get_lexicon(), None)), "Word lists alone (for comparison):")
    return 0


if __name__ == "__main__":
    sys.exit(main())
