"""Languages and needs are defined once (bot/registry.yml): everything derives from it, a missing
file is named, and a ninth language is only data files plus one registry line."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.completeness import problems
from bot.registry import RegistryError, load_registry, parse_registry
from bot.settings import REPO_ROOT
from tests.support.evaluation import HELD_OUT_SETS, missing_held_out_sets

NEW_LANGUAGE = "fr"
NEW_LANGUAGE_LINE = "  - {code: fr, name: Français, dir: ltr, script: latin}\n"
# Copied into a temporary project: what the product and its checks read, never .venv or models.
PROJECT_PARTS = ("bot", "actions", "data", "domain.yml", "config.yml", "services.yml", "places.yml")


def test_the_project_is_complete_for_every_language_and_need():
    assert problems() == []
    assert missing_held_out_sets(load_registry().codes) == []


def test_the_registry_lists_each_language_once_with_a_direction():
    with pytest.raises(RegistryError, match="once each"):
        parse_registry({"languages": [{"code": "de", "name": "Deutsch", "dir": "ltr", "script": "latin"}] * 2, "needs": ["x"]})
    with pytest.raises(RegistryError, match="dir is one of"):
        parse_registry({"languages": [{"code": "de", "name": "Deutsch", "dir": "up", "script": "latin"}], "needs": ["x"]})
    with pytest.raises(RegistryError, match="needs a list"):
        parse_registry({"languages": []})


def _project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "lotse"
    for part in PROJECT_PARTS:
        source = REPO_ROOT / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            root.mkdir(exist_ok=True)
            shutil.copy2(source, root / part)
    return root


def _add_registry_line(root: Path) -> None:
    registry = root / "bot" / "registry.yml"
    text = registry.read_text(encoding="utf-8")
    anchor = "  - {code: da, name: Dansk, dir: ltr, script: latin}\n"
    registry.write_text(text.replace(anchor, anchor + NEW_LANGUAGE_LINE), encoding="utf-8")


def test_a_language_only_in_the_registry_is_named_with_each_missing_file(tmp_path):
    root = _project_copy(tmp_path)
    _add_registry_line(root)
    found = "\n".join(problems(root))
    assert f"catalog/{NEW_LANGUAGE}.yml: missing" in found
    assert f"words/{NEW_LANGUAGE}.yml: missing" in found
    assert f"data/nlu/{NEW_LANGUAGE}/: missing" in found
    assert missing_held_out_sets([NEW_LANGUAGE], tmp_path / "tests-data") != []


def test_a_missing_entry_or_key_is_named(tmp_path):
    root = _project_copy(tmp_path)
    words = root / "bot" / "understanding" / "words" / "tr.yml"
    lists = yaml.safe_load(words.read_text(encoding="utf-8"))
    lists["danger"]["suicide"] = []
    words.write_text(yaml.safe_dump(lists, allow_unicode=True), encoding="utf-8")
    catalog = root / "bot" / "dialogue" / "catalog" / "uk.yml"
    catalog.write_text("\n".join(line for line in catalog.read_text(encoding="utf-8").splitlines()
                                 if not line.startswith("safety_suicide:")) + "\n", encoding="utf-8")
    found = problems(root)
    assert any("words/tr.yml: danger" in p and "suicide" in p for p in found), found
    assert any("catalog/uk.yml: keys" in p and "safety_suicide" in p for p in found), found


def test_a_ninth_language_is_only_data_files_and_one_registry_line(tmp_path):
    """The new language's files are copies of the English ones (a translator would then translate
    them); nothing else is edited. The copy then passes the check, loads in every part that reads
    languages, and Rasa validates its data."""
    root = _project_copy(tmp_path)
    _add_registry_line(root)
    shutil.copy2(root / "bot/dialogue/catalog/en.yml", root / f"bot/dialogue/catalog/{NEW_LANGUAGE}.yml")
    shutil.copy2(root / "bot/understanding/words/en.yml", root / f"bot/understanding/words/{NEW_LANGUAGE}.yml")
    shutil.copytree(root / "data/nlu/en", root / f"data/nlu/{NEW_LANGUAGE}")
    held_out = tmp_path / "tests-data"
    for name in HELD_OUT_SETS:
        (held_out / name).mkdir(parents=True)
        shutil.copy2(REPO_ROOT / "tests" / "data" / name / "en.yml", held_out / name / f"{NEW_LANGUAGE}.yml")
    assert missing_held_out_sets([NEW_LANGUAGE], held_out) == []

    env = {**os.environ, "PYTHONPATH": str(root), "TF_CPP_MIN_LOG_LEVEL": "3"}
    check = subprocess.run([sys.executable, "-m", "bot.cli.main", "check"], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert "9 languages" in check.stdout and NEW_LANGUAGE in check.stdout

    probe = subprocess.run([sys.executable, "-c", PROBE], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert probe.returncode == 0, probe.stderr[-2000:]
    assert probe.stdout.split() == ["ok"], probe.stdout

    validate = subprocess.run([sys.executable, "-m", "rasa", "data", "validate", "--domain", "domain.yml", "--data", "data",
                               "--config", "config.yml", "--fail-on-warnings"], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert validate.returncode == 0, (validate.stdout + validate.stderr)[-3000:]


# Runs inside the project copy: every part that reads the languages sees the ninth.
PROBE = f"""
import bot, json
import os
assert bot.__file__.startswith(os.getcwd()), bot.__file__
from bot.dialogue.catalog import Catalog
from bot.understanding.language import SUPPORTED_LANGUAGES, LanguageDetector, LanguageHints, text_direction
from bot.understanding.safety import SafetyLexicon
from bot.understanding.word_lists import phrases_by_entry
from bot.web.channel import widget_config
code = {NEW_LANGUAGE!r}
assert code in SUPPORTED_LANGUAGES
catalog = Catalog.load()
assert code in catalog.languages and any(b["title"] == "Français" for b in catalog.language_buttons())
assert code in LanguageHints.load().profiles and text_direction(code) == "ltr"
assert LanguageDetector().detect("Bonjour, je voudrais apprendre l'allemand et trouver un travail à Rostock").code == code
assert code in phrases_by_entry("commands")["delete_conversation"]
SafetyLexicon.load()
config = widget_config()
assert any(language["code"] == code and language["name"] == "Français" for language in config["languages"])
assert code in config["strings"]
print("ok")
"""
