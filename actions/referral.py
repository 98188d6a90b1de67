"""``action_show_services``: the referral itself."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from actions.context import UNKNOWN_PLACE
from bot.dialogue import slot_names as slot
from bot.dialogue.referral import referral_messages, topics_text


class ActionShowServices(Action):
    """Needs a need and a place; asks for what is missing, else shows up to three services."""

    def name(self) -> Text:
        return "action_show_services"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        catalog = context.catalog()
        language = context.language_of(tracker)
        need, place = tracker.get_slot(slot.NEED), tracker.get_slot(slot.PLACE)
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
        request = context.referral_request(tracker)
        if request is None:
            dispatcher.utter_message(text=catalog.text(language, "services_none", topics=topics_text(catalog, language, [need])))
            return []
        # One plan for several needs: the best services per need, fewer each so it stays short.
        max_results = context.settings().max_results
        limit = max_results if len(request.needs) == 1 else min(2, max_results)
        for each in request.needs:
            result = request.find([each], limit)
            context.send_messages(dispatcher, referral_messages(catalog, language, request.directory, result, [each],
                                                                request.today, request.now))
        dispatcher.utter_message(response="utter_anything_else")
        if place == UNKNOWN_PLACE:
            return [SlotSet(slot.PLACE, None)]  # ask again next time rather than assume
        return []
