"""Barcode backend on zxing-cpp, returning payloads as plain text, with QR retries on a budget."""

from __future__ import annotations

import time
from typing import Any

from devices.barcode.protocol import DecodedCode, DecoderStatus
from devices.barcode.retry import retry_qr, to_code
from devices.barcode.zbar import to_grey
from devices.camera.protocol import Image

# Time the further QR passes may take after zxing-cpp's own pass found nothing. The QR
# watch decodes every frame it grabs: at 15 fps a frame that holds no code must not
# cost much more than the ~66 ms until the next one.
RETRY_BUDGET_MS = 40.0


def _load() -> Any:
    """The zxingcpp module, or ``None`` when it is not installed."""
    try:
        import zxingcpp
    except ImportError:
        return None
    return zxingcpp


class ZxingDecoder:
    """zxing-cpp decoder that drops any result the library flags as doubtful.

    When the first pass (zxing-cpp's defaults) finds nothing, further QR passes
    (``devices/barcode/retry.py``) may start within ``retry_budget_ms``;
    ``retries=False`` is zxing-cpp alone.
    """

    name = "zxing"

    def __init__(self, *, retries: bool = True,
                 retry_budget_ms: float = RETRY_BUDGET_MS) -> None:
        self._zx = _load()
        self.retries = retries
        self.retry_budget_ms = retry_budget_ms

    def status(self) -> DecoderStatus:
        """``DISCONNECTED`` when the zxing-cpp module is missing."""
        return DecoderStatus.READY if self._zx is not None else DecoderStatus.DISCONNECTED

    def decode(self, image: Image, *, qr_only: bool = False) -> list[DecodedCode]:
        """Every valid code found; the text is transcoded by ECI or zxing's charset guess."""
        return self.decode_passes(image, qr_only=qr_only)[0]

    def decode_passes(self, image: Image, *,
                      qr_only: bool = False) -> tuple[list[DecodedCode], str]:
        """The codes and the name of the pass that read them (``"first"``, a retry, or ``""``)."""
        zx = self._zx
        if zx is None or image.size == 0:
            return [], ""
        grey = to_grey(image)
        # TextMode.Plain: the payload itself, with no "<GS>"/"<SOH>"-style escapes (Escaped)
        # and no GS1 "(01)" brackets (HRI, the default) that a QR resolver would not expect.
        # return_errors=True so checksum failures come back flagged and we drop them here
        # explicitly rather than rely on the default filter.
        options: dict[str, Any] = {"formats": zx.BarcodeFormat.QRCode} if qr_only else {}
        results = zx.read_barcodes(grey, text_mode=zx.TextMode.Plain, return_errors=True,
                                   **options)
        out = [to_code(res) for res in results if res.valid and res.error is None]
        if out:
            return out, "first"
        if not self.retries or min(grey.shape[:2]) < 21:  # 21 px: a version-1 QR's modules
            return [], ""
        # QR codes zxing located but could not read (checksum errors): where to look closer.
        near = [to_code(res).points for res in results
                if res.format == zx.BarcodeFormat.QRCode and res.error is not None]
        return retry_qr(zx, grey, time.perf_counter() + self.retry_budget_ms / 1000, near)
