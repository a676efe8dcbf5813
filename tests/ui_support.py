"""Helpers for the UI tests: a whole kiosk window offscreen, found and tapped by objectName."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QPoint,
    QPointF,
    Qt,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.app.runtime import Runtime, warm_cache
from kiosk.base.clock import ManualClock
from kiosk.base.config import KioskConfig, default_config
from kiosk.base.context import Context
from kiosk.devtools.cards import id_card_for
from kiosk.devtools.dock import DevDock
from kiosk.devtools.refhub.embedded import admin_of, open_simulated
from kiosk.devtools.residents import DemoResident
from ui.app import QML_DIR, KioskUi, build_ui
from ui.devtools.dock_adapter import DockAdapter
from ui.devtools.scenario_ui import scroll_into_view
from ui.devtools.tour import resident_answer
from ui.metainfo import property_names

QML_URL_PREFIX = QML_DIR.as_uri()
WAIT_MS = 15_000


@dataclass
class Harness:
    """One simulated kiosk (manual clock) with its window, dock and collected QML warnings."""

    rt: Runtime
    ui: KioskUi
    clock: ManualClock
    dock: DevDock
    qml_warnings: list[str]
    # Elder-mode voice prompts said so far, as (text, locale).
    spoken: list[tuple[str, str]]


class QmlWarnings:
    """Collects Qt messages whose source is one of our QML files (platform noise is ignored)."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self._previous: Any = None

    def handler(self, kind: QtMsgType, context: Any, message: str) -> None:
        source = str(getattr(context, "file", "") or "")
        ours = source.startswith(QML_URL_PREFIX) or QML_URL_PREFIX in message
        if ours and kind != QtMsgType.QtDebugMsg:
            self.messages.append(f"{source}:{getattr(context, 'line', 0)}: {message}")

    def install(self) -> None:
        self._previous = qInstallMessageHandler(self.handler)

    def uninstall(self) -> None:
        qInstallMessageHandler(self._previous)


@contextmanager
def kiosk_harness(data_dir: Path, config: KioskConfig | None = None) -> Iterator[Harness]:
    """Embedded hub, real store, memory devices, dev dock and the window (1920×1080)."""
    warnings = QmlWarnings()
    warnings.install()
    clock = ManualClock()
    ctx = Context(config or default_config(), data_dir, clock)
    rt = open_simulated(ctx)
    try:
        warm_cache(rt)
        admin = admin_of(rt.hub)
        assert rt.devices is not None and admin is not None

        def set_faults(spec: str) -> None:
            admin.set_faults(spec)

        dock = DevDock(rt.devices, ctx.config, mint_eid=admin.eid_payload,
                       set_hub_faults=set_faults)
        url = dock.start()
        spoken: list[tuple[str, str]] = []
        ui = build_ui(rt, dock=DockAdapter(url), tick_interval_ms=200, with_status=True,
                      speak=lambda text, locale: spoken.append((text, locale)))
        try:
            yield Harness(rt, ui, clock, dock, warnings.messages, spoken)
        finally:
            ui.close()
            dock.stop()
    finally:
        rt.close()
        warnings.uninstall()


def items(root: QQuickItem) -> Iterator[QQuickItem]:
    """Every item in the visual tree under ``root``."""
    stack = [root]
    while stack:
        item = stack.pop()
        yield item
        stack.extend(item.childItems())


def visible(item: QQuickItem) -> bool:
    """Effectively visible: itself and every ancestor."""
    node: QQuickItem | None = item
    while node is not None:
        if not node.isVisible() or node.opacity() == 0:
            return False
        node = node.parentItem()
    return True


def find(ui: KioskUi, name: str) -> QQuickItem | None:
    """The visible item with this objectName, or ``None``."""
    for item in items(ui.window.contentItem()):
        if item.objectName() == name and visible(item):
            return item
    return None


def wait_for(qtbot: Any, ui: KioskUi, name: str, timeout: int = WAIT_MS) -> QQuickItem:
    """Wait until an item with this objectName is visible; return it."""
    found: list[QQuickItem] = []

    def check() -> bool:
        item = find(ui, name)
        if item is not None:
            found[:] = [item]
        return item is not None

    qtbot.waitUntil(check, timeout=timeout)
    return found[0]


def centre(item: QQuickItem) -> QPoint:
    """The item's centre in window coordinates."""
    p = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    return QPoint(round(p.x()), round(p.y()))


def tap(qtbot: Any, ui: KioskUi, name: str) -> None:
    """A real mouse click in the middle of the named item, once it is visible and enabled."""
    item = wait_for(qtbot, ui, name)
    qtbot.waitUntil(lambda: bool(item.isEnabled()), timeout=WAIT_MS)
    scroll_into_view(item)
    QTest.mouseClick(ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     centre(item))


def drag(ui: KioskUi, item: QQuickItem, points: list[tuple[float, float]]) -> None:
    """A finger stroke over ``item`` through points given in 0–1 of its size."""
    def at(fx: float, fy: float) -> QPoint:
        p = item.mapToScene(QPointF(item.width() * fx, item.height() * fy))
        return QPoint(round(p.x()), round(p.y()))

    QTest.mousePress(ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     at(*points[0]))
    for fx, fy in points[1:]:
        QTest.mouseMove(ui.window, at(fx, fy), 5)
    QTest.mouseRelease(ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       at(*points[-1]))


def type_into(qtbot: Any, ui: KioskUi, name: str, text: str) -> None:
    """Tap a text field and type into it (the keys go where the focus is)."""
    tap(qtbot, ui, name)
    item = wait_for(qtbot, ui, name)
    qtbot.waitUntil(lambda: bool(item.hasActiveFocus()), timeout=WAIT_MS)
    QTest.keyClick(ui.window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(ui.window, Qt.Key.Key_Delete)
    # Committed as an input method does it: the virtual keyboard's pinyin gives whole words.
    event = QInputMethodEvent()
    event.setCommitString(text)
    target = ui.window.focusObject()
    assert target is not None
    QCoreApplication.sendEvent(target, event)


def settle(qtbot: Any, ui: KioskUi) -> None:
    """Wait until every queued journey event is handled and shown."""
    qtbot.waitUntil(ui.journey.idle, timeout=WAIT_MS)


# Property types that can carry text. Object pointers and QQmlListProperty are left out:
# their objects are walked on their own, and reading a list property of an item that
# Qt is tearing down can crash the process instead of raising.
TEXT_TYPES = frozenset({"QString", "QStringList", "QVariant", "QVariantList", "QVariantMap",
                        "QUrl", "QByteArray"})


def property_strings(obj: QObject) -> list[str]:
    """Every text-carrying property value of one QObject (lists and maps serialised)."""
    out: list[str] = []
    if not shiboken6.isValid(obj):
        return out
    for name in property_names(obj, TEXT_TYPES):
        try:
            value = obj.property(name)
        except Exception:
            continue
        if value is None or isinstance(value, bool | int | float):
            continue
        try:
            out.append(value if isinstance(value, str)
                       else json.dumps(value, ensure_ascii=False, default=str))
        except (TypeError, ValueError):
            out.append(str(value))
    return out


def all_objects(ui: KioskUi) -> list[QObject]:
    """The adapters, the theme, the window and every QObject/item below it."""
    seen: dict[int, QObject] = {}
    roots: list[QObject] = [ui.journey, ui.devices, *([ui.dock] if ui.dock else []), ui.theme, ui.window,
                            ui.journey.formFields]
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen[id(obj)] = obj
        stack.extend(obj.children())
        if isinstance(obj, QQuickItem):
            stack.extend(obj.childItems())
    for item in items(ui.window.contentItem()):
        seen.setdefault(id(item), item)
    return list(seen.values())


def identify_with_id_card(qtbot: Any, k: Harness, person: DemoResident) -> None:
    """Place the resident's ID card, wait for the identity screen, lift the card after the beep."""
    sim = k.rt.devices.sim if k.rt.devices else None
    assert sim is not None and sim.place_id_card is not None
    sim.place_id_card(id_card_for(person))
    wait_for(qtbot, k.ui, "identityScreen")
    sim.place_id_card(None)


def enter_level2_code(qtbot: Any, k: Harness) -> None:
    """Send the code and tap in the one the reference hub "texted" (its admin listing)."""
    wait_for(qtbot, k.ui, "codeScreen")
    tap(qtbot, k.ui, "sendCodeButton")
    wait_for(qtbot, k.ui, "codeKeypad")
    admin = admin_of(k.rt.hub)
    assert admin is not None
    for digit in admin.sent_codes()[-1]["code"]:
        tap(qtbot, k.ui, f"key_{digit}")
    tap(qtbot, k.ui, "key_done")


def open_form(qtbot: Any, k: Harness, person: DemoResident, service: str) -> None:
    """From home: ID card, "yes, continue", the service, the level-2 code if asked, its form."""
    wait_for(qtbot, k.ui, "homeScreen")
    identify_with_id_card(qtbot, k, person)
    tap(qtbot, k.ui, "confirmIdentityButton")
    tap(qtbot, k.ui, f"service_{service}")
    settle(qtbot, k.ui)
    if str(k.ui.journey.step) == "level2_code":
        enter_level2_code(qtbot, k)
    wait_for(qtbot, k.ui, "formScreen")
    settle(qtbot, k.ui)


def fill_form(qtbot: Any, k: Harness, person: DemoResident) -> None:
    """Answer every empty required field by taps and typing, then "Next": materials or review."""
    wait_for(qtbot, k.ui, "formScreen")
    settle(qtbot, k.ui)
    for row in k.ui.journey.form_rows():
        if not row["required"] or row["value"] not in ("", False):
            continue
        name = row["name"]
        if row["widget"] == "select":
            tap(qtbot, k.ui, f"field_{name}_{row['options'][0]['value']}")
        elif row["widget"] == "checkbox":
            tap(qtbot, k.ui, f"field_{name}")
        else:
            type_into(qtbot, k.ui, f"field_{name}", str(resident_answer(row, person)))
    tap(qtbot, k.ui, "formNextButton")
    settle(qtbot, k.ui)
    errors = {r["name"]: r["errorKey"] for r in k.ui.journey.form_rows() if r["errorKey"]}
    assert k.ui.journey.step in ("materials", "review"), (errors, k.ui.journey.messageKey)


def finish_and_skip_rating(qtbot: Any, k: Harness) -> None:
    """"Done" on the receipt, then "Skip" on the rating that follows: back home."""
    tap(qtbot, k.ui, "finishButton")
    wait_for(qtbot, k.ui, "ratingScreen")
    tap(qtbot, k.ui, "ratingSkipButton")
    wait_for(qtbot, k.ui, "homeScreen")
