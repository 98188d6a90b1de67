"""The language-ID targets on the held-out items in tests/data/langid/ (make bench-lang shows
the same numbers beside plain langdetect, with timings). Accuracy only: no clocks here."""
import pytest

from bot.understanding.language import SUPPORTED_LANGUAGES, LanguageDetector
from tests.support.evaluation import accuracy, langid_sets, unsupported_items

TARGETS = {"pairs": 0.97, "sentences": 0.995}


@pytest.fixture(scope="module")
def detector():
    return LanguageDetector()


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_language_id_meets_the_target(detector, language, kind):
    items = langid_sets()[language][kind]
    wrong = [(item, detector.detect(item).code) for item in items if detector.detect(item).code != language]
    assert accuracy([not any(w[0] == item for w in wrong) for item in items]) >= TARGETS[kind], wrong


def test_sentences_are_reliable_enough_to_switch_the_conversation(detector):
    unreliable = [s for language in SUPPORTED_LANGUAGES for s in langid_sets()[language]["sentences"] if not detector.detect(s).reliable]
    assert len(unreliable) <= 0.01 * sum(len(langid_sets()[lang]["sentences"]) for lang in SUPPORTED_LANGUAGES), unreliable


def test_unsupported_languages_are_flagged(detector):
    missed = [(language, text) for language, text in unsupported_items() if detector.detect(text).supported]
    assert len(missed) <= 0.1 * len(unsupported_items()), missed
