"""NLU component: marks a message that says someone may be in danger.

Sets ``safety: {"kinds": [...]}`` (e.g. ``["violence"]``; empty when none) in the parse
result and on the tracker's latest message. The slot logic (``actions/slots.py``) then sends
the emergency numbers and helplines first, whatever the intent and conversation state. The
words are in ``bot/safety.yml``; matching is plain Python (``bot/safety.py``), not learnt.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety import SafetyLexicon, get_lexicon

SAFETY_KEY = "safety"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyDetectorComponent(GraphComponent):
    def __init__(self, lexicon: SafetyLexicon) -> None:
        self.lexicon = lexicon

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "SafetyDetectorComponent":
        return cls(get_lexicon())

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            kinds = self.lexicon.kinds_in(message.get(TEXT) or "")
            message.set(SAFETY_KEY, {"kinds": list(kinds)}, add_to_output=True)
        return messages
