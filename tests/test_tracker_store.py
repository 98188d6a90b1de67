"""Conversations survive restarts in Rasa's SQL tracker store (SQLite by default, PostgreSQL when
configured), are deleted entirely on request and after the retention period, and keep of the
metadata only the language. The PostgreSQL tests run against a real server (tests/support/postgres.py)."""
import sqlite3

import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered

from bot.dialogue.tracker_store import DAY_SECONDS, FORGET_SLOT, LotseTrackerStore
from bot.settings import RASA_DOMAIN, RASA_ENDPOINTS
from tests.support.postgres import postgres_url

DOMAIN = Domain.load(str(RASA_DOMAIN))
NOW = 1_800_000_000.0  # a fixed "now" for the injectable clock


class Clock:
    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _store(url, clock=None, retention_days=30):
    return LotseTrackerStore(DOMAIN, url=url, retention_days=retention_days, clock=clock or Clock(), purge_in_background=False)


async def _say(store, sender, text, at, metadata=None):
    tracker = await store.get_or_create_tracker(sender)
    tracker.update(UserUttered(text, {"name": "greet", "confidence": 1.0}, timestamp=at, metadata=metadata or {}))
    tracker.update(ActionExecuted("action_listen", timestamp=at))
    await store.save(tracker)
    return tracker


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'conversations.db'}"
    return postgres_url()


async def test_a_conversation_survives_a_new_store_on_the_same_database(url):
    await _say(_store(url), "kept", "Ich brauche einen Deutschkurs", NOW)
    restarted = _store(url)
    tracker = await restarted.retrieve("kept")
    assert tracker is not None and tracker.latest_message.text == "Ich brauche einen Deutschkurs"


async def test_deleting_removes_every_row_of_that_conversation_and_no_other(url):
    store = _store(url)
    await _say(store, "gone", "Hallo", NOW)
    await _say(store, "other", "Hallo", NOW)
    tracker = await store.retrieve("gone")
    tracker.update(SlotSet(FORGET_SLOT, True))
    await store.save(tracker)
    with store.session_scope() as session:
        senders = {sender for (sender,) in session.query(store.SQLEvent.sender_id).all()}
    assert senders == {"other"}
    assert await store.retrieve("gone") is None


async def test_of_the_metadata_only_the_language_is_stored(url):
    store = _store(url)
    await _say(store, "meta", "Hallo", NOW, metadata={"language": "ar", "user_agent": "X", "ip": "203.0.113.9"})
    with store.session_scope() as session:
        rows = [data for (data,) in session.query(store.SQLEvent.data).filter(store.SQLEvent.sender_id == "meta").all()]
    text = "\n".join(rows)
    assert '"language": "ar"' in text and "203.0.113.9" not in text and "user_agent" not in text


async def test_the_bots_own_metadata_is_kept(url):
    """Which response a bot message was (the referral counts "I don't know that place" by it)."""
    from rasa.shared.core.events import BotUttered

    store = _store(url)
    tracker = await _say(store, "bot-meta", "Atlantis", NOW)
    tracker.update(BotUttered("Sorry", metadata={"utter_action": "utter_place_unknown"}, timestamp=NOW))
    await store.save(tracker)
    restored = await _store(url).retrieve("bot-meta")
    assert [e.metadata for e in restored.events if isinstance(e, BotUttered)] == [{"utter_action": "utter_place_unknown"}]


async def test_retention_deletes_idle_conversations_and_keeps_fresh_ones(url):
    clock = Clock()
    store = _store(url, clock, retention_days=30)
    await _say(store, "old", "Hallo", NOW - 31 * DAY_SECONDS)
    await _say(store, "fresh", "Hallo", NOW - 29 * DAY_SECONDS)
    assert store.idle_conversations() == ["old"]
    assert store.purge_idle() == 1
    assert await store.retrieve("old") is None and await store.retrieve("fresh") is not None
    clock.now += 2 * DAY_SECONDS  # two days on, "fresh" is 31 days idle too
    assert store.purge_idle() == 1 and await store.retrieve("fresh") is None


async def test_retention_runs_at_start_up(tmp_path):
    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    await _say(_store(url), "old", "Hallo", NOW - 40 * DAY_SECONDS)
    _store(url)  # a restart
    with sqlite3.connect(tmp_path / "conversations.db") as db:
        assert db.execute("select count(*) from events").fetchone()[0] == 0


async def test_the_delete_action_says_so_tells_the_widget_and_marks_the_conversation():
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.conversation import ActionDeleteConversation

    dispatcher = CollectingDispatcher()
    events = await ActionDeleteConversation().run(dispatcher, Tracker("u", {}, {}, [], False, None, {}, "action_listen"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_conversation_deleted", None]
    assert dispatcher.messages[1]["custom"] == {"type": "conversation_deleted"}
    assert events == [{"event": "slot", "timestamp": None, "name": FORGET_SLOT, "value": True}]


def test_lotse_run_uses_the_lotse_store():
    assert yaml.safe_load(RASA_ENDPOINTS.read_text(encoding="utf-8"))["tracker_store"]["type"] == \
        "bot.dialogue.tracker_store.LotseTrackerStore"


def test_no_slot_mapping_runs_an_action_after_every_message():
    """A custom mapping with "action:" makes Rasa run that action on every message — for
    forget_conversation that deleted every conversation."""
    slots = yaml.safe_load(RASA_DOMAIN.read_text(encoding="utf-8"))["slots"]
    assert [name for name, slot in slots.items() if any("action" in m for m in slot.get("mappings", []))] == []


def test_the_slot_names_are_the_domain_slots():
    from bot.dialogue import slot_names

    assert set(slot_names.DOMAIN_SLOTS) == set(yaml.safe_load(RASA_DOMAIN.read_text(encoding="utf-8"))["slots"])
