"""``action_handoff``: the person wants to talk to a human."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from actions.context import place_id_of
from bot.directory import find_services
from bot.referral import handoff_messages
from bot.situation import situation_for


class ActionHandoff(Action):
    """Says Lotse is a program; gives the contact of the best-fitting counselling service for
    the need (and place) known so far, or asks for the topic first."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        settings = context.settings()
        language = context.language_of(tracker)
        need, place = tracker.get_slot("need"), tracker.get_slot("place")
        if not need:
            dispatcher.utter_message(response="utter_handoff_ask_need")
            return []
        directory = context.current_directory()
        if directory is None:
            dispatcher.utter_message(response="utter_handoff_ask_need")
            return []
        today = settings.current_date()
        place_id = place_id_of(place)
        situation = situation_for([need], tracker.get_slot("situation"))
        result = find_services(directory, [need], place_id, today, language=language, situation=situation, limit=1)
        context.send_messages(dispatcher, handoff_messages(context.catalog(), language, directory, result, [need], today, settings.current_time()))
        dispatcher.utter_message(response="utter_anything_else")
        return []
