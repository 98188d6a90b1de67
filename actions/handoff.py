"""``action_handoff``: the person wants to talk to a human."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from actions.slots import UNKNOWN_PLACE
from bot.directory import DirectoryError, find_services
from bot.referral import handoff_messages

logger = logging.getLogger(__name__)


class ActionHandoff(Action):
    """Says Lotse is a program; gives the contact of the best-fitting counselling service for
    the need (and place) known so far, or asks for the topic first."""

    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        settings = context.settings()
        language = tracker.get_slot("language") or settings.default_language
        need, place = tracker.get_slot("need"), tracker.get_slot("place")
        if not need:
            dispatcher.utter_message(response="utter_handoff_ask_need")
            return []
        try:
            directory = context.directory_store().current()
        except DirectoryError as error:
            logger.error("no valid services directory: %s", error)
            dispatcher.utter_message(response="utter_handoff_ask_need")
            return []
        today = settings.current_date()
        place_id = None if place in (None, UNKNOWN_PLACE) else place
        result = find_services(directory, [need], place_id, today, language=language, limit=1)
        for message in handoff_messages(context.catalog(), language, directory, result, [need], today):
            if "custom" in message:
                dispatcher.utter_message(json_message=message["custom"])
            else:
                dispatcher.utter_message(text=message["text"])
        dispatcher.utter_message(response="utter_anything_else")
        return []
