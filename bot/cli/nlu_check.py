"""``lotse try``: parse messages with the trained model in-process, for people checking many
real questions at once. One result dict per message: text, language, intent, entities."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, Optional

from bot.cli.quiet import silence
from bot.settings import get_settings


def newest_model(model_dir: Optional[Path] = None) -> Path:
    directory = model_dir or get_settings().model_dir
    models = sorted(Path(directory).glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise ValueError(f"no trained model in {directory}: run `make train` first")
    return models[-1]


def summarise(parse_data: Dict[str, Any]) -> Dict[str, Any]:
    language = parse_data.get("language") or {}
    intent = parse_data.get("intent") or {}
    return {
        "text": parse_data.get("text"),
        "language": language.get("code"),
        "language_confidence": language.get("confidence"),
        "intent": intent.get("name"),
        "confidence": round(float(intent.get("confidence") or 0.0), 4),
        "entities": [
            {key: entity.get(key) for key in ("entity", "value", "start", "end", "extractor")}
            for entity in parse_data.get("entities", [])
        ],
    }


def parse_messages(texts: Iterable[str], model: Optional[Path] = None) -> Iterator[Dict[str, Any]]:
    silence()
    from rasa.core.agent import Agent

    agent = Agent.load(str(model or newest_model()))
    loop = asyncio.new_event_loop()
    try:
        for text in texts:
            yield summarise(loop.run_until_complete(agent.parse_message(text)))
    finally:
        loop.close()
