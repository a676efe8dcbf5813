"""What both technician windows share: the desk's state, the PIN keypad, one worker, leaving.

The kiosk window (:mod:`ui.adapters.technician_adapter`) and the out-of-service
window of a kiosk that could not start (:mod:`ui.adapters.startup_desk_adapter`)
both let a technician sign in and leave the kiosk. The desk
(:class:`kiosk.app.technician.desk.TechnicianDesk`) decides; this base runs its
blocking calls (a slow PIN hash, a hub call) on one worker thread, keeps the PIN
digits typed so far (QML holds none) and publishes ready-to-draw values under the
same names, so both windows draw the same sign-in screen.
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import Property, QObject, Qt, QTimer, Signal, Slot

from kiosk.app.technician.desk import DeskState, Notice, TechnicianDesk
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import UiWorkerFailed
from kiosk.base.i18n import translate
from ui.adapters.published import publish

MAX_PIN_DIGITS = 12


class DeskAdapter(QObject):
    """The technician desk for QML: state, busy, PIN keypad, sign-in notice, leaving."""

    _finished = Signal(object)
    leaveRequested = Signal()

    def __init__(self, desk: TechnicianDesk, locale: Callable[[], str], *,
                 tick_interval_ms: int = 1000, closable: bool = False,
                 card_sign_in: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk = desk
        self._locale = locale
        self._pool = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="ui-technician")
        self._pending = 0  # jobs queued or running on the worker
        self._shown = 0  # of those, the ones the technician asked for ("busy" on screen)
        self._pin: list[str] = []
        self._notice: Notice | None = None
        self._values: dict[str, Any] = {"state": desk.state.value, "busy": False,
                                        "lockedSeconds": 0, "mayClose": closable,
                                        "cardSignIn": card_sign_in}
        self._closing = False
        self._finished.connect(self._apply, Qt.ConnectionType.QueuedConnection)
        self._ticker = QTimer(self)
        self._ticker.setInterval(tick_interval_ms)
        self._ticker.timeout.connect(self.tick)
        if tick_interval_ms > 0:
            self._ticker.start()

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

    def _stop(self) -> None:
        """Stop the ticker and the worker (the window is closing)."""
        self._closing = True
        self._ticker.stop()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def shutdown(self) -> None:
        """Stop the timers and the worker (the window is closing)."""
        self._stop()

    # --- state ------------------------------------------------------------------------

    def _state_changed(self, state: DeskState) -> None:
        """The desk moved to ``state``: start or stop what belongs to it (subclasses)."""
        if state is DeskState.CLOSED:
            self._pin.clear()
            self._notice = None
            self._republish()
        elif state is DeskState.OPEN:
            self._pin.clear()
            self._notice = None

    def _sync_state(self) -> None:
        state = self._desk.state
        if self._values["state"] != state.value:
            self._state_changed(state)
        self._set("state", state.value)
        technician = self._desk.technician
        self._set("staff", technician.staff_id if technician is not None else "")
        self._set("method", technician.method.value if technician is not None else "")
        self._set("pinLength", len(self._pin))

    def _republish(self) -> None:
        """Publish the texts again (a new notice, or the language changed)."""
        loc = self._locale()
        notice = self._notice
        self._set("notice", translate(notice.key, loc, **notice.params) if notice else "")
        self._set("noticeError", bool(notice and notice.error))

    def _set(self, name: str, value: Any) -> None:
        publish(self, self._values, name, value)

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

    # --- sign-in ------------------------------------------------------------------------

    def _open_sign_in(self) -> bool:
        opened = self._desk.open_sign_in()
        self._sync_state()
        self._republish()
        return opened

    @Slot()
    def cancel(self) -> None:
        """Back to the start screen without signing in."""
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

    # --- leaving ------------------------------------------------------------------------

    @Slot()
    def signOut(self) -> None:
        """Close the technician screen: back to the start screen."""
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

    cardSignInChanged = Signal()

    @Property(bool, notify=cardSignInChanged)
    def cardSignIn(self) -> bool:
        """Whether a technician card can sign in here (not while the kiosk cannot start)."""
        return bool(self._values["cardSignIn"])

    busyChanged = Signal()

    @Property(bool, notify=busyChanged)
    def busy(self) -> bool:
        """A check, a sign-in or a refresh the technician asked for is running."""
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
