"""Encode pages: JPEG within a byte budget, a multi-page PDF per material, sha256."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

Image = npt.NDArray[Any]  # cv2 returns loosely typed arrays; pixels are uint8

A4_200DPI_PIXELS = 1654 * 2339
DEFAULT_A4_BUDGET = 400 * 1024
"""Bytes allowed for an A4 page at 200 dpi; other sizes scale by pixel count."""


@dataclass(frozen=True)
class EncodedJpeg:
    """A JPEG and how it was made."""

    data: bytes
    quality: int
    width: int
    height: int

    @property
    def sha256(self) -> str:
        """Hex digest for the document store."""
        return sha256(self.data)


def sha256(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def budget_for(width: int, height: int, a4_budget: int = DEFAULT_A4_BUDGET) -> int:
    """Byte budget for a page of this pixel size (never below 60 KB)."""
    return max(60 * 1024, int(a4_budget * (width * height) / A4_200DPI_PIXELS))


def encode_jpeg(img: Image, max_bytes: int | None = None, start_quality: int = 85,
                min_quality: int = 45) -> EncodedJpeg:
    """Encode at the best quality that fits ``max_bytes`` (binary search on quality).

    If even ``min_quality`` is too big, the image is scaled down in 10 % steps, which
    keeps text legible better than very low JPEG quality would.
    """
    h, w = img.shape[:2]
    budget = max_bytes if max_bytes is not None else budget_for(w, h)
    cur = img
    for _ in range(8):
        enc = _enc(cur, start_quality)
        if len(enc) <= budget:
            return EncodedJpeg(enc, start_quality, cur.shape[1], cur.shape[0])
        lo, hi = min_quality, start_quality - 1
        best: tuple[bytes, int] | None = None
        while lo <= hi:
            mid = (lo + hi) // 2
            data = _enc(cur, mid)
            if len(data) <= budget:
                best = (data, mid)
                lo = mid + 1
            else:
                hi = mid - 1
        if best is not None:
            return EncodedJpeg(best[0], best[1], cur.shape[1], cur.shape[0])
        cur = cv2.resize(cur, None, fx=0.9, fy=0.9, interpolation=cv2.INTER_AREA)
    data = _enc(cur, min_quality)
    return EncodedJpeg(data, min_quality, cur.shape[1], cur.shape[0])


def _enc(img: Image, quality: int) -> bytes:
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(quality),
                                         cv2.IMWRITE_JPEG_OPTIMIZE, 1])
    if not ok:
        raise ValueError("JPEG encoding failed")  # only on an empty or malformed array
    return bytes(np.asarray(buf).tobytes())


def pdf_from_jpegs(pages: Sequence[tuple[bytes, int, int, int]]) -> bytes:
    """A PDF with one page per JPEG ``(data, width_px, height_px, dpi)``, sized to print.

    The JPEG bytes are embedded as they are (DCTDecode), so the PDF holds exactly the
    images whose sha256 the store records.
    """
    objects: list[bytes] = []
    kids = []
    for i, (data, w, h, dpi) in enumerate(pages):
        channels = _jpeg_channels(data)
        colour = b"/DeviceRGB" if channels == 3 else b"/DeviceGray"
        img_id = 3 + i * 3
        content_id = img_id + 1
        page_id = img_id + 2
        pw, ph = w * 72.0 / dpi, h * 72.0 / dpi
        objects.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s "
            b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, colour, len(data))
            + data + b"\nendstream")
        stream = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % (pw, ph)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject "
            b"<< /Im0 %d 0 R >> >> /Contents %d 0 R >>" % (pw, ph, img_id, content_id))
        kids.append(b"%d 0 R" % page_id)
    head = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)]
    all_objs = head + objects
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, body in enumerate(all_objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(all_objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(all_objs) + 1, xref)
    return bytes(out)


def _jpeg_channels(data: bytes) -> int:
    """Number of colour components from the JPEG's SOF marker."""
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xC0, 0xC1, 0xC2):
            return int(data[i + 9])
        length = int.from_bytes(data[i + 2:i + 4], "big")
        i += 2 + length
    return 3
