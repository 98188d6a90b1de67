"""The tracker store of ``lotse run``: Rasa's in-memory store, which removes a conversation
entirely when the person asks for it ("delete my conversation").

``action_delete_conversation`` sets the slot ``forget_conversation``; a tracker saved with that
slot set is dropped from the store instead of saved, so nothing of the conversation is kept and
the person's next message starts a new one. Configured in ``endpoints.yml``.
"""
from __future__ import annotations

from typing import Any, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue import slot_names

FORGET_SLOT = slot_names.FORGET_CONVERSATION


class ForgettingTrackerStore(InMemoryTrackerStore):
    def __init__(self, domain: Domain, host: Optional[Text] = None, event_broker: Optional[EventBroker] = None,
                 **kwargs: Any) -> None:
        super().__init__(domain, event_broker, **kwargs)

    async def save(self, tracker: DialogueStateTracker) -> None:
        if tracker.get_slot(FORGET_SLOT):
            self.store.pop(tracker.sender_id, None)
            return
        await super().save(tracker)
