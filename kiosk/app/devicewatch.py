"""Watch every device's status from one background thread; log and count each change.

The UI and the heartbeat ask devices for their status on their own; this watch
is what turns a change into a ``device.status_changed`` event (and so into the
device metrics) whether or not a screen is running.
"""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass

from devices.factory import DeviceSet
from kiosk.app.heartbeat import device_state
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import DeviceStatusChanged


@dataclass(frozen=True)
class DeviceReading:
    """One device's last seen status and whether the config requires it."""

    device: str
    status: enum.Enum
    required: bool


class DeviceWatch:
    """Polls each device's ``status()`` (which never raises) every ``interval_s``."""

    def __init__(self, devices: DeviceSet, interval_s: float) -> None:
        self.devices = devices
        self.interval_s = interval_s
        self._last: dict[str, enum.Enum] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _statuses(self) -> list[tuple[str, enum.Enum]]:
        d = self.devices
        return [("idcard", d.idcard.status()), ("citizen_card", d.citizen_card.status()),
                ("camera", d.camera.status()), ("printer", d.printer.status()),
                ("barcode", d.barcode.status())]

    def check(self) -> list[DeviceReading]:
        """Read every status now; emit an event for each one that changed (or is new)."""
        readings = []
        for name, status in self._statuses():
            config = self.devices.configs.get(name)
            required = bool(config.required) if config is not None else False
            with self._lock:
                previous = self._last.get(name)
                self._last[name] = status
            if previous is not status:
                emit(DeviceStatusChanged(
                    device=Ident(name), status=Ident.of(str(status.value)),
                    state=device_state(status),
                    previous=None if previous is None else Ident.of(str(previous.value)),
                    required=required))
            readings.append(DeviceReading(name, status, required))
        return readings

    def start(self) -> None:
        """Check once now, then every ``interval_s`` from a background thread."""
        if self._thread is not None:
            return
        self.check()
        self._stop.clear()

        def run() -> None:
            # Waits on the event so stop() is immediate.
            while not self._stop.wait(self.interval_s):
                self.check()

        self._thread = threading.Thread(target=run, name="device-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
