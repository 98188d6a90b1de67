"""One message of a conversation at a time, across Rasa replicas: Rasa's ``RedisLockStore`` with
each change of a conversation's ticket lock made atomic.

Rasa's own store reads the lock, changes it in Python and writes it back as three separate Redis
commands. Two replicas that receive messages of one conversation at the same moment can both
read "no one in line", both take ticket 0 and both run — each then saves its own version of the
conversation and one message is lost (measured in ``tests/test_cluster.py`` before this class;
Rasa fixed it only in Rasa Pro, RasaHQ/rasa#11256). Here every read-change-write runs under a
short Redis mutex (redis-py's ``Lock``: ``SET NX PX``, released by a script), held for the
microseconds of the change, never for the turn. Configured by ``lotse run --cluster``
(``bot/cli/cluster.py``) as the ``lock_store`` of the endpoints.
"""
from __future__ import annotations

from typing import Any, Optional, Text

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# A change takes microseconds; a replica that died holding the mutex frees it after this long.
MUTEX_SECONDS = 5.0


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        if endpoint_config is not None:  # as Rasa creates a lock store given by its module path
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _mutex(self, conversation_id: Text) -> Any:
        return self.red.lock(f"{self.key_prefix}{conversation_id}:mutex", timeout=MUTEX_SECONDS, blocking_timeout=MUTEX_SECONDS)

    # The three places where Rasa changes a lock; each calls only unguarded methods inside.
    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._mutex(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: Text) -> None:
        with self._mutex(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        with self._mutex(conversation_id):
            super().cleanup(conversation_id, ticket_number)
