"""Replay a recording through simulators, so the real drivers read the recorded bytes again.

- ID card: a pty (``ReplaySerialLine``) answers the GA 467 driver's commands with
  the recorded answers, each after its recorded delay (a slow reader stays slow).
- Citizen card: a vpcd card (``ReplayCard``) answers each APDU through pcscd, or
  is pulled / goes mute where the recorded transport failed.
- Camera: ``ReplayCamera`` delivers the recorded frames (and grab failures) in order.
- Printer: the ESC/POS simulator prints the jobs and answers status queries with
  the recorded status bytes.
"""

from __future__ import annotations

import contextlib
import os
import select
import tempfile
import threading
import tty
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from devices.camera.protocol import (
    CameraFailure,
    CameraFailureKind,
    CameraStatus,
    Frame,
    FrameCallback,
)
from devices.citizen_card.sscard_sim import ATR, CardAction
from devices.recording.file import Direction, Recording
from devices.recording.script import ExchangeScript, exchanges
from devices.recording.taps import CAMERA, IDCARD
from kiosk.base.clock import Clock

# Answer to an APDU the recording never saw: "no precise diagnosis".
UNKNOWN_APDU_SW = b"\x6f\x00"


def script_for(recording: Recording, device: str) -> ExchangeScript:
    """The exchanges of one device family, ready to answer."""
    return ExchangeScript(exchanges(recording.of(device)))


class ReplaySerialLine:
    """A pty whose far end answers with a recording's serial exchanges."""

    def __init__(self, script: ExchangeScript, clock: Clock) -> None:
        self.script = script
        self._clock = clock
        self._dir = tempfile.TemporaryDirectory(prefix="kiosk-replay-")
        self.link = Path(self._dir.name) / "ttyREPLAY"
        self._stop = threading.Event()
        self._wake_r, self._wake_w = os.pipe()
        self._master: int | None = None
        self._slave: int | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> str:
        """The path the driver opens."""
        return str(self.link)

    def start(self) -> ReplaySerialLine:
        """Create the pty and start answering."""
        master, slave = os.openpty()
        tty.setraw(slave)
        self._master, self._slave = master, slave
        self.link.symlink_to(os.ttyname(slave))
        self._thread = threading.Thread(target=self._serve, name="replay-serial", daemon=True)
        self._thread.start()
        return self

    def _serve(self) -> None:
        master = self._master
        assert master is not None
        while not self._stop.is_set():
            ready, _, _ = select.select([master, self._wake_r], [], [])
            if self._wake_r in ready:
                return
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            for exchange in self.script.feed(data):
                sent_at = self._clock.monotonic()
                for delay, chunk in exchange.answer:
                    # Late answers stay late: a slow or timing-out reader replays as one.
                    wait = sent_at + delay - self._clock.monotonic()
                    if wait > 0 and self._stop.wait(wait):
                        return
                    os.write(master, chunk)

    def stop(self) -> None:
        """Stop answering, close the pty, remove the link."""
        self._stop.set()
        os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout=5)
        for fd in (self._master, self._slave, self._wake_r, self._wake_w):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._dir.cleanup()


class ReplayCard:
    """A card for a vpcd slot that answers with a recording's APDU exchanges."""

    def __init__(self, script: ExchangeScript) -> None:
        self.script = script

    @property
    def atr(self) -> bytes:
        """The simulated card's ATR (the driver never sees it through transmit)."""
        return ATR

    def reset(self) -> None:
        """Nothing to forget: the recording goes on where it was."""

    def process(self, apdu: bytes) -> bytes | CardAction:
        """The recorded response, or the recorded failure: pulled or mute."""
        exchange = self.script.answer(apdu)
        if exchange is None:
            return UNKNOWN_APDU_SW
        if exchange.error == "mute":
            return CardAction.MUTE
        if exchange.error:
            return CardAction.PULL
        return b"".join(chunk for _, chunk in exchange.answer)


@dataclass
class ReplayCamera:
    """A camera that shows a recording's frames (and grab failures) in recorded order."""

    clock: Clock
    shots: list[tuple[float, Frame | CameraFailure]] = field(default_factory=list)
    _next: int = 0
    _sequence: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    @classmethod
    def of(cls, recording: Recording, clock: Clock) -> ReplayCamera:
        """The camera records of ``recording``, decoded."""
        shots: list[tuple[float, Frame | CameraFailure]] = []
        for record in recording.of(CAMERA):
            if record.direction is Direction.FRAME:
                image = cv2.imdecode(np.frombuffer(record.data, np.uint8), cv2.IMREAD_UNCHANGED)
                if image is None:
                    shot: Frame | CameraFailure = CameraFailure(
                        CameraFailureKind.READ_FAILED, "a recorded frame does not decode")
                else:
                    shot = Frame(np.ascontiguousarray(image, dtype=np.uint8), 0.0, 0)
                shots.append((record.t, shot))
            elif record.direction is Direction.ERROR:
                kind = (CameraFailureKind(record.note) if record.note in
                        {k.value for k in CameraFailureKind} else CameraFailureKind.READ_FAILED)
                shots.append((record.t, CameraFailure(kind, "recorded")))
        return cls(clock, shots)

    def status(self) -> CameraStatus:
        """Streaming while frames are delivered, else ready (disconnected without frames)."""
        if not self.shots:
            return CameraStatus.DISCONNECTED
        running = self._thread is not None and self._thread.is_alive()
        return CameraStatus.STREAMING if running else CameraStatus.READY

    def grab(self) -> Frame | CameraFailure:
        """The next recorded shot; the last one again once all were shown."""
        if not self.shots:
            return CameraFailure(CameraFailureKind.NO_CAMERA, "the recording has no frames")
        _, shot = self.shots[min(self._next, len(self.shots) - 1)]
        self._next += 1
        if isinstance(shot, CameraFailure):
            return shot
        self._sequence += 1
        return Frame(shot.image, self.clock.monotonic(), self._sequence)

    def start(self, on_frame: FrameCallback) -> None:
        """Deliver the recorded frames at their recorded pace, from a thread."""
        self.stop()
        self._stop = threading.Event()

        def run() -> None:
            previous: float | None = None
            for at, _ in self.shots[self._next:]:
                if previous is not None and self._stop.wait(max(0.0, at - previous)):
                    return
                previous = at
                shot = self.grab()
                if isinstance(shot, Frame):
                    on_frame(shot)

        self._thread = threading.Thread(target=run, name="replay-camera", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop delivering."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        self._thread = None

    def close(self) -> None:
        """Stop."""
        self.stop()


def printer_answer(script: ExchangeScript) -> Callable[[bytes], bytes]:
    """The simulated printer's replies for a replay: the recorded status bytes."""

    def answer(data: bytes) -> bytes:
        return b"".join(chunk for exchange in script.feed(data)
                        for _, chunk in exchange.answer)

    return answer


def idcard_bauds(recording: Recording) -> tuple[int | None, int | None]:
    """The line rate the recorded driver opened at and the rate it switched to, if any."""
    opened: int | None = None
    switched: int | None = None
    for record in recording.of(IDCARD):
        if record.direction is Direction.MARK:
            word, _, value = record.note.partition(" ")
            if word == "open" and value.isdigit() and opened is None:
                opened = int(value)
            elif word == "baud" and value.isdigit():
                switched = int(value)
    return opened, switched

