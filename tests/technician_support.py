"""Helpers for the technician-screen tests: open the sign-in, present a card, type a PIN."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_support import WAIT_MS, Harness, centre, tap, wait_for

from kiosk.devtools.cards import DemoCards

TEST_PIN = "246813"


def technician(k: Harness) -> Any:
    """The technician adapter (Qt properties read as plain values)."""
    return k.ui.technician


def hold_status_bar(qtbot: Any, k: Harness) -> None:
    """The hidden entry, as a technician does it: press the status and hold three seconds."""
    entry = wait_for(qtbot, k.ui, "technicianEntry")
    # Layouts settle when a frame is drawn; an offscreen window draws none by itself.
    k.ui.window.grabWindow()
    qtbot.waitUntil(lambda: entry.width() > 0, timeout=WAIT_MS)
    at = centre(entry)
    QTest.mousePress(k.ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    try:
        qtbot.waitUntil(lambda: technician(k).state != "closed", timeout=WAIT_MS)
    finally:
        QTest.mouseRelease(k.ui.window, Qt.MouseButton.LeftButton,
                           Qt.KeyboardModifier.NoModifier, at)


def insert_card(k: Harness, code: str | None) -> None:
    """Put demo card ``code`` (``T0001`` a technician's, ``R0001`` a resident's) in the slot."""
    sim = k.rt.devices.sim if k.rt.devices is not None else None
    assert sim is not None and sim.insert_citizen_card is not None
    sim.insert_citizen_card(None if code is None else DemoCards().citizen_card(code))


def type_pin(qtbot: Any, k: Harness, pin: str) -> None:
    """Tap the PIN on the keypad and OK."""
    wait_for(qtbot, k.ui, "technicianKeypad")
    for digit in pin:
        tap(qtbot, k.ui, f"key_{digit}")
    qtbot.waitUntil(lambda: technician(k).pinLength == len(pin), timeout=WAIT_MS)
    tap(qtbot, k.ui, "key_done")
    qtbot.waitUntil(lambda: not technician(k).busy and technician(k).pinLength == 0,
                    timeout=WAIT_MS)


def sign_in_with_card(qtbot: Any, k: Harness) -> None:
    """Open the sign-in and present the demo technician card; wait for the open screen."""
    hold_status_bar(qtbot, k)
    insert_card(k, "T0001")
    wait_for(qtbot, k.ui, "technicianScreen")
    qtbot.waitUntil(lambda: bool(technician(k).status) and not technician(k).busy,
                    timeout=WAIT_MS)


def sign_out(qtbot: Any, k: Harness) -> None:
    """Sign out and take the card out; back on the home screen."""
    if technician(k).state == "open":
        tap(qtbot, k.ui, "technicianSignOutButton")
    elif technician(k).state == "sign_in":
        tap(qtbot, k.ui, "technicianCancelButton")
    insert_card(k, None)
    wait_for(qtbot, k.ui, "homeScreen")
