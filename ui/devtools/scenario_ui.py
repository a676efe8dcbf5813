"""The UI driver of the scenarios: the real QML screens, offscreen or in a window.

It builds the kiosk window with :func:`ui.app.build_ui` over the scenario kiosk's
runtime, so the device thread, the journey worker, the camera threads and the
voice prompter all run as on a terminal. The resident's finger is a real mouse
click on the QML item (found by objectName, resolved from the same targets the
headless driver uses, or by its visible text); typing goes to the focused field as
the on-screen keyboard commits it; a signature is a drag over the pad. After every
action the driver waits until the kiosk is quiet (the journey idle, no card being
read, nothing changing for a moment), then reads the typed journey view.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.app import journey as j
from kiosk.app.technician.checks import CheckName, CheckResult
from kiosk.app.technician.desk import DeskState, Method
from kiosk.app.technician.status import DeviceLine
from kiosk.base.clock import SystemClock
from kiosk.devtools.scenarios.driver import ScenarioError, Shown, TechnicianView
from kiosk.devtools.scenarios.kiosk import ScenarioKiosk
from kiosk.devtools.scenarios.targets import Press, resolve
from ui.app import KioskUi, build_ui
from ui.metainfo import class_name

_REAL = SystemClock()  # the driver's own waits are real time, whatever the kiosk's clock says
QUIET_S = 0.7  # two card polls with nothing changing: the kiosk has noticed what it will
SETTLE_LIMIT_S = 20.0
HOLD_S = 3.0  # the status bar's press-and-hold (StatusBar.qml's pressAndHoldInterval)
CHECK_BUTTONS = {CheckName.TEST_RECEIPT: "technicianPrintButton",
                 CheckName.CARD_READ: "technicianCardReadButton",
                 CheckName.CAMERA: "technicianCameraButton"}


class UiDriver:
    """Plays the resident on the real window of a :class:`ScenarioKiosk`."""

    name = "ui"
    patience_s = 8.0

    def __init__(self, kiosk: ScenarioKiosk, *, visible: bool = False,
                 size: tuple[int, int] = (1920, 1080)) -> None:
        self.kiosk = kiosk
        self._spoken: list[str] = []
        self.ui: KioskUi = build_ui(kiosk.rt, size=size, windowed=True, tick_interval_ms=500,
                                    speak=lambda text, _locale: self._spoken.append(text))
        if visible:
            self.ui.window.show()
        self._settle()

    # --- waiting -----------------------------------------------------------------------

    def _spin(self, ms: int = 30) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def _state(self) -> tuple[object, ...]:
        j_: Any = self.ui.journey
        d: Any = self.ui.devices
        t: Any = self.ui.technician
        return (j_.step, j_.messageKey, bool(j_.busy), bool(d.reading), len(d.thumbnails),
                d.cameraHint, t.state, t.notice, bool(t.busy), t.resultOutcome)

    def _settle(self, quiet_s: float = QUIET_S) -> None:
        """Run the event loop until the journey is idle and nothing changed for ``quiet_s``."""
        deadline = _REAL.monotonic() + SETTLE_LIMIT_S
        last, since = self._state(), _REAL.monotonic()
        while _REAL.monotonic() < deadline:
            self._spin()
            now_state = self._state()
            if now_state != last:
                last, since = now_state, _REAL.monotonic()
                continue
            reading = bool(self.ui.devices.property("reading"))
            busy = bool(self.ui.technician.property("busy"))
            if self.ui.journey.idle() and not reading and not busy \
                    and _REAL.monotonic() - since >= quiet_s:
                break
        for _ in range(3):
            QCoreApplication.sendPostedEvents()
            self.ui.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def notice(self) -> None:
        """The device thread notices by itself; wait until it has.

        On the open technician screen the technician then taps *Refresh*, as one does
        after changing a device, instead of waiting up to 10 s for the screen's own.
        """
        self._settle()
        if self.ui.technician.property("state") == DeskState.OPEN.value:
            refresh = self._find("technicianRefreshButton")
            if refresh is not None and refresh.isEnabled():
                self._click(refresh)
                self._settle()

    def wait_a_moment(self) -> None:
        """Run the event loop a little."""
        self._settle(0.2)

    # --- the QML tree ------------------------------------------------------------------

    def _items(self) -> list[QQuickItem]:
        out, stack = [], [self.ui.window.contentItem()]
        while stack:
            item = stack.pop()
            out.append(item)
            stack.extend(item.childItems())
        return out

    @staticmethod
    def _visible(item: QQuickItem) -> bool:
        node: QQuickItem | None = item
        while node is not None:
            if not node.isVisible() or node.opacity() == 0:
                return False
            node = node.parentItem()
        return True

    def _find(self, test_id: str) -> QQuickItem | None:
        for item in self._items():
            if item.objectName() == test_id and self._visible(item):
                return item
        return None

    def _find_text(self, text: str) -> QQuickItem | None:
        wanted = " ".join(text.split()).casefold()
        for item in self._items():
            value = item.property("text")
            if isinstance(value, str) and " ".join(value.split()).casefold() == wanted \
                    and self._visible(item):
                return item
        return None

    def _click(self, item: QQuickItem) -> None:
        if not item.isEnabled():
            raise ScenarioError(f"{item.objectName() or 'the button'} is not enabled")
        scroll_into_view(item)
        p = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
        QTest.mouseClick(self.ui.window, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, QPoint(round(p.x()), round(p.y())))

    # --- the resident's finger ---------------------------------------------------------

    def tap(self, target: str) -> None:
        """Click the item the target names: its test id, or words on screen."""
        view = self.view()
        services = {e.id: (e.name_zh, e.name_en) for e in view.services or ()}
        materials = {m.type: (m.name_zh, m.name_en) for m in view.materials or ()}
        found = resolve(target, view.step, services, materials)
        item = self._find(found.target.test_id) if found is not None else None
        if item is None and found is not None and found.target.press is Press.CHOOSE_SERVICE:
            item = self._page_to(found.target.test_id)
        if item is None:
            item = self._find(target) or self._find_text(target)
        if item is None:
            raise ScenarioError(f"no {target!r} to tap on the {view.step.value} screen")
        self._click(item)
        self._settle()

    def _page_to(self, test_id: str) -> QQuickItem | None:
        """Page through the service list, as a resident does, until the service shows."""
        for _ in range(12):
            following = self._find("servicesNext")
            if following is None or not following.isEnabled():
                return None
            self._click(following)
            self._settle(0.2)
            item = self._find(test_id)
            if item is not None:
                return item
        return None

    def type_text(self, field: str, text: str) -> None:
        """Tap the field, then commit the text as the on-screen keyboard does."""
        name = field
        form = self.view().form
        if form is not None and self.view().step is j.Step.FORM:
            for f in form.fields:
                if field.casefold() in (f.name.casefold(), f.label_zh.casefold(),
                                        f.label_en.casefold()):
                    name = f"field_{f.name}"
        item = self._find(name) or self._find(f"field_{field}")
        if item is None:
            raise ScenarioError(f"no field {field!r} to type into on the "
                                f"{self.view().step.value} screen")
        self._click(item)
        self._spin(50)
        target = self.ui.window.focusObject()
        if target is None:
            raise ScenarioError(f"tapping {field!r} gave no field the keyboard focus")
        QTest.keyClick(self.ui.window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(self.ui.window, Qt.Key.Key_Delete)
        event = QInputMethodEvent()
        event.setCommitString(text)
        QCoreApplication.sendEvent(target, event)
        self._settle(0.3)

    def enter_code(self, code: str) -> None:
        """The keypad's digits, then "OK"."""
        for digit in code:
            item = self._find(f"key_{digit}")
            if item is None:
                raise ScenarioError(f"no key {digit!r} on the keypad")
            self._click(item)
            self._spin(20)
        self.tap("key_done")

    def sign(self) -> None:
        """A finger stroke over the signature pad."""
        pad = self._find("signatureArea") or self._find("signaturePad")
        if pad is None:
            raise ScenarioError(f"there is no signature pad on the {self.view().step.value} "
                                "screen")
        scroll_into_view(pad)

        def at(fx: float, fy: float) -> QPoint:
            p = pad.mapToScene(QPointF(pad.width() * fx, pad.height() * fy))
            return QPoint(round(p.x()), round(p.y()))

        points = [(0.1, 0.6), (0.3, 0.3), (0.5, 0.7), (0.7, 0.3), (0.9, 0.6)]
        QTest.mousePress(self.ui.window, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, at(*points[0]))
        for fx, fy in points[1:]:
            QTest.mouseMove(self.ui.window, at(fx, fy), 5)
        QTest.mouseRelease(self.ui.window, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier, at(*points[-1]))
        self._settle(0.2)

    def take_picture(self) -> None:
        """Tap "Take picture"; the camera threads take the page."""
        item = self._find("captureButton")
        if item is None:
            raise ScenarioError(f"there is no camera on the {self.view().step.value} screen")
        self._click(item)
        self._settle(1.5)

    def wait(self, seconds: float) -> None:
        """Let the time pass; the once-a-second tick notices."""
        self.kiosk.control.let_time_pass(seconds)
        journey: Any = self.ui.journey
        journey.tick()
        self._settle(0.6)

    def set_language(self, locale: str) -> None:
        """The status bar's language button, if the language is not already ``locale``."""
        if self.view().locale != locale:
            self.tap("languageButton")

    def set_elder_mode(self, on: bool) -> None:
        """The status bar's elder-mode button, if needed."""
        if self.view().elder_mode != on:
            self.tap("elderButton")

    # --- the technician's finger -------------------------------------------------------

    def _desk_state(self) -> DeskState:
        return DeskState(str(self.ui.technician.property("state")))

    def _need(self, state: DeskState, what: str) -> None:
        if self._desk_state() is not state:
            raise ScenarioError(f"there is no {what}: the technician desk is "
                                f"{self._desk_state().value}")

    def _wait_until(self, done: Any, limit_s: float = SETTLE_LIMIT_S) -> bool:
        deadline = _REAL.monotonic() + limit_s
        while _REAL.monotonic() < deadline:
            if done():
                return True
            self._spin()
        return bool(done())

    def technician_open(self) -> None:
        """Press the status bar and hold it; let go once the sign-in opened (or it did not)."""
        entry = self._find("technicianEntry")
        if entry is None:
            raise ScenarioError("there is no status bar to hold on this screen")
        self.ui.window.grabWindow()  # lays the bar out: an offscreen window draws no frame
        p = entry.mapToScene(QPointF(entry.width() / 2, entry.height() / 2))
        at = QPoint(round(p.x()), round(p.y()))
        QTest.mousePress(self.ui.window, Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.NoModifier, at)
        try:
            # The hold fires after HOLD_S; a little longer, and Python refused to open it.
            self._wait_until(lambda: self._desk_state() is not DeskState.CLOSED, HOLD_S + 2.0)
        finally:
            QTest.mouseRelease(self.ui.window, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier, at)
        self._settle()

    def technician_pin(self, pin: str) -> None:
        """Tap the PIN's digits on the sign-in keypad, then OK; wait for the answer."""
        self._need(DeskState.SIGN_IN, "PIN keypad")
        if self._find("technicianKeypad") is None:
            raise ScenarioError("the sign-in screen shows no PIN keypad")
        for digit in pin:
            key = self._find(f"key_{digit}")
            if key is None:
                raise ScenarioError(f"no key {digit!r} on the PIN keypad")
            self._click(key)
            self._spin(20)
        technician: Any = self.ui.technician
        self._wait_until(lambda: technician.pinLength == len(pin), 5.0)
        self.tap("key_done")
        self._wait_until(lambda: not technician.busy and technician.pinLength == 0)
        self._settle()

    def technician_check(self, check: CheckName) -> CheckResult:
        """Tap the check's button and wait for its result line."""
        self._need(DeskState.OPEN, f"{check.value} check")
        button = self._find(CHECK_BUTTONS[check])
        if button is None:
            raise ScenarioError(f"the technician screen shows no {CHECK_BUTTONS[check]}")
        technician: Any = self.ui.technician
        # A refresh may still be running; the buttons wait for it (the adapter runs one job).
        self._wait_until(lambda: not technician.busy)
        before = self.ui.technician.shown_result
        self._click(button)

        def shown() -> bool:
            result = self.ui.technician.shown_result
            return not technician.busy and result is not None and result is not before \
                and result.check is check
        if not self._wait_until(shown):
            raise ScenarioError(f"the {check.value} check showed no result within "
                                f"{SETTLE_LIMIT_S:g} s")
        self._settle()
        result = self.ui.technician.shown_result
        assert result is not None
        return result

    def technician_sign_out(self) -> None:
        """Tap "Sign out"."""
        self._need(DeskState.OPEN, "Sign out button")
        self.tap("technicianSignOutButton")

    def technician_leave(self) -> None:
        """Tap "Leave the kiosk", then "Leave now" (the first press only asks)."""
        self._need(DeskState.OPEN, "Leave button")
        self.tap("technicianLeaveButton")
        if self._find("technicianStayButton") is None:
            raise ScenarioError("the first press on Leave did not ask to confirm")
        self.tap("technicianLeaveButton")

    def technician_view(self) -> TechnicianView:
        """The technician adapter's published values: what its screens show."""
        t: Any = self.ui.technician
        state = self._desk_state()
        status: dict[str, Any] = dict(t.status) if state is DeskState.OPEN else {}
        devices = tuple(DeviceLine(str(d["name"]), str(d["driver"]), str(d["status"]),
                                   str(d["state"]), bool(d["required"]))
                        for d in status.get("devices", ()))
        method = str(t.method)
        return TechnicianView(
            state=state,
            notice=t.shown_notice if state is DeskState.SIGN_IN and t.notice else None,
            staff_id=str(t.staff) or None, method=Method(method) if method else None,
            check=t.shown_result if state is DeskState.OPEN and t.resultText else None,
            devices=devices, locked_s=float(t.lockedSeconds), may_close=bool(t.mayClose))

    # --- what the resident sees --------------------------------------------------------

    def view(self) -> j.JourneyView:
        """The view the screen shows now."""
        view = self.ui.journey.current_view()
        if view is None:
            raise ScenarioError("the window has shown no screen yet")
        return view

    def shown(self) -> Shown:
        """The banner, a print problem, the camera hint, field errors."""
        view = self.view()
        out: list[j.Message] = []
        if view.message is not None:
            out.append(view.message)
        if view.receipt is not None and view.receipt.print_failure:
            out.append(j.Message(view.receipt.print_failure))
        hint = str(self.ui.devices.property("cameraHint") or "")
        if view.step is j.Step.MATERIALS and hint:
            out.append(j.Message(hint))
        if view.form is not None and view.step is j.Step.FORM:
            out.extend(j.Message(f.error) for f in view.form.fields if f.error)
        return Shown(tuple(out))

    def spoken(self) -> list[str]:
        """What the voice prompter said so far."""
        return list(self._spoken)

    def screenshot(self, path: Path) -> Path | None:
        """The window as it looks now."""
        self.ui.window.grabWindow()  # lays out what changed before the picture
        self._spin(20)
        self.ui.window.grabWindow().save(str(path))
        return path

    def close(self) -> None:
        """Close the window (the kiosk is closed by its owner)."""
        self.ui.close()


def scroll_into_view(item: QQuickItem) -> None:
    """Scroll the enclosing Flickable (as a finger would) until the item is in its viewport."""
    node = item.parentItem()
    while node is not None and not class_name(node).startswith("QQuickFlickable"):
        node = node.parentItem()
    if node is None:
        return
    content = node.property("contentItem")
    top = item.mapToItem(content, QPointF(0, 0)).y()
    height = node.height()
    max_y = max(0.0, float(node.property("contentHeight")) - height)
    current = float(node.property("contentY"))
    if top < current or top + item.height() > current + height:
        node.setProperty("contentY", min(max_y, max(0.0, top - height / 3)))
