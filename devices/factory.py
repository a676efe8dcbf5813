"""The one place that picks real or simulated devices from the configuration."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from devices.barcode.protocol import BarcodeDecoder
from devices.camera.protocol import Camera, Image
from devices.citizen_card.protocol import CitizenCardData, CitizenCardReader
from devices.idcard.protocol import IdCardData, IdCardReader
from devices.memory import MemoryCamera, MemoryCitizenCardReader, MemoryIdCardReader, MemoryPrinter
from devices.printer.protocol import PrinterStatus, ReceiptPrinter
from kiosk.base.clock import Clock
from kiosk.base.config import DeviceConfig, KioskConfig
from kiosk.base.config.devices import PrinterOptions


class DeviceSetupError(Exception):
    """A configured device could not be opened at all (a driver bug or a missing module)."""


@dataclass
class SimulationControls:
    """Handles that let tests and the dev dock act on simulated hardware by hand.

    Each is ``None`` when that device is real; the dev dock refuses what it cannot do.
    """

    place_id_card: Callable[[IdCardData | None], None] | None = None
    insert_citizen_card: Callable[[CitizenCardData | None], None] | None = None
    show_to_camera: Callable[[Image | None], None] | None = None
    set_printer_state: Callable[[PrinterStatus], None] | None = None
    printed_jobs: Callable[[], list[bytes]] | None = None
    unplug: dict[str, Callable[[bool], None]] = field(default_factory=dict)
    closers: list[Callable[[], None]] = field(default_factory=list)


@dataclass
class DeviceSet:
    """Every device the journey uses, opened from one configuration."""

    idcard: IdCardReader
    citizen_card: CitizenCardReader
    camera: Camera
    printer: ReceiptPrinter
    barcode: BarcodeDecoder
    sim: SimulationControls
    configs: dict[str, DeviceConfig]

    def close(self) -> None:
        """Release every device and stop every simulator."""
        for dev in (self.idcard, self.citizen_card, self.camera, self.printer):
            dev.close()
        for closer in self.sim.closers:
            closer()


def _driver(module: str, function: str) -> Callable[..., object]:
    """Import a driver module only when configured, so optional libraries stay optional."""
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise DeviceSetupError(f"cannot load {module}: {exc}") from exc
    factory: Callable[..., object] = getattr(mod, function)
    return factory


def open_devices(config: KioskConfig, clock: Clock, data_dir: Path) -> DeviceSet:
    """Open every configured device; real drivers report problems through their status."""
    sim = SimulationControls()
    cfg = dict(config.devices)

    idcard: IdCardReader
    dev = cfg["idcard"]
    if dev.driver == "memory":
        mem_id = MemoryIdCardReader()
        sim.place_id_card = lambda card: mem_id.place(card) if card else mem_id.lift()
        sim.unplug["idcard"] = lambda unplugged: setattr(mem_id, "connected", not unplugged)
        idcard = mem_id
    else:
        make = _driver("devices.idcard.factory", "open_idcard")
        idcard = make(dev, clock, sim)  # type: ignore[assignment]

    citizen: CitizenCardReader
    dev = cfg["citizen_card"]
    if dev.driver == "memory":
        mem_cc = MemoryCitizenCardReader()
        sim.insert_citizen_card = lambda card: mem_cc.insert(card) if card else mem_cc.remove()
        sim.unplug["citizen_card"] = lambda unplugged: setattr(mem_cc, "connected", not unplugged)
        citizen = mem_cc
    else:
        make = _driver("devices.citizen_card.factory", "open_citizen_card")
        citizen = make(dev, clock, sim)  # type: ignore[assignment]

    camera: Camera
    dev = cfg["camera"]
    if dev.driver == "memory":
        mem_cam = MemoryCamera(clock)
        sim.show_to_camera = mem_cam.show
        sim.unplug["camera"] = lambda unplugged: setattr(mem_cam, "connected", not unplugged)
        camera = mem_cam
    else:
        make = _driver("devices.camera.factory", "open_camera")
        camera = make(dev, clock, sim)  # type: ignore[assignment]

    printer: ReceiptPrinter
    dev = cfg["printer"]
    if dev.driver == "memory":
        assert isinstance(dev.options, PrinterOptions)  # the configuration's printer section
        mem_pr = MemoryPrinter(dev.options.width_mm)
        sim.set_printer_state = lambda state: setattr(mem_pr, "state", state)
        sim.printed_jobs = lambda: list(mem_pr.jobs)
        sim.unplug["printer"] = lambda unplugged: setattr(
            mem_pr, "state", PrinterStatus.DISCONNECTED if unplugged else PrinterStatus.READY
        )
        printer = mem_pr
    else:
        make = _driver("devices.printer.factory", "open_printer")
        printer = make(dev, clock, sim, data_dir)  # type: ignore[assignment]

    dev = cfg["barcode"]
    make = _driver("devices.barcode.factory", "open_decoder")
    barcode: BarcodeDecoder = make(dev)  # type: ignore[assignment]

    return DeviceSet(idcard, citizen, camera, printer, barcode, sim, cfg)
