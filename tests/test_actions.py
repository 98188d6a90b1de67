"""Actions run against tracker fixtures with a CollectingDispatcher, on the fixture directory."""
import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from actions.context import UNKNOWN_PLACE
from actions.language import ActionChangeLanguage, ActionFallback
from actions.referral import ActionShowServices
from actions.slots import ValidateReferralForm, ValidateSlotMappings
from bot.directory import DirectoryStore
from tests.conftest import FIXTURES, TODAY

DOMAIN = {"forms": {"referral_form": {"required_slots": ["place"]}},
          "slots": {"place": {"mappings": [{"type": "from_entity", "entity": "place"}]},
                    "language": {"mappings": [{"type": "custom"}]}}}


@pytest.fixture(autouse=True)
def fixture_directory():
    context.use_directory_store(DirectoryStore(FIXTURES / "services.yml", FIXTURES / "places.yml", today=lambda: TODAY))
    yield
    context.use_directory_store(None)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("LOTSE_TODAY", TODAY.isoformat())


def tracker(slots=None, text="", intent="inform_place", entities=(), language=None, metadata=None, active_loop=None, events=()):
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": list(entities),
              "metadata": metadata or {}}
    if language:
        latest["language"] = language
    return Tracker("test-user", slots or {}, latest, list(events), False, None, {"name": active_loop} if active_loop else {}, "action_listen")


async def test_show_services_sends_text_and_payload_per_service_then_asks_anything_else():
    dispatcher = CollectingDispatcher()
    events = await ActionShowServices().run(dispatcher, tracker({"need": "recognition", "place": "guestrow", "language": "en"}), {})
    texts = [m["text"] for m in dispatcher.messages if m.get("text")]
    payloads = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert texts[0].startswith("For getting your qualification recognised in Güstrow")
    assert [p["id"] for p in payloads] == ["anerkennung-rostock", "anerkennung-stralsund"]
    assert dispatcher.messages[-1]["response"] == "utter_anything_else"
    assert events == []


async def test_show_services_without_need_asks_for_it():
    dispatcher = CollectingDispatcher()
    assert await ActionShowServices().run(dispatcher, tracker({"place": "rostock"}), {}) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_need"]


async def test_show_services_with_unrecognised_place_says_so():
    dispatcher = CollectingDispatcher()
    await ActionShowServices().run(dispatcher, tracker({"need": "recognition"}, text="Blablaburg"), {})
    assert dispatcher.messages[0]["response"] == "utter_place_unknown" and dispatcher.messages[0]["place_text"] == "Blablaburg"


async def test_unknown_place_shows_statewide_services_and_forgets_the_place():
    dispatcher = CollectingDispatcher()
    events = await ActionShowServices().run(dispatcher, tracker({"need": "work_refugee", "place": UNKNOWN_PLACE, "language": "de"}), {})
    assert dispatcher.messages[0]["text"].startswith("Ihren Wohnort konnte ich nicht finden")
    assert [m["custom"]["id"] for m in dispatcher.messages if m.get("custom")] == ["arbeit-gefluechtete-land"]
    assert SlotSet("place", None) in events


async def test_language_slot_follows_clear_messages_and_stays_on_short_ones():
    action = ValidateSlotMappings()
    dispatcher = CollectingDispatcher()
    english = {"code": "en", "confidence": 0.99, "reliable": True, "requested": False}
    short = {"code": "en", "confidence": 0.99, "reliable": False, "requested": False}
    assert await action.extract_language(dispatcher, tracker({"language": "de"}, language=english), DOMAIN) == {"language": "en"}
    assert await action.extract_language(dispatcher, tracker({"language": "de"}, language=short), DOMAIN) == {}
    assert await action.extract_language(dispatcher, tracker({}, language=short), DOMAIN) == {"language": "de"}
    from_widget = tracker({}, language=short, metadata={"language": "en-GB"})
    assert await action.extract_language(dispatcher, from_widget, DOMAIN) == {"language": "en"}


async def test_the_client_is_told_the_language_whenever_it_is_set_or_changes():
    action = ValidateSlotMappings()
    arabic = {"code": "ar", "confidence": 0.99, "reliable": True, "requested": False}
    dispatcher = CollectingDispatcher()
    await action.extract_language(dispatcher, tracker({"language": "de"}, language=arabic), DOMAIN)
    assert [m["custom"] for m in dispatcher.messages] == [{"type": "language", "code": "ar", "dir": "rtl"}]
    dispatcher = CollectingDispatcher()
    await action.extract_language(dispatcher, tracker({}, language={"code": None, "confidence": 0, "reliable": False}), DOMAIN)
    assert [m["custom"] for m in dispatcher.messages] == [{"type": "language", "code": "de", "dir": "ltr"}]
    dispatcher = CollectingDispatcher()
    assert await action.extract_language(dispatcher, tracker({"language": "ar"}, language=arabic), DOMAIN) == {}
    assert dispatcher.messages == []


async def test_a_language_button_switches_and_an_unsupported_language_does_not():
    action = ValidateSlotMappings()
    button = tracker({"language": "de"}, intent="choose_language", entities=[{"entity": "language_choice", "value": "uk"}])
    assert await action.extract_language(CollectingDispatcher(), button, DOMAIN) == {"language": "uk"}
    french = {"code": "fr", "confidence": 0.99, "reliable": True, "requested": False, "supported": False}
    assert await action.extract_language(CollectingDispatcher(), tracker({"language": "en"}, language=french), DOMAIN) == {}


async def test_change_language_confirms_a_named_language_or_offers_buttons():
    dispatcher = CollectingDispatcher()
    named = tracker({"language": "ru"}, intent="choose_language",
                    language={"code": "ru", "confidence": 1.0, "reliable": True, "requested": True})
    await ActionChangeLanguage().run(dispatcher, named, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_language_changed"]
    dispatcher = CollectingDispatcher()
    unnamed = tracker({"language": "en"}, intent="choose_language",
                      language={"code": "en", "confidence": 0.99, "reliable": True, "requested": False})
    await ActionChangeLanguage().run(dispatcher, unnamed, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_choose_language"]


async def test_a_question_about_the_chat_language_that_names_one_switches_to_it():
    turkish = {"code": "tr", "confidence": 0.95, "reliable": True, "requested": False}
    asks = tracker({"language": "de"}, text="Türkçe konuşabilir miyiz?", intent="choose_language", language=turkish)
    assert await ValidateSlotMappings().extract_language(CollectingDispatcher(), asks, DOMAIN) == {"language": "tr"}
    dispatcher = CollectingDispatcher()
    await ActionChangeLanguage().run(dispatcher, asks, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_language_changed"]
    # written in Russian, asking for English: English wins
    russian = {"code": "ru", "confidence": 0.99, "reliable": True, "requested": False}
    english = tracker({"language": "ru"}, text="а можно ответить на английском?", intent="choose_language", language=russian)
    assert await ValidateSlotMappings().extract_language(CollectingDispatcher(), english, DOMAIN) == {"language": "en"}
    # the same words outside a language question are just words: "английский" course
    course = tracker({"language": "ru"}, text="курс английский", intent="need_language_course", language=russian)
    assert await ValidateSlotMappings().extract_language(CollectingDispatcher(), course, DOMAIN) == {}
    # a language Lotse does not speak, or two at once: the languages as buttons
    for text in ("do you speak Pashto?", "Russisch oder Deutsch?"):
        dispatcher = CollectingDispatcher()
        unclear = tracker({"language": "en"}, text=text, intent="choose_language",
                          language={"code": "en", "confidence": 0.9, "reliable": True, "requested": False})
        await ActionChangeLanguage().run(dispatcher, unclear, {})
        assert [m["response"] for m in dispatcher.messages] == ["utter_choose_language"], text


async def test_fallback_names_the_supported_languages_for_an_unsupported_one():
    dispatcher = CollectingDispatcher()
    french = {"code": "fr", "confidence": 0.99, "reliable": True, "requested": False, "supported": False}
    await ActionFallback().run(dispatcher, tracker({"language": "de"}, intent="nlu_fallback", language=french), {})
    [message] = dispatcher.messages
    assert "I can write in: Deutsch, " in message["text"] and "Ich schreibe in: Deutsch, " in message["text"]
    assert {b["payload"] for b in message["buttons"]} >= {'/choose_language{"language_choice": "de"}',
                                                         '/choose_language{"language_choice": "en"}'}
    dispatcher = CollectingDispatcher()
    unclear = {"code": "de", "confidence": 0.5, "reliable": False, "requested": False}
    await ActionFallback().run(dispatcher, tracker({"language": "de"}, intent="nlu_fallback", language=unclear), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_fallback"]


async def test_form_asks_again_on_an_unknown_place_then_goes_statewide():
    action = ValidateReferralForm()
    dispatcher = CollectingDispatcher()
    activated = [{"event": "bot", "metadata": {"utter_action": "utter_place_unknown"}},  # an earlier referral
                 {"event": "active_loop", "name": "referral_form"},
                 {"event": "bot", "metadata": {"utter_action": "utter_ask_place"}}]
    first = tracker({"requested_slot": "place"}, text="Blablaburg", active_loop="referral_form", events=activated)
    assert await action.extract_place(dispatcher, first, DOMAIN) == {"place": None}
    assert dispatcher.messages[0]["response"] == "utter_place_unknown" and dispatcher.messages[0]["place_text"] == "Blablaburg"
    missed_once = activated + [{"event": "user", "text": "Blablaburg"},
                               {"event": "bot", "metadata": {"utter_action": "utter_place_unknown"}}]
    second = tracker({"requested_slot": "place"}, text="Quatschhausen", active_loop="referral_form", events=missed_once)
    assert await action.extract_place(CollectingDispatcher(), second, DOMAIN) == {"place": UNKNOWN_PLACE}


async def test_form_leaves_known_places_and_other_intents_alone():
    action = ValidateReferralForm()
    dispatcher = CollectingDispatcher()
    named = tracker({"requested_slot": "place"}, text="Güstrow", entities=[{"entity": "place", "value": "guestrow"}])
    assert await action.extract_place(dispatcher, named, DOMAIN) == {}
    question = tracker({"requested_slot": "place"}, text="what can you do", intent="bot_capabilities")
    assert await action.extract_place(dispatcher, question, DOMAIN) == {}
    not_asking = tracker({}, text="Blablaburg")
    assert await action.extract_place(dispatcher, not_asking, DOMAIN) == {}
    assert dispatcher.messages == []


async def test_handoff_says_lotse_is_a_program_and_gives_the_fitting_contact():
    from actions.handoff import ActionHandoff
    from bot.dialogue.catalog import get_catalog

    dispatcher = CollectingDispatcher()
    await ActionHandoff().run(dispatcher, tracker({"need": "recognition", "place": "guestrow", "language": "en"}), {})
    texts = [m["text"] for m in dispatcher.messages if m.get("text")]
    payloads = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert texts[0] == get_catalog().text("en", "handoff_intro") and "not a person" in texts[0]
    assert [p["id"] for p in payloads] == ["anerkennung-rostock"] and payloads[0]["contact"]
    assert dispatcher.messages[-1]["response"] == "utter_anything_else"


async def test_handoff_without_a_topic_asks_for_it_first():
    from actions.handoff import ActionHandoff

    dispatcher = CollectingDispatcher()
    assert await ActionHandoff().run(dispatcher, tracker({"language": "fa"}), {}) == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_handoff_ask_need"]


async def test_summary_without_a_topic_says_so_and_asks_for_it():
    from actions.summary import ActionSummary
    from bot.dialogue.catalog import get_catalog

    dispatcher = CollectingDispatcher()
    await ActionSummary().run(dispatcher, tracker({"language": "tr"}), {})
    assert dispatcher.messages[0]["text"] == get_catalog().text("tr", "summary_nothing_yet")
    assert dispatcher.messages[1]["response"] == "utter_ask_need"


async def test_summary_after_a_referral_comes_in_two_languages():
    from actions.summary import ActionSummary

    dispatcher = CollectingDispatcher()
    await ActionSummary().run(dispatcher, tracker({"need": "recognition", "place": "guestrow", "language": "en"}), {})
    assert [m["text"].splitlines()[0] for m in dispatcher.messages if m.get("text")] == [
        "Summary for the counselling office (from Lotse):", "Zusammenfassung für die Beratungsstelle (von Lotse):"]
    [box] = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert box["type"] == "summary" and [p["language"] for p in box["parts"]] == ["en", "de"]


async def test_several_needs_in_one_message_get_one_plan_without_asking_the_place_twice():
    action = ValidateSlotMappings()
    message = tracker({}, text="I need a German course and my diploma recognised", intent="need_language_course")
    assert await action.extract_needs(CollectingDispatcher(), message, DOMAIN) == {"needs": ["language_course", "recognition"]}
    single = tracker({}, text="I need a German course", intent="need_language_course")
    assert await action.extract_needs(CollectingDispatcher(), single, DOMAIN) == {"needs": None}
    dispatcher = CollectingDispatcher()
    slots = {"need": "language_course", "needs": ["language_course", "recognition"], "place": "rostock", "language": "en"}
    await ActionShowServices().run(dispatcher, tracker(slots), {})
    payloads = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    assert {"language_course", "recognition"} <= {need for p in payloads for need in p["needs"]}
    assert [m["response"] for m in dispatcher.messages if m.get("response")] == ["utter_anything_else"]


async def test_the_needs_slot_of_an_earlier_need_is_ignored():
    dispatcher = CollectingDispatcher()
    slots = {"need": "business_startup", "needs": ["language_course", "recognition"], "place": "guestrow", "language": "en"}
    await ActionShowServices().run(dispatcher, tracker(slots), {})
    assert all("business_startup" in m["custom"]["needs"] for m in dispatcher.messages if m.get("custom"))


FORM_DOMAIN = {"forms": {"referral_form": {"required_slots": ["place", "situation"]}},
               "slots": {"place": {"mappings": [{"type": "from_entity", "entity": "place"}]},
                         "situation": {"mappings": [{"type": "custom"}]}}}
REFUGEE_SLOT = "refugees,asylum_seekers,tolerated"


async def test_the_form_asks_the_situation_only_when_the_answer_changes_the_offers():
    form = ValidateReferralForm()
    dispatcher = CollectingDispatcher()
    domain_slots = ["place", "situation"]
    # The only work service for Rostock is for refugees: "no" would leave none, so it matters.
    work = tracker({"need": "work_refugee", "place": "rostock", "language": "en"})
    assert await form.required_slots(domain_slots, dispatcher, work, FORM_DOMAIN) == ["place", "situation"]
    # No group services for recognition; nothing to ask.
    recognition = tracker({"need": "recognition", "place": "rostock"})
    assert await form.required_slots(domain_slots, dispatcher, recognition, FORM_DOMAIN) == ["place"]
    # Told already, or declined: not asked again.
    for told in (REFUGEE_SLOT, "unsaid", "tolerated"):
        answered = tracker({"need": "work_refugee", "place": "rostock", "situation": told})
        assert await form.required_slots(domain_slots, dispatcher, answered, FORM_DOMAIN) == ["place"]
    # The place comes first.
    no_place = tracker({"need": "work_refugee"})
    assert await form.required_slots(domain_slots, dispatcher, no_place, FORM_DOMAIN) == ["place"]


async def test_the_situation_question_says_why_names_the_groups_and_can_be_declined():
    from actions.situation import ActionAskSituation
    dispatcher = CollectingDispatcher()
    await ActionAskSituation().run(dispatcher, tracker({"need": "work_refugee", "place": "rostock", "language": "en"}), {})
    [message] = dispatcher.messages
    assert "refugees, asylum seekers, people with a tolerated stay (Duldung)" in message["text"]
    assert "only for them" in message["text"] and "do not have to answer" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/affirm", "/deny", '/deny{"situation_choice": "unsaid"}']
    for word in ("name", "nationality", "birth", "passport", "document"):
        assert word not in message["text"].lower()


@pytest.mark.parametrize("intent, entities, expected", [
    ("affirm", [], REFUGEE_SLOT),
    ("deny", [], "!refugees,!asylum_seekers,!tolerated"),
    ("deny", [{"entity": "situation_choice", "value": "unsaid"}], "unsaid"),
    ("nlu_fallback", [], "unsaid"),
])
async def test_the_answer_to_the_situation_question_fills_the_slot(intent, entities, expected):
    asked = tracker({"need": "work_refugee", "place": "rostock", "requested_slot": "situation", "language": "de"},
                    text="...", intent=intent, entities=entities, active_loop="referral_form")
    events = await ValidateSlotMappings().extract_situation(CollectingDispatcher(), asked, {})
    assert events == {"situation": expected}


async def test_a_new_topic_instead_of_an_answer_is_left_to_the_rules():
    asked = tracker({"need": "work_refugee", "place": "rostock", "requested_slot": "situation"},
                    text="Ich will mit einem Menschen sprechen", intent="talk_to_human", active_loop="referral_form")
    assert await ValidateSlotMappings().extract_situation(CollectingDispatcher(), asked, {}) == {}


async def test_a_situation_told_in_passing_is_kept_without_a_question():
    told = tracker({}, text="Ich habe eine Duldung und suche Arbeit", intent="need_work_refugee")
    assert await ValidateSlotMappings().extract_situation(CollectingDispatcher(), told, {}) == {"situation": "tolerated"}
    unrelated = tracker({}, text="Ich suche Arbeit", intent="need_work_refugee")
    assert await ValidateSlotMappings().extract_situation(CollectingDispatcher(), unrelated, {}) == {}


async def test_the_offers_follow_the_answer():
    async def offered(situation):
        dispatcher = CollectingDispatcher()
        slots = {"need": "work_refugee", "place": "rostock", "language": "de", "situation": situation}
        await ActionShowServices().run(dispatcher, tracker(slots), {})
        return [m["custom"]["id"] for m in dispatcher.messages if m.get("custom")], dispatcher.messages[0].get("text", "")
    assert (await offered(REFUGEE_SLOT))[0] == ["arbeit-gefluechtete-land"]
    assert (await offered("unsaid"))[0] == ["arbeit-gefluechtete-land"]
    ids, intro = await offered("!refugees,!asylum_seekers,!tolerated")
    assert ids == [] and "kein passendes Angebot" in intro


async def test_a_failing_extraction_step_sets_nothing_and_the_others_still_run(monkeypatch, caplog):
    import actions.slots as slots_module

    def broken(*args, **kwargs):
        raise RuntimeError("Ich suche einen Deutschkurs")  # an error that quotes the message

    monkeypatch.setattr(slots_module, "needs_of_message", broken)
    english = {"code": "en", "confidence": 0.99, "reliable": True, "requested": False}
    message = tracker({"language": "de"}, text="I need a German course", intent="need_language_course", language=english)
    import yaml

    from bot.settings import RASA_DOMAIN

    domain = yaml.safe_load(RASA_DOMAIN.read_text(encoding="utf-8"))  # every slot, as the Rasa server sends it
    events = await ValidateSlotMappings().run(CollectingDispatcher(), message, domain)
    assert {"event": "slot", "timestamp": None, "name": "language", "value": "en"} in events  # the language step still ran
    assert not any(e.get("name") == "needs" for e in events)
    assert "extract_needs failed: RuntimeError" in caplog.text and "Deutschkurs" not in caplog.text
