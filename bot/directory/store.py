"""Keep the directory current in a running server without a restart.

``DirectoryStore.current()`` looks at the files' modification times (at most every
``check_seconds``) and reloads when they changed. An invalid edit is logged with every
problem and the last valid directory stays in use, so a maintainer's typo never takes
the bot down.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from pathlib import Path
from typing import Callable, List, Optional, Tuple

from bot.directory.loader import DirectoryError, load_directory
from bot.directory.model import Directory
from bot.directory.places import Problem

logger = logging.getLogger(__name__)


class DirectoryStore:
    def __init__(
        self,
        services_path: Path,
        places_path: Path,
        today: Callable[[], dt.date] = dt.date.today,
        check_seconds: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.services_path = Path(services_path)
        self.places_path = Path(places_path)
        self.today = today
        self.check_seconds = check_seconds
        self.clock = clock
        self._directory: Optional[Directory] = None
        self._stamp: Optional[Tuple[float, float]] = None
        self._last_check: Optional[float] = None
        self._lock = threading.Lock()
        self.last_problems: List[Problem] = []

    def _file_stamp(self) -> Tuple[float, float]:
        def mtime(path: Path) -> float:
            try:
                return path.stat().st_mtime_ns
            except OSError:
                return -1.0
        return (mtime(self.services_path), mtime(self.places_path))

    def current(self) -> Directory:
        """The directory in use, reloaded first if a file changed. Raises DirectoryError
        only if no valid directory was ever loaded."""
        with self._lock:
            now = self.clock()
            due = self._last_check is None or now - self._last_check >= self.check_seconds
            if due:
                self._last_check = now
                stamp = self._file_stamp()
                if stamp != self._stamp:
                    self._reload(stamp)
            if self._directory is None:
                raise DirectoryError(self.last_problems)
            return self._directory

    def _reload(self, stamp: Tuple[float, float]) -> None:
        try:
            directory, problems = load_directory(self.services_path, self.places_path, self.today())
        except Exception as error:  # whatever went wrong, the last valid directory stays in use
            directory, problems = None, [Problem(str(self.services_path), 1, f"could not be loaded ({type(error).__name__})")]
        self._stamp = stamp
        self.last_problems = problems
        if directory is None:
            errors = [str(p) for p in problems if p.severity == "error"]
            keeping = "keeping the last valid directory" if self._directory else "no valid directory loaded yet"
            logger.error("services directory not reloaded (%s):\n%s", keeping, "\n".join(errors))
            return
        if self._directory is not None:
            logger.info("services directory reloaded: %d services", len(directory.services))
        self._directory = directory
