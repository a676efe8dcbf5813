"""A kiosk that cannot start still lets a technician in: PIN, the cause, leaving for the console.

The store key is readable by others, so the store refuses to open and ``ui.app.main``
shows the out-of-service window and keeps retrying. Holding the top band opens the
technician sign-in there, PIN only (no card reader is open and the hub may be
unknown); the signed-in screen shows the fault and its technical detail, and leaving
ends ``main`` with exit code 10 and the marker the unit's session wrapper reads.
Every step is a real press on the window, driven from inside the window's own loop.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest
from technician_support import TEST_PIN
from ui_support import WAIT_MS, centre, items, visible

from kiosk.app.technician.leaving import LEFT_BY_TECHNICIAN, left_marker_path
from kiosk.app.technician.pin import hash_pin
from kiosk.base.clock import ManualClock
from kiosk.base.config import KioskConfig
from kiosk.base.config.loader import parse_config
from kiosk.base.context import Context
from kiosk.base.i18n import translate
from kiosk.devtools.refhub.embedded import open_simulated
from offline_cache.crypto import KEY_FILE_NAME
from ui import app as ui_app
from ui.app import StartupWindow

# The store fails before any hub call; a port nothing listens on keeps the hub out of it.
NO_HUB = {"url": "http://127.0.0.1:9"}


def find(window: QQuickWindow, name: str) -> QQuickItem | None:
    for item in items(window.contentItem()):
        if item.objectName() == name and visible(item):
            return item
    return None


def wait_for(qtbot: Any, window: QQuickWindow, name: str) -> QQuickItem:
    qtbot.waitUntil(lambda: find(window, name) is not None, timeout=WAIT_MS)
    item = find(window, name)
    assert item is not None
    return item


def tap(qtbot: Any, window: QQuickWindow, name: str) -> None:
    item = wait_for(qtbot, window, name)
    qtbot.waitUntil(lambda: bool(item.isEnabled()), timeout=WAIT_MS)
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     centre(item))


def hold_top_band(qtbot: Any, w: StartupWindow) -> None:
    entry = wait_for(qtbot, w.window, "technicianEntry")
    w.window.grabWindow()  # lays the window out: an offscreen window draws no frame
    qtbot.waitUntil(lambda: entry.width() > 0, timeout=WAIT_MS)
    at: QPoint = centre(entry)
    QTest.mousePress(w.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    try:
        qtbot.waitUntil(lambda: w.technician.state != "closed", timeout=WAIT_MS)
    finally:
        QTest.mouseRelease(w.window, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier, at)


def type_pin(qtbot: Any, w: StartupWindow, pin: str) -> None:
    wait_for(qtbot, w.window, "technicianKeypad")
    for digit in pin:
        tap(qtbot, w.window, f"key_{digit}")
    qtbot.waitUntil(lambda: w.technician.pinLength == len(pin), timeout=WAIT_MS)
    tap(qtbot, w.window, "key_done")
    qtbot.waitUntil(lambda: not w.technician.busy and w.technician.pinLength == 0,
                    timeout=WAIT_MS)


def broken_store_context(tmp_path: Path, config: KioskConfig) -> Context:
    """A data dir whose store key others can read: the store refuses to open."""
    ctx = Context(config, tmp_path / "kiosk-data", ManualClock())
    open_simulated(ctx).close()  # makes the store and its key
    os.chmod(ctx.data_dir / KEY_FILE_NAME, 0o644)
    return ctx


def run_main(ctx: Context, steps: Callable[[StartupWindow], None]) -> int:
    """``ui.app.main`` with ``steps`` run inside the out-of-service window's loop."""
    failures: list[BaseException] = []

    def on_window(w: StartupWindow) -> None:
        def run() -> None:
            try:
                steps(w)
            except BaseException as exc:  # re-raised below, once the loop has ended
                failures.append(exc)
                w.stop()

        QTimer.singleShot(0, run)

    code = ui_app.main(["--windowed"], ctx=ctx, hub=None, on_start_window=on_window)
    if failures:
        raise failures[0]
    return code


def test_a_technician_reads_the_cause_and_leaves_a_kiosk_that_cannot_start(
        qapp: Any, qtbot: Any, tmp_path: Path) -> None:
    config = parse_config({"technician": {"pin_hash": hash_pin(TEST_PIN)}, "hub": NO_HUB,
                           "sync": {"backoff_base_s": 0.2, "backoff_cap_s": 1}},
                          "<start-up technician test>")
    ctx = broken_store_context(tmp_path, config)
    seen: dict[str, str] = {}

    def steps(w: StartupWindow) -> None:
        wait_for(qtbot, w.window, "outOfServiceScreen")
        hold_top_band(qtbot, w)
        wait_for(qtbot, w.window, "technicianSignInScreen")
        # No card reader is open here: the PIN is the way in, and the screen says so.
        assert find(w.window, "technicianCardHint") is None
        assert wait_for(qtbot, w.window, "technicianPinOnlyHint").property("text") \
            == "终端未能启动，暂时无法核验运维人员卡。请使用运维密码登录。"
        type_pin(qtbot, w, "135792")
        assert w.technician.notice == translate("technician.pin_wrong", "zh_CN", left="4")
        type_pin(qtbot, w, TEST_PIN)
        wait_for(qtbot, w.window, "startupTechnicianScreen")
        seen["title"] = str(wait_for(qtbot, w.window, "startupTechnicianTitle").property("text"))
        seen["detail"] = str(wait_for(qtbot, w.window, "startupCauseDetail0").property("text"))
        seen["problem"] = w.service.state().problems[0].staff_detail
        tap(qtbot, w.window, "technicianLeaveButton")  # asks first
        wait_for(qtbot, w.window, "technicianStayButton")
        tap(qtbot, w.window, "technicianLeaveButton")

    assert run_main(ctx, steps) == LEFT_BY_TECHNICIAN
    assert left_marker_path(ctx).exists()
    assert seen["title"] == "运维界面"  # the QML labels are translated in this window too
    assert seen["detail"] == seen["problem"] and "store key" in seen["detail"]


def test_without_a_pin_it_says_to_use_the_console_and_goes_back(
        qapp: Any, qtbot: Any, tmp_path: Path) -> None:
    config = parse_config({"hub": NO_HUB, "sync": {"backoff_base_s": 0.2, "backoff_cap_s": 1}},
                          "<start-up technician without PIN test>")
    ctx = broken_store_context(tmp_path, config)

    def steps(w: StartupWindow) -> None:
        hold_top_band(qtbot, w)
        type_pin(qtbot, w, "135792")
        assert w.technician.notice == translate("technician.pin_not_set_no_card", "zh_CN")
        assert w.technician.state == "sign_in"
        tap(qtbot, w.window, "technicianCancelButton")
        wait_for(qtbot, w.window, "outOfServiceScreen")
        w.stop()  # as a SIGTERM: the kiosk ends normally, nothing marked

    assert run_main(ctx, steps) == 0
    assert not left_marker_path(ctx).exists()
