"""``action_summary``: the summary to show or forward to the counselling office."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from bot.dialogue import slot_names as slot
from bot.dialogue.referral import summary_messages


class ActionSummary(Action):
    """The need, the place and the matched services with contacts — in the person's language
    and in German; without a need yet, says there is nothing to summarise."""

    def name(self) -> Text:
        return "action_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        catalog = context.catalog()
        language = context.language_of(tracker)
        request = context.referral_request(tracker) if tracker.get_slot(slot.NEED) else None
        if request is None:  # nothing asked yet, or no directory to look in
            dispatcher.utter_message(text=catalog.text(language, "summary_nothing_yet"))
            if not tracker.get_slot(slot.NEED):
                dispatcher.utter_message(response="utter_ask_need")
            return []
        result = request.find(request.needs, context.settings().max_results * len(request.needs))
        context.send_messages(dispatcher, summary_messages(catalog, language, request.directory, result, request.needs,
                                                           request.today, request.now))
        return []
