"""Report barcodes and QR codes printed on a captured page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

Image = npt.NDArray[Any]  # cv2 returns loosely typed arrays; pixels are uint8


@dataclass(frozen=True)
class FoundBarcode:
    """One decoded symbol: its format name, text and corner points on the page."""

    format: str
    text: str
    corners: tuple[tuple[float, float], ...]


def find_barcodes(img: Image) -> list[FoundBarcode]:
    """Decode every barcode/QR code on ``img`` (BGR or grey) with zxing-cpp."""
    import zxingcpp

    grey = img if img.ndim == 2 else np.ascontiguousarray(img[:, :, 1])
    out = []
    for r in zxingcpp.read_barcodes(grey):
        p = r.position
        corners = tuple((float(pt.x), float(pt.y))
                        for pt in (p.top_left, p.top_right, p.bottom_right, p.bottom_left))
        out.append(FoundBarcode(str(r.format.name if hasattr(r.format, "name") else r.format),
                                str(r.text), corners))
    return out
