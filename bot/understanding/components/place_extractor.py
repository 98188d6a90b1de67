"""NLU component: finds places from ``places.yml`` in a message and adds ``place`` entities.

The entity value is the place id (e.g. ``guestrow``), so "Gustrow", "in Güstrow" and
"18273" all fill the ``place`` slot the same way. Works for every language the table
has spellings for, with no training.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.dialogue.slot_names import PLACE_ENTITY
from bot.directory.places import PlacesTable
from bot.settings import get_settings


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class PlaceExtractor(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"places_file": None}

    def __init__(self, config: Dict[Text, Any], table: Optional[PlacesTable] = None) -> None:
        self.config = config
        self._table = table

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "PlaceExtractor":
        return cls(config)

    @property
    def table(self) -> PlacesTable:
        if self._table is None:
            self._table = PlacesTable.load(self.config.get("places_file") or get_settings().places_file)
        return self._table

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            entities = [
                {"entity": PLACE_ENTITY, "value": mention.place_id, "start": mention.start, "end": mention.end,
                 "confidence_entity": 1.0 if mention.exact else 0.8}
                for mention in self.table.find_mentions(text)
            ]
            if entities:
                message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(entities), add_to_output=True)
        return messages
