"""Rectified output has the material's aspect and reads upright."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.docgen import id_card, register_page, text_page
from kiosk.app.documents import capture, material, rectify
from kiosk.app.documents.rectification import rotate_quarter


def _place(page_img: np.ndarray, turns: int, size: tuple[int, int] = (2400, 1800),
           ) -> tuple[np.ndarray, np.ndarray]:
    img = rotate_quarter(page_img, turns)
    h, w = img.shape[:2]
    fw, fh = size
    k = 0.8 * min(fw / w, fh / h)
    cx, cy = fw / 2, fh / 2
    dst = np.array([[cx - w * k / 2, cy - h * k / 2], [cx + w * k / 2, cy - h * k / 2 + 20],
                    [cx + w * k / 2 - 10, cy + h * k / 2], [cx - w * k / 2, cy + h * k / 2 - 15]],
                   np.float32)
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    frame = cv2.warpPerspective(img, m, (fw, fh), borderValue=(60, 70, 80))
    return frame, dst.astype(np.float64)


@pytest.mark.parametrize("key", ["a4", "id_card", "household_register_page"])
def test_aspect_matches_material(key: str) -> None:
    spec = material(key)
    rng = np.random.default_rng(1)
    page = {"a4": lambda: text_page(rng, 4.0), "id_card": lambda: id_card(rng, 10.0),
            "household_register_page": lambda: register_page(rng, 6.0)}[key]()
    frame, quad = _place(page.image, 1)  # placed turned: the quad is the other way round
    out = rectify(frame, quad, spec)
    h, w = out.shape[:2]
    assert abs(w / h - spec.aspect) < 0.01
    assert (w, h) == spec.pixel_size()


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_page_comes_out_upright(turns: int) -> None:
    rng = np.random.default_rng(7)
    page = text_page(rng, 200 / 25.4, seal=False)
    frame, quad = _place(page.image, turns)
    got = capture(frame, quad, material("a4"), barcodes=False)
    ref = cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY)
    out = cv2.cvtColor(got.image, cv2.COLOR_BGR2GRAY)
    out = cv2.resize(out, (ref.shape[1], ref.shape[0]))
    upright = np.corrcoef(ref.ravel(), out.ravel())[0, 1]
    flipped = np.corrcoef(ref.ravel(), cv2.rotate(out, cv2.ROTATE_180).ravel())[0, 1]
    assert upright > 0.5 > flipped


def test_id_card_comes_out_upright_when_upside_down() -> None:
    rng = np.random.default_rng(3)
    card = id_card(rng, 12.0)
    frame, quad = _place(card.image, 2)
    got = capture(frame, quad, material("id_card"), barcodes=False)
    grey = cv2.cvtColor(got.image, cv2.COLOR_BGR2GRAY)
    w = grey.shape[1]
    # the photo (dark) is on the right of an upright card
    assert grey[:, int(w * 0.65):].mean() < grey[:, : int(w * 0.35)].mean()
