"""The word lists of every language, ``bot/understanding/words/<code>.yml``, read in one place.

One file per language, so that adding a language adds a file and edits none. Each file has the
same sections (the header of ``words/de.yml`` explains them): ``hints`` for the language
detector, and ``commands``, ``needs``, ``situation`` and ``danger``: phrase lists per entry, which
:func:`phrase_sets` compiles into one :class:`~bot.text.phrases.PhraseSet` per entry over all
languages. Plain Python.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict, List, Tuple

import yaml

from bot.registry import language_codes
from bot.settings import WORDS_DIR
from bot.text.phrases import PhraseSet

PHRASE_SECTIONS = ("commands", "needs", "situation", "danger")
HINT_KEYS = ("letters", "words", "names", "mentions", "markers", "neutral")


def words_file(code: str, directory: Path = WORDS_DIR) -> Path:
    return Path(directory) / f"{code}.yml"


@functools.lru_cache(maxsize=None)
def word_lists(directory: Path = WORDS_DIR, languages: Tuple[str, ...] = ()) -> Dict[str, Dict[str, Any]]:
    """Each language's parsed file (all registry languages unless ``languages`` is given)."""
    return {code: yaml.safe_load(words_file(code, directory).read_text(encoding="utf-8")) or {}
            for code in languages or language_codes()}


def phrases_by_entry(section: str, directory: Path = WORDS_DIR, languages: Tuple[str, ...] = ()) -> Dict[str, Dict[str, List[str]]]:
    """``{entry: {language: [phrases]}}`` of one section, entries in the order of the first language's file."""
    by_entry: Dict[str, Dict[str, List[str]]] = {}
    for code, lists in word_lists(directory, languages).items():
        for entry, phrases in (lists.get(section) or {}).items():
            by_entry.setdefault(str(entry), {})[code] = [str(p) for p in phrases or ()]
    return by_entry


def phrase_sets(section: str, directory: Path = WORDS_DIR, languages: Tuple[str, ...] = ()) -> Dict[str, PhraseSet]:
    """One compiled :class:`PhraseSet` per entry of ``section``, over all languages."""
    return {entry: PhraseSet(p for phrases in by_language.values() for p in phrases)
            for entry, by_language in phrases_by_entry(section, directory, languages).items()}
