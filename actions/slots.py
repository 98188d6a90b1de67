"""Slot logic that runs on every message: the conversation language, and the place while
the referral form asks for it.
"""
from __future__ import annotations

import functools
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction, ValidationAction
from rasa_sdk.types import DomainDict

from actions import context
from actions.context import UNKNOWN_PLACE
from actions.situation import pending_question
from bot.dialogue import slot_names as slot
from bot.directory.model import NEEDS
from bot.directory.situation import UNSAID, denied, groups_told, merged
from bot.understanding.language import Detection, conversation_language, language_payload, named_language, start_language
from bot.understanding.needs import needs_of_message
from bot.understanding.safety import verdict_of_entities

logger = logging.getLogger(__name__)

# After this many unrecognised answers to "where do you live?", show what works state-wide.
MAX_PLACE_ATTEMPTS = 2
# Intents that are not an attempt to name a place: the form steps aside and rules answer them.
NOT_A_PLACE_INTENTS = frozenset({
    "greet", "goodbye", "thank", "deny", "affirm", "bot_capabilities", "out_of_scope", "request_help",
    "choose_language", "talk_to_human", "restart_conversation", "delete_conversation", "confirm_delete", "request_summary",
    *(f"need_{need}" for need in NEEDS),
})


LANGUAGE_CHOICE_ENTITY = "language_choice"
# From the situation question's "I'd rather not say" button: /deny{"situation_choice": "unsaid"}
SITUATION_CHOICE_ENTITY = "situation_choice"
CHOOSE_LANGUAGE_INTENT = "choose_language"


def detection_of(latest_message: Dict[str, Any]) -> Optional[Detection]:
    """The language of the latest message: a language button's choice; else the detector's
    verdict; but when the message asks about the chat language and names one ("can we speak
    Turkish?"), that language."""
    for entity in latest_message.get("entities") or []:
        if entity.get("entity") == LANGUAGE_CHOICE_ENTITY and isinstance(entity.get("value"), str):
            return Detection(entity["value"], 1.0, True, requested=True)
    raw = latest_message.get("language")
    detection = Detection.from_dict(raw) if isinstance(raw, dict) else None
    intent = (latest_message.get("intent") or {}).get("name")
    if intent == CHOOSE_LANGUAGE_INTENT and not (detection and detection.requested):
        named = named_language(str(latest_message.get("text") or ""), context.catalog().languages)
        if named:
            return Detection(named, 1.0, True, requested=True)
    return detection


def place_misses(tracker: Tracker) -> int:
    """How often this referral already said "I don't know that place" (read from the events,
    so no extra slot has to be kept in step)."""
    misses = 0
    for event in reversed(tracker.events):
        if event.get("event") == "active_loop" and event.get("name") == "referral_form":
            break
        if event.get("event") == "bot" and (event.get("metadata") or {}).get("utter_action") == "utter_place_unknown":
            misses += 1
    return misses


def isolated(extract: Callable[..., Awaitable[Dict[Text, Any]]]) -> Callable[..., Awaitable[Dict[Text, Any]]]:
    """One slot-extraction step: when it fails, it logs the error type (never the message) and
    sets nothing, and the other steps of the same action still run. rasa_sdk runs all steps of an
    action in one call, so one exception would otherwise drop every slot of the message."""
    @functools.wraps(extract)
    async def run(self: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Dict[Text, Any]:
        try:
            return await extract(self, dispatcher, tracker, domain)
        except Exception as error:
            logger.error("%s failed: %s", extract.__name__, type(error).__name__)
            return {}
    return run


class ValidateSlotMappings(ValidationAction):
    """Global slot extraction (``action_validate_slot_mappings``): the ``language`` slot.

    Whenever the language is set or changes, the client is told with a ``language`` payload
    (``{"type": "language", "code": "ar", "dir": "rtl"}``) so a widget can switch direction."""

    def name(self) -> Text:
        return "action_validate_slot_mappings"

    @isolated
    async def extract_language(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                               domain: DomainDict) -> Dict[Text, Any]:
        latest = tracker.latest_message or {}
        chosen = conversation_language(
            current=tracker.get_slot(slot.LANGUAGE),
            detection=detection_of(latest),
            default=context.settings().default_language,
            start_language=start_language(latest.get("metadata")),
            supported=context.catalog().languages,
        )
        if chosen == tracker.get_slot(slot.LANGUAGE):
            return {}
        dispatcher.utter_message(json_message=language_payload(chosen))
        return {slot.LANGUAGE: chosen}

    @isolated
    async def extract_needs(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> Dict[Text, Any]:
        """A message with a need intent may name further needs: all of them, for one referral."""
        latest = tracker.latest_message or {}
        intent = (latest.get("intent") or {}).get("name") or ""
        if not intent.startswith("need_"):
            return {}
        needs = needs_of_message(intent[len("need_"):], str(latest.get("text") or ""))
        return {slot.NEEDS: needs if len(needs) > 1 else None}

    @isolated
    async def extract_situation(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[Text, Any]:
        """Who the person is, as far as it decides which services are for them: what they wrote
        ("I have a Duldung"), or their answer to the form's one question."""
        latest = tracker.latest_message or {}
        current = tracker.get_slot(slot.SITUATION)
        told = groups_told(str(latest.get("text") or ""))
        if tracker.get_slot(slot.REQUESTED_SLOT) == slot.SITUATION and not told:
            answer = situation_answer(latest)
            if answer is None:
                return {}
            groups = pending_question(tracker)
            if answer == UNSAID or not groups:
                return {slot.SITUATION: merged(current, []) or UNSAID}
            return {slot.SITUATION: merged(current, groups if answer == "yes" else denied(groups))}
        if not told:
            return {}
        value = merged(current if current != UNSAID else None, told)
        return {} if value == current else {slot.SITUATION: value}


def situation_answer(latest_message: Dict[str, Any]) -> Optional[str]:
    """The answer to the situation question: "yes", "no", UNSAID (declined, or an answer Lotse
    cannot read: it does not ask twice), or ``None`` for a message that is about something
    else (a new need, a person, starting over), which the rules answer."""
    intent = (latest_message.get("intent") or {}).get("name")
    declined = any(e.get("entity") == SITUATION_CHOICE_ENTITY and e.get("value") == UNSAID
                   for e in latest_message.get("entities") or [])
    if declined:
        return UNSAID
    if intent == "affirm":
        return "yes"
    if intent == "deny":
        return "no"
    if intent in NOT_A_PLACE_INTENTS:
        return None
    return UNSAID


class ValidateReferralForm(FormValidationAction):
    """``validate_referral_form``: turns an unrecognised answer to "where do you live?" into
    a clear message, and after repeated misses lets the referral go on state-wide."""

    def name(self) -> Text:
        return "validate_referral_form"

    @isolated
    async def extract_place(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                            domain: DomainDict) -> Dict[Text, Any]:
        latest = tracker.latest_message or {}
        if tracker.get_slot(slot.REQUESTED_SLOT) != slot.PLACE:
            return {}
        if any(e.get("entity") == slot.PLACE_ENTITY for e in latest.get("entities", [])):
            return {}
        if (latest.get("intent") or {}).get("name") in NOT_A_PLACE_INTENTS:
            return {}
        if verdict_of_entities(latest.get("entities")).level is not None:
            return {}  # the safety answer went first; "I don't know that place" would be cruel here
        if place_misses(tracker) + 1 >= MAX_PLACE_ATTEMPTS:
            return {slot.PLACE: UNKNOWN_PLACE}
        dispatcher.utter_message(response="utter_place_unknown", place_text=(latest.get("text") or "").strip()[:80])
        return {slot.PLACE: None}

    async def required_slots(self, domain_slots: List[Text], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> List[Text]:
        """The place; then the situation question only while it would change the offers."""
        if tracker.get_slot(slot.PLACE) is None or tracker.get_slot(slot.SITUATION) is not None:
            return [s for s in domain_slots if s != slot.SITUATION]
        return domain_slots if pending_question(tracker) else [s for s in domain_slots if s != slot.SITUATION]
