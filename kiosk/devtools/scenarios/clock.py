"""The scenario kiosk's clock: the real one, plus the jumps a scenario asks for."""

from __future__ import annotations

import datetime as dt
import threading

from kiosk.base.clock import SystemClock


class ScenarioClock:
    """Real time, with "time passes" (monotonic) and "the clock jumps" (wall) offsets.

    The two are separate on purpose: a resident who waits moves the idle countdown,
    which runs on the monotonic reading, while a wall clock set wrong is what breaks
    request signatures against the hub (which keeps the true time).
    """

    def __init__(self) -> None:
        self._base = SystemClock()
        self._lock = threading.Lock()
        self._passed = 0.0
        self._skew = dt.timedelta(0)

    def monotonic(self) -> float:
        """Real monotonic seconds plus the time let pass so far."""
        with self._lock:
            return self._base.monotonic() + self._passed

    def now(self) -> dt.datetime:
        """The real wall clock, shifted by any jump."""
        with self._lock:
            return self._base.now() + self._skew

    def sleep(self, seconds: float) -> None:
        """Really wait: device threads pace themselves with this."""
        self._base.sleep(seconds)

    def let_pass(self, seconds: float) -> None:
        """Let ``seconds`` go by at once for timeouts and countdowns."""
        if seconds < 0:
            raise ValueError("time cannot pass backwards")
        with self._lock:
            self._passed += seconds

    def jump_wall(self, seconds: float) -> None:
        """Set the wall clock forward (or back, negative) by ``seconds``."""
        with self._lock:
            self._skew += dt.timedelta(seconds=seconds)
