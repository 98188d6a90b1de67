"""``action_show_services``: the referral itself."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from actions.context import UNKNOWN_PLACE, place_id_of
from bot.directory import find_services
from bot.needs import referral_needs
from bot.referral import referral_messages, topics_text
from bot.situation import situation_for


class ActionShowServices(Action):
    """Needs a need and a place; asks for what is missing, else shows up to three services."""

    def name(self) -> Text:
        return "action_show_services"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        settings = context.settings()
        catalog = context.catalog()
        language = context.language_of(tracker)
        need = tracker.get_slot("need")
        place = tracker.get_slot("place")
        if not need:
            dispatcher.utter_message(response="utter_ask_need")
            return []
        if not place:
            tried = (tracker.latest_message.get("intent") or {}).get("name") == "inform_place"
            if tried:
                dispatcher.utter_message(response="utter_place_unknown", place_text=(tracker.latest_message.get("text") or "")[:80])
            else:
                dispatcher.utter_message(response="utter_ask_place")
            return []
        directory = context.current_directory()
        if directory is None:
            dispatcher.utter_message(text=catalog.text(language, "services_none", topics=topics_text(catalog, language, [need])))
            return []
        today = settings.current_date()
        place_id = place_id_of(place)
        needs = referral_needs(need, tracker.get_slot("needs"))
        # One plan for several needs: the best services per need, fewer each so it stays short.
        limit = settings.max_results if len(needs) == 1 else min(2, settings.max_results)
        for each in needs:
            situation = situation_for([each], tracker.get_slot("situation"))
            result = find_services(directory, [each], place_id, today, language=language, situation=situation, limit=limit)
            context.send_messages(dispatcher, referral_messages(catalog, language, directory, result, [each], today, settings.current_time()))
        dispatcher.utter_message(response="utter_anything_else")
        if place == UNKNOWN_PLACE:
            return [SlotSet("place", None)]  # ask again next time rather than assume
        return []
