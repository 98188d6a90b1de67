"""``action_delete_conversation``: the person asks Lotse to delete the conversation."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.dialogue import slot_names as slot

# Tells the widget to forget its own copy too (localStorage, conversation id).
DELETED_PAYLOAD = {"type": "conversation_deleted"}


class ActionDeleteConversation(Action):
    """Runs once the person confirmed: says so, tells the widget to forget its copy, and marks the
    conversation so the tracker store drops it instead of saving it."""

    def name(self) -> Text:
        return "action_delete_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(response="utter_conversation_deleted")
        dispatcher.utter_message(json_message=DELETED_PAYLOAD)
        return [SlotSet(slot.FORGET_CONVERSATION, True)]  # read by bot.dialogue.tracker_store
