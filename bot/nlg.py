"""Rasa NLG that answers from the per-language catalogs (``bot/catalog/<code>.yml``).

Configured in ``bot/endpoints.yml`` as ``nlg: type: bot.nlg.CatalogNLG``. The domain lists
the response names only; the text comes from the catalog of the conversation's
``language`` slot, with slot values and the action's arguments filling the placeholders.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.nlg.generator import NaturalLanguageGenerator
from rasa.shared.core.trackers import DialogueStateTracker

from bot.catalog import Catalog, get_catalog
from bot.settings import get_settings

LANGUAGE_SLOT = "language"
SAFETY_SLOT = "safety"
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
        if not self.catalog.has(utter_action):
            return None
        if tracker.get_slot(SAFETY_SLOT):
            utter_action = AFTER_SAFETY.get(utter_action, utter_action)
        language = tracker.get_slot(LANGUAGE_SLOT) or self.default_language
        values = {k: v for k, v in tracker.current_slot_values().items() if v is not None}
        values.update(kwargs)
        return self.catalog.response(language, utter_action, **values)
