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

    img2pdf embeds the JPEG bytes as they are (DCTDecode), so the PDF holds exactly
    the images whose sha256 the store records.
    """
    import img2pdf  # imported here: only the documents commands write PDFs

    # img2pdf asks for each page's size in turn, in page order; the dpi is ours, not the
    # JPEG header's (OpenCV writes none).
    sizes = iter([(w * 72.0 / dpi, h * 72.0 / dpi) for _, w, h, dpi in pages])

    def page_size(_w: int, _h: int, _dpi: object) -> tuple[float, float, float, float]:
        width, height = next(sizes)
        return width, height, width, height  # the image fills its page

    # The internal engine needs no pikepdf; no date keeps the same pages the same bytes.
    pdf: bytes = img2pdf.convert([data for data, *_ in pages], layout_fun=page_size,
                                 engine=img2pdf.Engine.internal, nodate=True)
    return pdf
