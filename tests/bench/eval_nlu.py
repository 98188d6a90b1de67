"""`make eval-nlu`: intent precision/recall/F1 per language on the held-out sets in
tests/data/nlu/, parsed by the trained model, with a confusion summary. Writes the full
numbers to results/eval_nlu.json."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.cli.nlu_check import parse_messages  # noqa: E402
from tests.support.evaluation import accuracy, confusions, intent_scores, macro_f1, nlu_sets  # noqa: E402

TARGET_MACRO_F1 = 0.93


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", help="model file (default: the newest in models/)")
    parser.add_argument("--out", default=str(ROOT / "results" / "eval_nlu.json"))
    args = parser.parse_args()
    sets = nlu_sets()
    texts = [text for items in sets.values() for text, _ in items]
    parsed = dict(zip(texts, parse_messages(texts, Path(args.model) if args.model else None), strict=True))
    report = {}
    print("eval-nlu: intents on the held-out sets in tests/data/nlu/ (target: macro-F1 >= 0.93 per language)")
    print(f"  {'lang':<5}{'n':>5}{'macro-F1':>10}{'lang-ID':>9}  weakest intents (F1) / most frequent confusions")
    for language, items in sets.items():
        pairs = [(intent, parsed[text]["intent"]) for text, intent in items]
        scores = intent_scores(pairs)
        weakest = sorted(scores.items(), key=lambda item: item[1].f1)[:3]
        language_hits = [parsed[text]["language"] == language for text, _ in items]
        score = macro_f1(scores)
        print(f"  {language:<5}{len(items):>5}{score:>10.3f}{accuracy(language_hits):>9.1%}  "
              + ", ".join(f"{intent} {s.f1:.2f}" for intent, s in weakest))
        for (expected, predicted), count in confusions(pairs, 3):
            print(f"  {'':<29}{count} × {expected} → {predicted}")
        report[language] = {
            "macro_f1": score, "language_accuracy": accuracy(language_hits),
            "intents": {intent: vars(s) for intent, s in scores.items()},
            "errors": [{"text": text, "expected": intent, "predicted": parsed[text]["intent"]}
                       for text, intent in items if parsed[text]["intent"] != intent],
        }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    below = [language for language, r in report.items() if r["macro_f1"] < TARGET_MACRO_F1]
    print(f"  all errors: {out}" + (f"; below target: {', '.join(below)}" if below else "; every language meets the target"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
