"""NLU component: "delete my conversation" and "start over" are commands, not guesses.

When a message contains a phrase of ``bot/commands.yml`` its intent becomes that command
(confidence 1.0), whatever the classifier said: a person who asks to delete the conversation
must never get a referral instead. And only such a phrase deletes: when the classifier says
``delete_conversation`` but the message names nothing to delete ("меня удалили из курса", I was
removed from the course), the next intent of the ranking is taken. Placed after the classifiers.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Tuple

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.phrases import PhraseSet

COMMANDS_FILE = Path(__file__).resolve().parent.parent / "commands.yml"
# Deleting cannot be undone: this intent comes only from a phrase of commands.yml, never from a guess.
PHRASE_ONLY_INTENT = "delete_conversation"


@functools.lru_cache(maxsize=1)
def load_commands(path: Path = COMMANDS_FILE) -> Tuple[Tuple[str, PhraseSet], ...]:
    """(intent, phrases) in file order: the first command that matches wins."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple((intent, PhraseSet(p for phrases in by_language.values() for p in phrases)) for intent, by_language in raw.items())


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
