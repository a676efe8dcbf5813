"""In-memory fakes of every device, for unit tests and the quick demo profile.

They behave like the real devices at the level of the device protocols (a
read card stays "read" until it is lifted; a printer refuses to start with
the cover open), so the journey code cannot tell them apart from drivers.
The byte-level simulators (pty, PC/SC, ESC/POS sink) live beside the drivers.
"""

from __future__ import annotations

import threading

from devices.camera.protocol import (
    CameraFailure,
    CameraFailureKind,
    CameraStatus,
    Frame,
    FrameCallback,
    Image,
    empty_plate,
)
from devices.citizen_card.protocol import (
    CitizenCardData,
    CitizenCardFailure,
    CitizenCardFailureKind,
    CitizenCardReaderStatus,
)
from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind, IdCardReaderStatus
from devices.printer.protocol import Printed, PrinterStatus, PrintFailure
from devices.simulation import CAMERA_FAULTS, FaultSwitches
from kiosk.base.clock import Clock, SystemClock

# The dev dock's ID-card fault kinds (the GA 467 emulator's), as the failure a read
# ends in; the byte-level ones end as the driver reports them.
ID_FAULT_FAILURES: dict[str, IdCardFailureKind] = {
    "checksum": IdCardFailureKind.CHECKSUM,
    "truncated": IdCardFailureKind.CHECKSUM,
    "sw41": IdCardFailureKind.READ_FAILED,
    "slow": IdCardFailureKind.TIMEOUT,
    "mute": IdCardFailureKind.TIMEOUT,
    "invalid_number": IdCardFailureKind.INVALID_NUMBER,
}
CITIZEN_FAULT_FAILURES: dict[str, CitizenCardFailureKind] = {
    "mute": CitizenCardFailureKind.MUTE,
    "pulled": CitizenCardFailureKind.REMOVED,
    "wrong_card": CitizenCardFailureKind.WRONG_CARD,
    "locked": CitizenCardFailureKind.LOCKED,
    "pin_locked": CitizenCardFailureKind.LOCKED,
    "expired": CitizenCardFailureKind.EXPIRED,
}


class MemoryIdCardReader:
    """An ID-card reader whose pad is a variable."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._card: IdCardData | None = None
        self._already_read = False
        self._next_failure: IdCardFailureKind | None = None
        self.connected = True
        self.faults: FaultSwitches | None = None

    def place(self, card: IdCardData) -> None:
        """Put a card on the pad."""
        with self._lock:
            self._card = card
            self._already_read = False

    def lift(self) -> None:
        """Take the card off the pad (it stays with the ``card_not_removed`` fault on)."""
        if self.faults is not None and self.faults.is_on("card_not_removed"):
            return
        with self._lock:
            self._card = None
            self._already_read = False

    def fail_next_read(self, kind: IdCardFailureKind) -> None:
        """Make the next read fail as a real reader can."""
        with self._lock:
            self._next_failure = kind

    def status(self) -> IdCardReaderStatus:
        """Connected state and whether a card is on the pad."""
        with self._lock:
            if not self.connected:
                return IdCardReaderStatus.DISCONNECTED
            return IdCardReaderStatus.CARD_PRESENT if self._card else IdCardReaderStatus.READY

    def read_card(self) -> IdCardData | IdCardFailure:
        """One find/select/read cycle."""
        with self._lock:
            if not self.connected:
                return IdCardFailure(IdCardFailureKind.DISCONNECTED)
            if self._card is None:
                return IdCardFailure(IdCardFailureKind.NO_CARD)
            if self._next_failure is not None:
                kind, self._next_failure = self._next_failure, None
                return IdCardFailure(kind)
            if self.faults is not None and not self._already_read:
                for fault, failure in ID_FAULT_FAILURES.items():
                    if self.faults.take(fault):
                        return IdCardFailure(failure)
            if self._already_read:
                # Real readers only find a card again after it left the field.
                return IdCardFailure(IdCardFailureKind.CARD_NOT_REMOVED)
            self._already_read = True
            return self._card

    def close(self) -> None:
        """Nothing to release."""


class MemoryCitizenCardReader:
    """A PC/SC reader whose slot is a variable."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._card: CitizenCardData | None = None
        self._next_failure: CitizenCardFailureKind | None = None
        self._card_failure: CitizenCardFailureKind | None = None  # the inserted card's fault
        self.connected = True
        self.faults: FaultSwitches | None = None

    def insert(self, card: CitizenCardData) -> None:
        """Insert a card into the slot (with the faults switched on now, as the vpcd card)."""
        failure: CitizenCardFailureKind | None = None
        if self.faults is not None:
            # GET RESPONSE chaining and Le mismatches are APDU-level: nothing shows here.
            for fault, kind in CITIZEN_FAULT_FAILURES.items():
                if self.faults.take(fault) and failure is None:
                    failure = kind
        with self._lock:
            self._card = card
            self._card_failure = failure

    def reinsert(self) -> None:
        """Take the card out and put it back (a fault was switched on or off)."""
        with self._lock:
            card = self._card
        if card is not None:
            self.insert(card)

    def remove(self) -> None:
        """Pull the card out."""
        with self._lock:
            self._card = None
            self._card_failure = None

    def fail_next_read(self, kind: CitizenCardFailureKind) -> None:
        """Make the next read fail."""
        with self._lock:
            self._next_failure = kind

    def status(self) -> CitizenCardReaderStatus:
        """Slot state."""
        with self._lock:
            if not self.connected:
                return CitizenCardReaderStatus.DISCONNECTED
            if self._card is None:
                return CitizenCardReaderStatus.NO_CARD
            return CitizenCardReaderStatus.CARD_PRESENT

    def read_card(self) -> CitizenCardData | CitizenCardFailure:
        """Read the inserted card."""
        with self._lock:
            if not self.connected:
                return CitizenCardFailure(CitizenCardFailureKind.DISCONNECTED)
            if self._card is None:
                return CitizenCardFailure(CitizenCardFailureKind.NO_CARD)
            if self._next_failure is not None:
                kind, self._next_failure = self._next_failure, None
                return CitizenCardFailure(kind)
            if self._card_failure is not None:
                return CitizenCardFailure(self._card_failure)
            return self._card

    def close(self) -> None:
        """Nothing to release."""


class MemoryCamera:
    """A camera that shows whatever image it was last given."""

    def __init__(self, clock: Clock | None = None, fps: float = 15.0) -> None:
        self._clock = clock or SystemClock()
        self._lock = threading.Lock()
        self._image: Image | None = None
        self._empty_size: tuple[int, int] | None = None
        self._sequence = 0
        self._fps = fps
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.connected = True
        self.faults = FaultSwitches("camera", CAMERA_FAULTS)

    def show(self, image: Image | None) -> None:
        """Put an image (BGR) in front of the lens, or clear it."""
        with self._lock:
            self._image = image
            if image is not None:
                self._empty_size = (int(image.shape[1]), int(image.shape[0]))

    def status(self) -> CameraStatus:
        """Streaming, ready or unplugged."""
        if not self.connected:
            return CameraStatus.DISCONNECTED
        return CameraStatus.STREAMING if self._thread else CameraStatus.READY

    def grab(self) -> Frame | CameraFailure:
        """The current image as a frame (the empty plate when nothing is shown)."""
        with self._lock:
            if not self.connected:
                return CameraFailure(CameraFailureKind.NO_CAMERA)
            if self.faults.take("dropped_frames"):
                return CameraFailure(CameraFailureKind.READ_FAILED, "frame dropped")
            self._sequence += 1
            if self._image is None:
                # nothing in front of the lens: the plate, the size of the last picture
                return Frame(empty_plate(self._empty_size), self._clock.monotonic(),
                             self._sequence)
            return Frame(self._image.copy(), self._clock.monotonic(), self._sequence)

    def start(self, on_frame: FrameCallback) -> None:
        """Deliver frames from a background thread at the configured rate."""
        if self._thread is not None:
            return
        self._stop.clear()

        def run() -> None:
            while not self._stop.is_set():
                frame = self.grab()
                if isinstance(frame, Frame):
                    on_frame(frame)
                self._stop.wait(1.0 / self._fps)

        self._thread = threading.Thread(target=run, name="memory-camera", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the delivery thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def close(self) -> None:
        """Stop streaming."""
        self.stop()


class MemoryPrinter:
    """A receipt printer that keeps each job's bytes."""

    def __init__(self, width_mm: int = 80) -> None:
        self.width_mm = width_mm
        self.jobs: list[bytes] = []
        self.state = PrinterStatus.READY

    def status(self) -> PrinterStatus:
        """The state set by the test or the dev dock."""
        return self.state

    def print_job(self, job: bytes) -> Printed | PrintFailure:
        """Accept the job unless the state forbids printing."""
        if not self.state.can_print:
            return PrintFailure(self.state)
        self.jobs.append(job)
        return Printed(len(job))

    def close(self) -> None:
        """Nothing to release."""
