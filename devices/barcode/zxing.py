"""Barcode backend on zxing-cpp, returning payloads as plain text."""

from __future__ import annotations

from typing import Any

from devices.barcode.protocol import DecodedCode, DecoderStatus
from devices.barcode.zbar import to_grey
from devices.camera.protocol import Image


def _load() -> Any:
    """The zxingcpp module, or ``None`` when it is not installed."""
    try:
        import zxingcpp
    except ImportError:
        return None
    return zxingcpp


class ZxingDecoder:
    """zxing-cpp decoder that drops any result the library flags as doubtful."""

    name = "zxing"

    def __init__(self) -> None:
        self._zx = _load()

    def status(self) -> DecoderStatus:
        """``DISCONNECTED`` when the zxing-cpp module is missing."""
        return DecoderStatus.READY if self._zx is not None else DecoderStatus.DISCONNECTED

    def decode(self, image: Image) -> list[DecodedCode]:
        """Every valid code found; the text is transcoded by ECI or zxing's charset guess."""
        zx = self._zx
        if zx is None or image.size == 0:
            return []
        # TextMode.Plain: the payload itself, with no "<GS>"/"<SOH>"-style escapes (Escaped)
        # and no GS1 "(01)" brackets (HRI, the default) that a QR resolver would not expect.
        # return_errors=True so checksum failures come back flagged and we drop them here
        # explicitly rather than rely on the default filter.
        results = zx.read_barcodes(
            to_grey(image), text_mode=zx.TextMode.Plain, return_errors=True
        )
        out: list[DecodedCode] = []
        for res in results:
            if not res.valid or res.error is not None:
                continue
            pos = res.position
            points = tuple(
                (int(p.x), int(p.y))
                for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)
            )
            out.append(DecodedCode(res.format.name, res.text, points, bytes(res.bytes)))
        return out
