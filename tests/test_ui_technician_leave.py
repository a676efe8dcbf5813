"""Leaving the kiosk: refused from every screen but the technician screen, then the app may end.

The window ignores a close request (what a window manager or a stray key
combination sends) while no technician has left; ``leaveKiosk`` works only
for a signed-in technician and then lets the window close.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from technician_support import sign_in_with_card, sign_out, technician
from ui_support import Harness, kiosk_harness, tap, wait_for

from kiosk.base.events import collected
from kiosk.base.events.catalogue import KioskLeftByTechnician, TechnicianSignedOut


@pytest.fixture
def k(qapp: Any, tmp_path: Any) -> Iterator[Harness]:
    with kiosk_harness(tmp_path / "kiosk-data") as h:
        yield h


def test_a_close_request_is_refused_on_the_residents_screens(k: Harness, qtbot: Any) -> None:
    wait_for(qtbot, k.ui, "homeScreen")
    assert not technician(k).mayClose
    k.ui.window.close()
    qtbot.waitUntil(k.ui.window.isVisible, timeout=5000)
    assert k.ui.window.isVisible()
    # Leaving needs a signed-in technician: from the home screen nothing happens.
    with qtbot.assertNotEmitted(technician(k).leaveRequested):
        technician(k).leaveKiosk()
    assert k.ui.window.isVisible()


def test_a_signed_in_technician_leaves_after_confirming(k: Harness, qtbot: Any) -> None:
    wait_for(qtbot, k.ui, "homeScreen")
    sign_in_with_card(qtbot, k)
    tap(qtbot, k.ui, "technicianLeaveButton")
    # The first press only asks.
    wait_for(qtbot, k.ui, "technicianStayButton")
    assert technician(k).state == "open"
    with collected() as seen, qtbot.waitSignal(technician(k).leaveRequested, timeout=5000):
        tap(qtbot, k.ui, "technicianLeaveButton")
    assert technician(k).mayClose
    assert [e for e in seen if isinstance(e, KioskLeftByTechnician)]
    assert [e.reason for e in seen if isinstance(e, TechnicianSignedOut)] == ["left"]
    k.ui.window.close()
    qtbot.waitUntil(lambda: not k.ui.window.isVisible(), timeout=5000)


def test_staying_keeps_the_kiosk(k: Harness, qtbot: Any) -> None:
    wait_for(qtbot, k.ui, "homeScreen")
    sign_in_with_card(qtbot, k)
    tap(qtbot, k.ui, "technicianLeaveButton")
    tap(qtbot, k.ui, "technicianStayButton")
    wait_for(qtbot, k.ui, "technicianSignOutButton")
    assert not technician(k).mayClose
    sign_out(qtbot, k)
