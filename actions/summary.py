"""``action_summary``: the summary to show or forward to the counselling office."""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from actions.slots import UNKNOWN_PLACE
from bot.directory import DirectoryError, find_services
from bot.needs import referral_needs
from bot.referral import summary_messages

logger = logging.getLogger(__name__)


class ActionSummary(Action):
    """The need, the place and the matched services with contacts — in the person's language
    and in German; without a need yet, says there is nothing to summarise."""

    def name(self) -> Text:
        return "action_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        settings = context.settings()
        catalog = context.catalog()
        language = tracker.get_slot("language") or settings.default_language
        need, place = tracker.get_slot("need"), tracker.get_slot("place")
        if not need:
            dispatcher.utter_message(text=catalog.text(language, "summary_nothing_yet"))
            dispatcher.utter_message(response="utter_ask_need")
            return []
        try:
            directory = context.directory_store().current()
        except DirectoryError as error:
            logger.error("no valid services directory: %s", error)
            dispatcher.utter_message(text=catalog.text(language, "summary_nothing_yet"))
            return []
        today = settings.current_date()
        place_id = None if place in (None, UNKNOWN_PLACE) else place
        needs = referral_needs(need, tracker.get_slot("needs"))
        result = find_services(directory, needs, place_id, today, language=language, limit=settings.max_results * len(needs))
        for message in summary_messages(catalog, language, directory, result, needs, today):
            dispatcher.utter_message(text=message["text"])
        return []
