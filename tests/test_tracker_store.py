import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue.tracker_store import FORGET_SLOT, ForgettingTrackerStore
from bot.settings import RASA_DOMAIN, RASA_ENDPOINTS

DOMAIN = Domain.load(str(RASA_DOMAIN))


async def test_a_conversation_marked_to_forget_is_removed_and_others_are_kept():
    store = ForgettingTrackerStore(DOMAIN)
    kept = DialogueStateTracker.from_events("kept", [UserUttered("Hallo")], slots=DOMAIN.slots)
    gone = DialogueStateTracker.from_events("gone", [UserUttered("Ich wohne in Güstrow")], slots=DOMAIN.slots)
    await store.save(kept)
    await store.save(gone)
    gone.update(SlotSet(FORGET_SLOT, True))
    await store.save(gone)
    assert await store.retrieve("gone") is None
    assert (await store.retrieve("kept")).latest_message.text == "Hallo"


async def test_the_delete_action_says_so_tells_the_widget_and_marks_the_conversation():
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.conversation import ActionDeleteConversation

    dispatcher = CollectingDispatcher()
    events = await ActionDeleteConversation().run(dispatcher, Tracker("u", {}, {}, [], False, None, {}, "action_listen"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_conversation_deleted", None]
    assert dispatcher.messages[1]["custom"] == {"type": "conversation_deleted"}
    assert events == [{"event": "slot", "timestamp": None, "name": FORGET_SLOT, "value": True}]


def test_lotse_run_uses_the_forgetting_store():
    import yaml

    assert yaml.safe_load((RASA_ENDPOINTS).read_text(encoding="utf-8"))["tracker_store"]["type"] == \
        "bot.dialogue.tracker_store.ForgettingTrackerStore"


def test_no_slot_mapping_runs_an_action_after_every_message():
    """A custom mapping with "action:" makes Rasa run that action on every message — for
    forget_conversation that deleted every conversation."""
    import yaml

    slots = yaml.safe_load((RASA_DOMAIN).read_text(encoding="utf-8"))["slots"]
    assert [name for name, slot in slots.items() if any("action" in m for m in slot.get("mappings", []))] == []


def test_the_slot_names_are_the_domain_slots():
    from bot.dialogue import slot_names

    assert set(slot_names.DOMAIN_SLOTS) == set(yaml.safe_load(RASA_DOMAIN.read_text(encoding="utf-8"))["slots"])
