"""The last warnings and errors the kiosk logged, for the technician screen.

Every log line is a catalogued event whose fields can only be numbers, flags
and identifier tokens (``kiosk.base.events.fields``), so showing them on the
technician screen shows nothing personal. The log keeps them in memory only:
the journal has the full history.
"""

from __future__ import annotations

import collections
import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.base.clock import Clock
from kiosk.base.events import Event, Level, subscribe
from kiosk.base.events.catalogue import TechnicianSignedIn

DEFAULT_KEEP = 20
# Logged at warning level for the audit trail, but no fault: the technician's own sign-in.
NOT_PROBLEMS = frozenset({TechnicianSignedIn.NAME})


@dataclass(frozen=True)
class Problem:
    """One warning or error event: when, how bad, which, and its fields as ``key=value``."""

    at: dt.datetime
    level: str
    name: str
    fields: str


def describe(event: Event) -> str:
    """The event's fields as ``key=value`` pairs (``None`` fields left out)."""
    values, _refused = event.encoded()
    return " ".join(f"{key}={value}" for key, value in values.items() if value is not None)


class ProblemLog:
    """Keeps the newest ``keep`` events at warning level or above while it is subscribed."""

    def __init__(self, clock: Clock, keep: int = DEFAULT_KEEP) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._seen: collections.deque[Problem] = collections.deque(maxlen=keep)
        self._stop: Callable[[], None] | None = None

    def start(self) -> None:
        """Begin collecting (idempotent)."""
        if self._stop is None:
            self._stop = subscribe(self._on_event)

    def stop(self) -> None:
        """Stop collecting; what was seen stays readable."""
        if self._stop is not None:
            self._stop()
            self._stop = None

    def _on_event(self, event: Event) -> None:
        level = event.level()
        if level < Level.WARNING or event.NAME in NOT_PROBLEMS:
            return
        problem = Problem(self._clock.now(), level.label, event.NAME, describe(event))
        with self._lock:
            self._seen.append(problem)

    def newest(self, count: int = DEFAULT_KEEP) -> list[Problem]:
        """Up to ``count`` problems, newest first."""
        with self._lock:
            return list(reversed(self._seen))[:count]
