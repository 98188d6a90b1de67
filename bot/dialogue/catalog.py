"""User-facing texts: one catalog file per language in ``bot/dialogue/catalog/<code>.yml``.

Adding a language is adding a file (and its NLU examples), not code. A key's value is a
text, or a response ``{text: ..., buttons: [...]}``. ``buttons: needs`` stands for the five
need buttons, titled by the catalog's ``need_<need>`` keys; ``buttons: languages`` for one
button per language, titled by its name in ``bot/registry.yml``. Placeholders are ``{name}``.
A key missing in a language falls back to German, so a half-done translation never
leaves a person without an answer (the catalog test fails it long before that).
"""
from __future__ import annotations

import functools
import logging
import re
import string
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

from bot.directory.model import NEEDS
from bot.registry import Registry, load_registry

CATALOG_DIR = Path(__file__).resolve().parent / "catalog"
FALLBACK_LANGUAGE = "de"
NEED_BUTTONS = "needs"
LANGUAGE_BUTTONS = "languages"
# The languages an unsupported-language answer is written in, so that most people can read one.
UNSUPPORTED_ANSWER_LANGUAGES = ("en", "de")
logger = logging.getLogger(__name__)


# A placeholder at the start of the text or after a full stop, in a template that is a whole
# message (ends like a sentence). Fragments such as "why_need" end without punctuation and are
# joined into other sentences, so they keep their values as they are.
_SENTENCE_START_FIELD = re.compile(r"(?:^|(?<=[.!?؟] ))\{(\w+)\}")
_SENTENCE_END = ("." , ":", "!", "?", "؟")


def capitalised(value: str, language: str) -> str:
    """``value`` with its first letter upper-cased (Turkish i → İ), e.g. a topic that opens a sentence."""
    if not value or not value[0].islower():
        return value
    first = "İ" if language in ("tr", "az") and value[0] == "i" else value[0].upper()
    return first + value[1:]


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        logger.warning("catalog placeholder {%s} has no value", key)
        return "{" + key + "}"


def placeholders(text: str) -> Tuple[str, ...]:
    return tuple(sorted({name for _, name, _, _ in string.Formatter().parse(text) if name}))


class Catalog:
    def __init__(self, texts: Dict[str, Dict[str, Any]], names: Optional[Dict[str, str]] = None) -> None:
        self.texts = texts
        self.names = names or {code: code for code in texts}  # each language's name in its own script

    @classmethod
    def load(cls, directory: Path = CATALOG_DIR, registry: Optional[Registry] = None) -> "Catalog":
        """One catalog per language of the registry, in its order (the order of the language buttons)."""
        registry = registry or load_registry()
        texts: Dict[str, Dict[str, Any]] = {}
        for code in registry.codes:
            path = Path(directory) / f"{code}.yml"
            if not path.exists():
                raise ValueError(f"{path}: missing: every language of bot/registry.yml needs a catalog")
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError(f"{path}: a catalog must be a mapping of keys to texts")
            texts[code] = data
        if FALLBACK_LANGUAGE not in texts:
            raise ValueError(f"{directory}: the German catalog {FALLBACK_LANGUAGE}.yml is required")
        return cls(texts, {language.code: language.name for language in registry.languages})

    @property
    def languages(self) -> Tuple[str, ...]:
        return tuple(self.texts)

    def _entry(self, language: str, key: str) -> Any:
        for code in (language, FALLBACK_LANGUAGE):
            entry = self.texts.get(code, {}).get(key)
            if entry is not None:
                return entry
        raise KeyError(f"no catalog text '{key}'")

    def has(self, key: str) -> bool:
        return key in self.texts[FALLBACK_LANGUAGE]

    def text(self, language: str, key: str, /, **values: Any) -> str:
        entry = self._entry(language, key)
        template = str(entry["text"] if isinstance(entry, dict) else entry)
        if template.rstrip().endswith(_SENTENCE_END):
            for field in _SENTENCE_START_FIELD.findall(template):
                if isinstance(values.get(field), str):
                    values[field] = capitalised(values[field], language)
        return template.format_map(_KeepMissing(values))

    def buttons(self, language: str, key: str) -> List[Dict[str, str]]:
        entry = self._entry(language, key)
        raw = entry.get("buttons") if isinstance(entry, dict) else None
        if raw == NEED_BUTTONS:
            return self.need_buttons(language)
        if raw == LANGUAGE_BUTTONS:
            return self.language_buttons()
        return [{"title": str(b["title"]), "payload": str(b["payload"])} for b in raw or []]

    def need_buttons(self, language: str) -> List[Dict[str, str]]:
        return [{"title": self.text(language, f"need_{need}"), "payload": f"/need_{need}"} for need in NEEDS]

    def language_buttons(self) -> List[Dict[str, str]]:
        """One button per language, titled in its own script (the same in every language)."""
        return [{"title": self.names[code], "payload": f'/choose_language{{"language_choice": "{code}"}}'}
                for code in self.languages]

    def unsupported_language_response(self) -> Dict[str, Any]:
        """The answer to a message in a language Lotse does not speak: in English and German,
        naming every supported language in its own script, with a button for each."""
        names = ", ".join(self.names[code] for code in self.languages)
        text = "\n\n".join(self.text(code, "unsupported_language", languages=names) for code in UNSUPPORTED_ANSWER_LANGUAGES)
        return {"text": text, "buttons": self.language_buttons()}

    def response(self, language: str, key: str, /, **values: Any) -> Dict[str, Any]:
        """A Rasa bot message: ``{"text": ..., "buttons": [...]}`` (buttons only if any)."""
        message: Dict[str, Any] = {"text": self.text(language, key, **values)}
        buttons = self.buttons(language, key)
        if buttons:
            message["buttons"] = buttons
        return message

    def join_list(self, language: str, items: List[str]) -> str:
        """"a, b and c" in the language's words."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.text(language, 'word_and')} {items[-1]}"


@functools.lru_cache(maxsize=1)
def get_catalog() -> Catalog:
    """The catalog, loaded on first use (not at import time)."""
    return Catalog.load()
