"""The metrics behind `make eval-nlu` and the held-out sets' shape."""
import pytest

from bot.understanding.language import SUPPORTED_LANGUAGES
from tests.support.evaluation import accuracy, confusions, intent_scores, langid_sets, macro_f1, nlu_sets, unsupported_items

NEEDS = ("need_recognition", "need_language_course", "need_work_refugee", "need_women_coaching", "need_business_startup")


def test_intent_scores_count_fallback_as_a_miss():
    pairs = [("a", "a"), ("a", "b"), ("b", "b"), ("b", "nlu_fallback")]
    scores = intent_scores(pairs)
    assert (scores["a"].precision, scores["a"].recall) == (1.0, 0.5)
    assert (scores["b"].precision, scores["b"].recall) == (0.5, 0.5)
    assert set(scores) == {"a", "b"}
    assert macro_f1(scores) == pytest.approx((2 / 3 + 0.5) / 2)
    assert confusions(pairs) == [(("a", "b"), 1), (("b", "nlu_fallback"), 1)]
    assert accuracy([True, False, True, True]) == 0.75 and accuracy([]) == 0.0


def test_every_language_has_a_held_out_nlu_set_of_the_promised_size():
    sets = nlu_sets()
    assert set(sets) == set(SUPPORTED_LANGUAGES)
    for language, items in sets.items():
        per_intent = {}
        for _, intent in items:
            per_intent[intent] = per_intent.get(intent, 0) + 1
        for intent in NEEDS + ("greet", "out_of_scope"):
            assert per_intent.get(intent, 0) >= 20, f"{language}: {intent} has {per_intent.get(intent, 0)}"


def test_every_language_has_language_id_items_of_every_kind():
    sets = langid_sets()
    assert set(sets) == set(SUPPORTED_LANGUAGES)
    for language, kinds in sets.items():
        assert len(kinds["pairs"]) >= 30 and len(kinds["sentences"]) >= 30 and kinds["words"] and kinds["greetings"], language
        assert all(len(pair.split()) == 2 for pair in kinds["pairs"]), language
    assert len(unsupported_items()) >= 30
