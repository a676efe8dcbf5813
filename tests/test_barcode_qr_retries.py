"""zxing-cpp's QR retries read more of the corpus's QR photos, never a wrong payload.

The passes are timed by a budget; here it is generous (1 s) so that the result does
not depend on how busy the test machine is. ``bench/devices.py`` measures the real
budget's rate and time.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from devices.barcode.factory import open_decoder
from devices.barcode.zxing import ZxingDecoder
from kiosk.base.config import parse_device

CORPUS = Path(os.environ.get("KIOSK_BARCODE_CORPUS")
              or Path(__file__).resolve().parents[2] / "shared" / "corpora" / "barcodes")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no barcode corpus at {CORPUS}")


def bench() -> ModuleType:
    """``bench/devices.py``: its corpus loader and scoring rules (NFC, line ends)."""
    path = Path(__file__).resolve().parents[1] / "bench" / "devices.py"
    spec = importlib.util.spec_from_file_location("bench_devices", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def qr_photos(b: ModuleType) -> list[tuple[str, np.ndarray, str]]:
    out = []
    for folder in sorted(CORPUS.glob("qrcode-*")):
        for path in sorted(folder.iterdir()):
            expected = path.with_suffix(".txt")
            if path.suffix.lower() not in b.IMAGE_SUFFIXES or not expected.is_file():
                continue
            image = b.load_image(path)
            if image is not None:
                out.append((f"{folder.name}/{path.name}", image,
                            expected.read_text(encoding="utf-8")))
    return out


@needs_corpus
def test_retries_read_at_least_93_percent_of_the_qr_photos_and_none_wrong() -> None:
    b = bench()
    photos = qr_photos(b)
    assert len(photos) == 137  # qrcode-7's structured-append parts have no .txt each
    scores = {}
    for name, decoder in (("retries", ZxingDecoder(retry_budget_ms=1000)),
                          ("alone", ZxingDecoder(retries=False))):
        correct, wrong = 0, []
        for rel, image, expected in photos:
            codes = decoder.decode(image)
            if any(b.matches(expected, c.text) for c in codes):
                correct += 1
            elif codes:
                wrong.append(rel)
        scores[name] = (correct, wrong)
    correct, wrong = scores["retries"]
    assert wrong == []
    assert correct / len(photos) >= 0.93, correct
    assert correct > scores["alone"][0]


@needs_corpus
def test_each_retry_pass_is_what_reads_its_kind_of_photo() -> None:
    b = bench()
    decoder = ZxingDecoder(retry_budget_ms=1000)
    cases = {"qrcode-4/09.webp": "global_threshold",  # cloth texture: one threshold
             "qrcode-4/08.webp": "curved"}  # a code on a bent surface
    for rel, expected_pass in cases.items():
        path = CORPUS / rel
        image = b.load_image(path)
        codes, used = decoder.decode_passes(image)
        assert used == expected_pass
        assert [b.matches(path.with_suffix(".txt").read_text(encoding="utf-8"), c.text)
                for c in codes] == [True]
        # zxing-cpp alone reads nothing here: the retry is what makes the difference.
        assert ZxingDecoder(retries=False).decode(image) == []


@needs_corpus
def test_a_spent_budget_starts_no_retry() -> None:
    b = bench()
    image = b.load_image(CORPUS / "qrcode-4/09.webp")
    assert ZxingDecoder(retry_budget_ms=0).decode_passes(image) == ([], "")


def test_retries_are_on_by_default_and_can_be_switched_off_in_the_config() -> None:
    default = open_decoder(parse_device("barcode", {"driver": "zxing"}))
    assert isinstance(default, ZxingDecoder)
    assert default.retries and default.retry_budget_ms == 40.0
    off = open_decoder(parse_device("barcode", {"driver": "zxing", "qr_retries": False,
                                                "retry_budget_ms": 5}))
    assert isinstance(off, ZxingDecoder)
    assert not off.retries and off.retry_budget_ms == 5


def test_a_budget_out_of_range_is_refused_with_its_key() -> None:
    from kiosk.base.config import ConfigError

    with pytest.raises(ConfigError) as caught:
        parse_device("barcode", {"driver": "zxing", "retry_budget_ms": -1})
    assert "retry_budget_ms" in str(caught.value)


def test_qr_only_reports_no_other_symbology() -> None:
    import zxingcpp

    ean = zxingcpp.create_barcode("9780764544200", zxingcpp.BarcodeFormat.EAN13)
    image = np.array(ean.to_image(scale=3, add_quiet_zones=True), dtype=np.uint8)
    decoder = ZxingDecoder(retry_budget_ms=1000)
    assert [c.format for c in decoder.decode(image)] == ["EAN13"]
    assert decoder.decode(image, qr_only=True) == []
