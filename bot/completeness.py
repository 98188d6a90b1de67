"""What a language or a need of ``bot/registry.yml`` still lacks: ``lotse check``.

Adding a language or a need is adding data; this check names each file or entry that is missing,
so that a half-added language fails ``make test`` with a message instead of answering in German.
German (the catalogs' fallback) is the reference: every other language needs what German has.
Plain Python; paths are taken under ``root``, so a copy of the project can be checked too.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterable, List, Set

import yaml

from bot.dialogue.catalog import FALLBACK_LANGUAGE
from bot.registry import REGISTRY_FILE, Registry, load_registry
from bot.settings import REPO_ROOT
from bot.understanding.word_lists import HINT_KEYS, PHRASE_SECTIONS

REFERENCE_LANGUAGE = FALLBACK_LANGUAGE  # German: what every other language must have


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None


def _nlu_names(directory: Path) -> Set[str]:
    """Intents and lookup tables defined in the YAML files of one language's NLU folder."""
    names: Set[str] = set()
    for path in sorted(directory.glob("*.yml")):
        for block in (_load(path) or {}).get("nlu", []):
            names.update(str(block[key]) for key in ("intent", "lookup") if key in block)
    return names


def _missing(what: str, names: Iterable[str]) -> List[str]:
    names = sorted(names)
    return [f"{what}: missing {', '.join(names)}"] if names else []


def problems(root: Path = REPO_ROOT) -> List[str]:
    """One line per missing file or entry, ``path: what is missing``; empty when all is there."""
    root = Path(root)
    registry: Registry = load_registry(root / REGISTRY_FILE.relative_to(REPO_ROOT))
    catalogs, words, nlu = root / "bot" / "dialogue" / "catalog", root / "bot" / "understanding" / "words", root / "data" / "nlu"
    reference_catalog: Dict[str, object] = _load(catalogs / f"{REFERENCE_LANGUAGE}.yml") or {}  # type: ignore[assignment]
    reference_words: Dict[str, Dict[str, object]] = _load(words / f"{REFERENCE_LANGUAGE}.yml") or {}  # type: ignore[assignment]
    reference_nlu = _nlu_names(nlu / REFERENCE_LANGUAGE)
    found: List[str] = []
    for need in registry.needs:
        found += _missing(f"{catalogs / 'de.yml'}: need {need}", {f"need_{need}", f"topic_{need}"} - set(reference_catalog))
        found += _missing(f"{nlu / REFERENCE_LANGUAGE}: need {need}", {f"need_{need}"} - reference_nlu)
    domain: Dict[str, list] = _load(root / "domain.yml") or {}  # type: ignore[assignment]
    intents = {item if isinstance(item, str) else next(iter(item)) for item in domain.get("intents") or ()}
    found += _missing(f"{root / 'domain.yml'}: intents", {f"need_{need}" for need in registry.needs} - intents)
    for code in registry.codes:
        catalog_file, words_file, nlu_dir = catalogs / f"{code}.yml", words / f"{code}.yml", nlu / code
        catalog = _load(catalog_file)
        if not isinstance(catalog, dict):
            found.append(f"{catalog_file}: missing (the language's texts; copy {REFERENCE_LANGUAGE}.yml and translate)")
        else:
            found += _missing(f"{catalog_file}: keys", set(reference_catalog) - set(catalog))
        lists = _load(words_file)
        if not isinstance(lists, dict):
            found.append(f"{words_file}: missing (the language's word lists; see the header of {REFERENCE_LANGUAGE}.yml)")
        else:
            found += _missing(f"{words_file}: hints", set(HINT_KEYS) - set(lists.get("hints") or {}))
            for section in PHRASE_SECTIONS:
                expected = set(reference_words.get(section) or {}) | (set(registry.needs) if section == "needs" else set())
                have = {entry for entry, phrases in (lists.get(section) or {}).items() if phrases}
                found += _missing(f"{words_file}: {section} (with at least one phrase)", expected - have)
        if not nlu_dir.is_dir():
            found.append(f"{nlu_dir}/: missing (the language's training examples)")
        else:
            found += _missing(f"{nlu_dir}/: intents and lookup tables", reference_nlu - _nlu_names(nlu_dir))
    return found
