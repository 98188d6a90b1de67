"""A real, throwaway PostgreSQL server for the tests that need one (never a mock).

Started on first use with :class:`bot.cli.local_services.Postgres` (Debian's ``postgresql``, which
``make test`` installs): a new cluster in a temporary folder on a free loopback port, without
fsync; stopped and removed when the test process ends. Each :func:`postgres_url` is a new, empty
database.
"""
from __future__ import annotations

import atexit
import itertools
import os
import shutil
import tempfile
from pathlib import Path
from typing import Optional

from bot.cli.local_services import Postgres, free_port

_counter = itertools.count()
_server: Optional[Postgres] = None


def shared_postgres() -> Postgres:
    """The test server (started on first use, stopped at exit)."""
    global _server
    if _server is None:
        directory = Path(tempfile.mkdtemp(prefix="lotse-pg-"))
        _server = Postgres(directory, free_port()).start(fast_and_unsafe=True)

        def stop() -> None:
            _server.stop()  # type: ignore[union-attr]
            shutil.rmtree(directory, ignore_errors=True)

        atexit.register(stop)
    return _server


def postgres_url() -> str:
    """The URL of a new, empty database on the test server."""
    return shared_postgres().create_database(f"lotse_test_{os.getpid()}_{next(_counter)}")
