"""Barcode and QR decoder interface (backends: zxing-cpp and pyzbar)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

from devices.camera.protocol import Image


class DecoderStatus(enum.Enum):
    """Closed set of decoder states (a missing native library is ``DISCONNECTED``)."""

    READY = "ready"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True)
class DecodedCode:
    """One code found in an image."""

    format: str  # e.g. "QRCode", "EAN13", "Code128"
    text: str
    points: tuple[tuple[int, int], ...]  # corners, clockwise from top-left
    raw: bytes = b""


class BarcodeDecoder(Protocol):
    """Decode every code in a BGR or greyscale image."""

    name: str

    def status(self) -> DecoderStatus:
        """Whether the backend's native library is usable."""

    def decode(self, image: Image, *, qr_only: bool = False) -> list[DecodedCode]:
        """All codes found (only QR codes with ``qr_only``); an empty list when there are none."""
