"""Lotse's languages and needs, each written down once, in ``bot/registry.yml``.

Everything that depends on which languages Lotse speaks or which needs it refers for reads them
from here: the language detector, the catalogs, the word lists, the directory's validation, the
widget (through the web channel) and the tests. :func:`bot.completeness.problems` tells what a language or a
need still lacks, so that adding one is a matter of data files, not code. Plain Python.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import List, Tuple

import yaml

from bot.settings import BOT_DIR

REGISTRY_FILE = BOT_DIR / "registry.yml"
DIRECTIONS = ("ltr", "rtl")
SCRIPTS = ("latin", "cyrillic", "arabic")


class RegistryError(ValueError):
    """``bot/registry.yml`` is not as documented at its top."""


@dataclass(frozen=True)
class Language:
    code: str
    name: str    # in its own script
    dir: str     # ltr | rtl
    script: str  # latin | cyrillic | arabic


@dataclass(frozen=True)
class Registry:
    languages: Tuple[Language, ...]
    needs: Tuple[str, ...]

    @property
    def codes(self) -> Tuple[str, ...]:
        return tuple(language.code for language in self.languages)

    def language(self, code: str) -> Language:
        for language in self.languages:
            if language.code == code:
                return language
        raise KeyError(code)


def parse_registry(raw: object, source: str = str(REGISTRY_FILE)) -> Registry:
    """A :class:`Registry` from parsed YAML; :class:`RegistryError` naming what is wrong."""
    if not isinstance(raw, dict) or not isinstance(raw.get("languages"), list) or not isinstance(raw.get("needs"), list):
        raise RegistryError(f"{source}: needs a list 'languages' and a list 'needs'")
    languages: List[Language] = []
    for entry in raw["languages"]:
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) and entry[k] for k in ("code", "name", "dir", "script")):
            raise RegistryError(f"{source}: each language needs code, name, dir and script: {entry!r}")
        if entry["dir"] not in DIRECTIONS or entry["script"] not in SCRIPTS:
            raise RegistryError(f"{source}: language {entry['code']}: dir is one of {DIRECTIONS}, script one of {SCRIPTS}")
        languages.append(Language(entry["code"], entry["name"], entry["dir"], entry["script"]))
    codes = [language.code for language in languages]
    needs = [str(need) for need in raw["needs"]]
    for kind, values in (("language", codes), ("need", needs)):
        doubled = sorted({value for value in values if values.count(value) > 1})
        if doubled or not values:
            raise RegistryError(f"{source}: {kind}s must be listed once each, at least one: {doubled}")
    return Registry(tuple(languages), tuple(needs))


@functools.lru_cache(maxsize=None)
def load_registry(path: Path = REGISTRY_FILE) -> Registry:
    return parse_registry(yaml.safe_load(Path(path).read_text(encoding="utf-8")), str(path))


def language_codes() -> Tuple[str, ...]:
    return load_registry().codes


def need_ids() -> Tuple[str, ...]:
    return load_registry().needs
