"""Periodic terminal telemetry: device states, queue depth, faults, anonymised journey counts.

Staff learn from the heartbeat which submissions need attention (client ids
only) and when the store hit a disk fault, so they can contact the resident;
nothing personal is ever in it.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import threading
from collections import Counter
from collections.abc import Callable

from devices.factory import DeviceSet
from kiosk import __version__
from kiosk.app.circle.measures import heartbeat_counts, one_visit_figures
from kiosk.base.clock import CHINA_TIME, Clock
from kiosk.hub.errors import HubError
from kiosk.hub.schema import DeviceState, DeviceStatus, Heartbeat, HeartbeatAck, QueueCounts
from offline_cache.errands import ErrandLog
from offline_cache.outbox import Outbox

log = logging.getLogger(__name__)


_OK = {"ready", "card_present", "no_card", "streaming"}
_DEGRADED = {"paper_near_end", "unknown"}
_ABSENT = {"disconnected"}


def device_state(status: enum.Enum) -> DeviceState:
    """Fold a device's own status enum into the hub's four states."""
    value = str(status.value)
    if value in _OK:
        return "ok"
    if value in _DEGRADED:
        return "degraded"
    if value in _ABSENT:
        return "absent"
    return "fault"


def device_statuses(devices: DeviceSet) -> list[DeviceStatus]:
    """One entry per configured device (status calls never raise by contract)."""
    pairs: list[tuple[str, enum.Enum]] = [
        ("idcard", devices.idcard.status()),
        ("citizen_card", devices.citizen_card.status()),
        ("camera", devices.camera.status()),
        ("printer", devices.printer.status()),
        ("barcode", devices.barcode.status()),
    ]
    return [DeviceStatus(name=name, state=device_state(st), detail=str(st.value))
            for name, st in pairs]


class JourneyCounts:
    """Thread-safe counters of journey outcomes (no identities, just numbers)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()

    def add(self, name: str) -> None:
        """Count one event such as ``submitted_sent`` or ``ended_timeout``."""
        with self._lock:
            self._counts[name] += 1

    def snapshot(self) -> dict[str, int]:
        """Current totals since start-up."""
        with self._lock:
            return dict(self._counts)


def build_heartbeat(outbox: Outbox, devices: DeviceSet | None, counts: JourneyCounts,
                    clock: Clock, errands: ErrandLog | None = None) -> Heartbeat:
    """The heartbeat as of now; with ``errands``, today's one-visit measures too."""
    now = clock.now()
    local_midnight = now.astimezone(CHINA_TIME).replace(hour=0, minute=0, second=0, microsecond=0)
    today = local_midnight.astimezone(dt.UTC)
    fields = outbox.heartbeat_fields(today)
    one_visit = None
    if errands is not None:
        one_visit = heartbeat_counts(one_visit_figures(errands.store, today), today)
    return Heartbeat(
        sent_at=now,
        app_version=__version__,
        devices=device_statuses(devices) if devices is not None else [],
        queue=QueueCounts(**fields["queue"]),
        needs_attention=fields["needs_attention"],
        storage_faults=fields["storage_faults"],
        journeys=counts.snapshot(),
        one_visit=one_visit,
    )


class HeartbeatSender:
    """Sends a heartbeat every ``interval_s`` from a background thread."""

    def __init__(self, outbox: Outbox, devices: DeviceSet | None, counts: JourneyCounts,
                 client: Callable[[], object | None], clock: Clock, interval_s: float,
                 errands: ErrandLog | None = None) -> None:
        self.outbox = outbox
        self.errands = errands
        self.devices = devices
        self.counts = counts
        self._client = client
        self.clock = clock
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_ack: HeartbeatAck | None = None

    def send_once(self) -> bool:
        """Send one heartbeat now; ``False`` when offline or the hub refused it."""
        client = self._client()
        if client is None:
            return False
        beat = build_heartbeat(self.outbox, self.devices, self.counts, self.clock, self.errands)
        try:
            self.last_ack = client.heartbeat(beat)  # type: ignore[attr-defined]
        except HubError as exc:
            log.info("heartbeat not delivered: %s", exc.kind.value)
            return False
        if beat.storage_faults:
            self.outbox.store.mark_faults_reported()
        return True

    def start(self) -> None:
        """Start the background thread."""
        if self._thread is not None:
            return
        self._stop.clear()

        def run() -> None:
            while not self._stop.is_set():
                self.send_once()
                # Waits on the event so stop() is immediate; the interval is config.
                self._stop.wait(self.interval_s)

        self._thread = threading.Thread(target=run, name="heartbeat", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the background thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
