"""A QR code as a picture: black modules on white with the standard quiet zone."""

from __future__ import annotations

import numpy as np
import qrcode


def qr_grey(payload: str, box_size: int = 8) -> np.ndarray:
    """``payload`` (UTF-8, error correction M) as an 8-bit grey image, 4-module quiet zone."""
    code = qrcode.QRCode(border=4, box_size=box_size,
                         error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(payload.encode("utf-8"))
    code.make(fit=True)
    return np.array(code.make_image().get_image().convert("L"), dtype=np.uint8)
