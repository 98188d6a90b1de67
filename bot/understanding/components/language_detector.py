"""NLU components for the message language.

``LanguageDetectorComponent`` (first in the pipeline, after ``PlaceExtractor``) sets
``{"code", "confidence", "reliable", "requested", "supported"}`` under the key ``language``:
in the parse result (``/model/parse``, ``lotse try``) and on the tracker's latest message,
where the ``language`` slot logic reads it. It ignores place names, which say nothing about
the language ("Rostock"). Training stores the word lexicon of ``data/nlu/<lang>/`` in the
model, so a trained model detects the same way wherever it runs.

``UnsupportedLanguageFallback`` (after ``FallbackClassifier``) turns the intent of a message
in a language Lotse does not speak into ``nlu_fallback``: no guess on words it cannot read.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.understanding.components import read_stored
from bot.understanding.components.place_extractor import PLACE_ENTITY
from bot.understanding.language import NLU_DIR, SUPPORTED_LANGUAGES, Detection, LanguageDetector, training_word_counts

LANGUAGE_KEY = "language"
WORD_COUNTS_FILE = "word_counts.json"


def without_places(text: str, entities: List[Dict[str, Any]]) -> str:
    spans = sorted((e["start"], e["end"]) for e in entities if e.get("entity") == PLACE_ENTITY)
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return text


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class LanguageDetectorComponent(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # nlu_dir: where the per-language training examples are (default: data/nlu of the repository)
        return {"languages": list(SUPPORTED_LANGUAGES), "nlu_dir": None}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 word_counts: Optional[Mapping[str, Mapping[str, int]]] = None) -> None:
        self.config = config
        self._model_storage = model_storage
        self._resource = resource
        self.detector = LanguageDetector(config.get("languages") or SUPPORTED_LANGUAGES, word_counts=word_counts or {})

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LanguageDetectorComponent":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        nlu_dir = Path(self.config.get("nlu_dir") or NLU_DIR)
        counts = training_word_counts(nlu_dir, self.config.get("languages") or SUPPORTED_LANGUAGES)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / WORD_COUNTS_FILE).write_text(json.dumps(counts, ensure_ascii=False), encoding="utf-8")
        self.detector = LanguageDetector(self.detector.languages, word_counts=counts)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LanguageDetectorComponent":
        # A model trained without the counts: the detector reads data/nlu itself.
        counts = read_stored(model_storage, resource, lambda directory: json.loads((directory / WORD_COUNTS_FILE).read_text(encoding="utf-8")))
        component = cls(config, model_storage, resource, counts)
        if counts is None:
            component.detector = LanguageDetector(component.detector.languages)
        component.detector.warm_up()  # at start-up, not on someone's first message
        return component

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = without_places(message.get(TEXT) or "", message.get(ENTITIES, []))
            message.set(LANGUAGE_KEY, self.detector.detect(text).as_dict(), add_to_output=True)
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class UnsupportedLanguageFallback(GraphComponent):
    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "UnsupportedLanguageFallback":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            raw = message.get(LANGUAGE_KEY)
            detection = Detection.from_dict(raw) if isinstance(raw, dict) else None
            if detection is not None and not detection.supported and detection.reliable:
                fallback = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
                message.data[INTENT] = fallback
                message.data.setdefault(INTENT_RANKING_KEY, [])
                message.data[INTENT_RANKING_KEY].insert(0, dict(fallback))
        return messages
