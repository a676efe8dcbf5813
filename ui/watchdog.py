"""systemd's watchdog for the kiosk window: READY=1 on the first frame, WATCHDOG=1 from the event loop.

The pings come from a ``QTimer`` on the UI thread, so they stop when the event
loop stops: a QML binding loop, a deadlock or blocking I/O on the UI thread
freezes the screen and, ``WatchdogSec=`` later, systemd restarts the unit.
"""

from __future__ import annotations

import logging
import signal
import threading

from PySide6.QtCore import QObject, QTimer
from PySide6.QtQuick import QQuickWindow

from kiosk.base.sdnotify import Notifier, watchdog_interval_s

log = logging.getLogger(__name__)

# The dev-only freeze trigger (simulated profile): `kill -USR2 <pid>` blocks the event loop.
FREEZE_SIGNAL = signal.SIGUSR2


class SystemdWatchdog(QObject):
    """Tells systemd the kiosk is up once its first frame is on screen, then keeps pinging."""

    def __init__(self, window: QQuickWindow, notifier: Notifier,
                 interval_s: float | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self._ready = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._notifier.watchdog)
        if interval_s:
            self._timer.setInterval(max(1, round(interval_s * 1000)))
            # systemd arms the watchdog once READY=1 is in; a ping before that is ignored.
            self._timer.start()
        window.frameSwapped.connect(self._first_frame)
        self._window = window

    @property
    def ready(self) -> bool:
        """Whether READY=1 was sent."""
        return self._ready

    def _first_frame(self) -> None:
        if self._ready:
            return
        self._ready = True
        self._window.frameSwapped.disconnect(self._first_frame)
        self._notifier.ready("first screen shown")

    def hand_over(self) -> None:
        """Stop pinging without saying goodbye: the next window's watchdog takes over."""
        self._timer.stop()

    def stop(self) -> None:
        """The kiosk is closing on purpose: say so and stop pinging."""
        self._timer.stop()
        self._notifier.stopping()


def start_watchdog(window: QQuickWindow, notifier: Notifier | None = None) -> SystemdWatchdog:
    """The watchdog for ``window`` from systemd's environment (a no-op outside systemd)."""
    return SystemdWatchdog(window, notifier or Notifier.from_env(), watchdog_interval_s())


def install_freeze_trigger(notifier: Notifier) -> None:
    """Development only: SIGUSR2 blocks the UI thread for good, to prove the watchdog fires.

    Only the simulated profile installs it. Before blocking, it reports the freeze
    as STATUS=, on the same thread as the pings, so whoever listens knows that no
    ping can follow.
    """
    def freeze(_signum: int, _frame: object) -> None:
        log.warning("SIGUSR2: freezing the UI event loop (simulated profile)")
        notifier.status("event loop frozen by SIGUSR2 (simulation)")
        threading.Event().wait()

    signal.signal(FREEZE_SIGNAL, freeze)
