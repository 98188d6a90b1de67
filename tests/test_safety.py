"""Safety: the word lists, the learned model and their verdict; the answer that comes first, in the
person's language, rendered in the Rasa process; the dialogue policy that puts it first."""
import re

import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue.catalog import get_catalog
from bot.dialogue.nlg import CatalogNLG
from bot.settings import RASA_DOMAIN
from bot.text.norm import MAX_FOLDED_CHARS, fold
from bot.understanding.components.safety_policy import SAFETY_ACTION, needs_safety_answer, without_safety_turn
from bot.understanding.language import SUPPORTED_LANGUAGES
from bot.understanding.safety import (
    ALERT,
    KINDS,
    NUMBERS_FILE,
    UNSURE,
    SafetyDetector,
    SafetyLexicon,
    SafetyVerdict,
    gentle_text,
    get_lexicon,
    safety_text,
    verdict_entity,
    verdict_of_entities,
)
from bot.understanding.safety_model import DangerModel, TrainingExamples
from bot.understanding.word_lists import phrases_by_entry
from tests.support.evaluation import nlu_sets
from tests.support.training_data import training_examples

DOMAIN = Domain.load(str(RASA_DOMAIN))

# Written for this test: how people in danger write, with typos and without diacritics; the last
# ones are the messages the safety issue reported as missed.
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
    ("en", "I can't go on, I want it all to end", "suicide"),
    ("fa", "شوهرم تهدیدم میکنه که منو میکشه", "threat"),
    ("uk", "мене б’ють вдома і я боюсь", "violence"),
    ("ru", "муж опять бьёт", "violence"),
    ("en", "he locked me in and took my phone", "exploitation"),
    ("en", "my employer keeps my passport and pays me nothing", "exploitation"),
    ("en", "someone is attacking me right now", "acute"),
]


@pytest.mark.parametrize("language, text, kind", DANGER, ids=[f"{d[0]}-{d[2]}-{i}" for i, d in enumerate(DANGER)])
def test_danger_words_are_recognised_in_every_language(language, text, kind):
    assert kind in get_lexicon().kinds_in(text)


@pytest.mark.parametrize("hidden", ["\u00ad", "\u200b", "\u200d", "\u2060", "\u200e", "\ufeff"])
def test_invisible_characters_inside_a_word_do_not_hide_it(hidden):
    assert get_lexicon().kinds_in(f"ich will mich um{hidden}bringen") == ("suicide",)


def test_latin_and_cyrillic_look_alikes_are_read_as_one_script():
    # "mein Mаnn schlägt mich" with a Cyrillic а; "бьет" with a Latin e and o in "меня"
    assert fold("mein Mаnn") == "mein mann" and fold("мeня") == "меня"
    assert get_lexicon().kinds_in("mein Mаnn schlägt mich") == ("violence",)
    assert get_lexicon().kinds_in("муж бьeт мeня") == ("violence",)
    assert fold("Rostock ростов") == "rostock ростов"  # a word each in its own script stays as it is


def test_one_message_is_cut_before_it_can_cost_much():
    assert len(fold("\ufdfa" * 1000)) == MAX_FOLDED_CHARS  # one character that expands to 18
    assert get_lexicon().kinds_in("a" * 100000 + " ich will mich umbringen") == ()  # past the cut: not read


def test_every_kind_has_words_in_every_language_and_every_number_has_a_source():
    danger = phrases_by_entry("danger")
    for kind in KINDS + ("cues",):
        assert {code for code, phrases in danger[kind].items() if phrases} == set(SUPPORTED_LANGUAGES), kind
    raw = yaml.safe_load(NUMBERS_FILE.read_text(encoding="utf-8"))
    for key in raw["numbers"]:
        line = next(line for line in NUMBERS_FILE.read_text(encoding="utf-8").splitlines() if line.strip().startswith(f"{key}:"))
        assert re.search(r"https://\S+", line), f"{key} has no source"


def test_the_word_lists_raise_no_alarm_on_ordinary_messages():
    lexicon = get_lexicon()
    texts = list(training_examples()) + [text for items in nlu_sets().values() for text, _ in items]
    alarms = [text for text in texts if lexicon.kinds_in(text)]
    # Asking how to call the police is a fair reason to show the number.
    assert all("police" in text or "politiet" in text for text in alarms), alarms
    assert len(texts) > 2000


def test_words_of_an_entry_must_come_in_order_and_close_together(tmp_path):
    (tmp_path / "numbers.yml").write_text("numbers: {police: '110'}\n", encoding="utf-8")
    (tmp_path / "de.yml").write_text("danger:\n" + "".join(
        f"  {kind}: [{'schlagt mich' if kind == 'violence' else 'xyz'}]\n" for kind in KINDS), encoding="utf-8")
    lexicon = SafetyLexicon.load(tmp_path / "numbers.yml", tmp_path, ("de",))
    assert lexicon.kinds_in("Er schlägt jeden Tag mich") == ("violence",)
    assert lexicon.kinds_in("mich schlägt er") == ()
    assert lexicon.kinds_in("er schlägt vor, dass wir morgen alle zusammen mich besuchen") == ()


def _tiny_model():
    examples = TrainingExamples(
        {"violence": ["he hits me every night", "my husband hits me", "he hit me again and again"],
         "medical": ["she is not waking up", "he fell down and does not wake up", "my son is not waking up"]},
        ["i need a german course", "where is the job centre", "my son wants to learn to swim", "he hits the ball well",
         "how do i wake up earlier for the course", "the course starts every night at six"])
    return DangerModel.train(examples)


def test_the_model_learns_danger_and_its_kind_from_examples(tmp_path):
    model = _tiny_model()
    danger, kind = model.danger("my father hits us every night")
    calm, _ = model.danger("i need a german course in rostock")
    assert danger > calm and kind == "violence"
    assert model.danger("my daughter is not waking up")[1] == "medical"
    model.save(tmp_path)
    again = DangerModel.load(tmp_path)
    assert again.danger("my father hits us every night") == pytest.approx((danger, kind))


def test_the_verdict_alerts_on_words_or_a_sure_model_and_is_unsure_in_between():
    model = _tiny_model()
    sure = SafetyDetector(get_lexicon(), model, alert=0.0, unsure=0.0)
    assert sure.verdict("my father hits us every night").level == ALERT
    unsure = SafetyDetector(get_lexicon(), model, alert=1.01, unsure=0.0)
    verdict = unsure.verdict("my father hits us every night")
    assert verdict.level == UNSURE and verdict.kinds == ("violence",)
    quiet = SafetyDetector(get_lexicon(), model, alert=1.01, unsure=1.01)
    assert quiet.verdict("my father hits us every night").level is None
    assert quiet.verdict("ich will mich umbringen") == SafetyVerdict(ALERT, ("suicide",), 1.0)  # the words decide alone


def test_the_verdict_travels_as_an_entity_over_the_whole_message():
    text = "он угрожает мне"
    entity = verdict_entity(text, SafetyVerdict(ALERT, ("threat", "acute"), 0.93))
    assert entity["entity"] == "danger" and entity["value"] == "threat,acute" and (entity["start"], entity["end"]) == (0, len(text))
    assert verdict_of_entities([{"entity": "place", "value": "rostock"}, entity]) == SafetyVerdict(ALERT, ("threat", "acute"), 0.93)
    assert verdict_of_entities([verdict_entity(text, SafetyVerdict(UNSURE, ("child",), 0.4))]).level == UNSURE
    assert verdict_entity(text, SafetyVerdict()) is None and verdict_of_entities([]).level is None


def test_the_answer_has_the_emergency_numbers_first_and_the_fitting_helplines():
    catalog, numbers = get_catalog(), get_lexicon().numbers
    violence = safety_text(catalog, "ar", ["violence"], numbers).splitlines()
    assert "110" in violence[0] and "112" in violence[0] and "116 016" in violence[1] and len(violence) == 2
    suicide = safety_text(catalog, "de", ["suicide", "medical"], numbers).splitlines()
    assert "0800 111 0 111" in suicide[1] and "116 117" in suicide[2]
    assert "116 111" in safety_text(catalog, "uk", ["child"], numbers) and "116 006" in safety_text(catalog, "tr", ["threat"], numbers)
    assert safety_text(catalog, "en", ["acute"], numbers).splitlines() == [catalog.text("en", "safety_emergency", **numbers)]
    for language in SUPPORTED_LANGUAGES:
        text = safety_text(catalog, language, list(KINDS), numbers)
        assert "{" not in text and all(n in text for n in ("110", "112", "116 016", "116 117", "116 111", "116 006"))
        for kind in KINDS:
            line = gentle_text(catalog, language, kind, numbers)
            assert "\n" not in line and "{" not in line and "110" in line and "112" in line


def _tracker(language=None, text="...", entities=(), metadata=None, parse_language=None, events=()):
    tracker = DialogueStateTracker.from_events("u", list(events), slots=DOMAIN.slots)
    if language:
        tracker.update(SlotSet("language", language))
    parse = {"intent": {"name": "out_of_scope", "confidence": 0.9}, "entities": list(entities)}
    if parse_language:
        parse["language"] = {"code": parse_language, "confidence": 0.99, "reliable": True, "requested": False, "supported": True}
    tracker.update(ActionExecuted("action_listen"))
    tracker.update(UserUttered(text, parse["intent"], list(entities), parse_data=parse, metadata=metadata))
    return tracker


def _danger(kinds, level="danger"):
    return {"entity": level, "value": kinds, "start": 0, "end": 3}


async def test_the_nlg_renders_the_answer_in_the_language_of_the_message_itself():
    nlg, numbers = CatalogNLG(domain=DOMAIN), get_lexicon().numbers
    # The slot still says German (the action server, which sets it, may be down): the message is Persian.
    message = await nlg.generate(SAFETY_ACTION, _tracker("de", entities=[_danger("violence")], parse_language="fa"), "rest")
    assert message["text"] == safety_text(get_catalog(), "fa", ["violence"], numbers)
    assert message["custom"] == {"type": "language", "code": "fa", "dir": "rtl"}
    same = await nlg.generate(SAFETY_ACTION, _tracker("fa", entities=[_danger("violence")], parse_language="fa"), "rest")
    assert "custom" not in same
    gentle = await nlg.generate(SAFETY_ACTION, _tracker("en", entities=[_danger("suicide", "possible_danger")]), "rest")
    assert gentle["text"] == gentle_text(get_catalog(), "en", "suicide", numbers)


async def test_after_the_numbers_a_dismissive_answer_becomes_an_offer_of_counselling():
    nlg = CatalogNLG(domain=DOMAIN)
    calm = await nlg.generate("utter_out_of_scope", _tracker("en"), "rest")
    alarmed = await nlg.generate("utter_out_of_scope", _tracker("en", entities=[_danger("violence")]), "rest")
    unsure = await nlg.generate("utter_out_of_scope", _tracker("en", entities=[_danger("violence", "possible_danger")]), "rest")
    assert calm["text"].startswith("Sorry, I can't help") and unsure["text"] == calm["text"]
    assert alarmed["text"].startswith("If you like, I can also find a counselling service") and len(alarmed["buttons"]) == 5


def test_the_policy_answers_a_marked_message_once_and_the_rules_do_not_see_it():
    marked = _tracker("de", text="er schlägt mich", entities=[_danger("violence")])
    assert needs_safety_answer(marked) and not needs_safety_answer(_tracker("de"))
    answered = _tracker("de", text="er schlägt mich", entities=[_danger("violence")])
    answered.update(ActionExecuted(SAFETY_ACTION))
    answered.update(BotUttered("110 ..."))
    assert not needs_safety_answer(answered)
    view = without_safety_turn(answered, DOMAIN)
    assert view.latest_action_name == "action_listen" and view.latest_message.text == "er schlägt mich"
    assert [e for e in view.events if isinstance(e, BotUttered)] == []
    assert without_safety_turn(marked, DOMAIN) is marked
