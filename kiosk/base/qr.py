"""A QR code as a picture: black modules on white with the standard quiet zone."""

from __future__ import annotations

import numpy as np

from kiosk.app.receipt import qr_matrix


def qr_grey(payload: str, box_size: int = 8) -> np.ndarray:
    """``payload`` (error correction M, as on the receipt) as an 8-bit grey image.

    Each module is ``box_size`` pixels; a 4-module white quiet zone surrounds it.
    """
    modules = np.where(np.array(qr_matrix(payload), dtype=bool), 0, 255).astype(np.uint8)
    modules = np.pad(modules, 4, constant_values=255)
    return np.kron(modules, np.ones((box_size, box_size), dtype=np.uint8))
