"""'Delete my conversation' and 'start over' are recognised by phrase in every language, and no
ordinary message is taken for one."""
import pytest

from bot.understanding.components.command_detector import command_in, load_commands
from bot.understanding.language import SUPPORTED_LANGUAGES
from bot.understanding.word_lists import phrases_by_entry
from tests.support.evaluation import nlu_sets
from tests.support.training_data import labelled_training_examples

COMMANDS = [  # written for this test
    ("de", "Kannst du bitte alle meine Daten löschen?", "delete_conversation"),
    ("de", "ich möchte nochmal von vorne anfangen", "restart_conversation"),
    ("en", "pls delete this chat and everything in it", "delete_conversation"),
    ("en", "ok let's start over", "restart_conversation"),
    ("ar", "من فضلك احذف المحادثة كلها", "delete_conversation"),
    ("ar", "خلينا نبدأ من جديد", "restart_conversation"),
    ("fa", "لطفا همه چیزو پاک کن", "delete_conversation"),
    ("fa", "میشه از نو شروع کنیم", "restart_conversation"),
    ("uk", "видали цю розмову, будь ласка", "delete_conversation"),
    ("uk", "давай заново", "restart_conversation"),
    ("ru", "удалите все мои сообщения", "delete_conversation"),
    ("ru", "можно начать сначала?", "restart_conversation"),
    ("tr", "lütfen sohbeti silin", "delete_conversation"),
    ("tr", "baştan alalım", "restart_conversation"),
    ("da", "slet venligst hele samtalen", "delete_conversation"),
    ("da", "kan vi starte forfra", "restart_conversation"),
    ("de", "Zusammenfassung bitte", "request_summary"),
    ("ar", "ممكن ملخص للمستشارة", "request_summary"),
    ("uk", "дайте, будь ласка, підсумок", "request_summary"),
    ("tr", "özetini alabilir miyim", "request_summary"),
]


@pytest.mark.parametrize("language, text, command", COMMANDS, ids=[f"{c[0]}-{c[2]}" for c in COMMANDS])
def test_commands_are_recognised_in_every_language(language, text, command):
    assert command_in(text, load_commands()) == command


def test_every_command_has_phrases_in_every_language():
    commands = phrases_by_entry("commands")
    assert set(commands) == {"delete_conversation", "restart_conversation", "request_summary"}
    assert all({code for code, phrases in by_language.items() if phrases} == set(SUPPORTED_LANGUAGES) for by_language in commands.values())


def test_no_other_message_is_taken_for_a_command():
    texts = [(text, intent) for items in nlu_sets().values() for text, intent in items] + labelled_training_examples()
    commands = {intent for intent, _ in load_commands()}
    wrong = [(text, intent) for text, intent in texts if intent not in commands and command_in(text, load_commands())]
    assert wrong == [] and len(texts) > 5000


@pytest.mark.parametrize("text", ["меня удалили из курса", "min ansøgning blev slettet", "видалили мене зі списку", "başvurum silinmiş"])
def test_only_a_delete_phrase_deletes_not_a_guess_of_the_classifier(text):
    from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
    from rasa.shared.nlu.training_data.message import Message

    from bot.understanding.components.command_detector import CommandDetectorComponent

    guessed = Message(data={TEXT: text, INTENT: {"name": "delete_conversation", "confidence": 0.8},
                            INTENT_RANKING_KEY: [{"name": "delete_conversation", "confidence": 0.8},
                                                 {"name": "need_language_course", "confidence": 0.15}]})
    [message] = CommandDetectorComponent(load_commands()).process([guessed])
    assert message.get(INTENT)["name"] == "need_language_course"
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["need_language_course"]
    asked = Message(data={TEXT: "удалите нашу переписку", INTENT: {"name": "out_of_scope", "confidence": 0.5}})
    assert CommandDetectorComponent(load_commands()).process([asked])[0].get(INTENT)["name"] == "delete_conversation"
