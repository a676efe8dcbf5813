"""Record a device session to one file and replay it through simulators: the Python API.

A session is a fixed plan of steps (``SessionPlan``): read an ID card, read a
citizen card, grab camera frames, print a job. ``record_session`` runs the plan
on the configured devices with every transport recorded; ``replay_session`` runs
the same plan with the real drivers against simulators that answer from the
recording, and compares each step's outcome. Outcomes name a failure's kind, or
carry a SHA-256 digest of what was read, so a plain recording's marks never hold
personal data themselves.
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from devices.camera.protocol import Camera, Frame
from devices.citizen_card.pcsc import PcscCitizenCardReader
from devices.citizen_card.protocol import (
    CitizenCardFailure,
    CitizenCardReader,
    CitizenCardReaderStatus,
)
from devices.citizen_card.vpcd import VPCD_PORT, VpcdCard, vpcd_slot_matcher
from devices.factory import open_devices
from devices.idcard.frames import DEFAULT_BAUD
from devices.idcard.ga467 import Ga467Reader
from devices.idcard.protocol import IdCardFailure, IdCardFailureKind, IdCardReader
from devices.printer.escpos import EscposPrinter
from devices.printer.factory import network_transport
from devices.printer.protocol import PrintFailure, ReceiptPrinter
from devices.printer.simulator import SimulatedPrinter
from devices.recording.file import Direction, Recording, RecordingWriter, Sealer
from devices.recording.replay import (
    ReplayCamera,
    ReplayCard,
    ReplaySerialLine,
    idcard_bauds,
    printer_answer,
    script_for,
)
from devices.recording.script import ExchangeScript
from devices.recording.taps import CAMERA, CITIZEN_CARD, IDCARD, PRINTER
from devices.simulation import SampleCards
from kiosk.base.clock import Clock
from kiosk.base.config import KioskConfig

# Drivers whose transport a recording can hold (memory fakes have none).
RECORDABLE = {"idcard": ("ga467", "simulated"), "citizen_card": ("pcsc", "simulated"),
              "camera": ("opencv", "simulated"), "printer": ("escpos", "simulated")}
SIMULATED = "simulated"


class RecordingRefused(ValueError):
    """This configuration may not be recorded as asked; the message says why and the fix."""


@dataclass(frozen=True)
class SessionPlan:
    """The steps of a recorded session, in order."""

    idcard: bool = True
    citizen_card: bool = True
    frames: int = 3
    frame_interval_s: float = 0.5
    receipt: bytes | None = None
    wait_s: float = 10.0

    def to_meta(self) -> dict[str, Any]:
        """The plan as the recording's header keeps it."""
        return {"idcard": self.idcard, "citizen_card": self.citizen_card,
                "frames": self.frames, "frame_interval_s": self.frame_interval_s,
                "receipt": base64.b64encode(self.receipt).decode() if self.receipt else None,
                "wait_s": self.wait_s}

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any]) -> SessionPlan:
        """The plan a recording was made with."""
        receipt = meta.get("receipt")
        return cls(bool(meta.get("idcard")), bool(meta.get("citizen_card")),
                   int(meta.get("frames", 0)), float(meta.get("frame_interval_s", 0.5)),
                   base64.b64decode(receipt) if receipt else None,
                   float(meta.get("wait_s", 10.0)))


@dataclass(frozen=True)
class StepOutcome:
    """What one step of the session gave: ``ok <digest>`` or ``failure <kind>``."""

    step: str
    outcome: str


@dataclass
class SessionDevices:
    """The devices a session uses (any of them may be missing from a replay)."""

    idcard: IdCardReader | None
    citizen_card: CitizenCardReader | None
    camera: Camera | None
    printer: ReceiptPrinter | None


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, enum.Enum):
        return value.value
    return str(value)


def _digest(value: Any) -> str:
    data = (dataclasses.asdict(value)
            if dataclasses.is_dataclass(value) and not isinstance(value, type) else value)
    text = json.dumps(data, default=_plain, sort_keys=True, ensure_ascii=False)
    return "ok sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _read_idcard(reader: IdCardReader, clock: Clock, wait_s: float) -> str:
    deadline = clock.monotonic() + wait_s
    while True:
        result = reader.read_card()
        waiting = isinstance(result, IdCardFailure) and result.kind in (
            IdCardFailureKind.NO_CARD, IdCardFailureKind.CARD_NOT_REMOVED)
        if not waiting or clock.monotonic() >= deadline:
            break
    if isinstance(result, IdCardFailure):
        return f"failure {result.kind.value}"
    return _digest(result)


def _read_citizen_card(reader: CitizenCardReader, clock: Clock, wait_s: float) -> str:
    deadline = clock.monotonic() + wait_s
    while (reader.status() is not CitizenCardReaderStatus.CARD_PRESENT
           and clock.monotonic() < deadline):
        clock.sleep(0.05)
    result = reader.read_card()
    if isinstance(result, CitizenCardFailure):
        return f"failure {result.kind.value}"
    return _digest(result)


def _frame_outcome(shot: Frame | Any) -> str:
    if isinstance(shot, Frame):
        image = shot.image
        return "ok sha256:" + hashlib.sha256(
            repr(image.shape).encode() + image.tobytes()).hexdigest()[:16]
    return f"failure {shot.kind.value}"


def run_session(devices: SessionDevices, plan: SessionPlan, clock: Clock,
                writer: RecordingWriter | None = None) -> list[StepOutcome]:
    """Run the plan's steps; each outcome is also marked in the recording being written."""
    outcomes: list[StepOutcome] = []

    def done(step: str, device: str, outcome: str) -> None:
        outcomes.append(StepOutcome(step, outcome))
        if writer is not None:
            writer.add(device, Direction.MARK, outcome.encode("utf-8"), note=step)

    if plan.idcard and devices.idcard is not None:
        done("idcard.read", IDCARD, _read_idcard(devices.idcard, clock, plan.wait_s))
    if plan.citizen_card and devices.citizen_card is not None:
        done("citizen_card.read", CITIZEN_CARD,
             _read_citizen_card(devices.citizen_card, clock, plan.wait_s))
    if devices.camera is not None:
        for number in range(plan.frames):
            if number:
                clock.sleep(plan.frame_interval_s)
            done(f"camera.grab.{number + 1}", CAMERA, _frame_outcome(devices.camera.grab()))
    if plan.receipt is not None and devices.printer is not None:
        result = devices.printer.print_job(plan.receipt)
        done("printer.print", PRINTER, f"failure {result.status.value}"
             if isinstance(result, PrintFailure) else f"ok printed {result.byte_count}")
    return outcomes


def check_recordable(config: KioskConfig, allow_production: bool) -> dict[str, str]:
    """The drivers to record (family → driver); ``RecordingRefused`` says what is wrong."""
    if config.profile == "production" and not allow_production:
        raise RecordingRefused(
            "recording is refused on the production profile: it captures residents' card "
            "data. Fix: record on a simulated configuration, or pass --allow-production "
            "(the recording is then sealed with this kiosk's store key)")
    drivers = {name: config.device(name).driver for name in RECORDABLE}
    unrecordable = [f"devices.{name}.driver = {driver!r}" for name, driver in drivers.items()
                    if driver not in RECORDABLE[name]]
    if unrecordable:
        raise RecordingRefused(
            "memory devices have no transport to record (" + ", ".join(unrecordable)
            + "). Fix: use the simulated or the real drivers, or --simulate RESIDENT")
    return drivers


def needs_sealing(drivers: Mapping[str, str]) -> bool:
    """A recording of any real device may hold personal data: it is sealed."""
    return any(driver != SIMULATED for driver in drivers.values())


@dataclass
class RecordedSession:
    """What ``record_session`` did."""

    path: Path
    outcomes: list[StepOutcome]
    sealed: bool


def record_session(config: KioskConfig, clock: Clock, data_dir: Path, out: Path,
                   plan: SessionPlan, *, samples: SampleCards | None = None,
                   resident: str | None = None,
                   faults: Mapping[str, list[tuple[str, int | None]]] | None = None,
                   sealer: Sealer | None = None, algorithm: str | None = None,
                   allow_production: bool = False) -> RecordedSession:
    """Run ``plan`` on the configured devices and record every transport to ``out``.

    ``resident`` puts that demo resident's cards in the simulators first; ``faults``
    switches simulator faults on (device → [(kind, times)]). A recording of real
    devices needs ``sealer`` (the store's); ``RecordingRefused`` otherwise.
    """
    drivers = check_recordable(config, allow_production)
    if needs_sealing(drivers) and sealer is None:
        raise RecordingRefused("a recording of real devices is sealed with the store key, "
                               "and none was given")
    # Every grab of the plan is kept (its interval, less a margin for timer jitter).
    writer = RecordingWriter(out, clock, drivers, sealer=sealer, algorithm=algorithm,
                             meta={"plan": plan.to_meta()},
                             frame_interval_s=min(0.5, plan.frame_interval_s * 0.9))
    try:
        devices = open_devices(config, clock, data_dir, samples, recorder=writer)
        try:
            sim = devices.sim
            for device, switched in (faults or {}).items():
                switches = sim.faults.get(device)
                if switches is None:
                    raise RecordingRefused(f"{device} is not simulated here: no faults to set")
                for kind, times in switched:
                    switches.set(kind, times)
            if resident is not None and samples is not None:
                if sim.place_id_card is not None:
                    sim.place_id_card(samples.id_card(resident))
                if sim.insert_citizen_card is not None:
                    sim.insert_citizen_card(samples.citizen_card(resident))
            outcomes = run_session(SessionDevices(devices.idcard, devices.citizen_card,
                                                  devices.camera, devices.printer),
                                   plan, clock, writer)
        finally:
            devices.close()
    finally:
        writer.close()
    return RecordedSession(out, outcomes, writer.sealed)


@dataclass
class ReplayReport:
    """The recorded and the replayed outcome of every step, and the bytes nobody recorded."""

    recorded: list[StepOutcome]
    replayed: list[StepOutcome]
    divergences: dict[str, int] = field(default_factory=dict)

    @property
    def identical(self) -> bool:
        """Whether every step gave what it gave when recorded."""
        return self.recorded == self.replayed


def recorded_outcomes(recording: Recording) -> list[StepOutcome]:
    """The step outcomes the recording marked."""
    return [StepOutcome(r.note, r.data.decode("utf-8")) for r in recording.records
            if r.direction is Direction.MARK and "." in r.note]


def replay_session(recording: Recording, clock: Clock, *, wait_s: float | None = None
                   ) -> ReplayReport:
    """Replay a recording: the real drivers against simulators answering from it.

    The citizen card goes through pcscd and vpcd, as it was recorded through them.
    """
    plan = SessionPlan.from_meta(recording.header.meta.get("plan", {}))
    if wait_s is not None:
        plan = dataclasses.replace(plan, wait_s=wait_s)
    scripts: dict[str, ExchangeScript] = {}
    closers: list[Any] = []
    idcard = citizen = printer = None
    camera: Camera | None = None
    try:
        if plan.idcard:
            scripts[IDCARD] = script_for(recording, IDCARD)
            line = ReplaySerialLine(scripts[IDCARD], clock).start()
            closers.append(line.stop)
            baud, switch_to = idcard_bauds(recording)
            idcard = Ga467Reader(line.port, clock, baud=baud or DEFAULT_BAUD,
                                 switch_to_baud=switch_to)
            closers.append(idcard.close)
        if plan.citizen_card:
            scripts[CITIZEN_CARD] = script_for(recording, CITIZEN_CARD)
            slot = VpcdCard(port=VPCD_PORT, clock=clock)
            citizen = PcscCitizenCardReader(clock, match=vpcd_slot_matcher(VPCD_PORT))
            closers += [slot.close, citizen.close]
            if scripts[CITIZEN_CARD].recorded:
                slot.insert(ReplayCard(scripts[CITIZEN_CARD]))
        if plan.frames:
            camera = ReplayCamera.of(recording, clock)
            closers.append(camera.close)
        if plan.receipt is not None:
            scripts[PRINTER] = script_for(recording, PRINTER)
            simulator = SimulatedPrinter(clock, answer=printer_answer(scripts[PRINTER])).start()
            closers.append(simulator.close)
            host, port = simulator.address
            printer = EscposPrinter(lambda: network_transport(host, port), connection="network",
                                    clock=clock, status_timeout_s=0.5,
                                    description="replayed printer")
            closers.append(printer.close)
        replayed = run_session(SessionDevices(idcard, citizen, camera, printer), plan, clock)
    finally:
        for close in reversed(closers):
            close()
    return ReplayReport(recorded_outcomes(recording), replayed,
                        {device: len(script.divergences) for device, script in scripts.items()})
