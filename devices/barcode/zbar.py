"""Barcode backend on zbar through pyzbar's ctypes bindings, with QR payloads kept as bytes.

pyzbar 0.1.9's ``decode()`` cannot set ``ZBAR_CFG_BINARY``, and without it zbar
guesses the QR text encoding itself, trying Shift-JIS before UTF-8 — so about
four in ten short Chinese UTF-8 payloads come back as Japanese mojibake. We
drive the same bindings directly, ask zbar for the raw bytes, and decode them
as UTF-8 ourselves; only a payload that is not valid UTF-8 falls back to zbar's
own guess (a second scan in text mode, done only when needed).
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Sequence
from typing import Any

import cv2
import numpy as np

from devices.barcode.protocol import DecodedCode, DecoderStatus
from devices.camera.protocol import Image

# zbar.h (0.23): ZBAR_CFG_BINARY follows ZBAR_CFG_ASCII; pyzbar's enum predates it.
ZBAR_CFG_BINARY = 4
ZBAR_CFG_ENABLE = 0
ZBAR_NONE = 0
ZBAR_QRCODE = 64
ZBAR_PDF417 = 57
ZBAR_SQCODE = 80
_FOURCC_Y800 = 0x30303859  # 'Y800': one byte of luma per pixel

# zbar's names → the names zxing-cpp uses, so both backends report alike.
_FORMAT_NAMES = {
    "QRCODE": "QRCode",
    "EAN13": "EAN13",
    "EAN8": "EAN8",
    "UPCA": "UPCA",
    "UPCE": "UPCE",
    "ISBN10": "EAN13",
    "ISBN13": "EAN13",
    "EAN2": "EAN2",
    "EAN5": "EAN5",
    "I25": "ITF",
    "CODE39": "Code39",
    "CODE93": "Code93",
    "CODE128": "Code128",
    "CODABAR": "Codabar",
    "DATABAR": "DataBar",
    "DATABAR_EXP": "DataBarExpanded",
    "PDF417": "PDF417",
}


def _load() -> Any:
    """The pyzbar bindings module, or ``None`` when pyzbar or libzbar0 is missing."""
    try:
        from pyzbar import wrapper

        wrapper.load_libzbar()
    except (ImportError, OSError):
        return None
    return wrapper


def clockwise_corners(points: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Four corners of the region ``points`` span, clockwise (screen axes) from top-left."""
    if not points:
        return ()
    if len(points) != 4:
        box = cv2.boxPoints(cv2.minAreaRect(np.array(points, dtype=np.float32)))
        points = [(round(float(x)), round(float(y))) for x, y in box]
    cx = sum(p[0] for p in points) / len(points)
    cy = sum(p[1] for p in points) / len(points)
    # With y pointing down, increasing atan2 angle runs clockwise on screen.
    ordered = sorted(points, key=lambda p: math.atan2(p[1] - cy, p[0] - cx))
    start = min(range(len(ordered)), key=lambda i: ordered[i][0] + ordered[i][1])
    return tuple((int(x), int(y)) for x, y in ordered[start:] + ordered[:start])


def to_grey(image: Image) -> Image:
    """A contiguous single-channel copy of a BGR, BGRA or grey image."""
    if image.ndim == 3 and image.shape[2] == 4:
        return np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGRA2GRAY), dtype=np.uint8)
    if image.ndim == 3:
        return np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    return np.ascontiguousarray(image, dtype=np.uint8)


class PyzbarDecoder:
    """zbar decoder returning QR payloads as UTF-8 text decoded from zbar's raw bytes."""

    name = "pyzbar"

    def __init__(self) -> None:
        self._zbar = _load()

    def status(self) -> DecoderStatus:
        """``DISCONNECTED`` when pyzbar or the libzbar0 library is missing."""
        return DecoderStatus.READY if self._zbar is not None else DecoderStatus.DISCONNECTED

    def decode(self, image: Image, *, qr_only: bool = False) -> list[DecodedCode]:
        """Every code zbar finds; QR text is the payload bytes read as UTF-8."""
        if self._zbar is None or image.size == 0:
            return []
        grey = to_grey(image)
        found = self._scan(grey, binary=True, qr_only=qr_only)
        out: list[DecodedCode] = []
        fallback: dict[tuple[tuple[int, int], ...], str] | None = None
        for fmt, data, points in found:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                # Not UTF-8 (e.g. a Shift-JIS code without ECI): take zbar's own guess.
                if fallback is None:
                    fallback = {
                        pts: raw.decode("utf-8", "replace")
                        for _, raw, pts in self._scan(grey, binary=False, qr_only=qr_only)
                    }
                if points not in fallback:
                    continue
                text = fallback[points]
            out.append(DecodedCode(fmt, text, clockwise_corners(points), data))
        return out

    def _scan(
        self, grey: Image, *, binary: bool, qr_only: bool = False
    ) -> list[tuple[str, bytes, tuple[tuple[int, int], ...]]]:
        zb = self._zbar
        height, width = grey.shape[:2]
        scanner = zb.zbar_image_scanner_create()
        if not scanner:
            return []
        img = zb.zbar_image_create()
        results: list[tuple[str, bytes, tuple[tuple[int, int], ...]]] = []
        try:
            # zbar's PDF417 and SQ readers are experimental and return fragments.
            zb.zbar_image_scanner_set_config(scanner, ZBAR_PDF417, ZBAR_CFG_ENABLE, 0)
            zb.zbar_image_scanner_set_config(scanner, ZBAR_SQCODE, ZBAR_CFG_ENABLE, 0)
            if qr_only:  # symbology 0 (ZBAR_NONE) sets the option for every reader at once
                zb.zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0)
                zb.zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
            if binary:
                zb.zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1)
            zb.zbar_image_set_format(img, _FOURCC_Y800)
            zb.zbar_image_set_size(img, width, height)
            # ``grey`` outlives the scan; zbar only borrows the buffer (no cleanup handler).
            zb.zbar_image_set_data(img, grey.ctypes.data_as(ctypes.c_void_p), grey.size, None)
            if zb.zbar_scan_image(scanner, img) <= 0:
                return []
            symbol = zb.zbar_image_first_symbol(img)
            while symbol:
                data = ctypes.string_at(
                    zb.zbar_symbol_get_data(symbol), zb.zbar_symbol_get_data_length(symbol)
                )
                points = tuple(
                    (int(zb.zbar_symbol_get_loc_x(symbol, i)),
                     int(zb.zbar_symbol_get_loc_y(symbol, i)))
                    for i in range(zb.zbar_symbol_get_loc_size(symbol))
                )
                try:
                    kind = zb.ZBarSymbol(symbol.contents.type).name
                except ValueError:
                    kind = f"zbar{symbol.contents.type}"
                results.append((_FORMAT_NAMES.get(kind, kind), data, points))
                symbol = zb.zbar_symbol_next(symbol)
        finally:
            zb.zbar_image_destroy(img)
            zb.zbar_image_scanner_destroy(scanner)
        return results
