"""Rasa NLG that answers from the per-language catalogs (``bot/dialogue/catalog/<code>.yml``).

Configured in ``endpoints.yml`` as ``nlg: type: bot.dialogue.nlg.CatalogNLG``. The domain lists
the response names only; the text comes from the catalog of the conversation's
``language`` slot, with slot values and the action's arguments filling the placeholders.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue import slot_names
from bot.dialogue.catalog import Catalog, get_catalog
from bot.settings import get_settings
from bot.understanding.language import Detection, conversation_language, language_payload, start_language
from bot.understanding.safety import ALERT, get_lexicon, verdict_of_entities, verdict_text

LANGUAGE_SLOT = slot_names.LANGUAGE
SAFETY_RESPONSE = "utter_safety"
# After the emergency numbers, "Sorry, I can't help with that" would read as a dismissal:
# these answers give way to a gentle offer of counselling.
AFTER_SAFETY = {"utter_out_of_scope": "utter_after_safety", "utter_fallback": "utter_after_safety",
                "utter_ask_need": "utter_after_safety"}


class CatalogNLG(NaturalLanguageGenerator):
    def __init__(self, endpoint_config: Any = None, domain: Any = None, catalog: Optional[Catalog] = None) -> None:
        self.catalog = catalog or get_catalog()
        self.default_language = get_settings().default_language

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text,
                       **kwargs: Any) -> Optional[Dict[Text, Any]]:
        latest = tracker.latest_message
        verdict = verdict_of_entities(latest.entities if latest else [])
        if utter_action == SAFETY_RESPONSE:
            return self.safety_answer(tracker, verdict)
        if not self.catalog.has(utter_action):
            return None
        if verdict.level == ALERT:
            utter_action = AFTER_SAFETY.get(utter_action, utter_action)
        language = tracker.get_slot(LANGUAGE_SLOT) or self.default_language
        values = {k: v for k, v in tracker.current_slot_values().items() if v is not None}
        values.update(kwargs)
        return self.catalog.response(language, utter_action, **values)

    def safety_answer(self, tracker: DialogueStateTracker, verdict: Any) -> Dict[Text, Any]:
        """The emergency numbers and helplines (one calm line when unsure), in the language of the
        message itself: worked out here, so it needs no action-server call (which sets the
        ``language`` slot, and may be down)."""
        latest = tracker.latest_message
        raw = latest.parse_data.get("language") if latest else None
        current = tracker.get_slot(LANGUAGE_SLOT)
        language = conversation_language(
            current=current, detection=Detection.from_dict(raw) if isinstance(raw, dict) else None,
            default=self.default_language, start_language=start_language(latest.metadata if latest else None),
            supported=self.catalog.languages)
        numbers = get_lexicon().numbers
        text = verdict_text(self.catalog, language, verdict, numbers) or self.catalog.text(language, "safety_emergency", **numbers)
        message: Dict[Text, Any] = {"text": text}
        if language != current:  # the slot logic did not run (yet): tell the widget the direction
            message["custom"] = language_payload(language)
        return message
