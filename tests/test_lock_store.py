"""Across replicas, one message of a conversation at a time: tickets for one conversation, taken at
the same moment by two lock stores (two replicas) on a real Redis server, are never the same."""
import threading

import pytest
from rasa.core.lock_store import RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from bot.cli.local_services import Redis, free_port
from bot.dialogue.lock_store import AtomicRedisLockStore

THREADS, TICKETS = 8, 40


@pytest.fixture(scope="module")
def redis_port(tmp_path_factory):
    server = Redis(tmp_path_factory.mktemp("redis-locks"), free_port()).start()
    yield server.port
    server.stop()


def _tickets_taken_at_once(stores, conversation):
    taken, barrier = [], threading.Barrier(THREADS * len(stores))

    def take(store):
        barrier.wait()
        for _ in range(TICKETS):
            taken.append(store.issue_ticket(conversation, lock_lifetime=600))

    threads = [threading.Thread(target=take, args=(store,)) for store in stores for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return taken


def test_two_replicas_never_get_the_same_ticket(redis_port):
    stores = [AtomicRedisLockStore(EndpointConfig(url="127.0.0.1", port=redis_port, db=0, key_prefix="test")) for _ in range(2)]
    taken = _tickets_taken_at_once(stores, "one-conversation")
    assert len(taken) == 2 * THREADS * TICKETS and len(set(taken)) == len(taken)


def test_rasas_own_store_hands_out_the_same_ticket_twice(redis_port):
    """Why the class exists: the same load on Rasa's RedisLockStore gives duplicate tickets
    (two messages of one conversation processed at once)."""
    stores = [RedisLockStore(host="127.0.0.1", port=redis_port, db=0, key_prefix="rasa") for _ in range(2)]
    taken = _tickets_taken_at_once(stores, "one-conversation")
    assert len(set(taken)) < len(taken)


def test_a_lock_is_released_for_the_next_message(redis_port):
    store = AtomicRedisLockStore(host="127.0.0.1", port=redis_port, db=0, key_prefix="release")
    first = store.issue_ticket("c")
    second = store.issue_ticket("c")
    assert store.get_lock("c").is_locked(second) and not store.get_lock("c").is_locked(first)
    store.cleanup("c", first)
    assert not store.get_lock("c").is_locked(second)
    store.cleanup("c", second)
    assert store.get_lock("c") is None
