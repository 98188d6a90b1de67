"""Where conversations live between messages: Rasa's SQL tracker store, with Lotse's promises.

* **Survives restarts.** By default a SQLite file, ``LOTSE_DATA_DIR/conversations.db``; with
  ``LOTSE_DATABASE_URL`` (e.g. ``postgresql://lotse:...@127.0.0.1/lotse``) a shared database, so
  several Rasa replicas serve one conversation.
* **Deleting deletes.** ``action_delete_conversation`` sets the slot ``forget_conversation``; a
  tracker saved with it set has every row of its conversation deleted instead of saved, so
  nothing of it is kept and the person's next message starts a new one.
* **Only what is needed.** Of a message's metadata only the language is stored.
* **Retention.** Conversations idle longer than ``LOTSE_RETENTION_DAYS`` (30) are deleted at
  start-up and then every hour.

Configured in ``endpoints.yml``. The clock is injectable, so retention is tested without waiting.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Text

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore, create_engine_kwargs
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.dialogue import slot_names
from bot.settings import get_settings

FORGET_SLOT = slot_names.FORGET_CONVERSATION
# Metadata a message may carry that is kept (bounded); everything else a client sends is dropped.
KEPT_METADATA = ("language",)
MAX_METADATA_CHARS = 35
PURGE_EVERY_SECONDS = 3600.0
DAY_SECONDS = 86400.0
logger = logging.getLogger(__name__)


def _reduced(data: Dict[str, Any]) -> Dict[str, Any]:
    metadata = data.get("metadata")
    if not isinstance(metadata, dict):
        return data
    kept = {key: str(metadata[key])[:MAX_METADATA_CHARS] for key in KEPT_METADATA if isinstance(metadata.get(key), str)}
    return {**data, "metadata": kept} if kept else {k: v for k, v in data.items() if k != "metadata"}


def stored_event(data: Dict[str, Any]) -> Dict[str, Any]:
    """An event as stored: a person's message with its metadata (what the client sent, on the
    event and in its parse data) reduced to :data:`KEPT_METADATA`. Other events keep theirs: it is
    Rasa's and Lotse's own (e.g. which response a bot message was)."""
    if data.get("event") != "user":
        return data
    data = _reduced(data)
    if isinstance(data.get("parse_data"), dict):
        data = {**data, "parse_data": _reduced(data["parse_data"])}
    return data


class LotseTrackerStore(SQLTrackerStore):
    def __init__(self, domain: Optional[Domain] = None, event_broker: Optional[EventBroker] = None,
                 url: Optional[Text] = None, retention_days: Optional[float] = None,
                 clock: Callable[[], float] = time.time, purge_in_background: bool = True, **kwargs: Any) -> None:
        settings = get_settings()
        self.url = url or settings.database_url
        self.retention_seconds = (settings.retention_days if retention_days is None else retention_days) * DAY_SECONDS
        self.clock = clock
        engine_url = sa.engine.make_url(self.url)
        if engine_url.drivername.startswith("sqlite") and engine_url.database:
            Path(engine_url.database).parent.mkdir(parents=True, exist_ok=True)
        # Rasa's own engine settings (SQLite: one connection shared by threads), without its
        # retry-forever loop: a database that is not there is an error at start-up, said once.
        self.engine = sa.create_engine(engine_url, **create_engine_kwargs(engine_url))
        self._create_tables()
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        TrackerStore.__init__(self, domain, event_broker, **kwargs)
        self._last_purge = self.clock()
        self.purge_idle()
        if purge_in_background:
            self._start_purging()

    def _create_tables(self, attempts: int = 6) -> None:
        """Creates the table if it is not there. Replicas starting together on a new database
        race to create it; the losers see a duplicate-name error and find it there a moment later."""
        for attempt in range(attempts):
            try:
                self.Base.metadata.create_all(self.engine)
                return
            except (sa.exc.IntegrityError, sa.exc.ProgrammingError, sa.exc.OperationalError):
                if attempt == attempts - 1:
                    raise
                time.sleep(0.5 * (attempt + 1))

    async def save(self, tracker: DialogueStateTracker) -> None:
        if tracker.get_slot(FORGET_SLOT):
            self.delete(tracker.sender_id)
            return
        await self.stream_events(tracker)
        # As SQLTrackerStore.save, with the metadata reduced (stored_event).
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = stored_event(event.as_dict())
                session.add(self.SQLEvent(
                    sender_id=tracker.sender_id, type_name=event.type_name, timestamp=data.get("timestamp"),
                    intent_name=data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                    action_name=data.get("name"), data=json.dumps(data)))
            session.commit()

    def delete(self, sender_id: Text) -> int:
        """Deletes every row of one conversation; returns how many."""
        with self.session_scope() as session:
            count = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete(synchronize_session=False)
            session.commit()
        return int(count)

    def idle_conversations(self, now: Optional[float] = None) -> List[str]:
        """Conversations whose newest event is older than the retention period."""
        cutoff = (self.clock() if now is None else now) - self.retention_seconds
        with self.session_scope() as session:
            rows = (session.query(self.SQLEvent.sender_id).group_by(self.SQLEvent.sender_id)
                    .having(sa.func.max(self.SQLEvent.timestamp) < cutoff).all())
        return [sender_id for (sender_id,) in rows]

    def purge_idle(self, now: Optional[float] = None) -> int:
        """Deletes the conversations idle longer than the retention period; returns how many."""
        idle = self.idle_conversations(now)
        for sender_id in idle:
            self.delete(sender_id)
        if idle:
            logger.info("retention: deleted %d conversation(s) idle for more than %.0f days", len(idle), self.retention_seconds / DAY_SECONDS)
        return len(idle)

    def _start_purging(self) -> None:
        def loop() -> None:
            while True:
                time.sleep(PURGE_EVERY_SECONDS)
                try:
                    self.purge_idle()
                except Exception as error:  # a database hiccup must not end the purging for good
                    logger.warning("retention: purge failed (%s); trying again in an hour", type(error).__name__)

        threading.Thread(target=loop, name="lotse-retention", daemon=True).start()
