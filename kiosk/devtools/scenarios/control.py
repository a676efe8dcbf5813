"""Acting on the kiosk's world: devices, the hub, the network, the disk and the clock.

Steps never touch a simulator themselves; they call a :class:`KioskControl`. The
one for simulated kiosks, :class:`InProcessControl`, speaks the dev dock's control
API through its typed client (``kiosk.devtools.control.DockControl``), plus the
data dir's own small disk and the scenario clock.
:class:`kiosk.devtools.scenarios.hardware.PromptControl` asks a tester at a real
terminal to do the same things by hand.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import cv2

from kiosk.devtools.control import DockControl, DockRefusal
from kiosk.devtools.headless import document_image
from kiosk.devtools.scenarios.clock import ScenarioClock
from kiosk.devtools.scenarios.disk import ScratchDisk
from kiosk.devtools.scenarios.errors import ScenarioError

# What a step may call each device (the dock's names); the steps' own words map onto these.
DEVICES = ("idcard", "citizen_card", "camera", "printer")
PRINTER_STATES = ("ready", "paper_near_end", "paper_out", "cover_open", "error", "disconnected")


class ControlError(ScenarioError):
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
        """Make a card reader's next answer go wrong ("ok": behave again)."""
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

    def tester_confirms(self, question: str) -> bool | None:
        """A yes/no a person answers looking at the terminal; ``None``: no person here."""
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
    """The dev dock's control API (its typed client) plus the scenario's own disk and clock.

    Every device, hub and network action goes through ``DockControl``: in process
    here, and ``DockControl.http(url)`` would drive a kiosk in another process with
    the same calls. The disk (a real ENOSPC on the data dir's own tmpfs) and the
    scenario clock (which also lets time pass for timeouts) are the scenario's own.
    """

    def __init__(self, dock: DockControl, disk: ScratchDisk | None,
                 clock: ScenarioClock) -> None:
        self._dock = dock
        self._disk = disk
        self._clock = clock

    def _do(self, action: Callable[[], object]) -> None:
        try:
            action()
        except DockRefusal as exc:
            raise ControlError(exc.reason) from None

    def place_id_card(self, resident: str | None) -> None:
        """``/idcard/place`` and ``/idcard/lift``."""
        if resident is None:
            self._do(self._dock.lift_idcard)
        else:
            self._do(lambda: self._dock.place_idcard(resident))

    def insert_citizen_card(self, resident: str | None) -> None:
        """``/citizen-card/insert`` and ``/citizen-card/remove``."""
        if resident is None:
            self._do(self._dock.remove_citizen_card)
        else:
            self._do(lambda: self._dock.insert_citizen_card(resident))

    def show_eid_qr(self, resident: str) -> None:
        """``/camera/qr`` with a resident: the hub mints the e-ID."""
        self._do(lambda: self._dock.show_eid(resident))

    def show_qr(self, payload: str) -> None:
        """``/camera/qr`` with a payload."""
        self._do(lambda: self._dock.show_qr(payload))

    def show_material(self, material: Material) -> None:
        """``/camera/image`` with a sheet of the material's shape."""
        png = base64.b64encode(material_png(material)).decode()
        self._do(lambda: self._dock.call("POST", "/camera/image", {"png_base64": png}))

    def clear_camera(self) -> None:
        """``/camera/clear``."""
        self._do(self._dock.clear_camera)

    def set_printer(self, state: str) -> None:
        """``/printer/state``."""
        self._do(lambda: self._dock.set_printer(state))

    def unplug(self, device: str, unplugged: bool) -> None:
        """``/unplug``."""
        self._do(lambda: self._dock.unplug(device, unplugged))

    def reader_fault(self, device: str, fault: str) -> None:
        """``/fault`` with the family's own kind (``/fault/clear`` for "ok")."""
        if fault == "ok":
            self._do(lambda: self._dock.clear_faults(device))
            return
        kind = _DOCK_FAULTS.get((device, fault))
        if kind is None:
            raise ControlError(f"the {device} reader has no fault {fault!r}; use one of "
                               + ", ".join(f for d, f in _DOCK_FAULTS if d == device))
        name, times = kind
        self._do(lambda: self._dock.set_fault(device, name, times=times))

    def hub_faults(self, spec: str) -> None:
        """The reference hub's fault spec, through the dock's network route."""
        self._do(lambda: self._dock.hub_faults(spec))

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

    def tester_confirms(self, question: str) -> bool | None:
        """No person: the steps look at the simulators instead."""
        return None


# The vocabulary's reader faults as the dock's fault kinds: (kind, uses; None = until cleared).
_DOCK_FAULTS: dict[tuple[str, str], tuple[str, int | None]] = {
    ("idcard", "corrupt_frame"): ("checksum", 1),
    ("idcard", "truncated_frame"): ("truncated", 1),
    ("idcard", "read_failed"): ("sw41", 1),
    ("idcard", "mute"): ("mute", None),
    ("citizen_card", "mute"): ("mute", 1),
    ("citizen_card", "removed"): ("pulled", 1),
    ("citizen_card", "wrong_card"): ("wrong_card", 1),
    ("citizen_card", "locked"): ("locked", 1),
    ("citizen_card", "expired"): ("expired", 1),
}
