"""Lotse's custom Rasa NLU components and policies. Thin: the logic lives in the plain-Python
modules of :mod:`bot.understanding` and :mod:`bot.directory`."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional, TypeVar

from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

T = TypeVar("T")


def read_stored(model_storage: ModelStorage, resource: Resource, read: Callable[[Path], T]) -> Optional[T]:
    """What ``read`` makes of a component's files in the trained model; ``None`` when the model
    was trained without them (an older model), so the component can fall back."""
    try:
        with model_storage.read_from(resource) as directory:
            return read(directory)
    except (ValueError, OSError):
        return None
