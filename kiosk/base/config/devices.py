"""``[devices.*]``: which driver each device uses and that driver's options, one dataclass each.

A section is validated whole against its driver's dataclass (the ``driver`` key picks
it; unknown options are refused), so the factories in ``devices/`` receive typed,
checked options and never look at the TOML. A few values restate what a driver
module knows (GA 467 rates, card layouts, the vpcd port, the demo cards); tests
compare them with the driver's own constants so they cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PlainValidator

from kiosk.base.config.problems import Fix, bad_value
from kiosk.base.config.sections import STRICT, Text, number

SIMULATION_DRIVERS = frozenset({"memory", "simulated"})

Flag = Annotated[bool, Field(strict=True)]


def _whole_number(value: object) -> object:
    """USB ids and ports may be written as ``"0x0416"``, the way datasheets print them."""
    if isinstance(value, str):
        try:
            return int(value, 0)
        except ValueError:
            return value
    return value


def whole(low: int, high: int) -> Any:
    """A whole number within ``[low, high]``; hex strings count (``Annotated`` metadata)."""
    return Field(strict=True, ge=low, le=high)


Hex = BeforeValidator(_whole_number)

# Demo cards the simulators can start with: R0001…R0240 (kiosk.devtools.residents), the
# GA 467 emulator's J, I and Y specimens and, in the citizen-card slot, the demo technicians'
# cards (kiosk.devtools.technicians; a test checks the two lists agree).
DEMO_RESIDENT_COUNT = 240
DEMO_TECHNICIAN_CODES = ("T0001", "T0002")
_RESIDENT = re.compile(r"R(\d{4})")


def _demo_code(extra: tuple[str, ...]) -> Callable[[object], str | None]:
    """A validator of demo card codes: ``R0001``… and the ``extra`` specimens."""

    def check(code: object) -> str | None:
        if code is None:
            return None
        match = _RESIDENT.fullmatch(code) if isinstance(code, str) else None
        if isinstance(code, str) and (
                code in extra or (match and 1 <= int(match[1]) <= DEMO_RESIDENT_COUNT)):
            return code
        shown = "".join(f', "{e}"' for e in extra)
        raise bad_value(f'is not a demo card. Fix: use "R0001"…"R{DEMO_RESIDENT_COUNT:04d}"'
                        f"{shown}")
    return check


# --- ID-card reader ------------------------------------------------------------------

Ga467Baud = Literal[115200, 57600, 38400, 19200, 9600]  # devices.idcard.ga467.BAUD_CODES
GA467_MIN_POLL_S = 0.3  # devices.idcard.ga467.MIN_POLL_INTERVAL_S


@dataclass(frozen=True, kw_only=True)
class IdCardOptions:
    """Options of both GA 467 drivers (the real port and the pty emulator)."""

    __pydantic_config__ = STRICT

    required: Flag = True
    baud: Ga467Baud = 115200
    timeout_s: Annotated[float, number(0.1, 30)] = 3.0
    poll_interval_s: Annotated[float, number(GA467_MIN_POLL_S, 10)] = GA467_MIN_POLL_S
    reconnect_interval_s: Annotated[float, number(0.1, 60)] = 1.0
    fingerprint: Flag = False


@dataclass(frozen=True, kw_only=True)
class Ga467Options(IdCardOptions):
    """``driver = "ga467"``: a GA/T 467 reader on a serial port."""

    driver: Literal["ga467"] = "ga467"
    port: Annotated[Text, Fix('set port = "/dev/serial/by-id/<the reader>" (or /dev/ttyUSB0)')]
    switch_to_baud: Ga467Baud | None = None  # send 60 0n at open and continue at this rate


@dataclass(frozen=True, kw_only=True)
class SimulatedIdCardOptions(IdCardOptions):
    """``driver = "simulated"``: the real driver reading the GA 467 emulator on a pty."""

    driver: Literal["simulated"] = "simulated"
    card: Annotated[str | None, PlainValidator(_demo_code(("J", "I", "Y")))] = None
    card_read_s: Annotated[float, number(0.0, 5.0)] = 0.0


@dataclass(frozen=True, kw_only=True)
class MemoryIdCardOptions:
    """``driver = "memory"``: an in-process fake (tests and the demo)."""

    __pydantic_config__ = STRICT

    driver: Literal["memory"] = "memory"
    required: Flag = True


# --- citizen-card reader -------------------------------------------------------------

CardLayoutName = Literal["ssse", "ssse_binary_id"]  # devices.citizen_card.sscard.LAYOUTS
VPCD_PORT = 35963  # devices.citizen_card.vpcd.VPCD_PORT (slot 0; slot 1 is the next port)


@dataclass(frozen=True, kw_only=True)
class CitizenCardOptions:
    """Options of both PC/SC drivers."""

    __pydantic_config__ = STRICT

    required: Flag = False
    layout: CardLayoutName = "ssse"
    read_timeout_s: Annotated[float, number(0.2, 60)] = 5.0  # a card silent this long is mute
    settle_s: Annotated[float, number(0.0, 10)] = 1.0  # after a comm error, wait for pcscd


@dataclass(frozen=True, kw_only=True)
class PcscOptions(CitizenCardOptions):
    """``driver = "pcsc"``: a reader behind pcscd."""

    driver: Literal["pcsc"] = "pcsc"
    # Reader name or its prefix, as pcsc_scan shows it; None: the first reader.
    reader: Annotated[Text, Fix('set reader = "<name shown by pcsc_scan>" or remove it')] \
        | None = None


@dataclass(frozen=True, kw_only=True)
class SimulatedCitizenCardOptions(CitizenCardOptions):
    """``driver = "simulated"``: the real PC/SC driver reading a vpcd virtual card."""

    driver: Literal["simulated"] = "simulated"
    port: Annotated[int, Hex, whole(VPCD_PORT, VPCD_PORT + 1)] = VPCD_PORT
    resident: Annotated[str | None, PlainValidator(_demo_code(DEMO_TECHNICIAN_CODES))] = None


@dataclass(frozen=True, kw_only=True)
class MemoryCitizenCardOptions:
    """``driver = "memory"``: an in-process fake."""

    __pydantic_config__ = STRICT

    driver: Literal["memory"] = "memory"
    required: Flag = False


# --- document camera -----------------------------------------------------------------


def _camera_device(value: object) -> int | str:
    """The V4L2 device: an index (0) or a path (/dev/video0, /dev/v4l/by-id/…)."""
    if isinstance(value, str) and value.strip():
        return int(value) if value.strip().isdigit() else value.strip()
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    raise bad_value('is not a camera. Fix: write device = 0 (the first camera) or '
                    'device = "/dev/v4l/by-id/…"')


def _fourcc(value: object) -> str:
    if isinstance(value, str) and len(value) in (0, 4):
        return value
    raise bad_value('is not a pixel format. Fix: write fourcc = "MJPG" (or "YUYV", or "" for '
                    "the default)")


@dataclass(frozen=True, kw_only=True)
class CameraOptions:
    """Options of both frame-producing cameras: frame rate and size."""

    __pydantic_config__ = STRICT

    required: Flag = False
    fps: Annotated[float, number(0.5, 120)] = 15.0
    width: Annotated[int, Hex, whole(16, 8192)] = 1920
    height: Annotated[int, Hex, whole(16, 8192)] = 1080


@dataclass(frozen=True, kw_only=True)
class OpenCvOptions(CameraOptions):
    """``driver = "opencv"``: a V4L2 camera through OpenCV."""

    driver: Literal["opencv"] = "opencv"
    device: Annotated[int | str, PlainValidator(_camera_device)] = 0
    fourcc: Annotated[str, PlainValidator(_fourcc)] = "MJPG"  # "": the device's own format
    reconnect_s: Annotated[float, number(0.1, 600)] = 2.0


@dataclass(frozen=True, kw_only=True)
class SimulatedCameraOptions(CameraOptions):
    """``driver = "simulated"``: pictures from files, made to look photographed."""

    driver: Literal["simulated"] = "simulated"
    source: Annotated[Text, Fix("point it at an image file or a folder of images, "
                                "or remove it")] | None = None
    hold_s: Annotated[float, number(0.01, 3600)] = 2.0
    perspective: Annotated[float, number(0.0, 0.4)] = 0.0
    blur: Annotated[float, number(0.0, 20)] = 0.0
    brightness: Annotated[float, number(0.05, 4)] = 1.0
    gradient: Annotated[float, number(0.0, 0.95)] = 0.0
    flicker: Annotated[float, number(0.0, 0.5)] = 0.0
    fault: Literal["none", "no_camera"] = "none"


@dataclass(frozen=True, kw_only=True)
class MemoryCameraOptions:
    """``driver = "memory"``: an in-process fake."""

    __pydantic_config__ = STRICT

    driver: Literal["memory"] = "memory"
    required: Flag = False


# --- receipt printer -----------------------------------------------------------------

PaperWidth = Literal[58, 80]
QrMode = Literal["raster", "native"]  # kiosk.app.receipt.QR_MODES
FontCoverage = Literal["gb18030", "gb2312"]  # kiosk.app.receipt.FONT_COVERAGES
FlowControl = Literal["dsrdtr", "rtscts", "xonxoff", "none"]


@dataclass(frozen=True, kw_only=True)
class PrinterOptions:
    """What every printer driver takes: the paper and how receipts are laid out for it."""

    __pydantic_config__ = STRICT

    required: Flag = False
    width_mm: PaperWidth = 80
    qr: QrMode = "raster"
    font_coverage: FontCoverage = "gb18030"


@dataclass(frozen=True, kw_only=True)
class EscposOptions(PrinterOptions):
    """``driver = "escpos"``: a real printer; ``connection`` picks the transport's options."""

    driver: Literal["escpos"] = "escpos"
    status_timeout_s: Annotated[float, number(0.05, 10)] = 1.0


@dataclass(frozen=True, kw_only=True)
class EscposUsbOptions(EscposOptions):
    """``connection = "usb"``: ids as lsusb shows them (numbers or "0x…" strings)."""

    connection: Literal["usb"] = "usb"
    vendor_id: Annotated[int, Hex, whole(1, 0xFFFF), Fix('set vendor_id = "0x…" (from lsusb)')]
    product_id: Annotated[int, Hex, whole(1, 0xFFFF),
                          Fix('set product_id = "0x…" (from lsusb)')]
    in_ep: Annotated[int, Hex, whole(0, 0xFF)] = 0x82
    out_ep: Annotated[int, Hex, whole(0, 0xFF)] = 0x01


@dataclass(frozen=True, kw_only=True)
class EscposSerialOptions(EscposOptions):
    """``connection = "serial"``: a serial port and its line settings."""

    connection: Literal["serial"] = "serial"
    port: Annotated[Text, Fix('set port = "/dev/ttyS0"')]
    baudrate: Annotated[int, Hex, whole(1200, 921600)] = 9600
    flow_control: FlowControl = "dsrdtr"


@dataclass(frozen=True, kw_only=True)
class EscposNetworkOptions(EscposOptions):
    """``connection = "network"``: raw TCP (port 9100)."""

    connection: Literal["network"] = "network"
    host: Annotated[Text, Fix('set host = "192.168.1.87"')]
    port: Annotated[int, Hex, whole(1, 65535)] = 9100


@dataclass(frozen=True, kw_only=True)
class EscposFileOptions(EscposOptions):
    """``connection = "file"``: a device node written blind (``/dev/usb/lp0``)."""

    connection: Literal["file"] = "file"
    path: Annotated[Text, Fix('set path = "/dev/usb/lp0"')]


@dataclass(frozen=True, kw_only=True)
class SimulatedPrinterOptions(PrinterOptions):
    """``driver = "simulated"``: the ESC/POS simulator on a local TCP port."""

    driver: Literal["simulated"] = "simulated"
    status_timeout_s: Annotated[float, number(0.05, 10)] = 0.5
    save_png: Flag = True  # each printed job's picture goes to <data dir>/sim-printer/


@dataclass(frozen=True, kw_only=True)
class MemoryPrinterOptions(PrinterOptions):
    """``driver = "memory"``: an in-process fake that keeps the jobs."""

    driver: Literal["memory"] = "memory"


# --- barcode decoder -----------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ZxingOptions:
    """``driver = "zxing"``: zxing-cpp, with further QR passes when its own finds nothing."""

    __pydantic_config__ = STRICT

    driver: Literal["zxing"] = "zxing"
    required: Flag = False
    qr_retries: Flag = True  # false: zxing-cpp's own pass only
    retry_budget_ms: Annotated[float, number(0, 1000)] = 40.0


@dataclass(frozen=True, kw_only=True)
class PyzbarOptions:
    """``driver = "pyzbar"``: zbar through pyzbar (no options; needs libzbar0)."""

    __pydantic_config__ = STRICT

    driver: Literal["pyzbar"] = "pyzbar"
    required: Flag = False


# --- the [devices] table -------------------------------------------------------------

AnyEscposOptions = EscposUsbOptions | EscposSerialOptions | EscposNetworkOptions \
    | EscposFileOptions
DriverOptions = (Ga467Options | SimulatedIdCardOptions | MemoryIdCardOptions | PcscOptions
                 | SimulatedCitizenCardOptions | MemoryCitizenCardOptions | OpenCvOptions
                 | SimulatedCameraOptions | MemoryCameraOptions | AnyEscposOptions
                 | SimulatedPrinterOptions | MemoryPrinterOptions | ZxingOptions | PyzbarOptions)


def _with_driver(default: str) -> BeforeValidator:
    """A section without ``driver`` uses ``default`` (the loader refuses that in production)."""

    def fill(section: object) -> object:
        if isinstance(section, dict) and "driver" not in section:
            return {**section, "driver": default}
        return section

    return BeforeValidator(fill)


def _by(tag: str) -> Any:
    return Field(discriminator=tag)


@dataclass(frozen=True, kw_only=True)
class DevicesSection:
    """The ``[devices]`` table: one section per device, each validated by its driver's options."""

    __pydantic_config__ = STRICT

    idcard: Annotated[Ga467Options | SimulatedIdCardOptions | MemoryIdCardOptions,
                      _by("driver"), _with_driver("memory")] \
        = field(default_factory=MemoryIdCardOptions)
    citizen_card: Annotated[PcscOptions | SimulatedCitizenCardOptions | MemoryCitizenCardOptions,
                            _by("driver"), _with_driver("memory")] \
        = field(default_factory=MemoryCitizenCardOptions)
    camera: Annotated[OpenCvOptions | SimulatedCameraOptions | MemoryCameraOptions,
                      _by("driver"), _with_driver("memory")] \
        = field(default_factory=MemoryCameraOptions)
    printer: Annotated[Annotated[AnyEscposOptions, _by("connection")] | SimulatedPrinterOptions
                       | MemoryPrinterOptions, _by("driver"), _with_driver("memory")] \
        = field(default_factory=MemoryPrinterOptions)
    barcode: Annotated[ZxingOptions | PyzbarOptions, _by("driver"), _with_driver("zxing")] \
        = field(default_factory=ZxingOptions)


DEVICE_NAMES: tuple[str, ...] = ("idcard", "citizen_card", "camera", "printer", "barcode")
# Which drivers exist per device; "memory" and "simulated" are refused in production.
DEVICE_DRIVERS: dict[str, tuple[str, ...]] = {
    "idcard": ("memory", "simulated", "ga467"),
    "citizen_card": ("memory", "simulated", "pcsc"),
    "camera": ("memory", "simulated", "opencv"),
    "printer": ("memory", "simulated", "escpos"),
    "barcode": ("zxing", "pyzbar"),
}


@dataclass(frozen=True)
class DeviceConfig:
    """One device: which implementation, whether the kiosk can run without it, its options."""

    name: str
    driver: str
    required: bool
    options: DriverOptions

    @property
    def simulated(self) -> bool:
        """Whether this is a simulation driver."""
        return self.driver in SIMULATION_DRIVERS
