"""``action_summary``: the summary to show or forward to the counselling office."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from actions.context import place_id_of
from bot.directory import find_services
from bot.needs import referral_needs
from bot.referral import summary_messages
from bot.situation import situation_for


class ActionSummary(Action):
    """The need, the place and the matched services with contacts — in the person's language
    and in German; without a need yet, says there is nothing to summarise."""

    def name(self) -> Text:
        return "action_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        settings = context.settings()
        catalog = context.catalog()
        language = context.language_of(tracker)
        need, place = tracker.get_slot("need"), tracker.get_slot("place")
        if not need:
            dispatcher.utter_message(text=catalog.text(language, "summary_nothing_yet"))
            dispatcher.utter_message(response="utter_ask_need")
            return []
        directory = context.current_directory()
        if directory is None:
            dispatcher.utter_message(text=catalog.text(language, "summary_nothing_yet"))
            return []
        today = settings.current_date()
        place_id = place_id_of(place)
        needs = referral_needs(need, tracker.get_slot("needs"))
        situation = situation_for(needs, tracker.get_slot("situation"))
        result = find_services(directory, needs, place_id, today, language=language, situation=situation,
                               limit=settings.max_results * len(needs))
        context.send_messages(dispatcher, summary_messages(catalog, language, directory, result, needs, today, settings.current_time()))
        return []
