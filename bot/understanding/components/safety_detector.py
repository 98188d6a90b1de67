"""NLU component: marks a message that says someone may be in danger.

Training learns :class:`bot.understanding.safety_model.DangerModel` from the lookup tables ``safety_<kind>``
and ``safety_calm`` of ``data/nlu/<lang>/safety.yml`` and every ordinary training example (as
calm), and stores its weights in the model. At run time the verdict of
:class:`bot.understanding.safety.SafetyDetector` (word lists and model) goes into the parse result as
``safety: {"level", "kinds", "probability"}`` and as an entity over the whole text:
``danger`` (an alert) or ``possible_danger`` (unsure), its value the kinds ("violence,child").
``bot.understanding.components.safety_policy.SafetyPolicy`` reads the entity and has the answer sent first;
conversation tests mark a danger message the same way.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.understanding.components import read_stored
from bot.understanding.safety import SafetyDetector, get_lexicon, verdict_entity
from bot.understanding.safety_model import DangerModel, TrainingExamples

SAFETY_KEY = "safety"
logger = logging.getLogger(__name__)


def training_examples(training_data: TrainingData) -> TrainingExamples:
    lookups = [(table.get("name", ""), table.get("elements") or []) for table in training_data.lookup_tables]
    ordinary = [(example.get(TEXT), example.get(INTENT)) for example in training_data.intent_examples if example.get(TEXT)]
    return TrainingExamples.from_lookups(lookups, ordinary)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class SafetyDetectorComponent(GraphComponent):
    def __init__(self, model_storage: ModelStorage, resource: Resource, model: Optional[DangerModel] = None) -> None:
        self._model_storage, self._resource = model_storage, resource
        self.detector = SafetyDetector(get_lexicon(), model)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SafetyDetectorComponent":
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        model = DangerModel.train(training_examples(training_data))
        with self._model_storage.write_to(self._resource) as directory:
            model.save(directory)
        self.detector = SafetyDetector(get_lexicon(), model)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "SafetyDetectorComponent":
        model = read_stored(model_storage, resource, DangerModel.load)
        if model is None:
            logger.error("the danger model is missing from the trained model: only the word lists are used")
        return cls(model_storage, resource, model)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            verdict = self.detector.verdict(text)
            message.set(SAFETY_KEY, verdict.as_dict(), add_to_output=True)
            entity = verdict_entity(text, verdict)
            if entity is not None:
                message.set(ENTITIES, list(message.get(ENTITIES, [])) + [entity], add_to_output=True)
        return messages
