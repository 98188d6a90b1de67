"""`lotse try` with the trained model (make train first)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model
ROOT = Path(__file__).resolve().parent.parent


def run_try(args, stdin=None):
    result = subprocess.run([sys.executable, "-m", "bot.cli.main", "try", *args], input=stdin, capture_output=True,
                            text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_try_prints_one_json_line_per_message_with_language_intent_and_entities():
    lines = run_try([], stdin="Wo finde ich einen Integrationskurs in Gustrow?\nmy diploma from Ukraine needs recognition\n")
    assert len(lines) == 2
    german, english = lines
    assert set(german) == {"text", "language", "language_confidence", "intent", "confidence", "entities"}
    assert german["language"] == "de" and german["intent"] == "need_language_course"
    assert german["entities"][0]["entity"] == "place" and german["entities"][0]["value"] == "guestrow"
    assert english["language"] == "en" and english["intent"] == "need_recognition"
    assert 0 < english["confidence"] <= 1


def test_try_takes_arguments_and_reports_low_confidence_as_fallback():
    [line] = run_try(["qwrt zxv plk"])
    assert line["intent"] == "nlu_fallback"
