"""The language detector's rules and the conversation's language stickiness.

Most tests use a detector with no training lexicon (``word_counts={}``): only langdetect,
the script letters and the chat words of ``hints`` of ``bot/understanding/words/<code>.yml`` decide, so these tests
check the rules, not the training data."""
import pytest

from bot.understanding.language import (
    SUPPORTED_LANGUAGES,
    Detection,
    LanguageDetector,
    LanguageHints,
    conversation_language,
    language_payload,
    script_of,
    training_word_counts,
)


@pytest.fixture(scope="module")
def rules_only():
    return LanguageDetector(word_counts={})


@pytest.mark.parametrize("text, code", [
    ("Ich brauche einen Deutschkurs und weiß nicht wo", "de"),
    ("I need help with the recognition of my nursing degree", "en"),
    ("أريد أن أتعلم اللغة الألمانية من فضلك", "ar"),
    ("من میخواهم زبان آلمانی یاد بگیرم", "fa"),
    ("Мені потрібна допомога з визнанням диплому", "uk"),
    ("Мне нужна помощь с признанием диплома", "ru"),
    ("Almanca kursu arıyorum, yardım eder misiniz", "tr"),
    ("Jeg har brug for hjælp til at finde et tysk kursus", "da"),
])
def test_clear_sentences_in_every_language(rules_only, text, code):
    detection = rules_only.detect(text)
    assert (detection.code, detection.reliable, detection.supported) == (code, True, True)


@pytest.mark.parametrize("text, code", [
    ("چطوری", "fa"),        # Persian letter چ
    ("گفتم", "fa"),          # Persian letter گ
    ("مدرسة", "ar"),         # taa marbuta only Arabic writes
    ("ї", "uk"), ("їжа", "uk"), ("єдиний", "uk"),
    ("быстро", "ru"), ("этот", "ru"),
])
def test_script_letters_tell_languages_of_one_script_apart(rules_only, text, code):
    assert rules_only.detect(text).code == code


@pytest.mark.parametrize("text, code", [("danke", "de"), ("thanks", "en"), ("شكرا", "ar"), ("مرسی", "fa"),
                                         ("дякую", "uk"), ("спасибо", "ru"), ("teşekkürler", "tr"), ("tesekkurler", "tr")])
def test_a_telling_chat_word_is_enough(rules_only, text, code):
    detection = rules_only.detect(text)
    assert (detection.code, detection.reliable) == (code, True)


@pytest.mark.parametrize("text", ["ok", "18057", "Hallo", "👍", "", "???", "super", "taxi"])
def test_short_or_ambiguous_messages_are_not_reliable(rules_only, text):
    assert not rules_only.detect(text).reliable


@pytest.mark.parametrize("text, code", [
    ("English please", "en"), ("auf Deutsch bitte", "de"), ("in english", "en"), ("Deutsch", "de"),
    ("بالعربي لو سمحت", "ar"), ("العربية", "ar"), ("فارسی لطفا", "fa"), ("به فارسی", "fa"), ("دری", "fa"),
    ("українською", "uk"), ("по-русски", "ru"), ("на русском пожалуйста", "ru"), ("Türkçe lütfen", "tr"),
    ("på dansk", "da"), ("Dansk", "da"), ("German please", "de"), ("немецкий пожалуйста", "de"),
    ("به آلمانی لطفا", "de"),
])
def test_asking_for_a_language_by_name_in_any_script(rules_only, text, code):
    detection = rules_only.detect(text)
    assert detection.requested and detection.code == code


@pytest.mark.parametrize("text", ["I need a German course", "German course please", "Deutschkurs",
                                  "ich lerne deutsch seit einem jahr", "курс немецкого языка",
                                  # "German language" alone asks for a course, not for German answers
                                  "немецкий язык", "німецька мова", "زبان آلمانی", "اللغه الالمانيه", "German"])
def test_naming_a_language_in_a_sentence_is_not_a_request(rules_only, text):
    assert not rules_only.detect(text).requested


@pytest.mark.parametrize("text", [
    "Bonjour, je cherche un cours d'allemand pour mon mari",
    "Necesito ayuda para encontrar un curso de alemán",
    "Potrzebuję pomocy w uznaniu mojego dyplomu",
    "你好，我需要帮助找德语课",
    "ሰላም፣ የጀርመን ቋንቋ ትምህርት እፈልጋለሁ",
    "میں جرمن زبان سیکھنا چاہتا ہوں",           # Urdu letters ں ے
    "Ez dixwazim kursa almanî bibînim li vir",  # Kurmanji ê î û
])
def test_unsupported_languages_are_flagged(rules_only, text):
    detection = rules_only.detect(text)
    assert (detection.supported, detection.reliable) == (False, True)
    assert detection.code not in ("de", "en", "ar", "fa", "uk", "ru", "tr", "da")


def test_german_words_in_an_arabic_message_do_not_make_it_german(rules_only):
    assert rules_only.detect("Anerkennung لو سمحت").code == "ar"
    assert rules_only.detect("Integrationskurs где найти").code == "ru"


def test_detection_is_reproducible(rules_only):
    text = "ich brauche hilfe bei der anerkennung"
    assert len({rules_only.detect(text) for _ in range(5)}) == 1


def test_training_words_feed_the_lexicon(tmp_path):
    (tmp_path / "da").mkdir()
    (tmp_path / "da" / "x.yml").write_text('version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - halløjsa [Rostock](place)\n',
                                           encoding="utf-8")
    counts = training_word_counts(tmp_path, ["da", "de"])
    assert counts["da"] == {"halløjsa": 1, "rostock": 1} and counts["de"] == {}
    detector = LanguageDetector(word_counts=counts)
    assert detector.detect("halløjsa").code == "da"


def test_hints_name_every_supported_language_with_the_registry_direction():
    hints = LanguageHints.load()
    assert set(hints.profiles) == set(SUPPORTED_LANGUAGES) == {"de", "en", "ar", "fa", "uk", "ru", "tr", "da"}
    assert {code for code, p in hints.profiles.items() if p.rtl} == {"ar", "fa"}


def test_scripts():
    assert [script_of(c) for c in "aüşЖїبپ中1 "] == ["latin", "latin", "latin", "cyrillic", "cyrillic", "arabic", "arabic", "other", None, None]


def test_language_payload_carries_direction():
    assert language_payload("fa") == {"type": "language", "code": "fa", "dir": "rtl"}
    assert language_payload("uk") == {"type": "language", "code": "uk", "dir": "ltr"}


def test_conversation_language_is_sticky():
    unclear = Detection("en", 0.99, reliable=False)
    assert conversation_language("de", unclear, default="de") == "de"
    assert conversation_language("ar", Detection(None, 0.0, False), default="de") == "ar"


def test_clear_message_or_request_switches():
    assert conversation_language("de", Detection("uk", 0.99, True), default="de") == "uk"
    assert conversation_language("en", Detection("fa", 1.0, True, requested=True), default="de") == "fa"


def test_unsupported_language_never_becomes_the_conversation_language():
    assert conversation_language("ar", Detection("fr", 0.99, True, supported=False), default="de") == "ar"
    assert conversation_language(None, Detection("ur", 0.99, True, supported=False), default="de") == "de"


def test_start_language_from_the_widget_and_default():
    assert conversation_language(None, Detection("de", 0.5, False), default="de", start_language="ar") == "ar"
    assert conversation_language(None, None, default="de", start_language="xx") == "de"
    assert conversation_language(None, None, default="xx", supported=("en", "de")) == "en"
