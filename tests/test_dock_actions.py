"""Each dev-dock action, driven over HTTP, changes the real (memory) devices it names."""

from __future__ import annotations

import base64
from pathlib import Path

import cv2
import numpy as np
from dock_support import call, running_dock

from devices.camera.protocol import CameraStatus, Frame
from devices.citizen_card.protocol import (
    CitizenCardData,
    CitizenCardFailure,
    CitizenCardFailureKind,
)
from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind
from devices.printer.protocol import PrinterStatus, PrintFailure
from kiosk.devtools.residents import resident


def test_status_lists_devices_and_abilities(tmp_path: Path) -> None:
    with running_dock(tmp_path) as (dock, _devices):
        status, answer = call(dock.url, "GET", "/status")
    assert status == 200 and answer["ok"]
    assert answer["devices"]["idcard"] == "ready"
    assert answer["can"]["unplug"] == ["camera", "citizen_card", "idcard", "printer"]
    assert answer["can"]["eid"] is False  # no hub callable given


def test_place_and_lift_id_card(tmp_path: Path) -> None:
    with running_dock(tmp_path) as (dock, devices):
        assert call(dock.url, "POST", "/idcard/place", {"resident": "R0001"})[0] == 200
        card = devices.idcard.read_card()
        assert isinstance(card, IdCardData)
        assert card.id_number == resident("R0001").id_number
        assert call(dock.url, "POST", "/idcard/lift")[0] == 200
        lifted = devices.idcard.read_card()
        assert isinstance(lifted, IdCardFailure) and lifted.kind is IdCardFailureKind.NO_CARD


def test_insert_and_remove_citizen_card(tmp_path: Path) -> None:
    with running_dock(tmp_path) as (dock, devices):
        assert call(dock.url, "POST", "/citizen-card/insert", {"resident": "R0042"})[0] == 200
        card = devices.citizen_card.read_card()
        assert isinstance(card, CitizenCardData)
        assert card.id_number == resident("R0042").id_number
        assert call(dock.url, "POST", "/citizen-card/remove")[0] == 200
        gone = devices.citizen_card.read_card()
        assert isinstance(gone, CitizenCardFailure)
        assert gone.kind is CitizenCardFailureKind.NO_CARD


def test_unknown_resident_is_refused(tmp_path: Path) -> None:
    with running_dock(tmp_path) as (dock, devices):
        status, answer = call(dock.url, "POST", "/idcard/place", {"resident": "R9999"})
        assert status == 404 and "R9999" in answer["error"]
        assert devices.idcard.status().value == "ready"


def test_show_qr_payload_is_read_back_by_the_real_decoder(tmp_path: Path) -> None:
    payload = "EID1:和睦区:R0007:一次办好"
    with running_dock(tmp_path) as (dock, devices):
        assert call(dock.url, "POST", "/camera/qr", {"payload": payload})[0] == 200
        frame = devices.camera.grab()
        assert isinstance(frame, Frame)
        assert [c.text for c in devices.barcode.decode(frame.image)] == [payload]
        assert call(dock.url, "POST", "/camera/clear")[0] == 200
        empty = devices.camera.grab()  # a camera with nothing under it still streams
        assert isinstance(empty, Frame) and empty.image.shape == frame.image.shape
        assert devices.barcode.decode(empty.image) == []


def test_show_document_image_by_path_and_by_base64(tmp_path: Path) -> None:
    doc = np.full((60, 90, 3), 180, dtype=np.uint8)
    doc[10:20, 10:80] = (0, 0, 255)
    path = tmp_path / "doc.png"
    cv2.imwrite(str(path), doc)
    with running_dock(tmp_path / "data") as (dock, devices):
        status, answer = call(dock.url, "POST", "/camera/image", {"path": str(path)})
        assert status == 200 and answer["size"] == [90, 60]
        frame = devices.camera.grab()
        assert isinstance(frame, Frame) and np.array_equal(frame.image, doc)
        encoded = base64.b64encode(path.read_bytes()).decode()
        cv2.imwrite(str(path), np.zeros((5, 5, 3), dtype=np.uint8))  # file no longer used
        assert call(dock.url, "POST", "/camera/image", {"png_base64": encoded})[0] == 200
        frame = devices.camera.grab()
        assert isinstance(frame, Frame) and np.array_equal(frame.image, doc)
        assert call(dock.url, "POST", "/camera/image", {"path": str(tmp_path / "no.png")}
                    )[0] == 400


def test_printer_states(tmp_path: Path) -> None:
    with running_dock(tmp_path) as (dock, devices):
        for name, expected in (("paper_out", PrinterStatus.PAPER_END),
                               ("cover_open", PrinterStatus.COVER_OPEN),
                               ("disconnected", PrinterStatus.DISCONNECTED)):
            assert call(dock.url, "POST", "/printer/state", {"state": name})[0] == 200
            assert devices.printer.status() is expected
            refused = devices.printer.print_job(b"\x1b@receipt")
            assert isinstance(refused, PrintFailure) and refused.status is expected
        assert call(dock.url, "POST", "/printer/state", {"state": "ready"})[0] == 200
        assert not isinstance(devices.printer.print_job(b"\x1b@receipt"), PrintFailure)
        status, answer = call(dock.url, "GET", "/printer/jobs")
        assert status == 200 and answer["count"] == 1 and answer["sizes"] == [9]
        assert call(dock.url, "POST", "/printer/state", {"state": "on_fire"})[0] == 400


def test_unplug_and_plug_each_device(tmp_path: Path) -> None:
    with running_dock(tmp_path) as (dock, devices):
        for name in ("idcard", "citizen_card", "camera", "printer"):
            assert call(dock.url, "POST", "/unplug", {"device": name})[0] == 200
            assert getattr(devices, name).status().value == "disconnected", name
            assert call(dock.url, "POST", "/unplug",
                        {"device": name, "unplugged": False})[0] == 200
            assert getattr(devices, name).status().value != "disconnected", name
        assert devices.camera.status() is CameraStatus.READY
        assert call(dock.url, "POST", "/unplug", {"device": "toaster"})[0] == 409


def test_network_actions_reach_the_hub_fault_setter(tmp_path: Path) -> None:
    specs: list[str] = []
    with running_dock(tmp_path, set_hub_faults=specs.append) as (dock, _devices):
        assert call(dock.url, "POST", "/network", {"mode": "cut"})[0] == 200
        assert call(dock.url, "POST", "/network", {"mode": "slow", "latency_s": 4})[0] == 200
        assert call(dock.url, "POST", "/network", {"mode": "ok"})[0] == 200
        assert call(dock.url, "POST", "/network", {"mode": "slow", "latency_s": -1})[0] == 400
    assert specs == ["down=true", "latency=4.0", "none"]


def test_bad_requests_are_answered_not_crashed(tmp_path: Path) -> None:
    with running_dock(tmp_path) as (dock, _devices):
        assert call(dock.url, "GET", "/nope")[0] == 404
        assert call(dock.url, "GET", "/idcard/place")[0] == 405
        assert call(dock.url, "POST", "/idcard/place", {"resident": "R0001"},
                    content_type="text/plain")[0] == 415
        assert call(dock.url, "POST", "/camera/qr", {"resident": "R0001"})[0] == 409
        assert call(dock.url, "POST", "/idcard/place", {})[0] == 400
        assert call(dock.url, "GET", "/status")[0] == 200  # still serving
