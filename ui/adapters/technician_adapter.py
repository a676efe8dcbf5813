"""The technician screens' Python side: sign-in, the terminal's state, the checks, leaving.

The decisions are :class:`kiosk.app.technician.desk.TechnicianDesk`'s and the
checks are ``kiosk.app.technician.checks``'; the sign-in, the worker thread (a hub
call, a card read, a hash, a print: never on the UI thread) and leaving are
:class:`ui.adapters.desk_adapter.DeskAdapter`'s. This adapter adds the card slot,
the terminal's state and the checks, and publishes them ready to draw. While the
desk is not closed the device adapter stops watching for residents' cards, so the
technician's card never starts an errand.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement

from devices.citizen_card.protocol import CitizenCardReaderStatus
from kiosk.app.runtime import Runtime
from kiosk.app.technician import checks
from kiosk.app.technician.desk import DeskState, Notice, TechnicianDesk
from kiosk.app.technician.problems import ProblemLog
from kiosk.app.technician.status import TerminalStatus, terminal_status
from kiosk.base.clock import CHINA_TIME
from kiosk.base.i18n import translate
from kiosk.base.version import Version
from ui.adapters.desk_adapter import DeskAdapter
from ui.adapters.devices_adapter import DevicesAdapter
from ui.adapters.journey_adapter import JourneyAdapter

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

REFRESH_MS = 10_000  # the open screen asks the hub and the devices again this often


def _age(seconds: float | None, locale: str) -> str:
    if seconds is None:
        return "—"
    seconds = int(seconds)
    if seconds < 120:
        return translate("technician.age_seconds", locale, s=str(seconds))
    if seconds < 7200:
        return translate("technician.age_minutes", locale, m=str(seconds // 60))
    return translate("technician.age_hours", locale, h=str(seconds // 3600),
                     m=str(seconds % 3600 // 60))


def status_values(status: TerminalStatus, locale: str) -> dict[str, Any]:
    """The status as the plain values QML binds to, durations in ``locale``'s words."""
    hub, queue = status.hub, status.queue
    return {
        "version": str(Version(status.version, status.commit)),
        "terminalId": status.terminal_id, "location": status.location,
        "profile": status.profile, "uptime": _age(status.uptime_s, locale),
        "takenAt": status.taken_at.astimezone(CHINA_TIME).strftime("%H:%M:%S"),
        "hub": {"host": hub.host, "enrolled": hub.enrolled, "reachable": hub.reachable,
                "latency": "—" if hub.latency_ms is None else translate(
                    "technician.latency_ms", locale, ms=f"{hub.latency_ms:.0f}"),
                "problem": hub.problem or "", "clockWarning": hub.clock_warning or "",
                "offlineMode": hub.offline_mode},
        "queue": {"pending": queue.pending, "attention": queue.attention, "sent": queue.sent,
                  "oldest": _age(queue.oldest_pending_age_s, locale),
                  "storeKb": round(queue.store_bytes / 1024)},
        "devices": [{"name": d.name, "driver": d.driver, "status": d.status, "state": d.state,
                     "required": d.required} for d in status.devices],
        "problems": [{"time": p.at.astimezone(CHINA_TIME).strftime("%m-%d %H:%M:%S"), "level": p.level,
                      "name": p.name, "fields": p.fields} for p in status.problems],
    }


@QmlElement
class TechnicianAdapter(DeskAdapter):
    """The technician desk for QML: state, sign-in notices, status, check results."""

    def __init__(self, rt: Runtime, desk: TechnicianDesk, problems: ProblemLog,
                 journey: JourneyAdapter, devices: DevicesAdapter, *,
                 tick_interval_ms: int = 1000, closable: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(desk, lambda: str(journey.value("locale")),
                         tick_interval_ms=tick_interval_ms, closable=closable, parent=parent)
        self._rt = rt
        self._problems = problems
        self._journey = journey
        self._devices = devices
        self._card_seen = False  # the card in the slot was already tried
        self._result: checks.CheckResult | None = None
        self._status: TerminalStatus | None = None
        journey.localeChanged.connect(self._republish)
        self._poller = QTimer(self)
        self._poller.setInterval(max(100, int(rt.ctx.config.timeouts.card_poll_s * 1000)))
        self._poller.timeout.connect(self._poll_card)
        self._refresher = QTimer(self)
        self._refresher.setInterval(REFRESH_MS)
        self._refresher.timeout.connect(self._read_status)

    def shutdown(self) -> None:
        """Stop the timers and the worker (the window is closing)."""
        self._poller.stop()
        self._refresher.stop()
        self._stop()

    # --- state ------------------------------------------------------------------------

    def _state_changed(self, state: DeskState) -> None:
        if state is DeskState.CLOSED:
            self._result = None
            self._status = None
        super()._state_changed(state)
        self._devices.set_paused(state is not DeskState.CLOSED)
        if state is DeskState.SIGN_IN:
            self._card_seen = False
            self._poller.start()
        else:
            self._poller.stop()
        if state is DeskState.OPEN:
            self._refresher.start()
            self._read_status(shown=True)
        else:
            self._refresher.stop()

    def _republish(self) -> None:
        super()._republish()
        loc = self._locale()
        result = self._result
        self._set("resultText", translate(result.key, loc, **result.params) if result else "")
        self._set("resultOutcome", result.outcome.value if result else "")
        self._set("status", {} if self._status is None else status_values(self._status, loc))

    @property
    def shown_result(self) -> checks.CheckResult | None:
        """The last check's result as the screen shows it (what ``resultText`` translates)."""
        return self._result

    # --- the card slot ------------------------------------------------------------------

    def _poll_card(self) -> None:
        if self._pending or self._desk.state is not DeskState.SIGN_IN:
            return
        reader = self._rt.devices.citizen_card if self._rt.devices is not None else None
        if reader is None:
            return

        def look() -> bool:
            self._devices.wait_paused()
            return reader.status() is CitizenCardReaderStatus.CARD_PRESENT

        def after_look(present: bool) -> None:
            if not present:
                self._card_seen = False
            elif not self._card_seen and self._desk.state is DeskState.SIGN_IN:
                # A card just went in: read it and ask the hub, as a job the screen shows.
                self._card_seen = True
                self._run(lambda: self._desk.present_card(reader.read_card()), self._after_card)

        self._run(look, after_look, shown=False)

    def _after_card(self, outcome: Notice | None) -> None:
        self._notice = outcome
        self._republish()

    # --- sign-in ------------------------------------------------------------------------

    @Slot(result=bool)
    def openSignIn(self) -> bool:
        """The hidden entry (a long press on the status bar): only on a resident-free screen."""
        # Ticks keep the journey briefly busy all the time; an action (a card being read,
        # an errand starting) is what must not be interrupted.
        if str(self._journey.value("step")) != "idle" or self._journey.value("busyAction") \
                or self._devices.property("reading"):
            return False
        return self._open_sign_in()

    # --- the open desk ------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """The technician asks to read the terminal's state again."""
        self._desk.touch()
        if not self._shown:
            self._read_status(shown=True)

    def _read_status(self, *, shown: bool = False) -> None:
        """Read the terminal's state (hub health, devices, queue, problems) on the worker."""
        if self._desk.state is not DeskState.OPEN or (self._pending and not shown):
            return
        self._run(lambda: terminal_status(self._rt, self._problems), self._after_status,
                  shown=shown)

    def _after_status(self, status: TerminalStatus) -> None:
        self._status = status
        self._republish()

    @Slot(str)
    def runCheck(self, name: str) -> None:
        """Run one check: ``test_receipt``, ``card_read`` or ``camera``."""
        self._desk.touch()
        if self._desk.state is not DeskState.OPEN or self._shown or self._rt.devices is None:
            return
        devices, clock = self._rt.devices, self._rt.ctx.clock
        work: dict[str, Callable[[], checks.CheckResult]] = {
            checks.CheckName.TEST_RECEIPT: lambda: checks.print_test_receipt(self._rt),
            checks.CheckName.CARD_READ: lambda: checks.card_read_check(devices, clock),
            checks.CheckName.CAMERA: lambda: checks.camera_check(devices),
        }
        if name not in work:
            return
        check = work[name]
        self._set("resultText", "")

        def run() -> checks.CheckResult:
            self._devices.wait_paused()  # the resident-side loop has let go of the devices
            return check()

        self._run(run, self._after_check)

    def _after_check(self, result: checks.CheckResult) -> None:
        self._result = result
        self._republish()
        self._read_status()

    # --- for QML ------------------------------------------------------------------------

    statusChanged = Signal()

    @Property("QVariantMap", notify=statusChanged)  # type: ignore[arg-type]
    def status(self) -> dict[str, Any]:
        """Version, hub, queue, devices and problems (empty until first read)."""
        return dict(self._values.get("status", {}))

    resultTextChanged = Signal()

    @Property(str, notify=resultTextChanged)
    def resultText(self) -> str:
        """The last check's result, in the kiosk's language."""
        return str(self._values.get("resultText", ""))

    resultOutcomeChanged = Signal()

    @Property(str, notify=resultOutcomeChanged)
    def resultOutcome(self) -> str:
        """``passed``, ``failed``, ``nothing`` or empty."""
        return str(self._values.get("resultOutcome", ""))
