"""Closing the kiosk window leaves no QML warning from our QML (no binding sees adapters vanish)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from ui_support import kiosk_harness, settle, tap, type_into, wait_for

from devices.demo_cards import id_card_for
from kiosk.demo_residents import resident


def test_closing_on_the_form_logs_no_qml_warning(qapp: Any, qtbot: Any, tmp_path: Path) -> None:
    with kiosk_harness(tmp_path) as k:
        warnings = k.qml_warnings
        sim = k.rt.devices.sim if k.rt.devices else None
        assert sim is not None and sim.place_id_card is not None
        sim.place_id_card(id_card_for(resident("R0002")))
        wait_for(qtbot, k.ui, "identityScreen")
        sim.place_id_card(None)
        tap(qtbot, k.ui, "confirmIdentityButton")
        tap(qtbot, k.ui, "service_senior_card")
        wait_for(qtbot, k.ui, "formScreen")
        settle(qtbot, k.ui)
        type_into(qtbot, k.ui, "field_contact_name", "示范")
        assert warnings == [], "\n".join(warnings)
        # As in ``kiosk run``: the resident-facing window closes, the event loop returns.
        QTimer.singleShot(100, k.ui.window.close)
        QTimer.singleShot(5000, qapp.quit)  # a bound on the loop if closing did not end it
        qapp.exec()
    # The window, its engine and the adapters are gone; let late deferred deletes run too.
    qtbot.wait(200)
    assert warnings == [], "\n".join(warnings)
