"""The whole bot as a person meets it: `lotse run` (action server + Rasa server with the
trained model), talked to over the REST channel. Needs a trained model (make train).

The bot runs on the fixture directory tests/fixtures/live/services.yml (a scratch copy, which the
reload test edits), never on the production services.yml: the ids below are fixture ids."""
import os
import re
import time
import uuid

import pytest
import requests

from tests.support.flows import TEST_API_TOKEN, running_bot
from tests.support.live import live_env

pytestmark = pytest.mark.model
RASA_PORT, ACTIONS_PORT = 5105, 5155


@pytest.fixture(scope="module")
def bot(tmp_path_factory):
    work = tmp_path_factory.mktemp("live")
    settings = dict(live_env(work, editable=True), LOTSE_RELOAD_SECONDS="0")
    with running_bot(RASA_PORT, ACTIONS_PORT, extra_env=settings) as live:
        yield work
    assert live.exit_code == 0  # Ctrl-C stops both servers cleanly


class Person:
    def __init__(self):
        self.sender = f"test-{uuid.uuid4().hex}"

    def says(self, text):
        return say(self.sender, text)


def say(sender, text):
    response = requests.post(f"http://localhost:{RASA_PORT}/webhooks/lotse/webhook",
                             json={"sender": sender, "message": text}, timeout=60)
    response.raise_for_status()
    return response.json()


def texts(messages):
    return [m["text"] for m in messages if m.get("text")]


def services(messages):
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict) and m["custom"].get("type") == "service"]


def test_german_referral_asks_the_place_and_answers_in_german(bot):
    person = Person()
    assert texts(person.says("Guten Tag"))[0].startswith("Hallo! Ich bin Lotse")
    asked = person.says("ich möchte meine ausbildung als krankenpfleger anerkennen lassen")
    assert texts(asked) == [t for t in texts(asked) if t.startswith("Wo wohnen Sie?")] and texts(asked)
    answer = person.says("in Güstrow")
    found = services(answer)
    assert 1 <= len(found) <= 3
    assert {"fx-anerkennung-region"} <= {s["id"] for s in found}
    for service in found:
        assert {"type", "id", "name", "provider", "needs", "place", "contact", "hours", "languages", "why"} <= set(service)
        assert "recognition" in service["needs"] and service["why"].startswith("Passt, weil")
        assert service["place"]["lat"] and service["place"]["lon"]
    assert texts(answer)[0].startswith("Für die Anerkennung Ihres Abschlusses in Güstrow")
    assert texts(answer)[-1] == "Kann ich Ihnen noch bei etwas anderem helfen?"


def test_english_referral_with_an_unknown_place_then_a_postal_code(bot):
    person = Person()
    person.says("hello, I would like to improve my German, is there a course")
    unknown = person.says("Atlantis")
    assert texts(unknown)[0].startswith("Sorry, I don't know the place “Atlantis”")
    answer = person.says("18435")
    assert texts(answer)[0].startswith("For a German course in Stralsund")
    assert all(s["why"].startswith("It fits because") for s in services(answer)) and services(answer)


def test_two_unknown_places_lead_to_statewide_services(bot):
    person = Person()
    person.says("I am a refugee with Duldung and want to work, who can help me")
    person.says("Atlantis")
    answer = person.says("Narnia")
    assert texts(answer)[0].startswith("I could not find where you live")
    assert [s["id"] for s in services(answer)] == ["fx-arbeit-gefluechtete-land"]


def test_place_first_is_not_asked_again(bot):
    person = Person()
    first = person.says("Ich wohne in Rostock")
    assert texts(first)[0].startswith("Wobei kann ich Ihnen helfen?")
    answer = person.says("Ich möchte mich selbstständig machen und eine Firma gründen")
    # The chamber alone: fx-gruendung-ab-2027 (same place and need) starts after LOTSE_TODAY.
    assert [s["id"] for s in services(answer)] == ["fx-gruendung-kammer"]
    assert services(answer)[0]["notice"].startswith("Hinweis: Diese Angaben sind noch nicht geprüft")


def test_edit_of_services_yml_is_picked_up_without_restart_and_a_broken_edit_is_ignored(bot):
    services_file = bot / "services.yml"
    original = services_file.read_text(encoding="utf-8")
    renamed = original.replace("Gründungsberatung der Fixture-Kammer", "Gründungsberatung (neu)")
    assert renamed != original
    services_file.write_text(renamed, encoding="utf-8")
    os.utime(services_file, (time.time() + 5, time.time() + 5))
    person = Person()
    person.says("ich will ein geschäft eröffnen")
    assert services(person.says("Rostock"))[0]["name"] == "Gründungsberatung (neu)"
    services_file.write_text(renamed.replace("needs: [business_startup]", "needs: [startup]"), encoding="utf-8")
    os.utime(services_file, (time.time() + 10, time.time() + 10))
    person = Person()
    person.says("ich will ein geschäft eröffnen")
    assert services(person.says("Rostock"))[0]["name"] == "Gründungsberatung (neu)"  # last valid directory


def language_payloads(messages):
    return [m["custom"] for m in messages if isinstance(m.get("custom"), dict) and m["custom"].get("type") == "language"]


def matches_template(text, language, key):
    """Whether ``text`` is the catalog template with some values in its placeholders."""
    from bot.dialogue.catalog import get_catalog

    template = get_catalog().texts[language][key]
    pattern = ".+".join(re.escape(part) for part in re.split(r"\{\w+\}", template))
    return re.fullmatch(pattern, text, flags=re.IGNORECASE | re.DOTALL) is not None


def catalog_text(language, key, **values):
    from bot.dialogue.catalog import get_catalog

    return get_catalog().text(language, key, **values)


# One full referral per language: the need in the person's words, then the place (in the
# language's own script where it has one). Written for this test, never used in training.
REFERRALS = [
    ("de", "Ich suche einen Integrationskurs für meine Frau", "Güstrow", "language_course", "ltr"),
    ("en", "Where can I get my engineering diploma recognised?", "18435", "recognition", "ltr"),
    ("ar", "أبحث عن دورة لغة ألمانية قريبة من بيتي", "روستوك", "language_course", "rtl"),
    ("fa", "مدرک دانشگاهی من از ایران است، چطور در آلمان قبولش می کنند؟", "روستوک", "recognition", "rtl"),
    ("uk", "Я з України, маю тимчасовий захист і шукаю роботу. Хто допоможе?", "у Ростоку", "work_refugee", "ltr"),
    ("ru", "Хочу открыть своё маленькое кафе, нужна консультация по открытию бизнеса", "Росток", "business_startup", "ltr"),
    ("tr", "Kadınlar için kariyer koçluğu var mı? Çocuklardan sonra tekrar çalışmak istiyorum", "Rostock'ta oturuyorum", "women_coaching", "ltr"),
    ("da", "Jeg vil gerne lære tysk, hvor finder jeg et sprogkursus?", "Ribnitz-Damgarten", "language_course", "ltr"),
]


@pytest.mark.parametrize("language, need_text, place_text, need, direction", REFERRALS, ids=[r[0] for r in REFERRALS])
def test_full_referral_in_every_language(bot, language, need_text, place_text, need, direction):
    person = Person()
    asked = person.says(need_text)
    assert language_payloads(asked) == [{"type": "language", "code": language, "dir": direction}]
    assert texts(asked) == [catalog_text(language, "utter_ask_place")]
    answer = person.says(place_text)  # a place name alone must not switch the language
    assert language_payloads(answer) == []
    found = services(answer)
    assert 1 <= len(found) <= 3 and all(need in s["needs"] for s in found)
    why_start = catalog_text(language, "why", reasons="").split("{")[0][:6]
    assert all(s["why"].startswith(why_start) for s in found)
    assert texts(answer)[-1] == catalog_text(language, "utter_anything_else")


def test_a_one_word_reply_keeps_the_language_and_a_clear_message_switches_it(bot):
    person = Person()
    person.says("Мне нужен курс немецкого языка, где записаться?")
    assert texts(person.says("18057"))[-1] == catalog_text("ru", "utter_anything_else")
    yes = person.says("ok")
    assert language_payloads(yes) == [] and texts(yes)[0] == catalog_text("ru", "utter_ask_need")
    switched = person.says("Ich möchte auch meinen Berufsabschluss anerkennen lassen")
    assert language_payloads(switched) == [{"type": "language", "code": "de", "dir": "ltr"}]
    assert matches_template(texts(switched)[0], "de", "services_intro")


def test_a_place_no_service_serves_gets_the_no_service_answer_in_the_persons_language(bot):
    person = Person()
    person.says("Kadınlar için kariyer koçluğu var mı? Çocuklardan sonra tekrar çalışmak istiyorum")
    answer = person.says("Stralsund'da")  # the women's coaching serves the Rostock region only
    assert services(answer) == []
    assert matches_template(texts(answer)[0], "tr", "services_none")
    assert texts(answer)[-1] == catalog_text("tr", "utter_anything_else")


def test_asking_for_a_language_and_the_widget_start_language(bot):
    person = Person()
    first = requests.post(f"http://localhost:{RASA_PORT}/webhooks/lotse/webhook",
                          json={"sender": person.sender, "message": "👋", "metadata": {"language": "fa-IR"}}, timeout=60).json()
    assert language_payloads(first) == [{"type": "language", "code": "fa", "dir": "rtl"}]
    switched = person.says("English please")
    assert language_payloads(switched) == [{"type": "language", "code": "en", "dir": "ltr"}]
    assert texts(switched) == [catalog_text("en", "utter_language_changed")]
    button = person.says('/choose_language{"language_choice": "uk"}')
    assert language_payloads(button) == [{"type": "language", "code": "uk", "dir": "ltr"}]
    assert texts(button) == [catalog_text("uk", "utter_language_changed")]


def test_a_message_in_an_unsupported_language_gets_the_languages_in_english_and_german(bot):
    person = Person()
    answer = person.says("Bonjour, je cherche des cours d'allemand pour ma famille, pouvez-vous m'aider ?")
    [message] = [m for m in answer if m.get("text")]
    assert message["text"].startswith("Sorry, I don't speak this language yet") and "Diese Sprache kann ich" in message["text"]
    assert "العربية" in message["text"] and "Українська" in message["text"]
    assert len(message["buttons"]) == 8


def test_danger_gets_the_emergency_numbers_first_in_the_persons_language(bot):
    from bot.understanding.safety import get_lexicon

    numbers = get_lexicon().numbers
    person = Person()
    answer = texts(person.says("Mein Mann schlägt mich, ich habe Angst"))
    assert answer[0].splitlines() == [catalog_text("de", "safety_emergency", **numbers), catalog_text("de", "safety_violence", **numbers)]
    assert not any(t.startswith(catalog_text("de", "utter_out_of_scope")[:20]) for t in answer)


def test_danger_in_the_middle_of_a_referral_comes_first_and_in_the_new_language(bot):
    from bot.understanding.safety import get_lexicon

    numbers = get_lexicon().numbers
    person = Person()
    person.says("Мне нужен курс немецкого языка")
    answer = texts(person.says("زوجي يضربني وأنا خايفة"))
    assert answer[0].splitlines()[0] == catalog_text("ar", "safety_emergency", **numbers)
    assert "116 016" in answer[0].splitlines()[1]


def test_asking_for_a_person_gets_a_plain_answer_and_the_fitting_contact(bot):
    person = Person()
    person.says("Мені потрібне визнання мого диплома медсестри")
    person.says("Росток")
    answer = person.says("а можна поговорити з живою людиною?")
    assert texts(answer)[0] == catalog_text("uk", "handoff_intro")
    [contact] = services(answer)
    assert "recognition" in contact["needs"] and (contact["contact"].get("phone") or contact["contact"].get("email"))


def test_held_out_referral_scenarios_get_the_right_service(bot):
    """make eval-flows, as a test: the issue's target is 95%. On the fixture directory: each
    production service a scenario expects is translated to its fixture counterpart, which routes
    the same (same needs, area, audience, places; tests/support/live.py). How the production
    directory itself does is what make eval-flows reports."""
    from tests.support.flows import TARGET_HIT_RATE, eval_scenarios, hit_rate, replay, table
    from tests.support.live import on_fixture

    outcomes = [replay(on_fixture(scenario), say) for scenario in eval_scenarios()]
    assert hit_rate(outcomes) >= TARGET_HIT_RATE, table([o for o in outcomes if not o.hit], with_expected=True)


def test_starting_over_forgets_the_need(bot):
    person = Person()
    person.says("Ich brauche Hilfe bei der Anerkennung meines Diploms")
    answer = person.says("bitte noch mal alles von vorn beginnen")
    assert texts(answer) == [catalog_text("de", "utter_restart")]
    tracker = requests.get(f"http://localhost:{RASA_PORT}/conversations/{person.sender}/tracker", params={"token": TEST_API_TOKEN}, timeout=30).json()
    assert tracker["slots"]["need"] is None and tracker["active_loop"] == {}


def _tracker(person):
    return requests.get(f"http://localhost:{RASA_PORT}/conversations/{person.sender}/tracker",
                        params={"token": TEST_API_TOKEN}, timeout=30).json()


def test_deleting_the_conversation_asks_first_then_removes_it_and_tells_the_widget(bot):
    person = Person()
    person.says("I need a German course")
    person.says("I live in Güstrow")
    asked = person.says("please delete our whole conversation now")
    assert texts(asked) == [catalog_text("en", "utter_confirm_delete")]
    assert [b["payload"] for b in asked[-1]["buttons"]] == ["/confirm_delete", "/deny"]
    assert [e.get("text") for e in _tracker(person)["events"] if e["event"] == "user"]  # nothing deleted yet
    answer = person.says("yes")
    assert texts(answer) == [catalog_text("en", "utter_conversation_deleted")]
    assert {"type": "conversation_deleted"} in [m.get("custom") for m in answer]
    tracker = _tracker(person)
    assert [e.get("text") for e in tracker["events"] if e["event"] == "user"] == [] and tracker["slots"]["place"] is None


def test_no_under_the_delete_question_keeps_the_conversation(bot):
    person = Person()
    person.says("Ich suche einen Deutschkurs")
    assert texts(person.says("lösch bitte alle meine Daten")) == [catalog_text("de", "utter_confirm_delete")]
    assert texts(person.says("nein")) == [catalog_text("de", "utter_delete_cancelled")]
    assert "Ich suche einen Deutschkurs" in [e.get("text") for e in _tracker(person)["events"] if e["event"] == "user"]


@pytest.mark.parametrize("text", ["меня удалили из курса", "min ansøgning blev slettet"])
def test_a_message_about_something_else_being_deleted_deletes_nothing(bot, text):
    person = Person()
    answer = person.says(text)
    assert catalog_text("ru", "utter_confirm_delete") not in texts(answer)
    assert catalog_text("da", "utter_confirm_delete") not in texts(answer)
    assert text in [e.get("text") for e in _tracker(person)["events"] if e["event"] == "user"]


def test_the_summary_to_take_along_is_in_the_persons_language_and_in_german(bot):
    person = Person()
    person.says("Ich suche einen Integrationskurs")  # German first, then Persian
    person.says("سلام، من در روستوک زندگی میکنم")
    answer = texts(person.says('/request_summary'))
    assert answer[0].startswith(catalog_text("fa", "summary_title")) and answer[1].startswith(catalog_text("de", "summary_title"))
    assert catalog_text("de", "summary_place", place="Rostock") in answer[1].splitlines()


def test_two_needs_in_one_message_get_one_plan_and_the_place_is_asked_once(bot):
    person = Person()
    asked = person.says("Ich brauche einen Deutschkurs und mein Abschluss aus Syrien soll anerkannt werden")
    assert texts(asked) == [catalog_text("de", "utter_ask_place")]
    answer = person.says("Rostock")
    covered = {need for s in services(answer) for need in s["needs"]}
    assert {"language_course", "recognition"} <= covered
    assert texts(answer)[-1] == catalog_text("de", "utter_anything_else")


def test_the_situation_question_is_asked_only_where_it_matters_and_its_answer_changes_the_offers(bot):
    def up_to_the_question(language="de", need="Wer hilft mir bei der Arbeitssuche und der Arbeitserlaubnis?", place="Rostock"):
        person = Person()
        person.says(need)
        return person, person.says(place)

    person, asked = up_to_the_question()
    [question] = [m for m in asked if m.get("buttons")]
    assert "Gehören Sie zu einer dieser Gruppen" in question["text"] and "Geflüchtete" in question["text"]
    assert not services(asked)
    yes = [s["id"] for s in services(person.says("Ja"))]
    assert yes[0] == "fx-arbeit-gefluechtete-rostock"

    person, _ = up_to_the_question()
    no = [s["id"] for s in services(person.says("Nein"))]
    assert no and not any(s.startswith("fx-arbeit-gefluechtete") for s in no)  # the refugee-only ones

    person, asked = up_to_the_question()
    decline = [b["payload"] for m in asked for b in m.get("buttons", []) if "situation_choice" in b["payload"]]
    unsaid = services(person.says(decline[0]))
    assert "fx-arbeit-gefluechtete-rostock" in [s["id"] for s in unsaid]
    assert any(catalog_text("de", "group_tolerated") in s["why"] for s in unsaid)  # says who it is for

    # Told in passing: not asked.
    person = Person()
    person.says("Ich habe eine Duldung und möchte arbeiten")
    told = person.says("Rostock")
    assert not [m for m in told if "Gehören Sie" in (m.get("text") or "")]
    assert services(told)[0]["id"] == "fx-arbeit-gefluechtete-rostock"
    # Recognition has no services for some groups only: never asked.
    person = Person()
    person.says("Mein Diplom soll anerkannt werden")
    assert services(person.says("Rostock"))
