"""JPEG budget, PDF assembly, sha256, barcode reporting and messages."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.docgen import text_page
from kiosk.app.documents import (
    MESSAGE_KEYS,
    encode_jpeg,
    find_barcodes,
    from_hub_list,
    material,
    pdf_from_jpegs,
)
from kiosk.app.documents.messages import text
from kiosk.app.documents.output import budget_for


def _a4() -> np.ndarray:
    return text_page(np.random.default_rng(2), 200 / 25.4, table=True, qr=True).image


def test_a4_jpeg_fits_400_kb_and_hash_matches() -> None:
    img = _a4()
    assert img.shape[:2] == (2339, 1654)
    enc = encode_jpeg(img)
    assert len(enc.data) <= 400 * 1024 == budget_for(1654, 2339)
    assert enc.sha256 == hashlib.sha256(enc.data).hexdigest()


def test_tight_budget_lowers_quality_then_size() -> None:
    img = _a4()
    noisy = np.clip(img.astype(np.int16) + np.random.default_rng(0).integers(
        -40, 40, img.shape), 0, 255).astype(np.uint8)
    enc = encode_jpeg(noisy, 150 * 1024)
    assert len(enc.data) <= 150 * 1024
    assert enc.quality < 85


def test_pdf_embeds_each_jpeg_unchanged() -> None:
    img = _a4()
    a = encode_jpeg(img)
    b = encode_jpeg(cv2.cvtColor(img, cv2.COLOR_BGR2GRAY))
    pdf = pdf_from_jpegs([(a.data, a.width, a.height, 200), (b.data, b.width, b.height, 200)])
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert a.data in pdf and b.data in pdf
    assert b"/Count 2" in pdf and b"/DeviceGray" in pdf
    # an A4 page at 200 dpi is 595 x 842 points
    boxes = re.findall(rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+) ?\]", pdf)
    assert [(round(float(w)), round(float(h))) for w, h in boxes] == [(595, 842)] * 2
    # the same pages make the same bytes (no creation date in the file)
    assert pdf_from_jpegs([(a.data, a.width, a.height, 200)]) == pdf_from_jpegs(
        [(a.data, a.width, a.height, 200)])


def test_pdf_pages_take_their_own_dpi() -> None:
    small = encode_jpeg(np.full((300, 200, 3), 255, np.uint8))
    pdf = pdf_from_jpegs([(small.data, 200, 300, 100), (small.data, 200, 300, 300)])
    boxes = re.findall(rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+) ?\]", pdf)
    assert [(float(w), float(h)) for w, h in boxes] == [(144.0, 216.0), (48.0, 72.0)]


def test_qr_code_on_page_is_reported() -> None:
    codes = find_barcodes(_a4())
    assert any(c.text.startswith("KIOSK-TEST-") for c in codes)


def test_hub_material_list_overrides_builtin_sizes() -> None:
    specs = from_hub_list([{"key": "marriage_certificate", "size_mm": [180, 126]},
                           {"key": "a4"}, {"key": "bogus"}, {"key": "x", "size_mm": [0, 5]}])
    assert specs["marriage_certificate"].width_mm == 180
    assert specs["a4"] == material("a4")
    assert "bogus" not in specs and "x" not in specs


def test_every_message_key_is_translated() -> None:
    for key in MESSAGE_KEYS:
        zh, en = text(key, "zh_CN"), text(key, "en_US")
        assert key not in (zh, en)
        assert zh != en
