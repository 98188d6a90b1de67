"""NLU component: sets the message's language, ``{"code", "confidence", "reliable", "requested"}``.

Runs after :class:`PlaceExtractor` and ignores place names, which say nothing about the
language ("Rostock"). The output is in the parse result (``/model/parse``, ``lotse try``)
and on the tracker's latest message, where the ``language`` slot logic reads it.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.place_extractor import PLACE_ENTITY
from bot.language import SUPPORTED_LANGUAGES, LanguageDetector

LANGUAGE_KEY = "language"


def without_places(text: str, entities: List[Dict[str, Any]]) -> str:
    spans = sorted((e["start"], e["end"]) for e in entities if e.get("entity") == PLACE_ENTITY)
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return text


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class LanguageDetectorComponent(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"languages": list(SUPPORTED_LANGUAGES)}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.detector = LanguageDetector(config.get("languages") or SUPPORTED_LANGUAGES)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageDetectorComponent":
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = without_places(message.get(TEXT) or "", message.get(ENTITIES, []))
            message.set(LANGUAGE_KEY, self.detector.detect(text).as_dict(), add_to_output=True)
        return messages
