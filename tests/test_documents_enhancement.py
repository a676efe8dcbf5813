"""Enhancement flattens the paper but keeps photos dark and coloured areas coloured."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.docgen import id_card, text_page
from kiosk.app.documents import enhance

PPM = 200 / 25.4  # A4 at 200 dpi, as captured
PHOTO = (slice(int(60 * PPM), int(95 * PPM)), slice(int(120 * PPM), int(148 * PPM)))
SEAL_BLOCK = (slice(int(230 * PPM), int(250 * PPM)), slice(int(30 * PPM), int(70 * PPM)))
SHADOW = (slice(int(150 * PPM), int(200 * PPM)), slice(0, int(70 * PPM)))


def _page() -> np.ndarray:
    """A text page with a dark photo, a red block, a lighting gradient and a hard shadow."""
    rng = np.random.default_rng(3)
    pg = text_page(rng, PPM).image.astype(np.float32)
    h, w = pg.shape[:2]
    pg[PHOTO] = (70, 60, 55)
    y0, x0 = PHOTO[0].start, PHOTO[1].start
    pg[y0 + 70:y0 + 140, x0 + 70:x0 + 150] = (120, 110, 100)  # lighter face in the photo
    pg[SEAL_BLOCK] = (40, 40, 210)  # a big red (BGR) printed block
    xx = np.arange(w, dtype=np.float32)[None, :]
    pg *= (0.7 + 0.3 * xx / w)[:, :, None]
    shadow = np.zeros((h, w), np.float32)
    shadow[SHADOW] = 1.0
    pg *= (1 - 0.5 * cv2.GaussianBlur(shadow, (0, 0), 3))[:, :, None]
    return np.clip(pg, 0, 255).astype(np.uint8)


def _paper_level(img: np.ndarray, rows: slice, cols: slice) -> float:
    """Paper brightness of a region: a high percentile, so text strokes do not count."""
    return float(np.percentile(cv2.cvtColor(img[rows, cols], cv2.COLOR_BGR2GRAY), 90))


def test_dark_photo_keeps_its_darkness_while_paper_is_flattened() -> None:
    page = _page()
    out = enhance(page, "colour")
    before, after = float(page[PHOTO].mean()), float(out[PHOTO].mean())
    assert abs(after - before) <= 25, (before, after)
    dim = (slice(int(20 * PPM), int(40 * PPM)), slice(int(5 * PPM), int(25 * PPM)))
    lit = (slice(int(20 * PPM), int(40 * PPM)), slice(int(180 * PPM), int(200 * PPM)))
    assert _paper_level(page, *lit) - _paper_level(page, *dim) > 40  # the gradient is real
    levels = [_paper_level(out, *dim), _paper_level(out, *lit)]
    assert min(levels) >= 240 and max(levels) - min(levels) <= 10, levels


def test_hard_shadow_from_the_edge_is_divided_out() -> None:
    page = _page()
    inner = (slice(SHADOW[0].start + 40, SHADOW[0].stop - 40), slice(10, SHADOW[1].stop - 40))
    assert _paper_level(page, *inner) < 130
    assert _paper_level(enhance(page, "colour"), *inner) >= 235


def test_large_red_area_stays_red() -> None:
    out = enhance(_page(), "colour")
    b, g, r = (float(out[SEAL_BLOCK][:, :, c].mean()) for c in range(3))
    assert r >= 180 and b <= 90 and g <= 90, (b, g, r)


@pytest.mark.parametrize("keep_large_dark", [True, False])
def test_id_card_photo_is_not_washed_out(keep_large_dark: bool) -> None:
    ppm = 300 / 25.4
    card = id_card(np.random.default_rng(3), ppm).image
    x0, y0 = 58 * ppm, 7 * ppm
    body = (slice(int(y0 + 19 * ppm), int(y0 + 27 * ppm)),
            slice(int(x0 + 4 * ppm), int(x0 + 18 * ppm)))
    out = enhance(card, "colour", keep_large_dark=keep_large_dark)
    assert abs(float(out[body].mean()) - float(card[body].mean())) <= 25
