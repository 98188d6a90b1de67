"""Actions about the conversation language: switching on request, and the fallback that
answers a message in a language Lotse does not speak."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from actions.slots import detection_of


class ActionChangeLanguage(Action):
    """``choose_language``: the slot logic has already switched when a language was named;
    this confirms it in the new language, or offers the languages as buttons when none was."""

    def name(self) -> Text:
        return "action_change_language"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        detection = detection_of(tracker.latest_message or {})
        if detection is not None and detection.requested and detection.code in context.catalog().languages:
            dispatcher.utter_message(response="utter_language_changed")
        else:
            dispatcher.utter_message(response="utter_choose_language")
        return []


class ActionFallback(Action):
    """``nlu_fallback``: a message in a language Lotse does not speak gets the supported
    languages (in English and German, each language named in its own script); any other
    unclear message gets the needs as buttons."""

    def name(self) -> Text:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        detection = detection_of(tracker.latest_message or {})
        if detection is not None and not detection.supported and detection.reliable:
            response = context.catalog().unsupported_language_response()
            dispatcher.utter_message(text=response["text"], buttons=response["buttons"])
        else:
            dispatcher.utter_message(response="utter_fallback")
        return []
