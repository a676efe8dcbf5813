"""QR codes as modules and as a picture: error correction M, black modules on white."""

from __future__ import annotations

import numpy as np
import qrcode


def qr_matrix(data: str) -> list[list[bool]]:
    """QR modules (version chosen by ``qrcode``, error correction M), quiet zone excluded."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    return matrix


def qr_grey(payload: str, box_size: int = 8) -> np.ndarray:
    """``payload`` (error correction M, as on the receipt) as an 8-bit grey image.

    Each module is ``box_size`` pixels; a 4-module white quiet zone surrounds it.
    """
    modules = np.where(np.array(qr_matrix(payload), dtype=bool), 0, 255).astype(np.uint8)
    modules = np.pad(modules, 4, constant_values=255)
    return np.kron(modules, np.ones((box_size, box_size), dtype=np.uint8))
