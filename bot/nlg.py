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


class CatalogNLG(NaturalLanguageGenerator):
    def __init__(self, endpoint_config: Any = None, domain: Any = None, catalog: Optional[Catalog] = None) -> None:
        self.catalog = catalog or get_catalog()
        self.default_language = get_settings().default_language

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text,
                       **kwargs: Any) -> Optional[Dict[Text, Any]]:
        if not self.catalog.has(utter_action):
            return None
        language = tracker.get_slot(LANGUAGE_SLOT) or self.default_language
        values = {k: v for k, v in tracker.current_slot_values().items() if v is not None}
        values.update(kwargs)
        return self.catalog.response(language, utter_action, **values)
