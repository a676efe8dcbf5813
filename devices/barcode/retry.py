"""Further QR passes for a picture zxing-cpp's first pass found nothing in, within a time budget.

zxing-cpp's default pass binarizes with a local average. Two generic weaknesses
of real photos remain, and each gets one pass, cheapest first:

1. **Global threshold** (zxing's ``GlobalHistogram`` binarizer). A code printed
   on a textured or unevenly lit surface (cloth, rough paper) breaks up under a
   local threshold, whose window sees the texture as signal; one histogram
   threshold over the whole picture does not.
2. **Curved surface** (OpenCV's ``QRCodeDetector.decodeCurved``). A code on a
   bent surface (a sleeve, a bottle, a crumpled sticker) is not a plane, so
   zxing's perspective grid samples the wrong modules at the far side. OpenCV
   fits the curve and samples a straight module grid; that grid is then decoded
   again by zxing-cpp as a pure symbol, so the text comes from the same decoder
   (ECI and charset handling, error correction) as every other pass. OpenCV's own
   text is never used: it assumes UTF-8 where zxing follows the symbol's ECI.

Only QR codes are looked for here: the kiosk reads QR codes from a camera, and
a retry that accepted 1D symbologies would trade false positives for little.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import cv2
import numpy as np

from devices.barcode.protocol import DecodedCode

Quad = tuple[tuple[int, int], ...]
# A pass gets zxingcpp, a greyscale picture and the corners of QR codes the first pass
# located but could not read; it returns the codes it read (empty: try the next).
Pass = Callable[[Any, np.ndarray, Sequence[Quad]], list[DecodedCode]]

# Crops are shrunk to this long side before the curved pass (OpenCV's detector costs about
# linear in pixels), taken around at most MAX_CANDIDATES located codes with a margin of
# CROP_MARGIN × the code's size: OpenCV's detector needs the surroundings too (on a
# development image a quarter of the size was not enough, half was).
CURVED_MAX_SIDE = 800
MAX_CANDIDATES = 2
CROP_MARGIN = 0.5
# Each module of the straight grid becomes this many pixels, with a 4-module quiet zone,
# the way a printed symbol would look to zxing's pure-symbol reader.
MODULE_PX = 6


def read_qr(zx: Any, grey: np.ndarray, **options: Any) -> list[DecodedCode]:
    """QR codes zxing-cpp reads in ``grey`` and does not flag as doubtful."""
    results = zx.read_barcodes(grey, formats=zx.BarcodeFormat.QRCode,
                               text_mode=zx.TextMode.Plain, return_errors=True, **options)
    return [to_code(res) for res in results if res.valid and res.error is None]


def to_code(res: Any) -> DecodedCode:
    """A zxing-cpp result as a ``DecodedCode``, corners clockwise from the code's top-left."""
    pos = res.position
    points = tuple((int(p.x), int(p.y))
                   for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left))
    return DecodedCode(res.format.name, res.text, points, bytes(res.bytes))


def global_threshold(zx: Any, grey: np.ndarray, near: Sequence[Quad]) -> list[DecodedCode]:
    """zxing-cpp with one histogram threshold for the whole picture."""
    return read_qr(zx, grey, binarizer=zx.Binarizer.GlobalHistogram)


def smoothed(zx: Any, grey: np.ndarray, near: Sequence[Quad]) -> list[DecodedCode]:
    """zxing-cpp on a slightly blurred copy (Gaussian, sigma 1 px)."""
    return read_qr(zx, cv2.GaussianBlur(grey, (0, 0), 1.0))


def enlarged(zx: Any, grey: np.ndarray, near: Sequence[Quad]) -> list[DecodedCode]:
    """zxing-cpp on a copy enlarged 1.5 times (bicubic), corners mapped back."""
    big = cv2.resize(grey, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_CUBIC)
    return [DecodedCode(c.format, c.text,
                        tuple((round(x / 1.5), round(y / 1.5)) for x, y in c.points), c.raw)
            for c in read_qr(zx, big)]


def curved(zx: Any, grey: np.ndarray, near: Sequence[Quad]) -> list[DecodedCode]:
    """OpenCV's curved-surface sampling of the module grid, decoded by zxing-cpp.

    Runs only around the codes zxing-cpp located but could not read (``near``): OpenCV's
    detector on a whole noisy camera frame took 60–480 ms, on such a crop a few.
    """
    height, width = grey.shape[:2]
    out: list[DecodedCode] = []
    for quad in near[:MAX_CANDIDATES]:
        xs, ys = [p[0] for p in quad], [p[1] for p in quad]
        margin = CROP_MARGIN * max(max(xs) - min(xs), max(ys) - min(ys), 1)
        x0, y0 = max(0, int(min(xs) - margin)), max(0, int(min(ys) - margin))
        x1, y1 = min(width, int(max(xs) + margin) + 1), min(height, int(max(ys) + margin) + 1)
        if x1 - x0 < 21 or y1 - y0 < 21:
            continue
        for code in _curved_crop(zx, grey[y0:y1, x0:x1]):
            out.append(DecodedCode(code.format, code.text,
                                   tuple((x + x0, y + y0) for x, y in code.points), code.raw))
        if out:
            break
    return out


def _curved_crop(zx: Any, crop: np.ndarray) -> list[DecodedCode]:
    """The curved pass on one crop, corners in the crop's pixels."""
    height, width = crop.shape[:2]
    scale = min(1.0, CURVED_MAX_SIDE / max(height, width))
    small = crop if scale == 1.0 else cv2.resize(
        crop, (max(1, round(width * scale)), max(1, round(height * scale))),
        interpolation=cv2.INTER_AREA)
    detector = cv2.QRCodeDetector()
    try:
        found, corners = detector.detect(small)
        if not found or corners is None:
            return []
        _text, straight = detector.decodeCurved(small, corners)
    except (cv2.error, UnicodeDecodeError):
        # The binding decodes OpenCV's text as UTF-8 and raises on anything else, losing
        # the grid with it; such a code is left to the other passes.
        return []
    if straight is None or straight.size == 0:
        return []
    modules = np.where(np.asarray(straight) > 127, 255, 0).astype(np.uint8)
    symbol = cv2.resize(modules, None, fx=MODULE_PX, fy=MODULE_PX,
                        interpolation=cv2.INTER_NEAREST)
    quiet = 4 * MODULE_PX
    symbol = cv2.copyMakeBorder(symbol, quiet, quiet, quiet, quiet, cv2.BORDER_CONSTANT,
                                value=255)
    results = zx.read_barcodes(symbol, formats=zx.BarcodeFormat.QRCode,
                               text_mode=zx.TextMode.Plain, return_errors=True, is_pure=True)
    # The straight grid has no link back to the picture beyond OpenCV's four corners,
    # so those are reported (clockwise from the code's top-left, as OpenCV lists them).
    quad = tuple((round(float(x) / scale), round(float(y) / scale))
                 for x, y in np.asarray(corners, dtype=np.float64).reshape(-1, 2)[:4])
    return [DecodedCode(res.format.name, res.text, quad, bytes(res.bytes))
            for res in results if res.valid and res.error is None]


PASSES: tuple[tuple[str, Pass], ...] = (
    ("global_threshold", global_threshold),
    ("smoothed", smoothed),
    ("enlarged", enlarged),
    ("curved", curved),
)


def retry_qr(zx: Any, grey: np.ndarray, deadline: float, near: Sequence[Quad] = (),
             passes: tuple[tuple[str, Pass], ...] = PASSES) -> tuple[list[DecodedCode], str]:
    """The first pass's codes that reads a QR code, and its name; ``([], "")`` if none does.

    A pass starts only while ``time.perf_counter()`` is before ``deadline``; a pass
    already running is not interrupted, so the budget can be overrun by one pass.
    """
    for name, run in passes:
        if time.perf_counter() >= deadline:
            break
        codes = run(zx, grey, near)
        if codes:
            return codes, name
    return [], ""
