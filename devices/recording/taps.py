"""Recording wrappers at each driver's transport boundary; they change nothing they pass on.

- GA 467 ID-card reader: the serial port (``SerialTap``, via the driver's ``opener``).
- Citizen card: every APDU and its response or transport error (``tap_transmit``).
- Camera: frames, at most one per ``frame_interval_s``, as PNG (``CameraTap``).
- Receipt printer: the python-escpos transport, job and status bytes both ways
  (``tap_escpos_connect``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import cv2
import numpy as np

from devices.camera.protocol import Camera, CameraFailure, CameraStatus, Frame, FrameCallback
from devices.citizen_card.sscard import Transmit, TransportError
from devices.idcard.ga467 import SerialPort
from devices.recording.file import Direction, RecordingWriter
from kiosk.base.clock import Clock

IDCARD = "idcard"
CITIZEN_CARD = "citizen_card"
CAMERA = "camera"
PRINTER = "printer"
FAMILIES = (IDCARD, CITIZEN_CARD, CAMERA, PRINTER)


class SerialTap:
    """A serial port that records what is written and what is read."""

    def __init__(self, port: SerialPort, writer: RecordingWriter, device: str = IDCARD) -> None:
        self._port = port
        self._writer = writer
        self._device = device

    @property
    def timeout(self) -> float | None:
        """The port's read timeout."""
        return self._port.timeout

    @timeout.setter
    def timeout(self, value: float | None) -> None:
        self._port.timeout = value

    @property
    def baudrate(self) -> int:
        """The port's line rate."""
        return self._port.baudrate

    @baudrate.setter
    def baudrate(self, value: int) -> None:
        self._writer.add(self._device, Direction.MARK, note=f"baud {value}")
        self._port.baudrate = value

    @property
    def in_waiting(self) -> int:
        """Bytes ready to read."""
        return self._port.in_waiting

    def read(self, size: int = 1) -> bytes:
        """Read and record what came."""
        data = self._port.read(size)
        if data:
            self._writer.add(self._device, Direction.RECEIVED, bytes(data))
        return data

    def write(self, data: bytes) -> int | None:
        """Record, then write."""
        self._writer.add(self._device, Direction.SENT, bytes(data))
        return self._port.write(data)

    def reset_input_buffer(self) -> None:
        """Drop unread input (not recorded: nothing reaches the driver)."""
        self._port.reset_input_buffer()

    def close(self) -> None:
        """Close the port."""
        self._port.close()


def tap_serial_opener(opener: Callable[[str, int, float], SerialPort], writer: RecordingWriter
                      ) -> Callable[[str, int, float], SerialPort]:
    """The GA 467 driver's ``opener`` with every opened port recorded."""

    def open_tapped(port: str, baud: int, write_timeout_s: float) -> SerialPort:
        writer.add(IDCARD, Direction.MARK, note=f"open {baud}")
        return SerialTap(opener(port, baud, write_timeout_s), writer)

    return open_tapped


def tap_transmit(transmit: Transmit, writer: RecordingWriter) -> Transmit:
    """A citizen-card transmit that records each APDU and its response or transport error."""

    def recorded(apdu: bytes) -> bytes:
        writer.add(CITIZEN_CARD, Direction.SENT, bytes(apdu))
        try:
            response = transmit(apdu)
        except TransportError as exc:
            writer.add(CITIZEN_CARD, Direction.ERROR, note=exc.kind.value)
            raise
        writer.add(CITIZEN_CARD, Direction.RECEIVED, bytes(response))
        return response

    return recorded


def encode_frame(image: np.ndarray[Any, Any]) -> bytes:
    """A frame as PNG bytes (lossless: a replayed frame is the same array)."""
    ok, png = cv2.imencode(".png", image)
    if not ok:
        raise ValueError("the frame could not be encoded as PNG")
    return bytes(png.tobytes())


class CameraTap:
    """A camera that records its frames at a low rate (grabs and streamed frames alike)."""

    def __init__(self, camera: Camera, writer: RecordingWriter, clock: Clock,
                 frame_interval_s: float = 0.5) -> None:
        self._camera = camera
        self._writer = writer
        self._clock = clock
        self._interval = frame_interval_s
        self._last: float | None = None

    def _keep(self, frame: Frame) -> None:
        now = self._clock.monotonic()
        if self._last is not None and now - self._last < self._interval:
            return
        self._last = now
        self._writer.add(CAMERA, Direction.FRAME, encode_frame(frame.image))

    def status(self) -> CameraStatus:
        """The wrapped camera's state."""
        return self._camera.status()

    def grab(self) -> Frame | CameraFailure:
        """Grab, recording the frame (or the failure)."""
        result = self._camera.grab()
        if isinstance(result, Frame):
            self._keep(result)
        else:
            self._writer.add(CAMERA, Direction.ERROR, note=result.kind.value)
        return result

    def start(self, on_frame: FrameCallback) -> None:
        """Stream, recording frames at the low rate on the way."""

        def deliver(frame: Frame) -> None:
            self._keep(frame)
            on_frame(frame)

        self._camera.start(deliver)

    def stop(self) -> None:
        """Stop streaming."""
        self._camera.stop()

    def close(self) -> None:
        """Release the camera."""
        self._camera.close()


class _DeviceTap:
    """A python-escpos ``device`` (socket, serial port, USB device) whose reads are recorded."""

    def __init__(self, device: Any, writer: RecordingWriter) -> None:
        self._device = device
        self._writer = writer

    def recv(self, size: int) -> bytes:
        data: bytes = self._device.recv(size)
        if data:
            self._writer.add(PRINTER, Direction.RECEIVED, bytes(data))
        return data

    def read(self, *args: Any) -> Any:
        data = self._device.read(*args)
        if data:
            self._writer.add(PRINTER, Direction.RECEIVED, bytes(data))
        return data

    def __getattr__(self, name: str) -> Any:
        return getattr(self._device, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:
            setattr(self._device, name, value)


class _EscposTap:
    """A python-escpos printer object whose ``_raw`` writes and device reads are recorded."""

    def __init__(self, printer: Any, writer: RecordingWriter) -> None:
        self._printer = printer
        self._writer = writer

    def _raw(self, data: bytes) -> None:
        self._writer.add(PRINTER, Direction.SENT, bytes(data))
        self._printer._raw(data)

    @property
    def device(self) -> _DeviceTap:
        return _DeviceTap(self._printer.device, self._writer)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._printer, name)


def tap_escpos_connect(connect: Callable[[], Any], writer: RecordingWriter) -> Callable[[], Any]:
    """The ESC/POS driver's ``connect`` with every transport it builds recorded."""

    def connect_tapped() -> Any:
        writer.add(PRINTER, Direction.MARK, note="connect")
        return _EscposTap(connect(), writer)

    return connect_tapped
