"""`make compare-pipelines`: why config.yml featurizes as it does. Trains an NLU-only
model for each pipeline variant below (same data, same seed) and prints training time and
intent macro-F1 per language on the held-out sets in tests/data/nlu/. Takes several minutes;
not part of `make test`. Writes results/compare_pipelines.json."""
from __future__ import annotations

import argparse
import copy
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bot.cli.nlu_check import parse_messages  # noqa: E402
from tests.support.evaluation import intent_scores, macro_f1, nlu_sets  # noqa: E402

CONFIG = ROOT / "config.yml"
WORDS = {"name": "CountVectorsFeaturizer"}


def char_ngrams(low: int, high: int, min_df: int = 1) -> dict:
    return {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": low, "max_ngram": high, "min_df": min_df}


# name -> (featurizers that replace the CountVectorsFeaturizers of config.yml, DIET settings,
# optionally a tokenizer that replaces the one in config.yml)
VARIANTS = {
    "words + char_wb 1-4, no folding": ([WORDS, char_ngrams(1, 4, 2)], {}, "WhitespaceTokenizer"),
    "words only": ([WORDS], {}),
    "char_wb 1-4 only": ([char_ngrams(1, 4, 2)], {}),
    "words + char_wb 1-4": ([WORDS, char_ngrams(1, 4, 2)], {}),
    "words + char_wb 2-5": ([WORDS, char_ngrams(2, 5)], {}),
    "words + char_wb 1-4, 60 epochs": ([WORDS, char_ngrams(1, 4, 2)], {"epochs": 60}),
    "words + char_wb 1-4, MLP 256": ([WORDS, char_ngrams(1, 4, 2)], {"hidden_layers_sizes": {"text": [256]}}),
}


def pipeline_variant(config: dict, featurizers: list, diet: dict, tokenizer: str = "") -> dict:
    variant = copy.deepcopy(config)
    steps = variant["pipeline"]
    if tokenizer:
        steps = [{"name": tokenizer} if step["name"].endswith("Tokenizer") else step for step in steps]
    first = next(i for i, step in enumerate(steps) if step["name"] == "CountVectorsFeaturizer")
    rest = [step for step in steps[first:] if step["name"] != "CountVectorsFeaturizer"]
    variant["pipeline"] = steps[:first] + copy.deepcopy(featurizers) + rest
    for step in variant["pipeline"]:
        if step["name"] == "DIETClassifier":
            step.update(diet)
    return variant


def train_nlu(config: dict, workdir: Path, name: str) -> tuple:
    config_path = workdir / f"{name}.yml"
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    log = workdir / f"{name}.log"
    started = time.monotonic()
    with log.open("w") as handle:
        code = subprocess.call(
            [sys.executable, "-m", "rasa", "train", "nlu", "--config", str(config_path), "--nlu", str(ROOT / "data" / "nlu"),
             "--out", str(workdir), "--fixed-model-name", name],
            cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_CACHE_DIRECTORY": str(workdir / f"{name}.cache")})
    if code != 0:
        raise SystemExit(f"training {name} failed; see {log}")
    return workdir / f"{name}.tar.gz", time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", help="variant names to run (default: all)")
    parser.add_argument("--out", default=str(ROOT / "results" / "compare_pipelines.json"))
    args = parser.parse_args()
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    sets = nlu_sets()
    texts = [text for items in sets.values() for text, _ in items]
    report = {}
    print("compare-pipelines: NLU-only training time and held-out intent macro-F1 per language")
    print(f"  {'variant':<32}{'train s':>8}" + "".join(f"{code:>7}" for code in sets) + f"{'worst':>7}")
    with tempfile.TemporaryDirectory(prefix="lotse-pipelines-") as tmp:
        for index, (name, (featurizers, diet, *tokenizer)) in enumerate(VARIANTS.items()):
            if args.only and name not in args.only:
                continue
            model, seconds = train_nlu(pipeline_variant(config, featurizers, diet, *tokenizer), Path(tmp), f"variant{index}")
            parsed = dict(zip(texts, (result["intent"] for result in parse_messages(texts, model)), strict=True))
            scores = {code: macro_f1(intent_scores([(intent, parsed[text]) for text, intent in items])) for code, items in sets.items()}
            report[name] = {"train_seconds": round(seconds, 1), "macro_f1": scores}
            print(f"  {name:<32}{seconds:>8.0f}" + "".join(f"{score:>7.3f}" for score in scores.values())
                  + f"{min(scores.values()):>7.3f}", flush=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
