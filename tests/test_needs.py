"""A second need in one message, in every language; single-need messages stay single."""
import pytest

from bot.directory.model import NEEDS
from bot.understanding.language import SUPPORTED_LANGUAGES
from bot.understanding.needs import needs_of_message, referral_needs
from bot.understanding.word_lists import phrases_by_entry
from tests.support.training_data import labelled_training_examples

MULTI = [  # written for this test
    ("de", "recognition", "Meine Ausbildung soll anerkannt werden und ich brauche auch einen Sprachkurs", ["recognition", "language_course"]),
    ("en", "work_refugee", "I have a Duldung, want to work and also learn German", ["work_refugee", "language_course"]),
    ("ar", "language_course", "بدي كورس الماني وكمان معادلة لشهادتي", ["language_course", "recognition"]),
    ("fa", "recognition", "مدرکم باید ارزشیابی بشه و کلاس زبان هم میخوام", ["recognition", "language_course"]),
    ("uk", "language_course", "шукаю курси німецької, а ще потрібне визнання диплома", ["language_course", "recognition"]),
    ("ru", "business_startup", "хочу открыть бизнес, и нужен курс немецкого", ["business_startup", "language_course"]),
    ("tr", "women_coaching", "kadınlar için danışmanlık ve almanca kursu arıyorum", ["women_coaching", "language_course"]),
    ("da", "recognition", "min uddannelse skal anerkendes og jeg vil gerne lære tysk", ["recognition", "language_course"]),
]


@pytest.mark.parametrize("language, intent_need, text, needs", MULTI, ids=[m[0] for m in MULTI])
def test_a_second_need_is_found_in_every_language(language, intent_need, text, needs):
    assert needs_of_message(intent_need, text) == needs


def test_every_need_has_words_in_every_language():
    needs = phrases_by_entry("needs")
    assert set(needs) == set(NEEDS)
    assert all({code for code, phrases in by_language.items() if phrases} == set(SUPPORTED_LANGUAGES) for by_language in needs.values())


def test_single_need_training_examples_stay_single():
    singles = [(text, intent) for text, intent in labelled_training_examples("needs.yml") if intent.startswith("need_")]
    assert [text for text, intent in singles if len(needs_of_message(intent[len("need_"):], text)) > 1] == []
    assert len(singles) > 2000


def test_referral_needs_belong_to_the_current_need():
    assert referral_needs("recognition", ["language_course", "recognition"]) == ["language_course", "recognition"]
    assert referral_needs("business_startup", ["language_course", "recognition"]) == ["business_startup"]
    assert referral_needs(None, None) == []
