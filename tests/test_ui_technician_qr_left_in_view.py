"""A QR left in front of the camera after the technician's camera check starts no errand.

The camera check asks the technician to hold a QR up (the test receipt's) to see the
decoder work. When the technician signs out with a resident's e-ID QR still in view,
the home screen must not take it as a resident presenting it; taken away and shown
again, it is read as usual.
"""

from __future__ import annotations

from typing import Any

from technician_support import sign_in_with_card, sign_out, technician
from ui_support import find, kiosk_harness, tap, wait_for


def test_the_qr_shown_for_the_camera_check_is_not_read_after_sign_out(
        qapp: Any, qtbot: Any, tmp_path: Any) -> None:
    with kiosk_harness(tmp_path / "kiosk-data") as k:
        wait_for(qtbot, k.ui, "homeScreen")
        sim = k.rt.devices.sim if k.rt.devices is not None else None
        assert sim is not None and sim.show_to_camera is not None
        sign_in_with_card(qtbot, k)
        k.dock.show_qr({"resident": "R0001"})
        tap(qtbot, k.ui, "technicianCameraButton")
        qtbot.waitUntil(lambda: technician(k).resultOutcome != "" and not technician(k).busy,
                        timeout=15_000)
        assert technician(k).shown_result.params.get("qr") == "1"
        sign_out(qtbot, k)  # the e-ID QR stays in view

        # Several passes of the device loop (each scans the camera): still nobody's errand.
        passes = k.ui.devices.passes()
        qtbot.waitUntil(lambda: k.ui.devices.passes() >= passes + 4, timeout=15_000)
        assert k.ui.journey.value("step") == "idle"
        assert find(k.ui, "readingScreen") is None

        # Taken away and shown again, the QR is a resident's e-ID as ever.
        sim.show_to_camera(None)
        qtbot.waitUntil(lambda: k.ui.devices._last_qr is None, timeout=10_000)
        k.dock.show_qr({"resident": "R0001"})
        qtbot.waitUntil(lambda: k.ui.journey.value("step") != "idle", timeout=15_000)
