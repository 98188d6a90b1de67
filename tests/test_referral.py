from bot.dialogue.catalog import Catalog
from bot.dialogue.referral import referral_messages
from bot.directory import find_services
from tests.conftest import TODAY

CATALOG = Catalog.load()
PAYLOAD_KEYS = {"type", "id", "name", "provider", "needs", "place", "contact", "hours", "languages", "why"}


def messages_for(directory, need, place, language):
    result = find_services(directory, [need], place, TODAY, language=language)
    return referral_messages(CATALOG, language, directory, result, [need], TODAY)


def test_each_service_is_sent_as_text_and_as_a_service_payload(directory):
    messages = messages_for(directory, "recognition", "guestrow", "de")
    assert messages[0]["text"].startswith("Für die Anerkennung Ihres Abschlusses in Güstrow")
    cards = messages[1:]
    assert len(cards) == 4  # two services, each text + custom
    for text_message, custom_message in zip(cards[::2], cards[1::2], strict=True):
        payload = custom_message["custom"]
        assert PAYLOAD_KEYS <= set(payload) and payload["type"] == "service"
        assert set(payload["place"]) == {"name", "address", "lat", "lon"}
        assert payload["name"] in text_message["text"] and payload["why"] in text_message["text"]
    first = cards[1]["custom"]
    assert first["id"] == "anerkennung-rostock"
    assert first["place"]["lat"] == 53.794 and first["place"]["name"] == "Güstrow"
    assert first["contact"] == {"phone": "0381 123456", "email": "info@example.org"}
    assert first["languages"] == ["de", "ar"]
    assert first["why"] == "Passt, weil es um die Anerkennung Ihres Abschlusses geht, es für Güstrow zuständig ist und es eine Beratungsstelle in Güstrow gibt."


def test_english_texts_translations_and_hours(directory):
    messages = messages_for(directory, "recognition", "rostock", "en")
    payload = messages[2]["custom"]
    assert payload["name"] == "Recognition advice Rostock"
    assert payload["hours"] == "Tue 9am–12pm"
    assert payload["place"]["address"] == "Hauptstr. 1, 18055 Rostock"
    assert "Opening hours: Tue 9am–12pm" in messages[1]["text"]
    assert payload["why"].startswith("It fits because it advises on getting your qualification recognised")


def test_missing_translation_is_shown_in_german_and_marked(directory):
    messages = messages_for(directory, "recognition", "stralsund", "en")
    payload = [m["custom"] for m in messages if "custom" in m][0]
    assert payload["name"] == "Anerkennungsberatung Stralsund (in German only)"


def test_lapsed_service_carries_a_visible_call_first_note(directory):
    messages = messages_for(directory, "language_course", "rostock", "de")
    payload = messages[2]["custom"]
    assert payload["notice"].startswith("Hinweis: Die letzte bekannte Förderung lief bis 30.06.2025")
    assert payload["notice"] in messages[1]["text"]


def test_unverified_service_is_marked(directory):
    payload = messages_for(directory, "business_startup", "rostock", "en")[2]["custom"]
    assert payload["notice"].startswith("Note: these details have not been checked yet")
    assert payload["contact"] == {"website": "https://example.org"}


def test_place_outside_region_and_nothing_local(directory):
    outside = messages_for(directory, "work_refugee", "berlin", "en")
    assert outside[0]["text"].startswith("Berlin is outside Mecklenburg-Vorpommern")
    none = messages_for(directory, "recognition", "schwerin", "de")
    assert len(none) == 1 and none[0]["text"].startswith("Für die Anerkennung Ihres Abschlusses kenne ich für Ihren Ort leider")


def test_unknown_place_intro(directory):
    result = find_services(directory, ["work_refugee"], None, TODAY)
    messages = referral_messages(CATALOG, "de", directory, result, ["work_refugee"], TODAY)
    assert messages[0]["text"].startswith("Ihren Wohnort konnte ich nicht finden")
    assert "richtet" in messages[2]["custom"]["why"]  # says who it is for


def test_summary_in_the_persons_language_and_in_german_with_contacts_and_nothing_else(directory):
    from bot.dialogue.referral import summary_messages

    result = find_services(directory, ["recognition"], "guestrow", TODAY, language="ar")
    messages = summary_messages(CATALOG, "ar", directory, result, ["recognition"], TODAY)
    arabic, german = [m["text"] for m in messages if "text" in m]
    # The widget's box gets the same parts, each with its direction.
    assert messages[0]["custom"] == {"type": "summary", "parts": [{"language": "ar", "dir": "rtl", "text": arabic},
                                                                  {"language": "de", "dir": "ltr", "text": german}]}
    assert arabic.startswith(CATALOG.text("ar", "summary_title")) and "0381 123456" in arabic
    assert german.splitlines()[:3] == [CATALOG.text("de", "summary_title"),
                                       CATALOG.text("de", "summary_need", topics="die Anerkennung Ihres Abschlusses"),
                                       CATALOG.text("de", "summary_place", place="Güstrow")]
    assert "info@example.org" in german and german.count("• ") == 2
    only_german = summary_messages(CATALOG, "de", directory, result, ["recognition"], TODAY)
    assert len([m for m in only_german if "text" in m]) == 1
