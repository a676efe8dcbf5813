"""The one place that picks real or simulated devices from the configuration."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from devices.barcode.protocol import BarcodeDecoder
from devices.camera.protocol import Camera, Image
from devices.citizen_card.protocol import CitizenCardData, CitizenCardReader
from devices.idcard.protocol import IdCardData, IdCardReader
from devices.memory import MemoryCamera, MemoryCitizenCardReader, MemoryIdCardReader, MemoryPrinter
from devices.printer.protocol import PrinterStatus, ReceiptPrinter
from devices.recording.file import RecordingWriter
from devices.recording.taps import CameraTap
from devices.simulation import (
    CITIZEN_CARD_FAULTS,
    ID_CARD_FAULTS,
    FaultSwitches,
    SampleCards,
    printer_fault_switches,
)
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
    # Each simulated device's fault switches, by family (idcard, citizen_card, camera, printer).
    faults: dict[str, FaultSwitches] = field(default_factory=dict)
    closers: list[Callable[[], None]] = field(default_factory=list)
    # Where a simulator's configured card (``card = "R0001"``) comes from; none on a terminal.
    samples: SampleCards | None = None
    # Records every byte-level device's transport when a session is being recorded
    # (``kiosk devices record``); real and simulated drivers alike, never memory fakes.
    recorder: RecordingWriter | None = None


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


@contextlib.contextmanager
def _loading(family: str) -> Iterator[None]:
    """Turn a driver module that cannot load (an optional library missing) into a setup error."""
    try:
        yield
    except ImportError as exc:
        raise DeviceSetupError(f"cannot load the {family} driver: {exc}") from exc


def open_devices(config: KioskConfig, clock: Clock, data_dir: Path,
                 samples: SampleCards | None = None,
                 recorder: RecordingWriter | None = None) -> DeviceSet:
    """Open every configured device; real drivers report problems through their status.

    ``samples`` names the cards a simulator may be configured to hold (the demo residents');
    ``recorder`` records each byte-level driver at its transport boundary.
    """
    sim = SimulationControls(samples=samples, recorder=recorder)
    cfg = dict(config.devices)

    idcard: IdCardReader
    dev = cfg["idcard"]
    if dev.driver == "memory":
        mem_id = MemoryIdCardReader()
        sim.place_id_card = lambda card: mem_id.place(card) if card else mem_id.lift()
        sim.unplug["idcard"] = lambda unplugged: setattr(mem_id, "connected", not unplugged)
        mem_id.faults = sim.faults["idcard"] = FaultSwitches("idcard", ID_CARD_FAULTS)
        idcard = mem_id
    else:
        with _loading("idcard"):
            from devices.idcard.factory import open_idcard
        idcard = open_idcard(dev, clock, sim)

    citizen: CitizenCardReader
    dev = cfg["citizen_card"]
    if dev.driver == "memory":
        mem_cc = MemoryCitizenCardReader()
        sim.insert_citizen_card = lambda card: mem_cc.insert(card) if card else mem_cc.remove()
        sim.unplug["citizen_card"] = lambda unplugged: setattr(mem_cc, "connected", not unplugged)
        mem_cc.faults = sim.faults["citizen_card"] = FaultSwitches(
            "citizen_card", CITIZEN_CARD_FAULTS, on_change=mem_cc.reinsert)
        citizen = mem_cc
    else:
        with _loading("citizen_card"):
            from devices.citizen_card.factory import open_citizen_card
        citizen = open_citizen_card(dev, clock, sim)

    camera: Camera
    dev = cfg["camera"]
    if dev.driver == "memory":
        mem_cam = MemoryCamera(clock)
        sim.show_to_camera = mem_cam.show
        sim.unplug["camera"] = lambda unplugged: setattr(mem_cam, "connected", not unplugged)
        sim.faults["camera"] = mem_cam.faults
        camera = mem_cam
    else:
        with _loading("camera"):
            from devices.camera.factory import open_camera
        camera = open_camera(dev, clock, sim)
        if recorder is not None:
            camera = CameraTap(camera, recorder, clock, recorder.frame_interval_s)

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
        with _loading("printer"):
            from devices.printer.factory import open_printer
        printer = open_printer(dev, clock, sim, data_dir)

    if sim.set_printer_state is not None:
        sim.faults["printer"] = printer_fault_switches(sim.set_printer_state)

    dev = cfg["barcode"]
    with _loading("barcode"):
        from devices.barcode.factory import open_decoder
    barcode: BarcodeDecoder = open_decoder(dev)

    return DeviceSet(idcard, citizen, camera, printer, barcode, sim, cfg)

