"""NLU component: "delete my conversation" and "start over" are commands, not guesses.

When a message contains a phrase of the ``commands`` word lists (``bot/understanding/words/<code>.yml``) its intent becomes that command
(confidence 1.0), whatever the classifier said: a person who asks to delete the conversation
must never get a referral instead. And only such a phrase deletes: when the classifier says
``delete_conversation`` but the message names nothing to delete ("меня удалили из курса", I was
removed from the course), the next intent of the ranking is taken. Placed after the classifiers.
"""
from __future__ import annotations

import functools
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.text.phrases import PhraseSet
from bot.understanding.word_lists import phrase_sets

# Deleting cannot be undone: this intent comes only from a command phrase, never from a guess.
PHRASE_ONLY_INTENT = "delete_conversation"


@functools.lru_cache(maxsize=1)
def load_commands() -> Tuple[Tuple[str, PhraseSet], ...]:
    """(intent, phrases) in the order of the word lists' ``commands`` section: the first that matches wins."""
    return tuple(phrase_sets("commands").items())


def command_in(text: str, commands: Tuple[Tuple[str, PhraseSet], ...]) -> Optional[str]:
    return next((intent for intent, phrases in commands if phrases.matches(text)), None)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CommandDetectorComponent(GraphComponent):
    def __init__(self, commands: Tuple[Tuple[str, PhraseSet], ...]) -> None:
        self.commands = commands

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "CommandDetectorComponent":
        return cls(load_commands())

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            command = command_in(message.get(TEXT) or "", self.commands)
            if not command and (message.get(INTENT) or {}).get("name") == PHRASE_ONLY_INTENT:
                ranking = [r for r in message.data.get(INTENT_RANKING_KEY, []) if r.get("name") != PHRASE_ONLY_INTENT]
                message.data[INTENT] = dict(ranking[0]) if ranking else {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
                message.data[INTENT_RANKING_KEY] = ranking
            if command:
                chosen = {"name": command, "confidence": 1.0}
                message.data[INTENT] = chosen
                ranking = [r for r in message.data.get(INTENT_RANKING_KEY, []) if r.get("name") != command]
                message.data[INTENT_RANKING_KEY] = [dict(chosen)] + ranking
        return messages
