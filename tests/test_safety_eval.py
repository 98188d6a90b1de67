"""The danger check on the held-out set tests/data/safety/ (make eval-safety prints the table).

The safety issue's targets are recall >= 98% in every language, false alarms <= 3% on calm
look-alikes and <= 0.1% on ordinary messages. Measured 2026-11-29 (README "Safety"): recall
88.9–98.7% per language (94.0% in all), look-alikes 2.9% (12 of 413), ordinary 0.26% — so the
limits below hold what is reached (thresholds are chosen on training data, not to pass these),
and move towards the targets with the detector.
"""
import pytest

from bot.understanding.safety import KINDS
from tests.support.evaluation import safety_sets
from tests.support.safety_eval import evaluate, trained_detector

RECALL_FLOOR = 0.85          # every language (target 0.98)
OVERALL_RECALL_FLOOR = 0.93  # all languages together
LOOKALIKE_ALARMS_MAX = 0.03  # the target
ORDINARY_ALARMS_MAX = 0.003  # (target 0.001)


@pytest.fixture(scope="module")
def detector():
    return trained_detector()


@pytest.fixture(scope="module")
def report(detector):
    return evaluate(detector)


# The safety issue's own examples: ordinary look-alikes that must stay quiet, and messages that
# the word lists of 2026-11-25 missed.
LOOK_ALIKES = ["I'm dying to start my business", "this bureaucracy kills me", "I need a first-aid course for my driving licence",
               "I'm afraid of the B1 exam", "I want to work as a paramedic", "diese Bürokratie bringt mich um",
               "Ich habe Angst vor der B1-Prüfung", "Ich möchte als Notfallsanitäter arbeiten"]
MISSED_BEFORE = ["I can't go on anymore, I want it all to end", "شوهرم تهدید میکنه که منو میکشه",
                 "мене б'ють вдома і я боюся", "муж опять бьёт", "I was threatened and I'm not safe at home",
                 "he locked me in and took my phone", "my employer keeps my passport and pays me nothing",
                 "someone is attacking me right now", "ich will mich um\u00adbringen"]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_the_issues_look_alikes_stay_quiet(detector, text):
    assert detector.verdict(text).level is None


@pytest.mark.parametrize("text", MISSED_BEFORE)
def test_the_issues_missed_messages_get_the_numbers(detector, text):
    assert detector.verdict(text).level is not None


def test_the_held_out_set_has_every_kind_in_every_language():
    sets = safety_sets()
    assert len(sets) == 8
    for language, items in sets.items():
        assert len(items.danger) >= 56 and len(items.calm) >= 45, language
        assert {kind for _, kind in items.danger} == set(KINDS), language


def test_danger_is_recognised_in_every_language(report):
    recalls = {language: report.recall(language) for language in report.caught}
    assert min(recalls.values()) >= RECALL_FLOOR, recalls
    every = [hit for hits in report.caught.values() for hit in hits]
    assert report.share(every) >= OVERALL_RECALL_FLOOR


def test_calm_look_alikes_and_ordinary_messages_stay_quiet(report):
    assert report.calm_alarm_rate() <= LOOKALIKE_ALARMS_MAX, report.false_alarms
    assert report.ordinary_count > 1500 and report.ordinary_alarm_rate() <= ORDINARY_ALARMS_MAX, report.ordinary_alarms
