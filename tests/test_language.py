import pytest

from bot.language import Detection, LanguageDetector, conversation_language


@pytest.fixture(scope="module")
def detector():
    return LanguageDetector(("de", "en"))


@pytest.mark.parametrize("text, code", [
    ("Ich brauche einen Deutschkurs in Rostock", "de"),
    ("ich mochte mein diplom anerkennen lassen", "de"),
    ("I need help with the recognition of my nursing degree", "en"),
    ("how can i find a job as refugee", "en"),
    ("danke", "de"),
    ("thanks", "en"),
    ("Guten Tag", "de"),
])
def test_clear_messages_are_detected_reliably(detector, text, code):
    detection = detector.detect(text)
    assert (detection.code, detection.reliable) == (code, True)


@pytest.mark.parametrize("text", ["ok", "18057", "Hallo", "👍", "", "???"])
def test_short_or_ambiguous_messages_are_not_reliable(detector, text):
    assert not detector.detect(text).reliable


@pytest.mark.parametrize("text, code", [("English please", "en"), ("auf Deutsch bitte", "de"), ("in english", "en"), ("Deutsch", "de")])
def test_asking_for_a_language_by_name(detector, text, code):
    detection = detector.detect(text)
    assert detection.requested and detection.code == code


@pytest.mark.parametrize("text", ["I need a German course", "German course please", "Deutschkurs"])
def test_naming_the_german_course_is_not_a_language_request(detector, text):
    assert not detector.detect(text).requested


def test_detection_is_reproducible(detector):
    text = "ich brauche hilfe bei der anerkennung"
    assert len({detector.detect(text) for _ in range(5)}) == 1


def test_conversation_language_is_sticky():
    unclear = Detection("en", 0.99, reliable=False)
    assert conversation_language("de", unclear, default="de", supported=("de", "en")) == "de"
    assert conversation_language("en", Detection(None, 0.0, False), default="de", supported=("de", "en")) == "en"


def test_clear_message_or_request_switches():
    assert conversation_language("de", Detection("en", 0.99, True), default="de", supported=("de", "en")) == "en"
    assert conversation_language("en", Detection("de", 1.0, True, requested=True), default="de", supported=("de", "en")) == "de"


def test_start_language_from_the_widget_and_default():
    assert conversation_language(None, Detection("de", 0.5, False), default="de", start_language="en", supported=("de", "en")) == "en"
    assert conversation_language(None, None, default="de", start_language="xx", supported=("de", "en")) == "de"
    # An unsupported detection never becomes the conversation language.
    assert conversation_language("en", Detection("fr", 0.99, True), default="de", supported=("de", "en")) == "en"
