"""The technician screen's checks: a test receipt, a card read, a camera check.

Each returns a :class:`CheckResult` (never raises for a device problem): an
outcome, the message key of its one-line result in the kiosk's catalogue and
that message's parameters. A card read shows only masked values; the camera
check reports numbers about the picture, never the picture.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import cv2

from devices.camera.protocol import CameraFailure, Image
from devices.citizen_card.protocol import CitizenCardData, CitizenCardReaderStatus
from devices.factory import DeviceSet
from devices.idcard.protocol import IdCardData, IdCardFailureKind
from devices.printer.protocol import Printed
from kiosk.app.provision import provisioning_receipt
from kiosk.app.runtime import Runtime
from kiosk.base.clock import Clock
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import TechnicianCheckRun
from kiosk.base.masking import Personal, mask

# Below these a document picture is too dark or too blurred to read (the variance of the
# Laplacian falls with defocus; 8-bit mean brightness of an evenly lit plate is ~90–200).
MIN_BRIGHTNESS = 50.0
MAX_BRIGHTNESS = 235.0
MIN_SHARPNESS = 20.0


class CheckName(enum.StrEnum):
    """The checks the technician screen offers."""

    TEST_RECEIPT = "test_receipt"
    CARD_READ = "card_read"
    CAMERA = "camera"


class Outcome(enum.StrEnum):
    """How a check went: passed, failed, or nothing to check (no card on the reader)."""

    PASSED = "passed"
    FAILED = "failed"
    NOTHING = "nothing"


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome and the message saying it (key and parameters)."""

    check: CheckName
    outcome: Outcome
    key: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """Whether the check found everything working."""
        return self.outcome is Outcome.PASSED


def _logged(result: CheckResult) -> CheckResult:
    emit(TechnicianCheckRun(check=Ident(result.check.value), outcome=Ident(result.outcome.value)))
    return result


def _ms(clock: Clock, started: float) -> str:
    return f"{(clock.monotonic() - started) * 1000.0:.0f}"


def print_test_receipt(rt: Runtime) -> CheckResult:
    """Print the provisioning test receipt (terminal, location, version, asset QR)."""
    assert rt.devices is not None
    job = provisioning_receipt(rt.ctx.config, rt.credentials, rt.ctx.clock.now())
    result = rt.devices.printer.print_job(job)
    if isinstance(result, Printed):
        return _logged(CheckResult(CheckName.TEST_RECEIPT, Outcome.PASSED,
                                   "technician.check.printed", {"bytes": str(result.byte_count)}))
    return _logged(CheckResult(CheckName.TEST_RECEIPT, Outcome.FAILED,
                               "technician.check.print_failed",
                               {"status": result.status.value}))


def card_read_check(devices: DeviceSet, clock: Clock) -> CheckResult:
    """Read the card on the ID-card reader, else the one in the citizen-card slot; masked."""
    started = clock.monotonic()
    read = devices.idcard.read_card()
    if isinstance(read, IdCardData):
        return _logged(CheckResult(CheckName.CARD_READ, Outcome.PASSED, "technician.check.idcard_read",
                                   {"name": mask(read.name or read.name_en, Personal.NAME),
                                    "number": mask(read.id_number, Personal.ID_NUMBER),
                                    "ms": _ms(clock, started)}))
    if read.kind is IdCardFailureKind.CARD_NOT_REMOVED:
        return _logged(CheckResult(CheckName.CARD_READ, Outcome.NOTHING,
                                   "technician.check.lift_card"))
    if read.kind is not IdCardFailureKind.NO_CARD:
        return _logged(CheckResult(CheckName.CARD_READ, Outcome.FAILED,
                                   "technician.check.idcard_failed", {"reason": read.kind.value}))
    if devices.citizen_card.status() is not CitizenCardReaderStatus.CARD_PRESENT:
        return _logged(CheckResult(CheckName.CARD_READ, Outcome.NOTHING,
                                   "technician.check.no_card"))
    started = clock.monotonic()
    card = devices.citizen_card.read_card()
    if isinstance(card, CitizenCardData):
        return _logged(CheckResult(CheckName.CARD_READ, Outcome.PASSED,
                                   "technician.check.citizen_card_read",
                                   {"name": mask(card.name, Personal.NAME),
                                    "number": mask(card.card_number, Personal.CARD_NUMBER),
                                    "ms": _ms(clock, started)}))
    return _logged(CheckResult(CheckName.CARD_READ, Outcome.FAILED,
                               "technician.check.citizen_card_failed", {"reason": card.kind.value}))


@dataclass(frozen=True)
class PictureMeasures:
    """What the camera check measures in one frame."""

    width: int
    height: int
    brightness: float  # mean grey level, 0–255
    sharpness: float  # variance of the Laplacian of the grey image
    qr_codes: int  # QR codes the barcode decoder found


def measure(image: Image, qr_codes: int) -> PictureMeasures:
    """Size, brightness and sharpness of a BGR or grey frame."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    height, width = grey.shape[:2]
    return PictureMeasures(width, height, float(grey.mean()),
                           float(cv2.Laplacian(grey, cv2.CV_64F).var()), qr_codes)


def camera_check(devices: DeviceSet) -> CheckResult:
    """Take one frame: its size, whether it is bright and sharp enough, any QR code in it."""
    frame = devices.camera.grab()
    if isinstance(frame, CameraFailure):
        return _logged(CheckResult(CheckName.CAMERA, Outcome.FAILED, "technician.check.no_frame",
                                   {"reason": frame.kind.value}))
    image = frame.image
    codes = devices.barcode.decode(image, qr_only=True)
    m = measure(image, len(codes))
    params = {"width": str(m.width), "height": str(m.height),
              "brightness": f"{m.brightness:.0f}", "sharpness": f"{m.sharpness:.0f}",
              "qr": str(m.qr_codes)}
    if not MIN_BRIGHTNESS <= m.brightness <= MAX_BRIGHTNESS:
        key = "technician.check.camera_too_dark" if m.brightness < MIN_BRIGHTNESS \
            else "technician.check.camera_too_bright"
        return _logged(CheckResult(CheckName.CAMERA, Outcome.FAILED, key, params))
    if m.sharpness < MIN_SHARPNESS:
        return _logged(CheckResult(CheckName.CAMERA, Outcome.FAILED,
                                   "technician.check.camera_blurred", params))
    return _logged(CheckResult(CheckName.CAMERA, Outcome.PASSED, "technician.check.camera_ok",
                               params))
