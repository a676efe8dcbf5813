"""Watch the camera for a QR code (e-ID identity) and hand back its payload.

The journey runs ``QrScanner.scan`` in a worker (or ``start`` for a callback on
a background thread) and passes the payload to the hub client's QR resolution.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from devices.barcode.protocol import BarcodeDecoder, DecodedCode
from devices.camera.protocol import Camera, Frame
from kiosk.base.clock import Clock


def is_qr(code: DecodedCode) -> bool:
    """The default filter: any QR code with a non-empty payload."""
    return code.format == "QRCode" and bool(code.text)


class QrScanner:
    """Grab frames, decode them, and return the first payload the filter accepts."""

    def __init__(
        self,
        camera: Camera,
        decoder: BarcodeDecoder,
        clock: Clock,
        *,
        accept: Callable[[DecodedCode], bool] = is_qr,
        interval_s: float = 0.1,
    ) -> None:
        self._camera = camera
        self._decoder = decoder
        self._clock = clock
        self._accept = accept
        self._interval_s = interval_s
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    def scan(self, timeout_s: float, cancel: threading.Event | None = None) -> str | None:
        """Block until a payload is seen (returned) or ``timeout_s`` passes or ``cancel``
        is set (``None``). Call it off the UI thread."""
        cancelled = cancel or threading.Event()
        deadline = self._clock.monotonic() + timeout_s
        last_sequence = -1
        while not cancelled.is_set():
            frame = self._camera.grab()
            if isinstance(frame, Frame) and frame.sequence != last_sequence:
                last_sequence = frame.sequence
                for code in self._decoder.decode(frame.image, qr_only=True):
                    if self._accept(code):
                        return code.text
            if self._clock.monotonic() >= deadline:
                return None
            self._clock.sleep(self._interval_s)
        return None

    def start(self, timeout_s: float, on_result: Callable[[str | None], None]) -> None:
        """Scan on a background thread; ``on_result`` gets the payload, or ``None``."""
        if self._thread is not None and self._thread.is_alive():
            return

        cancel = self._cancel = threading.Event()

        def run() -> None:
            on_result(self.scan(timeout_s, cancel))

        self._thread = threading.Thread(target=run, name="qr-scanner", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Stop a running scan early; it returns ``None``."""
        self._cancel.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
