"""Objects the actions share, created on first use (not at import) and then kept.

Tests replace them with :func:`use_directory_store`.
"""
from __future__ import annotations

from typing import Optional

from bot.catalog import Catalog, get_catalog
from bot.directory import DirectoryStore
from bot.settings import Settings, get_settings

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
