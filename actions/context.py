"""Objects the actions share, created on first use (not at import) and then kept.

Tests replace them with :func:`use_directory_store`.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, Iterable, Optional

from bot.catalog import Catalog, get_catalog
from bot.directory import Directory, DirectoryError, DirectoryStore
from bot.settings import Settings, get_settings

logger = logging.getLogger(__name__)
_store: Optional[DirectoryStore] = None


def settings() -> Settings:
    return get_settings()


def catalog() -> Catalog:
    return get_catalog()


def directory_store() -> DirectoryStore:
    global _store
    if _store is None:
        current = settings()
        _store = DirectoryStore(current.services_file, current.places_file, today=current.current_date,
                                check_seconds=current.reload_seconds)
    return _store


def use_directory_store(store: Optional[DirectoryStore]) -> None:
    global _store
    _store = store


def current_directory() -> Optional[Directory]:
    """The valid directory in use; ``None`` (and logged) when none could be loaded yet."""
    try:
        return directory_store().current()
    except DirectoryError as error:
        logger.error("no valid services directory: %s", error)
        return None


UNKNOWN_PLACE = "unknown"


def place_id_of(place: Optional[str]) -> Optional[str]:
    """The place slot as a places.yml id (``None`` when unknown or given up on)."""
    return None if place in (None, UNKNOWN_PLACE) else place


def language_of(tracker: Any) -> str:
    """The conversation language, or the default before one is known."""
    return tracker.get_slot("language") or settings().default_language


def send_messages(dispatcher: Any, messages: Iterable[Dict[str, Any]]) -> None:
    """Sends the plain helpers' messages: ``{"text": ...}`` as text, ``{"custom": ...}`` as a payload."""
    for message in messages:
        if "custom" in message:
            dispatcher.utter_message(json_message=message["custom"])
        else:
            dispatcher.utter_message(text=message["text"])
