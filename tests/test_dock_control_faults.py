"""The dock's control API: every fault each device family defines, switched from outside.

A dock over the simulated profile's memory devices, driven through the typed
``DockControl`` client over real HTTP; each fault is checked on the device
itself (the read fails as the fault says), and ``status`` lists what is on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from dock_support import running_dock

from devices.camera.protocol import CameraFailure, CameraFailureKind, Frame
from devices.citizen_card.protocol import CitizenCardFailure, CitizenCardFailureKind
from devices.factory import DeviceSet
from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind
from devices.printer.protocol import PrinterStatus
from devices.simulation import CAMERA_FAULTS, CITIZEN_CARD_FAULTS, ID_CARD_FAULTS, PRINTER_FAULTS
from kiosk.devtools.cards import citizen_card_for, id_card_for
from kiosk.devtools.control import DockControl, DockRefusal
from kiosk.devtools.dock import DevDock
from kiosk.devtools.residents import resident


@pytest.fixture
def control(tmp_path: Path) -> Iterator[tuple[DockControl, DeviceSet, DevDock]]:
    with running_dock(tmp_path) as (dock, devices):
        yield DockControl.from_data_dir(tmp_path), devices, dock


def test_the_catalogue_lists_every_family_fault(
        control: tuple[DockControl, DeviceSet, DevDock]) -> None:
    client, _devices, _dock = control
    kinds = client.faults().kinds
    assert kinds["idcard"] == ID_CARD_FAULTS
    assert kinds["citizen_card"] == CITIZEN_CARD_FAULTS
    assert kinds["camera"] == CAMERA_FAULTS
    assert kinds["printer"] == PRINTER_FAULTS
    assert client.status().faults == {}


@pytest.mark.parametrize(("kind", "failure"), [
    ("checksum", IdCardFailureKind.CHECKSUM), ("sw41", IdCardFailureKind.READ_FAILED),
    ("slow", IdCardFailureKind.TIMEOUT), ("invalid_number", IdCardFailureKind.INVALID_NUMBER),
])
def test_idcard_fault_bites_once_then_the_card_reads(
        control: tuple[DockControl, DeviceSet, DevDock], kind: str,
        failure: IdCardFailureKind) -> None:
    client, devices, _dock = control
    client.set_fault("idcard", kind, times=1)
    assert client.status().faults == {"idcard": {kind: 1}}
    client.place_idcard("R0005")
    result = devices.idcard.read_card()
    assert isinstance(result, IdCardFailure) and result.kind is failure
    assert client.status().faults == {}
    assert devices.idcard.read_card() == id_card_for(resident("R0005"))


def test_card_not_removed_keeps_the_card_on_the_pad(
        control: tuple[DockControl, DeviceSet, DevDock]) -> None:
    client, devices, _dock = control
    client.place_idcard("R0006")
    assert isinstance(devices.idcard.read_card(), IdCardData)
    client.set_fault("idcard", "card_not_removed")
    client.lift_idcard()
    left = devices.idcard.read_card()
    assert isinstance(left, IdCardFailure) and left.kind is IdCardFailureKind.CARD_NOT_REMOVED
    client.clear_faults("idcard")
    client.lift_idcard()
    gone = devices.idcard.read_card()
    assert isinstance(gone, IdCardFailure) and gone.kind is IdCardFailureKind.NO_CARD


@pytest.mark.parametrize(("kind", "failure"), [
    ("mute", CitizenCardFailureKind.MUTE), ("pulled", CitizenCardFailureKind.REMOVED),
    ("wrong_card", CitizenCardFailureKind.WRONG_CARD), ("locked", CitizenCardFailureKind.LOCKED),
    ("expired", CitizenCardFailureKind.EXPIRED),
])
def test_citizen_card_fault(control: tuple[DockControl, DeviceSet, DevDock], kind: str,
                            failure: CitizenCardFailureKind) -> None:
    client, devices, _dock = control
    client.insert_citizen_card("R0007")
    client.set_fault("citizen_card", kind)
    for _ in range(2):  # the card in the slot is a faulty card until the fault is cleared
        result = devices.citizen_card.read_card()
        assert isinstance(result, CitizenCardFailure) and result.kind is failure
    client.clear_faults("citizen_card")
    assert devices.citizen_card.read_card() == citizen_card_for(resident("R0007"))


def test_camera_drops_frames_then_streams(
        control: tuple[DockControl, DeviceSet, DevDock]) -> None:
    client, devices, _dock = control
    client.set_fault("camera", "dropped_frames", times=2)
    for _ in range(2):
        dropped = devices.camera.grab()
        assert isinstance(dropped, CameraFailure)
        assert dropped.kind is CameraFailureKind.READ_FAILED
    assert isinstance(devices.camera.grab(), Frame)


def test_printer_faults_are_states_and_clear_to_ready(
        control: tuple[DockControl, DeviceSet, DevDock]) -> None:
    client, devices, _dock = control
    client.set_fault("printer", "paper_near_end")
    client.set_fault("printer", "cover_open")
    assert devices.printer.status() is PrinterStatus.COVER_OPEN
    assert client.status().devices["printer"] == "cover_open"
    assert client.status().faults["printer"] == {"paper_near_end": None, "cover_open": None}
    assert client.clear_faults("printer") == ["printer"]
    assert devices.printer.status() is PrinterStatus.READY


def test_bad_requests_are_refused_with_the_fix(
        control: tuple[DockControl, DeviceSet, DevDock]) -> None:
    client, _devices, _dock = control
    with pytest.raises(DockRefusal, match="it has card_not_removed, checksum") as unknown:
        client.set_fault("idcard", "melted")
    assert unknown.value.status == 400
    with pytest.raises(DockRefusal, match="has no faults here") as device:
        client.set_fault("toaster", "smoke")
    assert device.value.status == 409
    with pytest.raises(DockRefusal, match="whole number"):
        client.call("POST", "/fault", {"device": "idcard", "kind": "sw41", "times": 0})
    with pytest.raises(DockRefusal, match="no kiosk window") as screen:
        client.screen()
    assert screen.value.status == 409
    # Nothing was switched on by the refused requests.
    assert client.status().faults == {}


def test_in_process_client_answers_like_http(
        control: tuple[DockControl, DeviceSet, DevDock]) -> None:
    client, _devices, dock = control
    local = DockControl.in_process(dock)
    local.set_fault("camera", "dropped_frames", times=3)
    assert client.status().faults == local.status().faults == {
        "camera": {"dropped_frames": 3}}
    with pytest.raises(DockRefusal) as refused:
        local.set_fault("camera", "fog")
    assert refused.value.status == 400
