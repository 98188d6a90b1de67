"""``action_handoff``: the person wants to talk to a human."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from bot.dialogue import slot_names as slot
from bot.dialogue.referral import handoff_messages


class ActionHandoff(Action):
    """Says Lotse is a program; gives the contact of the best-fitting counselling service for
    the need (and place) known so far, or asks for the topic first."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        request = context.referral_request(tracker) if tracker.get_slot(slot.NEED) else None
        if request is None:  # no topic yet (or no directory): ask for it first
            dispatcher.utter_message(response="utter_handoff_ask_need")
            return []
        result = request.find(request.needs[:1], limit=1)
        context.send_messages(dispatcher, handoff_messages(context.catalog(), request.language, request.directory, result,
                                                           request.needs[:1], request.today, request.now))
        dispatcher.utter_message(response="utter_anything_else")
        return []
