"""The technician screens' Python side: sign-in, the terminal's state, the checks, leaving.

The decisions are :class:`kiosk.app.technician.desk.TechnicianDesk`'s and the
checks are ``kiosk.app.technician.checks``'; this adapter runs them on one
worker thread (a hub call, a card read, a hash, a print: never on the UI
thread), keeps the PIN digits typed so far (QML holds none) and publishes
ready-to-draw values. While the desk is not closed the device adapter stops
watching for residents' cards, so the technician's card never starts an errand.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import Property, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement

from devices.citizen_card.protocol import CitizenCardReaderStatus
from kiosk.app.runtime import Runtime
from kiosk.app.technician import checks
from kiosk.app.technician.desk import DeskState, Notice, TechnicianDesk
from kiosk.app.technician.problems import ProblemLog
from kiosk.app.technician.status import TerminalStatus, terminal_status
from kiosk.base.clock import CHINA_TIME
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import UiWorkerFailed
from kiosk.base.i18n import translate
from ui.adapters.devices_adapter import DevicesAdapter
from ui.adapters.journey_adapter import JourneyAdapter

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

MAX_PIN_DIGITS = 12
REFRESH_MS = 10_000  # the open screen asks the hub and the devices again this often


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    seconds = int(seconds)
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"


def status_values(status: TerminalStatus) -> dict[str, Any]:
    """The status as the plain values QML binds to."""
    hub, queue = status.hub, status.queue
    return {
        "version": status.version + (f" ({status.commit})" if status.commit else ""),
        "terminalId": status.terminal_id, "location": status.location,
        "profile": status.profile, "uptime": _age(status.uptime_s),
        "takenAt": status.taken_at.astimezone(CHINA_TIME).strftime("%H:%M:%S"),
        "hub": {"host": hub.host, "enrolled": hub.enrolled, "reachable": hub.reachable,
                "latency": "—" if hub.latency_ms is None else f"{hub.latency_ms:.0f} ms",
                "problem": hub.problem or "", "clockWarning": hub.clock_warning or "",
                "offlineMode": hub.offline_mode},
        "queue": {"pending": queue.pending, "attention": queue.attention, "sent": queue.sent,
                  "oldest": _age(queue.oldest_pending_age_s),
                  "storeKb": round(queue.store_bytes / 1024)},
        "devices": [{"name": d.name, "driver": d.driver, "status": d.status, "state": d.state,
                     "required": d.required} for d in status.devices],
        "problems": [{"time": p.at.astimezone(CHINA_TIME).strftime("%m-%d %H:%M:%S"), "level": p.level,
                      "name": p.name, "fields": p.fields} for p in status.problems],
    }


@QmlElement
class TechnicianAdapter(QObject):
    """The technician desk for QML: state, sign-in notices, status, check results."""

    _finished = Signal(object)
    leaveRequested = Signal()

    def __init__(self, rt: Runtime, desk: TechnicianDesk, problems: ProblemLog,
                 journey: JourneyAdapter, devices: DevicesAdapter, *,
                 tick_interval_ms: int = 1000, closable: bool = False,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rt = rt
        self._desk = desk
        self._problems = problems
        self._journey = journey
        self._devices = devices
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="ui-technician")
        self._pending = 0  # jobs queued or running on the worker
        self._shown = 0  # of those, the ones the technician asked for ("busy" on screen)
        self._pin: list[str] = []
        self._card_seen = False  # the card in the slot was already tried
        self._notice: Notice | None = None
        self._result: checks.CheckResult | None = None
        self._status: dict[str, Any] = {}
        self._values: dict[str, Any] = {"state": desk.state.value, "busy": False,
                                        "lockedSeconds": 0, "mayClose": closable}
        self._closing = False
        self._finished.connect(self._apply, Qt.ConnectionType.QueuedConnection)
        journey.localeChanged.connect(self._republish)
        self._ticker = QTimer(self)
        self._ticker.setInterval(tick_interval_ms)
        self._ticker.timeout.connect(self.tick)
        if tick_interval_ms > 0:
            self._ticker.start()
        self._poller = QTimer(self)
        self._poller.setInterval(max(100, int(rt.ctx.config.timeouts.card_poll_s * 1000)))
        self._poller.timeout.connect(self._poll_card)
        self._refresher = QTimer(self)
        self._refresher.setInterval(REFRESH_MS)
        self._refresher.timeout.connect(self._read_status)

    # --- the worker ---------------------------------------------------------------------

    def _run(self, work: Callable[[], Any], then: Callable[[Any], None], *,
             shown: bool = True) -> None:
        """Run ``work`` on the worker; ``then(result)`` afterwards on the UI thread.

        A ``shown`` job is one the technician asked for: the screen says it is working and
        the keys wait. Background jobs (watching the card slot, the periodic refresh) must not
        grey the keypad out under a finger, so they only queue on the same worker.
        """
        if self._closing:
            return
        self._pending += 1
        if shown:
            self._shown += 1
            self._set("busy", True)

        def job() -> None:
            try:
                result = work()
            except Exception as exc:
                # A bug must not leave the screen busy for ever; the type only.
                emit(UiWorkerFailed(worker=Ident("technician"),
                                    exc_type=Ident.of(type(exc).__name__)))
                self._finished.emit((lambda _r: None, None, shown))
                return
            self._finished.emit((then, result, shown))

        self._pool.submit(job)

    @Slot(object)
    def _apply(self, done: object) -> None:
        then, result, shown = cast("tuple[Callable[[Any], None], Any, bool]", done)
        self._pending -= 1
        if shown:
            self._shown -= 1
        then(result)
        self._set("busy", self._shown > 0)
        self._sync_state()

    def shutdown(self) -> None:
        """Stop the timers and the worker (the window is closing)."""
        self._closing = True
        for timer in (self._ticker, self._poller, self._refresher):
            timer.stop()
        self._pool.shutdown(wait=True, cancel_futures=True)

    # --- state ------------------------------------------------------------------------

    def _locale(self) -> str:
        return str(self._journey.value("locale"))

    def _sync_state(self) -> None:
        state = self._desk.state
        if self._values["state"] != state.value:
            if state is DeskState.CLOSED:
                self._pin.clear()
                self._notice = None
                self._result = None
                self._status = {}
                self._republish()
            self._devices.set_paused(state is not DeskState.CLOSED)
            if state is DeskState.SIGN_IN:
                self._card_seen = False
                self._poller.start()
            else:
                self._poller.stop()
            if state is DeskState.OPEN:
                self._pin.clear()
                self._notice = None
                self._refresher.start()
                self._read_status(shown=True)
            else:
                self._refresher.stop()
        self._set("state", state.value)
        technician = self._desk.technician
        self._set("staff", technician.staff_id if technician is not None else "")
        self._set("method", technician.method.value if technician is not None else "")
        self._set("pinLength", len(self._pin))

    def _republish(self) -> None:
        loc = self._locale()
        notice = self._notice
        self._set("notice", translate(notice.key, loc, **notice.params) if notice else "")
        self._set("noticeError", bool(notice and notice.error))
        result = self._result
        self._set("resultText", translate(result.key, loc, **result.params) if result else "")
        self._set("resultOutcome", result.outcome.value if result else "")
        self._set("status", self._status)

    def _set(self, name: str, value: Any) -> None:
        if self._values.get(name) != value:
            self._values[name] = value
            signal = getattr(self, name + "Changed", None)
            if signal is not None:
                signal.emit()

    def value(self, name: str) -> Any:
        """A published value, for Python callers (tests)."""
        return self._values.get(name)

    @property
    def desk(self) -> TechnicianDesk:
        """The state machine behind the screens."""
        return self._desk

    @property
    def shown_notice(self) -> Notice | None:
        """The sign-in screen's message as key and parameters (what ``notice`` translates)."""
        return self._notice

    @property
    def shown_result(self) -> checks.CheckResult | None:
        """The last check's result as the screen shows it (what ``resultText`` translates)."""
        return self._result

    # --- timers -------------------------------------------------------------------------

    @Slot()
    def tick(self) -> None:
        """Close an idle desk; count the PIN lock-out down."""
        if self._desk.state is DeskState.CLOSED:
            return
        if self._pending == 0 and self._desk.check_idle():
            self._sync_state()
            return
        self._set("lockedSeconds", round(self._desk.locked_for()))

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
        opened = self._desk.open_sign_in()
        self._sync_state()
        self._republish()
        return opened

    @Slot()
    def cancel(self) -> None:
        """Back to the resident's start screen without signing in."""
        self._desk.cancel()
        self._sync_state()

    @Slot()
    def touch(self) -> None:
        """Any press on a technician screen: not idle."""
        self._desk.touch()

    @Slot(str)
    def pressDigit(self, digit: str) -> None:
        """One PIN digit typed (kept here, never in QML)."""
        self._desk.touch()
        if len(digit) == 1 and digit.isdigit() and len(self._pin) < MAX_PIN_DIGITS:
            self._pin.append(digit)
        self._set("pinLength", len(self._pin))

    @Slot()
    def erase(self) -> None:
        """Remove the last PIN digit."""
        self._desk.touch()
        if self._pin:
            self._pin.pop()
        self._set("pinLength", len(self._pin))

    @Slot()
    def submitPin(self) -> None:
        """Check the PIN typed (on the worker: the hash is deliberately slow)."""
        if not self._pin or self._shown:
            return
        pin = "".join(self._pin)
        self._pin.clear()
        self._set("pinLength", 0)
        self._run(lambda: self._desk.enter_pin(pin), self._after_pin)

    def _after_pin(self, notice: Notice | None) -> None:
        self._notice = notice
        self._set("lockedSeconds", round(self._desk.locked_for()))
        self._republish()

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
        self._status = status_values(status)
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

    @Slot()
    def signOut(self) -> None:
        """Close the technician screen: back to the residents' start screen."""
        self._desk.sign_out()
        self._sync_state()

    @Slot()
    def leaveKiosk(self) -> None:
        """End the kiosk app for maintenance; only a signed-in technician can."""
        if self._desk.leave():
            self.allow_close()
            self._sync_state()
            self.leaveRequested.emit()

    def allow_close(self) -> None:
        """Let the window close (leaving, or the app shutting down)."""
        self._set("mayClose", True)

    # --- for QML ------------------------------------------------------------------------

    stateChanged = Signal()

    @Property(str, notify=stateChanged)
    def state(self) -> str:
        """``closed``, ``sign_in`` or ``open``."""
        return str(self._values["state"])

    mayCloseChanged = Signal()

    @Property(bool, notify=mayCloseChanged)
    def mayClose(self) -> bool:
        """Whether the window may close: only after leaving from the technician screen."""
        return bool(self._values["mayClose"])

    busyChanged = Signal()

    @Property(bool, notify=busyChanged)
    def busy(self) -> bool:
        """A check, a sign-in or a refresh is running."""
        return bool(self._values["busy"])

    pinLengthChanged = Signal()

    @Property(int, notify=pinLengthChanged)
    def pinLength(self) -> int:
        """How many PIN digits are typed (shown as dots)."""
        return int(self._values.get("pinLength", 0))

    lockedSecondsChanged = Signal()

    @Property(int, notify=lockedSecondsChanged)
    def lockedSeconds(self) -> int:
        """Seconds until the PIN may be tried again (0: now)."""
        return int(self._values["lockedSeconds"])

    noticeChanged = Signal()

    @Property(str, notify=noticeChanged)
    def notice(self) -> str:
        """The sign-in screen's message, in the kiosk's language."""
        return str(self._values.get("notice", ""))

    noticeErrorChanged = Signal()

    @Property(bool, notify=noticeErrorChanged)
    def noticeError(self) -> bool:
        """Whether the message reports a failure."""
        return bool(self._values.get("noticeError", False))

    staffChanged = Signal()

    @Property(str, notify=staffChanged)
    def staff(self) -> str:
        """The signed-in technician's staff id (``PIN`` for a PIN sign-in)."""
        return str(self._values.get("staff", ""))

    methodChanged = Signal()

    @Property(str, notify=methodChanged)
    def method(self) -> str:
        """``card`` or ``pin``."""
        return str(self._values.get("method", ""))

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
