"""``action_delete_conversation``: the person asks Lotse to delete the conversation."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

FORGET_SLOT = "forget_conversation"  # read by bot.tracker_store.ForgettingTrackerStore


class ActionDeleteConversation(Action):
    """Confirms, then marks the conversation so the tracker store drops it instead of saving it."""

    def name(self) -> Text:
        return "action_delete_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_conversation_deleted")
        return [SlotSet(FORGET_SLOT, True)]
