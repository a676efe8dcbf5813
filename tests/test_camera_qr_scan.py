"""QrScanner: camera frames → decoder → the first payload the filter accepts."""

from __future__ import annotations

import threading

from devices.barcode.factory import decoder_by_name
from devices.barcode.qr_watch import QrScanner
from devices.camera.simulator import SimulatedCamera
from kiosk.base.clock import ManualClock
from kiosk.devtools.dock import qr_image


def test_scan_returns_the_payload_in_view() -> None:
    clock = ManualClock()
    camera = SimulatedCamera(clock, width=640, height=480, blur=0.8, perspective=0.05,
                             brightness=0.8)
    camera.show(qr_image("EID1:R0001:签名"))
    assert QrScanner(camera, decoder_by_name("zxing"), clock).scan(2) == "EID1:R0001:签名"


def test_filter_skips_codes_that_are_not_e_ids_and_times_out_on_the_clock() -> None:
    clock = ManualClock()
    camera = SimulatedCamera(clock)
    camera.show(qr_image("https://example.invalid/not-an-eid"))
    scanner = QrScanner(camera, decoder_by_name("pyzbar"), clock,
                        accept=lambda code: code.text.startswith("EID"), interval_s=0.5)
    start = clock.monotonic()
    assert scanner.scan(timeout_s=3) is None
    assert 3 <= clock.monotonic() - start < 4


def test_unplugged_camera_gives_none() -> None:
    clock = ManualClock()
    camera = SimulatedCamera(clock, unplugged=True)
    camera.show(qr_image("EID1:x"))
    assert QrScanner(camera, decoder_by_name("zxing"), clock).scan(1) is None


def test_background_scan_reports_through_the_callback_and_can_be_cancelled() -> None:
    clock = ManualClock()
    camera = SimulatedCamera(clock)
    camera.show(qr_image("EID1:R0002"))
    results: list[str | None] = []
    done = threading.Event()

    def on_result(payload: str | None) -> None:
        results.append(payload)
        done.set()

    scanner = QrScanner(camera, decoder_by_name("zxing"), clock)
    scanner.start(5, on_result)
    assert done.wait(10)
    assert results == ["EID1:R0002"]

    camera.show(None)
    done.clear()
    scanner.start(10**6, on_result)  # nothing in view: would run "forever" on the clock
    scanner.cancel()
    assert done.wait(10)
    assert results == ["EID1:R0002", None]
