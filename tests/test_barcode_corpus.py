"""Real photographed codes from the shared corpus (zxing-cpp's test samples) decode correctly.

The corpus sits beside the repository (``../shared/corpora/barcodes``), or where
``KIOSK_BARCODE_CORPUS`` points.
"""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.barcode.factory import decoder_by_name
from devices.barcode.zbar import clockwise_corners

CORPUS = Path(os.environ.get("KIOSK_BARCODE_CORPUS")
              or Path(__file__).resolve().parents[2] / "shared" / "corpora" / "barcodes")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no barcode corpus at {CORPUS}")

SAMPLES = [
    ("qrcode-5/01.webp", "QRCode"),
    ("qrcode-3/01.webp", "QRCode"),
    ("ean13-3/03.webp", "EAN13"),
    ("code128-1/1.png", "Code128"),
]


def load(rel: str) -> tuple[np.ndarray, str]:
    path = CORPUS / rel
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    assert image is not None, path
    expected = path.with_suffix(".txt").read_text(encoding="utf-8")
    return np.asarray(image, dtype=np.uint8), expected.replace("\r\n", "\n").rstrip("\n")


@needs_corpus
@pytest.mark.parametrize(("rel", "fmt"), SAMPLES)
@pytest.mark.parametrize("backend", ["zxing", "pyzbar"])
def test_corpus_sample_decodes_to_its_expected_text(backend: str, rel: str, fmt: str) -> None:
    image, expected = load(rel)
    codes = decoder_by_name(backend).decode(image)
    assert [(c.format, c.text.replace("\r\n", "\n").rstrip("\n")) for c in codes] == [
        (fmt, expected)]
    corners = codes[0].points
    assert len(corners) == 4
    height, width = image.shape[:2]
    assert all(-5 <= x <= width + 5 and -5 <= y <= height + 5 for x, y in corners)


def test_corners_are_ordered_clockwise_from_top_left() -> None:
    # zbar lists a QR's corners top-left, bottom-left, bottom-right, top-right.
    assert clockwise_corners([(10, 10), (10, 90), (90, 90), (90, 10)]) == (
        (10, 10), (90, 10), (90, 90), (10, 90))
    # 1D codes come as scan-line points; they become their bounding box's corners.
    box = clockwise_corners([(5, 20), (50, 20), (95, 20), (5, 30), (95, 30)])
    assert sorted(box) == [(5, 20), (5, 30), (95, 20), (95, 30)]
    assert box[0] == (5, 20)
