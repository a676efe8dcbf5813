"""One injectable clock for every timeout, poll interval, backoff and duration."""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Protocol

# China Standard Time (UTC+8, no daylight saving): what residents, receipts and cards read.
CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")

class Clock(Protocol):
    """What the kiosk needs to know about time."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards (for durations)."""

    def now(self) -> dt.datetime:
        """Wall-clock time, timezone-aware UTC (for records and signatures)."""

    def sleep(self, seconds: float) -> None:
        """Wait; a manual clock advances instead of waiting."""


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        """Seconds from ``time.monotonic``."""
        return time.monotonic()

    def now(self) -> dt.datetime:
        """The current UTC time."""
        return dt.datetime.now(dt.UTC)

    def sleep(self, seconds: float) -> None:
        """Block the calling thread."""
        if seconds > 0:
            time.sleep(seconds)


class ManualClock:
    """A clock that moves only when told to, so tests control time exactly."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._mono = 1000.0
        self._wall = start or dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)

    def monotonic(self) -> float:
        """The manual monotonic reading."""
        with self._lock:
            return self._mono

    def now(self) -> dt.datetime:
        """The manual wall-clock reading."""
        with self._lock:
            return self._wall

    def sleep(self, seconds: float) -> None:
        """Advance instead of waiting."""
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        """Move both readings forward."""
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        with self._lock:
            self._mono += seconds
            self._wall += dt.timedelta(seconds=seconds)


class JumpingClock:
    """Another clock whose wall time can be jumped (the dev dock's "clock jump" fault).

    Only ``now()`` moves: durations (``monotonic``) and waits stay real, as when a
    terminal's RTC is set wrong or NTP steps it while the kiosk runs.
    """

    def __init__(self, inner: Clock) -> None:
        self._inner = inner
        self._lock = threading.Lock()
        self._offset = dt.timedelta()

    @property
    def offset_s(self) -> float:
        """How far the wall time is off the inner clock's, in seconds."""
        with self._lock:
            return self._offset.total_seconds()

    def jump(self, seconds: float) -> float:
        """Move the wall time by ``seconds`` (either way); the offset now in force."""
        with self._lock:
            self._offset += dt.timedelta(seconds=seconds)
            return self._offset.total_seconds()

    def reset(self) -> None:
        """Back to the inner clock's wall time."""
        with self._lock:
            self._offset = dt.timedelta()

    def monotonic(self) -> float:
        """The inner monotonic reading, never jumped."""
        return self._inner.monotonic()

    def now(self) -> dt.datetime:
        """The inner wall time plus the jumps so far."""
        with self._lock:
            offset = self._offset
        return self._inner.now() + offset

    def sleep(self, seconds: float) -> None:
        """The inner clock's wait."""
        self._inner.sleep(seconds)
