"""Every setting Lotse reads from the environment, with its safe local default.

Read settings through :func:`get_settings` (never ``os.environ`` elsewhere), so the
README's table of variables stays complete. Nothing here is read at import time.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Tuple

REPO_ROOT = Path(__file__).resolve().parent.parent
BOT_DIR = Path(__file__).resolve().parent
# Rasa's own files, at the project root where Rasa developers look for them.
RASA_CONFIG = REPO_ROOT / "config.yml"
RASA_DOMAIN = REPO_ROOT / "domain.yml"
RASA_ENDPOINTS = REPO_ROOT / "endpoints.yml"
RASA_CREDENTIALS = REPO_ROOT / "credentials.yml"
# Training examples per language (data/nlu/<code>/), read by the language detector and the danger model too.
NLU_DIR = REPO_ROOT / "data" / "nlu"
# Word lists and phrase lists that the understanding reads (bot/understanding/words/).
WORDS_DIR = BOT_DIR / "understanding" / "words"


@dataclass(frozen=True)
class Settings:
    services_file: Path
    places_file: Path
    default_language: str
    today: Optional[dt.date]
    max_results: int
    reload_seconds: float
    rasa_port: int
    actions_port: int
    model_dir: Path
    log_dir: Path
    allowed_origins: Tuple[str, ...] = ()
    rate_limit: str = "30/60"
    api_token: Optional[str] = None
    action_timeout: float = 2.0
    turn_seconds: float = 4.0
    data_dir: Path = REPO_ROOT / ".lotse"
    database_url: str = ""  # set by get_settings: LOTSE_DATABASE_URL, else SQLite in data_dir
    retention_days: float = 30.0
    redis_url: Optional[str] = None
    host: str = "127.0.0.1"
    action_token: Optional[str] = None

    def current_date(self) -> dt.date:
        """The date used for funding periods: ``LOTSE_TODAY`` if set, else today."""
        return self.today or dt.date.today()

    def current_time(self) -> dt.datetime:
        """Local time in the region, for "next consultation times": the start of ``LOTSE_TODAY``
        if set, else now in Europe/Berlin (naive, as the directory's times are written)."""
        if self.today:
            return dt.datetime.combine(self.today, dt.time.min)
        return dt.datetime.now(_region_timezone()).replace(tzinfo=None)


REGION_TIMEZONE = "Europe/Berlin"


def _region_timezone() -> dt.tzinfo:
    try:
        from zoneinfo import ZoneInfo
        return ZoneInfo(REGION_TIMEZONE)
    except Exception:  # no time zone data on the machine: the system's local time is the best guess
        return dt.datetime.now().astimezone().tzinfo or dt.timezone.utc


def _parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"LOTSE_TODAY must be a date like 2026-11-24, got {value!r}") from error


def get_settings(environ: Optional[Mapping[str, str]] = None) -> Settings:
    env = os.environ if environ is None else environ
    today = env.get("LOTSE_TODAY")
    rasa_port = int(env.get("LOTSE_RASA_PORT", "5005"))
    # The demo page is served by the bot itself; a real site's origin is added here.
    default_origins = f"http://localhost:{rasa_port},http://127.0.0.1:{rasa_port}"
    origins = env.get("LOTSE_ALLOWED_ORIGINS", default_origins)
    data_dir = Path(env.get("LOTSE_DATA_DIR", REPO_ROOT / ".lotse")).resolve()
    return Settings(
        services_file=Path(env.get("LOTSE_SERVICES_FILE", REPO_ROOT / "services.yml")),
        places_file=Path(env.get("LOTSE_PLACES_FILE", REPO_ROOT / "places.yml")),
        default_language=env.get("LOTSE_DEFAULT_LANGUAGE", "de"),
        today=_parse_date(today) if today else None,
        max_results=int(env.get("LOTSE_MAX_RESULTS", "3")),
        reload_seconds=float(env.get("LOTSE_RELOAD_SECONDS", "2")),
        rasa_port=rasa_port,
        actions_port=int(env.get("LOTSE_ACTIONS_PORT", "5055")),
        model_dir=Path(env.get("LOTSE_MODEL_DIR", REPO_ROOT / "models")),
        log_dir=Path(env.get("LOTSE_LOG_DIR", REPO_ROOT / ".lotse")),
        allowed_origins=tuple(o.strip().rstrip("/") for o in origins.split(",") if o.strip()),
        rate_limit=env.get("LOTSE_RATE_LIMIT", "30/60"),
        api_token=env.get("LOTSE_API_TOKEN") or None,
        action_timeout=_positive(env, "LOTSE_ACTION_TIMEOUT", "2"),
        turn_seconds=_positive(env, "LOTSE_TURN_SECONDS", "4"),
        data_dir=data_dir,
        database_url=env.get("LOTSE_DATABASE_URL") or f"sqlite:///{data_dir / 'conversations.db'}",
        retention_days=_positive(env, "LOTSE_RETENTION_DAYS", "30", "days"),
        redis_url=env.get("LOTSE_REDIS_URL") or None,
        host=env.get("LOTSE_HOST") or "127.0.0.1",
        action_token=env.get("LOTSE_ACTION_TOKEN") or None,
    )


def _positive(env: Mapping[str, str], name: str, default: str, unit: str = "seconds") -> float:
    value = env.get(name, default)
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if number <= 0:
        raise ValueError(f"{name} must be a positive number of {unit}, got {value!r}")
    return number
