"""Dock "show e-ID" end to end: hub mints a payload, the camera shows it, the decoder reads it,
the hub resolves it; and the dock's network switch cuts the real embedded hub."""

from __future__ import annotations

from typing import Any

import pytest
from dock_support import call

from devices.barcode.qr_watch import QrScanner
from kiosk.devtools.dock import DevDock
from kiosk.devtools.refhub.embedded import admin_of
from kiosk.devtools.residents import resident
from kiosk.hub.errors import HubError


def test_show_eid_is_scanned_and_resolved_by_the_hub(kiosk_runtime: Any) -> None:
    rt = kiosk_runtime
    admin = admin_of(rt.hub)
    dock = DevDock(rt.devices, rt.ctx.config, mint_eid=admin.eid_payload,
                   set_hub_faults=admin.set_faults)
    dock.start()
    try:
        status, answer = call(dock.url, "POST", "/camera/qr", {"resident": "R0005"})
        assert status == 200, answer
        scanner = QrScanner(rt.devices.camera, rt.devices.barcode, rt.ctx.clock,
                            interval_s=0.02)
        payload = scanner.scan(timeout_s=5)
        assert payload is not None
        session = rt.client.resolve_qr(payload)
        assert session.method == "eid_qr"
        assert session.person.id_number == resident("R0005").id_number

        assert call(dock.url, "POST", "/network", {"mode": "cut"})[0] == 200
        assert admin.faults().down
        with pytest.raises(HubError):
            rt.client.catalog()
        assert call(dock.url, "POST", "/network", {"mode": "ok"})[0] == 200
        assert not admin.faults().down
    finally:
        dock.stop()
