"""The scale-out topology of ``lotse run --cluster`` (``make run-cluster``) on one machine:
PostgreSQL for the conversations, Redis for the lock store and the shared rate limit, N Rasa
replicas on 127.0.0.1, one action server, and nginx in front as the one public address.

An organisation that has its own database or Redis sets ``LOTSE_DATABASE_URL`` /
``LOTSE_REDIS_URL``; then those are used and not started here.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Dict, Iterator, List, Sequence
from urllib.parse import urlparse

import yaml

from bot.cli.local_services import Nginx, Postgres, Redis, free_port
from bot.settings import RASA_ENDPOINTS, Settings

DATABASE_NAME = "lotse"
LOCK_STORE_TYPE = "bot.dialogue.lock_store.AtomicRedisLockStore"


def replica_ports(public_port: int, replicas: int) -> List[int]:
    """The replicas' ports: the ones after the public port (5006, 5007, ... behind 5005)."""
    return [public_port + 1 + index for index in range(replicas)]


def lock_store_config(redis_url: str) -> Dict[str, object]:
    """The Redis lock store for ``redis://host:port/db``: one message of a conversation at a time,
    across all replicas (Rasa's, made atomic: bot/dialogue/lock_store.py)."""
    parsed = urlparse(redis_url)
    config: Dict[str, object] = {"type": LOCK_STORE_TYPE, "url": parsed.hostname or "127.0.0.1", "port": parsed.port or 6379,
                                 "db": int((parsed.path or "/0").lstrip("/") or 0), "key_prefix": "lotse"}
    if parsed.password:
        config["password"] = parsed.password
    return config


def endpoints_for(redis_url: str, directory: Path) -> Path:
    """endpoints.yml with the Redis lock store added, written into ``directory``. The ``${...}``
    placeholders stay as they are; Rasa fills them from the environment."""
    text = RASA_ENDPOINTS.read_text(encoding="utf-8")
    written = Path(directory) / "endpoints.yml"
    written.write_text(text.rstrip() + "\n\n# Added by lotse run: one message per conversation at a time, across replicas.\n"
                       + yaml.safe_dump({"lock_store": lock_store_config(redis_url)}, sort_keys=False), encoding="utf-8")
    return written


@contextlib.contextmanager
def shared_services(settings: Settings, want_database: bool, want_redis: bool) -> Iterator[Dict[str, str]]:
    """Starts PostgreSQL and Redis in the data folder when asked for and not configured; yields the
    environment the replicas need (``LOTSE_DATABASE_URL``, ``LOTSE_REDIS_URL``); stops them after."""
    started: List[object] = []
    env: Dict[str, str] = {}
    try:
        if want_database and not settings.database_url.startswith("postgresql"):
            postgres = Postgres(settings.data_dir / "postgres", free_port()).start()
            started.append(postgres)
            env["LOTSE_DATABASE_URL"] = postgres.create_database(DATABASE_NAME)
        if want_redis and not settings.redis_url:
            redis = Redis(settings.data_dir / "redis", free_port()).start()
            started.append(redis)
            env["LOTSE_REDIS_URL"] = redis.url
        yield env
    finally:
        for service in reversed(started):
            service.stop()  # type: ignore[attr-defined]


@contextlib.contextmanager
def load_balancer(settings: Settings, ports: Sequence[int]) -> Iterator[Nginx]:
    nginx = Nginx(settings.data_dir / "nginx", settings.rasa_port, ports, listen_host=settings.host).start()
    try:
        yield nginx
    finally:
        nginx.stop()
