"""An unplugged printer on the technician screen: said in words (not by colour alone) after Refresh."""

from __future__ import annotations

from typing import Any

from dock_support import call
from technician_support import sign_in_with_card, sign_out, technician
from ui_support import WAIT_MS, Harness, find, kiosk_harness, tap, wait_for


def unplug(k: Harness, device: str, unplugged: bool) -> None:
    """Pull a simulated device's cable (or put it back) through the dev dock."""
    status, reply = call(k.dock.url, "POST", "/unplug", {"device": device,
                                                         "unplugged": unplugged})
    assert status == 200 and reply["ok"], reply


def printer_line(k: Harness) -> str:
    item = find(k.ui, "technicianDeviceState_printer")
    return "" if item is None else str(item.property("text"))


def test_an_unplugged_printer_reads_not_connected_in_chinese(qapp: Any, qtbot: Any,
                                                             tmp_path: Any) -> None:
    with kiosk_harness(tmp_path) as k:
        wait_for(qtbot, k.ui, "homeScreen")
        sign_in_with_card(qtbot, k)
        qtbot.waitUntil(lambda: printer_line(k).startswith("正常 · "), timeout=WAIT_MS)
        unplug(k, "printer", True)
        try:
            tap(qtbot, k.ui, "technicianRefreshButton")
            qtbot.waitUntil(lambda: printer_line(k).startswith("未连接 · "), timeout=WAIT_MS)
            printer = next(d for d in technician(k).status["devices"] if d["name"] == "printer")
            assert printer["state"] == "absent"
            # The device's own status value stays, for the logs and metrics that use it.
            assert printer_line(k).endswith(" · " + printer["status"])
        finally:
            unplug(k, "printer", False)
        sign_out(qtbot, k)
