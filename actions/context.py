"""Objects the actions share, created on first use (not at import) and then kept.

Tests replace them with :func:`use_directory_store`.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Optional, Sequence

from bot.dialogue import slot_names as slot
from bot.dialogue.catalog import Catalog, get_catalog
from bot.directory import Directory, DirectoryError, DirectoryStore, QueryResult, find_services
from bot.directory.situation import situation_for
from bot.settings import Settings, get_settings
from bot.understanding.needs import referral_needs

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
    return tracker.get_slot(slot.LANGUAGE) or settings().default_language


@dataclass(frozen=True)
class ReferralRequest:
    """What a referral is for, read once from the tracker. The referral, the summary and the
    hand-over differ only in which needs they look up and how many services they show."""
    directory: Directory
    language: str
    need: Optional[str]
    needs: List[str]  # the need first, then the others the same message named
    place_id: Optional[str]
    situation: Optional[str]  # the situation slot's value
    today: dt.date
    now: dt.datetime

    def find(self, needs: Sequence[str], limit: int) -> QueryResult:
        return find_services(self.directory, list(needs), self.place_id, self.today, language=self.language,
                             situation=situation_for(needs, self.situation), limit=limit)


def referral_request(tracker: Any) -> Optional[ReferralRequest]:
    """The request in ``tracker``; ``None`` when no valid directory could be loaded."""
    directory = current_directory()
    if directory is None:
        return None
    current, need = settings(), tracker.get_slot(slot.NEED)
    return ReferralRequest(directory, language_of(tracker), need, referral_needs(need, tracker.get_slot(slot.NEEDS)),
                           place_id_of(tracker.get_slot(slot.PLACE)), tracker.get_slot(slot.SITUATION),
                           current.current_date(), current.current_time())


def send_messages(dispatcher: Any, messages: Iterable[Dict[str, Any]]) -> None:
    """Sends the plain helpers' messages: ``{"text": ...}`` as text, ``{"custom": ...}`` as a payload."""
    for message in messages:
        if "custom" in message:
            dispatcher.utter_message(json_message=message["custom"])
        else:
            dispatcher.utter_message(text=message["text"])
