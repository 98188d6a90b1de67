"""Consultation times of a location (``times:`` in services.yml) and the next dates they fall on.

A time is weekly (``weekday: tue``), on some weeks of the month only (``weeks: [1, 3]``: the
first and third Tuesday — how mobile consultation days in smaller towns are announced), or a
single day (``date: 2026-12-08``); each with ``from`` and ``to``. Plain Python.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import List, Optional, Tuple

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Far enough ahead for a monthly day; times further out are not "next".
LOOKAHEAD_DAYS = 62


@dataclass(frozen=True)
class ConsultationTime:
    start: dt.time
    end: dt.time
    weekday: Optional[int] = None  # 0 = Monday
    weeks: Tuple[int, ...] = ()  # which such weekday of the month (1-5); empty: every week
    date: Optional[dt.date] = None  # a single consultation day

    def falls_on(self, day: dt.date) -> bool:
        if self.date is not None:
            return day == self.date
        if day.weekday() != self.weekday:
            return False
        return not self.weeks or (day.day - 1) // 7 + 1 in self.weeks


@dataclass(frozen=True)
class Session:
    day: dt.date
    start: dt.time
    end: dt.time


def next_sessions(times: Tuple[ConsultationTime, ...], now: dt.datetime, count: int = 2) -> List[Session]:
    """The next ``count`` sessions that have not ended at ``now`` (local time), soonest first."""
    found: List[Session] = []
    for offset in range(LOOKAHEAD_DAYS):
        day = now.date() + dt.timedelta(days=offset)
        today = sorted((t for t in times if t.falls_on(day)), key=lambda t: t.start)
        for time in today:
            if offset == 0 and time.end <= now.time():
                continue
            found.append(Session(day, time.start, time.end))
            if len(found) == count:
                return found
    return found


def parse_clock(value: object) -> Optional[dt.time]:
    """"09:30" → 09:30. YAML reads an unquoted 09:30 as the number 570 (base 60); that is taken too."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt.time(value // 60, value % 60)
    if isinstance(value, str):
        try:
            hours, minutes = value.strip().split(":")
            return dt.time(int(hours), int(minutes))
        except ValueError:
            return None
    return None
