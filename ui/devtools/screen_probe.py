"""The dev dock's eyes and finger on the kiosk window: read the screen, tap an item.

``QmlScreen`` implements ``kiosk.devtools.screen.Screen`` over a live ``KioskUi``.
The dock calls it from its HTTP threads; every look at the item tree and every
tap runs on the Qt thread (a queued call the caller waits for), and a tap is a
real press and release at the item's centre, as a finger would give it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QPoint, Qt, QThread, Signal, Slot
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

from kiosk.devtools.screen import ScreenItem, ScreenSnapshot, TapRefused
from ui.app import KioskUi

_T = TypeVar("_T")
CALL_TIMEOUT_S = 10.0


class _GuiCall(QObject):
    """Runs callables on the thread it lives on (the Qt thread) for callers on any thread."""

    request = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.request.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, job: Any) -> None:
        fn, box, done = job
        try:
            box["value"] = fn()
        except Exception as exc:  # handed back to the waiting caller, which raises it
            box["error"] = exc
        done.set()

    def call(self, fn: Callable[[], _T]) -> _T:
        if QThread.currentThread() is self.thread():
            return fn()
        box: dict[str, Any] = {}
        done = threading.Event()
        self.request.emit((fn, box, done))
        if not done.wait(CALL_TIMEOUT_S):
            raise TimeoutError("the kiosk window did not answer (its event loop is busy)")
        if "error" in box:
            raise box["error"]
        value: _T = box["value"]
        return value


def _tappable(item: QQuickItem) -> bool:
    meta = item.metaObject()
    return item.isEnabled() and meta.indexOfSignal("clicked()") >= 0


def _text(item: QQuickItem) -> str:
    value = item.property("text")
    return value.strip() if isinstance(value, str) else ""


def _visible(root: QQuickItem) -> Iterator[QQuickItem]:
    for child in root.childItems():
        if not child.isVisible() or child.opacity() <= 0:
            continue
        yield child
        yield from _visible(child)


def _item(item: QQuickItem) -> ScreenItem:
    return ScreenItem(_text(item), item.objectName(), _tappable(item))


class QmlScreen:
    """The screen of one kiosk window, for the dev dock."""

    def __init__(self, ui: KioskUi) -> None:
        self._ui = ui
        self._gui = _GuiCall()

    def snapshot(self) -> ScreenSnapshot:
        """The journey's step, its message and every visible item with text or a name."""
        return self._gui.call(self._snapshot)

    def _snapshot(self) -> ScreenSnapshot:
        journey = self._ui.journey
        items = [_item(i) for i in _visible(self._ui.window.contentItem())
                 if _text(i) or i.objectName()]
        return ScreenSnapshot(str(journey.value("step")), str(journey.value("messageText")),
                              items)

    def tap(self, *, text: str | None = None, object_name: str | None = None) -> ScreenItem:
        """Press and release at the centre of the matching item (or its tappable parent)."""
        return self._gui.call(lambda: self._tap(text, object_name))

    def _tap(self, text: str | None, object_name: str | None) -> ScreenItem:
        wanted = (text or "").strip()
        for item in _visible(self._ui.window.contentItem()):
            if not ((wanted and _text(item) == wanted)
                    or (object_name and item.objectName() == object_name)):
                continue
            target: QQuickItem | None = item
            # A label inside a button: the button takes the tap.
            while target is not None and not _tappable(target):
                target = target.parentItem()
            if target is None:
                continue
            centre = target.mapToScene(target.boundingRect().center()).toPoint()
            QTest.mouseClick(self._ui.window, Qt.MouseButton.LeftButton,
                             Qt.KeyboardModifier.NoModifier, QPoint(centre.x(), centre.y()))
            return _item(target)
        what = f"text {text!r}" if text else f"object name {object_name!r}"
        raise TapRefused(f"nothing visible and enabled on screen has the {what}")
