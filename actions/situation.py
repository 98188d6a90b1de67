"""``action_ask_situation``: the referral form's one question about who the person is, asked
only when the answer changes the offers (the decision is :func:`bot.directory.situation.question_groups`)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from actions.context import place_id_of
from bot.dialogue import slot_names as slot
from bot.directory.situation import parse, question_groups
from bot.understanding.needs import referral_needs


def pending_question(tracker: Tracker) -> Tuple[str, ...]:
    """The groups Lotse would ask about now; ``()`` when there is nothing worth asking."""
    need, place = tracker.get_slot(slot.NEED), tracker.get_slot(slot.PLACE)
    directory = context.current_directory()
    if not need or not place or directory is None:
        return ()
    settings = context.settings()
    needs = referral_needs(need, tracker.get_slot(slot.NEEDS))
    return question_groups(directory, needs, place_id_of(place), settings.current_date(),
                           context.language_of(tracker), parse(tracker.get_slot(slot.SITUATION)), settings.max_results)


def question_message(language: str, groups: Tuple[str, ...]) -> Dict[str, Any]:
    catalog = context.catalog()
    names = ", ".join(catalog.text(language, f"group_{group}") for group in groups)
    return catalog.response(language, "ask_situation", groups=names)


class ActionAskSituation(Action):
    def name(self) -> Text:
        return "action_ask_situation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        groups: Optional[Tuple[str, ...]] = pending_question(tracker)
        if groups:
            message = question_message(context.language_of(tracker), groups)
            dispatcher.utter_message(text=message["text"], buttons=message.get("buttons", []))
        return []
