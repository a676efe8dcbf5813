"""What the technician screen shows about the terminal: version, hub, queue, devices, problems.

Built on a worker thread (asking the hub for its health can take up to the hub
timeout); every value is technical: no resident's data reaches this screen.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from urllib.parse import urlsplit

from kiosk.app.heartbeat import device_state
from kiosk.app.runtime import Runtime
from kiosk.app.technician.problems import Problem, ProblemLog
from kiosk.base import version
from kiosk.hub.errors import HubError
from offline_cache.outbox import NEEDS_ATTENTION, PENDING, SENDING, SENT

# The order devices are listed in, as the configuration and the doctor list them.
DEVICE_ORDER = ("idcard", "citizen_card", "camera", "printer", "barcode")


@dataclass(frozen=True)
class DeviceLine:
    """One device: its driver, its own status value, the hub's four-state fold of it."""

    name: str
    driver: str
    status: str
    state: str  # ok | degraded | absent | fault
    required: bool


@dataclass(frozen=True)
class HubLine:
    """Where the hub is, whether this terminal is enrolled and whether the hub answers now."""

    host: str
    enrolled: bool
    reachable: bool
    latency_ms: float | None
    problem: str | None  # a hub error kind or reason, or why the terminal is not enrolled
    clock_warning: str | None
    offline_mode: bool


@dataclass(frozen=True)
class QueueLine:
    """The outbox: submissions waiting, failing, sent; the oldest waiting one's age."""

    pending: int
    attention: int
    sent: int
    oldest_pending_age_s: float | None
    store_bytes: int


@dataclass(frozen=True)
class TerminalStatus:
    """Everything the technician screen lists, at one moment."""

    taken_at: dt.datetime
    version: str
    commit: str | None
    terminal_id: str
    location: str
    profile: str
    uptime_s: float
    hub: HubLine
    queue: QueueLine
    devices: tuple[DeviceLine, ...]
    problems: tuple[Problem, ...]


def _statuses(rt: Runtime) -> dict[str, enum.Enum]:
    if rt.devices is None:
        return {}
    d = rt.devices
    # Each status() call never raises, by the device protocols' contract.
    return {"idcard": d.idcard.status(), "citizen_card": d.citizen_card.status(),
            "camera": d.camera.status(), "printer": d.printer.status(),
            "barcode": d.barcode.status()}


def device_lines(rt: Runtime) -> tuple[DeviceLine, ...]:
    """One line per device family, in the configuration's order."""
    statuses = _statuses(rt)
    lines = []
    for name in DEVICE_ORDER:
        status = statuses.get(name)
        config = rt.ctx.config.devices.get(name)
        if status is None:
            continue
        lines.append(DeviceLine(name, config.driver if config is not None else "none",
                                str(status.value), device_state(status),
                                bool(config.required) if config is not None else False))
    return tuple(lines)


def hub_line(rt: Runtime) -> HubLine:
    """Ask the hub for its health now (blocking, bounded by the hub timeout)."""
    host = urlsplit(rt.hub.url).netloc or rt.hub.url
    if rt.client is None:
        why = rt.enrolment.outcome.value if rt.enrolment is not None else "offline"
        return HubLine(host, False, False, None, why, None, rt.offline)
    clock = rt.ctx.clock
    started = clock.monotonic()
    try:
        rt.client.health()
    except HubError as exc:
        return HubLine(host, True, False, None, exc.reason or exc.kind.value,
                       rt.client.clock_warning, rt.offline)
    latency = (clock.monotonic() - started) * 1000.0
    return HubLine(host, True, True, round(latency, 1), None, rt.client.clock_warning, rt.offline)


def queue_line(rt: Runtime) -> QueueLine:
    """The outbox's counts and oldest waiting age."""
    status = rt.outbox.status()
    counts = status.counts
    return QueueLine(pending=int(counts.get(PENDING, 0)) + int(counts.get(SENDING, 0)),
                     attention=int(counts.get(NEEDS_ATTENTION, 0)),
                     sent=int(counts.get(SENT, 0)),
                     oldest_pending_age_s=status.oldest_pending_age_s,
                     store_bytes=status.bytes)


def terminal_status(rt: Runtime, problems: ProblemLog) -> TerminalStatus:
    """The whole picture; blocks for the hub's health check."""
    config = rt.ctx.config
    current = version.current()
    return TerminalStatus(
        taken_at=rt.ctx.clock.now(), version=current.version, commit=current.commit,
        terminal_id=rt.credentials.terminal_id if rt.credentials else config.terminal.id,
        location=config.terminal.location, profile=config.profile,
        uptime_s=max(0.0, rt.ctx.clock.monotonic() - rt.started_at),
        hub=hub_line(rt), queue=queue_line(rt), devices=device_lines(rt),
        problems=tuple(problems.newest()))
