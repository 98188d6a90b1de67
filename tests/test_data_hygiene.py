"""Evaluation data is never training data."""
from pathlib import Path

import yaml

from tests.support.evaluation import langid_sets, nlu_sets, safety_sets, unsupported_items
from tests.support.flows import eval_scenarios
from tests.support.training_data import labelled_training_examples, normalise, training_examples

ROOT = Path(__file__).resolve().parent.parent
def evaluation_texts():
    """Every held-out message: conversation tests, the NLU sets, the language-ID sentences."""
    texts = [text for items in nlu_sets().values() for text, _ in items]
    texts += [sentence for kinds in langid_sets().values() for sentence in kinds["sentences"]]
    texts += [text for _, text in unsupported_items()]
    for safety in safety_sets().values():
        texts += [text for text, _ in safety.danger] + safety.calm
    # Scenario turns such as "Rostock" or "18055" are place answers, not sentences to keep apart.
    texts += [text for scenario in eval_scenarios() for text in scenario.messages if len(normalise(text).split()) >= 3]
    for path in (ROOT / "tests").rglob("*.yml"):
        if "fixtures" in path.parts:
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for story in data.get("stories", []) if isinstance(data, dict) else []:
            texts += [step["user"] for step in story.get("steps", []) if "user" in step]
    return texts


def test_there_are_evaluation_texts_and_training_examples():
    assert len(evaluation_texts()) >= 20 and len(training_examples()) >= 500


def test_no_evaluation_sentence_is_in_the_training_data():
    training = training_examples(with_lookups=True)
    leaked = [text.strip() for text in evaluation_texts() if normalise(text) in training and not text.startswith("/")]
    assert leaked == []


def test_no_danger_training_example_is_a_near_copy_of_a_held_out_safety_message():
    """The safety set measures what Lotse has not seen: no training example of the danger model
    (data/nlu/*/safety.yml) may be closer than 80% (difflib ratio) to a held-out one."""
    import difflib

    held_out = [normalise(text) for items in safety_sets().values() for text in [t for t, _ in items.danger] + items.calm]
    training = [normalise(text) for text, _ in labelled_training_examples("safety.yml", with_lookups=True)]
    close = [text for text in training if difflib.get_close_matches(text, held_out, n=1, cutoff=0.8)]
    assert close == []
