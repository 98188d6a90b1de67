from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue.nlg import CatalogNLG
from bot.settings import RASA_DOMAIN

DOMAIN = Domain.load(str(RASA_DOMAIN))


def tracker_with(language=None):
    tracker = DialogueStateTracker.from_events("u", [], slots=DOMAIN.slots)
    if language:
        tracker.update(SlotSet("language", language))
    return tracker


async def test_answers_in_the_conversation_language_with_buttons():
    nlg = CatalogNLG(domain=DOMAIN)
    english = await nlg.generate("utter_greet", tracker_with("en"), "rest")
    german = await nlg.generate("utter_greet", tracker_with("de"), "rest")
    assert english["text"].startswith("Hello! I am Lotse") and german["text"].startswith("Hallo! Ich bin Lotse")
    assert len(english["buttons"]) == 5


async def test_default_language_and_arguments_fill_placeholders():
    nlg = CatalogNLG(domain=DOMAIN)
    message = await nlg.generate("utter_place_unknown", tracker_with(None), "rest", place_text="Blablaburg")
    assert message["text"].startswith("Den Ort „Blablaburg“ kenne ich leider nicht")


async def test_unknown_response_is_none():
    assert await CatalogNLG(domain=DOMAIN).generate("utter_nothing", tracker_with("en"), "rest") is None
