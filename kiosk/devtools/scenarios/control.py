"""Acting on the kiosk's world: devices, the hub, the network, the disk and the clock.

Steps never touch a simulator themselves; they call a :class:`KioskControl`. The
one used today, :class:`InProcessControl`, drives the dev dock's actions in this
process (the same routes ``kiosk dock`` serves) plus the simulators' reader faults,
the reference hub's fault injection, the data dir's own small disk and the scenario clock.
:class:`kiosk.devtools.scenarios.hardware.PromptControl` asks a tester at a real
terminal to do the same things by hand.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Protocol

import cv2

from devices.factory import READER_FAULTS, DeviceSet
from kiosk.devtools.dock import DevDock, DockError
from kiosk.devtools.headless import document_image
from kiosk.devtools.refhub.embedded import AdminClient
from kiosk.devtools.scenarios.clock import ScenarioClock
from kiosk.devtools.scenarios.disk import ScratchDisk

# What a step may call each device (the dock's names); the steps' own words map onto these.
DEVICES = ("idcard", "citizen_card", "camera", "printer")
PRINTER_STATES = ("ready", "paper_near_end", "paper_out", "cover_open", "error", "disconnected")


class ControlError(Exception):
    """The control cannot do this here (not simulated, no embedded hub, bad value)."""


class NotAvailableHere(ControlError):
    """This kind of kiosk cannot do the step at all (no root for a disk, real hardware):
    the scenario is skipped, not failed."""


@dataclass(frozen=True)
class Material:
    """A sheet to hold under the camera: its type and its paper's shape."""

    type: str
    width_mm: float
    height_mm: float


class KioskControl(Protocol):
    """Everything a scenario does to the kiosk that is not the resident's finger."""

    def place_id_card(self, resident: str | None) -> None:
        """Put a demo resident's ID card on the reader (``None``: lift it)."""
        ...

    def insert_citizen_card(self, resident: str | None) -> None:
        """Insert a demo resident's citizen card (``None``: pull it out)."""
        ...

    def show_eid_qr(self, resident: str) -> None:
        """Hold a fresh e-ID QR of the resident to the camera."""
        ...

    def show_qr(self, payload: str) -> None:
        """Hold a QR code holding ``payload`` to the camera."""
        ...

    def show_material(self, material: Material) -> None:
        """Hold a sheet of the material's shape under the camera."""
        ...

    def clear_camera(self) -> None:
        """Take whatever is under the camera away."""
        ...

    def set_printer(self, state: str) -> None:
        """Put the printer in one of ``PRINTER_STATES``."""
        ...

    def unplug(self, device: str, unplugged: bool) -> None:
        """Pull a device's cable (or plug it back in)."""
        ...

    def reader_fault(self, device: str, fault: str) -> None:
        """Make a card reader's next answer go wrong (``READER_FAULTS``)."""
        ...

    def hub_faults(self, spec: str) -> None:
        """Set the hub's (or the network's) faults from a reference-hub fault spec."""
        ...

    def disk_full(self, full: bool) -> None:
        """Make the store's disk full (or give it room again)."""
        ...

    def let_time_pass(self, seconds: float) -> None:
        """Let time go by for timeouts and countdowns."""
        ...

    def jump_clock(self, seconds: float) -> None:
        """Set the terminal's wall clock wrong by ``seconds``."""
        ...


def material_png(material: Material) -> bytes:
    """A demo sheet of the material's own shape, as PNG bytes."""
    image = document_image(material.type, seed=len(material.type),
                           aspect=material.width_mm / material.height_mm)
    ok, data = cv2.imencode(".png", image)
    if not ok:
        raise ControlError(f"cannot encode the sheet for {material.type}")
    return bytes(data.tobytes())


class InProcessControl:
    """The dev dock's actions on this process's simulated devices, plus faults and time."""

    def __init__(self, devices: DeviceSet, dock: DevDock, disk: ScratchDisk | None,
                 clock: ScenarioClock, admin: AdminClient | None) -> None:
        self._devices = devices
        self._dock = dock
        self._disk = disk
        self._clock = clock
        self._admin = admin

    def _call(self, path: str, body: dict[str, object]) -> None:
        try:
            self._dock.handle("POST", path, body)
        except DockError as exc:
            raise ControlError(str(exc)) from None

    def place_id_card(self, resident: str | None) -> None:
        """The dock's ``/idcard/place`` and ``/idcard/lift``."""
        if resident is None:
            self._call("/idcard/lift", {})
        else:
            self._call("/idcard/place", {"resident": resident})

    def insert_citizen_card(self, resident: str | None) -> None:
        """The dock's ``/citizen-card/insert`` and ``/citizen-card/remove``."""
        if resident is None:
            self._call("/citizen-card/remove", {})
        else:
            self._call("/citizen-card/insert", {"resident": resident})

    def show_eid_qr(self, resident: str) -> None:
        """The dock's ``/camera/qr`` with a resident: the hub mints the e-ID."""
        self._call("/camera/qr", {"resident": resident})

    def show_qr(self, payload: str) -> None:
        """The dock's ``/camera/qr`` with a payload."""
        self._call("/camera/qr", {"payload": payload})

    def show_material(self, material: Material) -> None:
        """The dock's ``/camera/image`` with a sheet of the material's shape."""
        self._call("/camera/image",
                   {"png_base64": base64.b64encode(material_png(material)).decode()})

    def clear_camera(self) -> None:
        """The dock's ``/camera/clear``."""
        self._call("/camera/clear", {})

    def set_printer(self, state: str) -> None:
        """The dock's ``/printer/state``."""
        self._call("/printer/state", {"state": state})

    def unplug(self, device: str, unplugged: bool) -> None:
        """The dock's ``/unplug``."""
        self._call("/unplug", {"device": device, "unplugged": unplugged})

    def reader_fault(self, device: str, fault: str) -> None:
        """The simulator's own fault injection (not in the dock)."""
        inject = self._devices.sim.inject.get(device)
        if inject is None:
            raise ControlError(f"the {device} reader in this configuration cannot be told "
                               f"to fail (its driver is {self._devices.configs[device].driver})")
        if fault not in READER_FAULTS.get(device, ()):
            raise ControlError(f"unknown {device} fault {fault!r}; use one of "
                               + ", ".join(READER_FAULTS.get(device, ())))
        inject(fault)

    def hub_faults(self, spec: str) -> None:
        """The reference hub's fault injection, as the dock's ``/network`` sets it."""
        if self._admin is None:
            raise ControlError("hub and network faults need the reference hub's admin "
                               "interface (the embedded hub, or --hub-admin-key)")
        self._call("/network", {"spec": spec})

    def disk_full(self, full: bool) -> None:
        """Fill the data dir's own small disk (or give it room again)."""
        if self._disk is None:
            raise NotAvailableHere("a full disk needs the kiosk's data dir on a disk of its own "
                               "(a tmpfs the scenario mounts, which needs root)")
        if full:
            self._disk.fill()
        else:
            self._disk.free()

    def let_time_pass(self, seconds: float) -> None:
        """The scenario clock's monotonic offset."""
        self._clock.let_pass(seconds)

    def jump_clock(self, seconds: float) -> None:
        """The scenario clock's wall offset."""
        self._clock.jump_wall(seconds)
