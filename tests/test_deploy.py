"""The scale-out configuration Lotse writes (nginx, the lock store) and the container recipe that
mirrors it. The topology itself runs for real in tests/test_cluster.py."""
import re

import yaml

from bot.cli.cluster import endpoints_for, lock_store_config, replica_ports
from bot.cli.local_services import nginx_config
from bot.settings import RASA_ENDPOINTS, REPO_ROOT


def test_nginx_balances_over_every_replica_on_loopback_without_logging_people():
    config = nginx_config(REPO_ROOT / "x", 5005, [5006, 5007])
    assert re.findall(r"server 127\.0\.0\.1:(\d+)", config) == ["5006", "5007"]
    assert "listen 127.0.0.1:5005;" in config and "access_log off;" in config
    assert "X-Forwarded-For $remote_addr" in config and "proxy_next_upstream error timeout" in config
    assert "sticky" not in config and "ip_hash" not in config  # round robin


def test_replicas_take_the_ports_after_the_public_one():
    assert replica_ports(5005, 3) == [5006, 5007, 5008]


def test_the_lock_store_is_the_atomic_redis_lock_store_for_the_url():
    assert lock_store_config("redis://127.0.0.1:6380/2") == {"type": "bot.dialogue.lock_store.AtomicRedisLockStore", "url": "127.0.0.1",
                                                             "port": 6380, "db": 2, "key_prefix": "lotse"}
    assert lock_store_config("redis://:secret@redis.example.org/0")["password"] == "secret"


def test_the_cluster_endpoints_are_the_projects_plus_the_lock_store(tmp_path):
    written = yaml.safe_load(endpoints_for("redis://127.0.0.1:6390/0", tmp_path).read_text(encoding="utf-8"))
    original = yaml.safe_load(RASA_ENDPOINTS.read_text(encoding="utf-8"))
    assert {k: v for k, v in written.items() if k != "lock_store"} == original
    assert written["lock_store"]["type"].endswith("AtomicRedisLockStore") and written["lock_store"]["port"] == 6390


def test_the_container_recipe_mirrors_the_tested_topology():
    compose = yaml.safe_load((REPO_ROOT / "deploy" / "compose.yml").read_text(encoding="utf-8"))
    assert set(compose["services"]) == {"postgres", "redis", "actions", "rasa", "nginx"}
    containers = yaml.safe_load((REPO_ROOT / "deploy" / "endpoints.yml").read_text(encoding="utf-8"))
    original = yaml.safe_load(RASA_ENDPOINTS.read_text(encoding="utf-8"))
    assert {k: v for k, v in containers.items() if k != "lock_store"} == original
    assert containers["lock_store"] == {**lock_store_config("redis://redis:6379/0"), "url": "redis"}
    dockerfile = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8")
    for needed in ("config.yml", "domain.yml", "endpoints.yml", "credentials.yml", "services.yml", "places.yml", "COPY data data"):
        assert needed in dockerfile, needed
