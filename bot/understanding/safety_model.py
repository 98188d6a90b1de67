"""The learned half of the danger check: a linear classifier that recognises danger from what a
message says, not only from listed words.

It reads word uni- and bigrams and character 2–5-grams inside words of the folded text
(:func:`bot.text.norm.fold`), so inflections ("бьёт", "бил", "избивает"), typos and missing
letters share most of their features. It is trained on the examples of
``data/nlu/<lang>/safety.yml`` — lookup tables ``safety_<kind>`` for each kind of danger and
``safety_calm`` for ordinary look-alikes — with every ordinary NLU training example as "calm"
too. Features are hashed (no vocabulary to store) and the weights saved as a sparse NumPy
matrix, so loading a model never unpickles code.

Plain Python over scikit-learn (a Rasa dependency); the Rasa component is
``bot.understanding.components.safety_detector``.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Tuple

import numpy as np

from bot.settings import NLU_DIR
from bot.text.norm import fold, strip_annotations

CALM = "calm"  # the lookup table of look-alikes is safety_calm
LOOKUP_PREFIX = "safety_"
# Hashed feature space per analyser; large, so that different n-grams rarely share a weight.
N_FEATURES = 2 ** 20
# Regularisation and passes of the classifier (chosen by cross-validation on the training examples:
# tests/bench/eval_safety.py --cv).
ALPHA = 1e-5
EPOCHS = 30
DANGER_PREFIX = "danger:"
_WEIGHTS_FILE = "safety_weights.npz"
_INTERCEPT_FILE = "safety_intercept.npy"
_CLASSES_FILE = "safety_classes.txt"


@functools.lru_cache(maxsize=1)
def _vectorizers():  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import HashingVectorizer

    common = dict(n_features=N_FEATURES, alternate_sign=False, norm="l2", preprocessor=fold, dtype=np.float32)
    return (HashingVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b", **common),
            HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), **common))


def features(texts: Sequence[str]):  # type: ignore[no-untyped-def]
    """The sparse feature rows of ``texts`` (words and characters side by side)."""
    from scipy import sparse

    words, chars = _vectorizers()
    return sparse.hstack([words.transform(texts), chars.transform(texts)], format="csr")


@dataclass(frozen=True)
class TrainingExamples:
    danger: Dict[str, List[str]]  # kind -> examples
    lookalikes: List[str]         # calm messages written to sound like danger (safety_calm)
    ordinary: Dict[str, List[str]] = field(default_factory=dict)  # intent -> its training examples

    @classmethod
    def from_lookups(cls, lookups: Iterable[Tuple[str, Iterable[str]]], ordinary: Iterable[Tuple[str, str]]) -> "TrainingExamples":
        """From the ``safety_<kind>`` / ``safety_calm`` lookup tables and ordinary ``(text, intent)``."""
        danger: Dict[str, List[str]] = {}
        lookalikes: List[str] = []
        for name, elements in lookups:
            if not name.startswith(LOOKUP_PREFIX):
                continue
            kind = name[len(LOOKUP_PREFIX):]
            target = lookalikes if kind == CALM else danger.setdefault(kind, [])
            target.extend(str(text) for text in elements)
        by_intent: Dict[str, List[str]] = {}
        for text, intent in ordinary:
            by_intent.setdefault(str(intent), []).append(str(text))
        return cls(danger, lookalikes, by_intent)


def load_training_examples(nlu_dir: Path = NLU_DIR) -> TrainingExamples:
    """The same examples Rasa hands the component, read from the YAML files directly (for
    ``make eval-safety``, which trains and scores the model without Rasa)."""
    import yaml

    lookups: List[Tuple[str, List[str]]] = []
    ordinary: List[Tuple[str, str]] = []
    for path in sorted(Path(nlu_dir).rglob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            lines = [line.strip()[2:] for line in str(block.get("examples") or "").splitlines() if line.strip().startswith("- ")]
            if "lookup" in block:
                lookups.append((str(block["lookup"]), lines))
            elif "intent" in block:
                ordinary.extend((strip_annotations(line), str(block["intent"])) for line in lines)
    return TrainingExamples.from_lookups(lookups, ordinary)


@dataclass(frozen=True)
class DangerModel:
    """One linear classifier over the kinds of danger, the calm look-alikes and every ordinary
    intent. Against the real intents, a word such as "want" counts for no side ("I want to die" /
    "I want a course"), which a danger-or-not classifier weighs as calm; the probability of danger
    is the sum over the kinds."""
    classes: Tuple[str, ...]  # "danger:<kind>", then the calm classes
    weights: object  # scipy.sparse csr matrix, features x classes
    intercept: np.ndarray

    @classmethod
    def train(cls, examples: TrainingExamples, alpha: float = ALPHA) -> "DangerModel":
        from scipy import sparse
        from sklearn.linear_model import SGDClassifier

        labelled = [(text, DANGER_PREFIX + kind) for kind, items in sorted(examples.danger.items()) for text in items]
        labelled += [(text, "calm:lookalike") for text in examples.lookalikes]
        labelled += [(text, "calm:" + intent) for intent, items in sorted(examples.ordinary.items()) for text in items]
        labels = [label for _, label in labelled]
        if not any(label.startswith(DANGER_PREFIX) for label in labels) or all(label.startswith(DANGER_PREFIX) for label in labels):
            raise ValueError("the danger model needs examples of danger and of calm messages")
        rows = features([text for text, _ in labelled])
        used = np.unique(rows.indices)  # fit on the hashed columns that occur: much faster
        # Logistic loss (probabilities), balanced classes (a kind of danger counts as much as an
        # intent with many examples), fixed seed and epochs: the same model on every machine.
        classifier = SGDClassifier(loss="log_loss", alpha=alpha, class_weight="balanced", max_iter=EPOCHS, tol=None,
                                   random_state=42)
        classifier.fit(rows[:, used], labels)
        coef = np.asarray(classifier.coef_, dtype=np.float32).T  # used columns x classes
        row_index = np.repeat(used, coef.shape[1])
        column_index = np.tile(np.arange(coef.shape[1]), len(used))
        weights = sparse.csr_matrix((coef.ravel(), (row_index, column_index)), shape=(rows.shape[1], coef.shape[1]))
        return cls(tuple(str(c) for c in classifier.classes_), weights,
                   np.asarray(classifier.intercept_, dtype=np.float32))

    def dangers_of(self, texts: Sequence[str]) -> List[Tuple[float, str]]:
        """For each text: the probability that it speaks of danger, and its most likely kind."""
        scores = np.asarray((features(texts) @ self.weights).todense()) + self.intercept  # type: ignore[operator]
        scores -= scores.max(axis=1, keepdims=True)
        probabilities = np.exp(scores)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        danger = [i for i, name in enumerate(self.classes) if name.startswith(DANGER_PREFIX)]
        results = []
        for row in probabilities:
            best = max(danger, key=lambda i: row[i])
            results.append((float(row[danger].sum()), self.classes[best][len(DANGER_PREFIX):]))
        return results

    def danger(self, text: str) -> Tuple[float, str]:
        return self.dangers_of([text])[0]

    def save(self, directory: Path) -> None:
        from scipy import sparse

        sparse.save_npz(Path(directory) / _WEIGHTS_FILE, self.weights, compressed=True)  # type: ignore[arg-type]
        np.save(Path(directory) / _INTERCEPT_FILE, self.intercept, allow_pickle=False)
        (Path(directory) / _CLASSES_FILE).write_text("\n".join(self.classes) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> "DangerModel":
        from scipy import sparse

        classes = tuple((Path(directory) / _CLASSES_FILE).read_text(encoding="utf-8").split())
        weights = sparse.load_npz(Path(directory) / _WEIGHTS_FILE).tocsr()
        intercept = np.load(Path(directory) / _INTERCEPT_FILE, allow_pickle=False)
        return cls(classes, weights, intercept)
