"""Images with no barcode must decode to nothing (a wrong payload is worse than none)."""

from __future__ import annotations

import os
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from devices.barcode.factory import decoder_by_name

CORPUS = Path(os.environ.get("KIOSK_BARCODE_CORPUS")
              or Path(__file__).resolve().parents[2] / "shared" / "corpora" / "barcodes")
FOLDERS = ("falsepositives-1", "falsepositives-2")
BACKENDS = ("zxing", "pyzbar")


def corpus_images() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return [p for folder in FOLDERS for p in sorted((CORPUS / folder).iterdir())
            if p.suffix.lower() in (".png", ".jpg", ".webp")]


@pytest.mark.skipif(not corpus_images(), reason=f"no barcode corpus at {CORPUS}")
@pytest.mark.parametrize("backend", BACKENDS)
def test_corpus_false_positive_photos_give_nothing(backend: str) -> None:
    decoder = decoder_by_name(backend)
    found = {}
    for path in corpus_images():
        image = cv2.imread(str(path))
        if image is None:  # OpenCV refuses the 1×1 and 100×1 WebPs; Pillow reads them
            with Image.open(path) as pil:
                image = np.array(pil.convert("L"))
        codes = decoder.decode(np.asarray(image, dtype=np.uint8))
        if codes:
            found[path.name] = [c.text for c in codes]
    assert found == {}
    assert len(corpus_images()) >= 40


@pytest.mark.parametrize("backend", BACKENDS)
def test_blank_noise_and_empty_images_give_nothing(backend: str) -> None:
    decoder = decoder_by_name(backend)
    rng = np.random.default_rng(3)
    assert decoder.decode(np.full((200, 300, 3), 255, dtype=np.uint8)) == []
    assert decoder.decode(rng.integers(0, 256, (240, 320), dtype=np.uint8)) == []
    assert decoder.decode(np.zeros((0, 0), dtype=np.uint8)) == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_damaged_ean13_check_digit_is_not_reported(backend: str) -> None:
    """An EAN-13 whose check digit does not match must not come back as some number."""
    import zxingcpp

    good = zxingcpp.create_barcode("9780764544200", zxingcpp.BarcodeFormat.EAN13)
    image = np.array(good.to_image(scale=3, add_quiet_zones=True), dtype=np.uint8)
    assert [c.text for c in decoder_by_name(backend).decode(image)] == ["9780764544200"]
    # Blank out the last digit's bars: the symbol can no longer be read as valid.
    damaged = image.copy()
    width = damaged.shape[1]
    damaged[:, int(width * 0.80):int(width * 0.88)] = 255
    assert decoder_by_name(backend).decode(damaged) == []
