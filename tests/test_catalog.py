import re
from pathlib import Path

import yaml

from bot.dialogue.catalog import Catalog, placeholders
from bot.registry import parse_registry
from bot.settings import RASA_DOMAIN, REPO_ROOT

CATALOG = Catalog.load()


def _registry_of(directory: Path):
    """A registry of the languages that have a catalog file in ``directory``."""
    return parse_registry({"languages": [{"code": p.stem, "name": p.stem, "dir": "ltr", "script": "latin"}
                                         for p in sorted(directory.glob("*.yml"))], "needs": ["x"]})


def domain_responses():
    domain = yaml.safe_load((RASA_DOMAIN).read_text(encoding="utf-8"))
    return set(domain["responses"])


def test_every_catalog_has_every_key_with_the_same_placeholders():
    german = CATALOG.texts["de"]
    for language, texts in CATALOG.texts.items():
        assert set(texts) == set(german), f"{language}: missing {set(german) - set(texts)}, extra {set(texts) - set(german)}"
        for key, entry in german.items():
            ours = texts[key]
            text_de = entry["text"] if isinstance(entry, dict) else entry
            text_ours = ours["text"] if isinstance(ours, dict) else ours
            assert placeholders(text_ours) == placeholders(text_de), f"{language}:{key}"
            if isinstance(entry, dict):
                assert isinstance(ours, dict) and len(CATALOG.buttons(language, key)) == len(CATALOG.buttons("de", key)), f"{language}:{key}"


def test_domain_declares_exactly_the_catalog_responses():
    from bot.dialogue.nlg import SAFETY_RESPONSE  # built by the NLG from the safety_* keys

    catalog_responses = {key for key in CATALOG.texts["de"] if key.startswith("utter_")}
    assert domain_responses() == catalog_responses | {SAFETY_RESPONSE}


def test_every_response_used_in_code_and_data_exists():
    root = REPO_ROOT
    used = set()
    for path in list((root / "actions").glob("*.py")) + list((root / "data").rglob("*.yml")):
        used |= set(re.findall(r"\butter_[a-z_]+", path.read_text(encoding="utf-8"))) - {"utter_message", "utter_action"}
    assert used <= domain_responses()


def test_need_buttons_carry_need_payloads_and_localised_titles():
    german = CATALOG.response("de", "utter_greet")
    english = CATALOG.response("en", "utter_greet")
    assert [b["payload"] for b in german["buttons"]] == [b["payload"] for b in english["buttons"]] == [
        "/need_recognition", "/need_language_course", "/need_work_refugee", "/need_women_coaching", "/need_business_startup"]
    assert german["buttons"][0]["title"] != english["buttons"][0]["title"]


def test_missing_key_falls_back_to_german_and_placeholders_fill(tmp_path: Path):
    (tmp_path / "de.yml").write_text("hello: 'Hallo {name}'\nonly_de: 'nur deutsch'\n", encoding="utf-8")
    (tmp_path / "en.yml").write_text("hello: 'Hello {name}'\n", encoding="utf-8")
    catalog = Catalog.load(tmp_path, _registry_of(tmp_path))
    assert catalog.text("en", "hello", name="Amal") == "Hello Amal"
    assert catalog.text("en", "only_de") == "nur deutsch"
    assert catalog.text("en", "hello") == "Hello {name}"


def test_join_list():
    assert CATALOG.join_list("de", ["a", "b", "c"]) == "a, b und c"
    assert CATALOG.join_list("en", ["a"]) == "a"


def test_language_buttons_name_every_language_in_its_own_script():
    buttons = CATALOG.language_buttons()
    assert [b["payload"] for b in buttons] == [f'/choose_language{{"language_choice": "{code}"}}' for code in CATALOG.languages]
    assert buttons[0] == {"title": "Deutsch", "payload": '/choose_language{"language_choice": "de"}'}
    assert len({b["title"] for b in buttons}) == len(CATALOG.languages)
    assert CATALOG.response("ar" if "ar" in CATALOG.languages else "en", "utter_choose_language")["buttons"] == buttons


def test_unsupported_language_answer_is_in_english_and_german_and_names_all_languages():
    response = CATALOG.unsupported_language_response()
    english, german = response["text"].split("\n\n")
    assert english.startswith("Sorry") and german.startswith("Diese Sprache")
    for code in CATALOG.languages:
        assert CATALOG.names[code] in english


def test_a_value_that_opens_a_sentence_is_capitalised_but_not_inside_a_fragment(tmp_path: Path):
    (tmp_path / "de.yml").write_text('intro: "{topics} passen hier."\nfragment: "{topics} und mehr"\n', encoding="utf-8")
    (tmp_path / "tr.yml").write_text(
        'intro: "{place} dışında. {topics} için şu hizmetler:"\nmiddle: "Şunun için: {topics}."\n', encoding="utf-8")
    catalog = Catalog.load(tmp_path, _registry_of(tmp_path))
    assert catalog.text("de", "intro", topics="sprachkurse") == "Sprachkurse passen hier."
    assert catalog.text("de", "fragment", topics="sprachkurse") == "sprachkurse und mehr"
    assert catalog.text("tr", "intro", place="berlin", topics="iş") == "Berlin dışında. İş için şu hizmetler:"
    assert catalog.text("tr", "middle", topics="iş") == "Şunun için: iş."
