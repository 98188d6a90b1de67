"""Safety: danger is recognised in every language, ordinary messages are not alarms, and the
emergency numbers come first in the person's language."""
import re

import pytest
import yaml
from rasa.shared.core.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.slots import ValidateSlotMappings
from bot.catalog import get_catalog
from bot.evaluation import nlu_sets
from bot.language import SUPPORTED_LANGUAGES
from bot.nlg import CatalogNLG
from bot.safety import KINDS, SAFETY_FILE, SafetyLexicon, get_lexicon, safety_text
from tests.test_actions import DOMAIN, tracker
from tests.test_data_hygiene import training_examples
from tests.test_nlg import DOMAIN as RASA_DOMAIN, tracker_with

# Written for this test: how people in danger write, with typos and without diacritics.
DANGER = [
    ("de", "mein mann schlaegt mich und die kinder, was soll ich tun", "violence"),
    ("de", "ich will nicht mehr leben", "suicide"),
    ("de", "meine mutter ist bewusstlos!!", "medical"),
    ("en", "my husband beat me again last night", "violence"),
    ("en", "i think about suicide every day", "suicide"),
    ("en", "my friend is not breathing", "medical"),
    ("ar", "زوجي يضربني كل يوم", "violence"),
    ("ar", "افكر في الانتحار", "suicide"),
    ("fa", "شوهرم منو میزنه", "violence"),
    ("fa", "به خودکشی فکر میکنم", "suicide"),
    ("uk", "чоловік б'є мене", "violence"),
    ("uk", "я не хочу жити", "suicide"),
    ("ru", "муж бьет меня", "violence"),
    ("ru", "нужно вызвать скорую, ребенок без сознания", "medical"),
    ("tr", "kocam beni dövüyor", "violence"),
    ("tr", "intihar etmeyi düşünüyorum", "suicide"),
    ("da", "min mand slår mig", "violence"),
    ("da", "jeg tænker på selvmord", "suicide"),
]


@pytest.mark.parametrize("language, text, kind", DANGER, ids=[f"{d[0]}-{d[2]}" for d in DANGER])
def test_danger_is_recognised_in_every_language(language, text, kind):
    assert kind in get_lexicon().kinds_in(text)


def test_every_kind_has_words_in_every_language_and_every_number_has_a_source():
    raw = yaml.safe_load(SAFETY_FILE.read_text(encoding="utf-8"))
    for kind in KINDS:
        assert set(raw["kinds"][kind]) == set(SUPPORTED_LANGUAGES), kind
    for key in raw["numbers"]:
        line = next(line for line in SAFETY_FILE.read_text(encoding="utf-8").splitlines() if line.strip().startswith(f"{key}:"))
        assert re.search(r"https://\S+", line), f"{key} has no source"


def test_ordinary_messages_are_not_alarms():
    lexicon = get_lexicon()
    texts = list(training_examples()) + [text for items in nlu_sets().values() for text, _ in items]
    alarms = [text for text in texts if lexicon.kinds_in(text)]
    # Asking how to call the police is a fair reason to show the number.
    assert all("police" in text or "politiet" in text for text in alarms), alarms
    assert len(texts) > 2000


def test_words_of_an_entry_must_come_in_order_and_close_together(tmp_path):
    path = tmp_path / "safety.yml"
    path.write_text("numbers: {police: '110'}\nkinds:\n" + "".join(
        f"  {kind}: {{de: [{'schlagt mich' if kind == 'violence' else 'xyz'}]}}\n" for kind in KINDS), encoding="utf-8")
    lexicon = SafetyLexicon.load(path)
    assert lexicon.kinds_in("Er schlägt jeden Tag mich") == ("violence",)
    assert lexicon.kinds_in("mich schlägt er") == ()
    assert lexicon.kinds_in("er schlägt vor, dass wir morgen alle zusammen mich besuchen") == ()


def test_the_answer_has_the_emergency_numbers_first_and_the_fitting_helplines():
    catalog, numbers = get_catalog(), get_lexicon().numbers
    violence = safety_text(catalog, "ar", ["violence"], numbers).splitlines()
    assert "110" in violence[0] and "112" in violence[0] and "116 016" in violence[1] and len(violence) == 2
    suicide = safety_text(catalog, "de", ["suicide", "medical"], numbers).splitlines()
    assert "0800 111 0 111" in suicide[1] and "116 117" in suicide[2]
    for language in SUPPORTED_LANGUAGES:
        text = safety_text(catalog, language, list(KINDS), numbers)
        assert "{" not in text and all(number in text for number in ("110", "112", "116 016", "116 117"))


async def test_the_slot_logic_sends_the_numbers_in_the_conversation_language_and_clears_after():
    action = ValidateSlotMappings()
    dispatcher = CollectingDispatcher()
    result = await action.extract_safety(dispatcher, _tracker_with_safety({"language": "tr"}, ["violence"]), DOMAIN)
    assert result == {"safety": "violence"}
    [message] = dispatcher.messages
    assert message["text"].startswith("Siz ya da başka biri şu anda tehlikedeyse") and "116 016" in message["text"]
    dispatcher = CollectingDispatcher()
    assert await action.extract_safety(dispatcher, _tracker_with_safety({"language": "tr", "safety": "violence"}, []), DOMAIN) == {"safety": None}
    assert await action.extract_safety(dispatcher, _tracker_with_safety({"language": "tr"}, []), DOMAIN) == {}
    assert dispatcher.messages == []


def _tracker_with_safety(slots, kinds):
    result = tracker(slots, text="...")
    result.latest_message["safety"] = {"kinds": kinds}
    return result


async def test_after_the_numbers_a_dismissive_answer_becomes_an_offer_of_counselling():
    nlg = CatalogNLG(domain=RASA_DOMAIN)
    calm = tracker_with("en")
    alarmed = tracker_with("en")
    alarmed.update(SlotSet("safety", "violence"))
    assert (await nlg.generate("utter_out_of_scope", calm, "rest"))["text"].startswith("Sorry, I can't help")
    offer = await nlg.generate("utter_out_of_scope", alarmed, "rest")
    assert offer["text"].startswith("If you like, I can also find a counselling service") and len(offer["buttons"]) == 5
