"""Each quality verdict on generated images, and its absence on a good frame."""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.docgen import background, text_page
from kiosk.app.documents import check, detect, material
from kiosk.app.documents.detection import Detection

A4 = material("a4")


def _scene(corners: list[list[float]], size: tuple[int, int] = (1600, 1200),
           blur: float = 0.0, glare: bool = False, light: float = 1.0) -> np.ndarray:
    rng = np.random.default_rng(4)
    w, h = size
    bg = background(rng, "wood", h, w).astype(np.float32)
    page = text_page(rng, 5.0, table=True)
    ph, pw = page.image.shape[:2]
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    m = cv2.getPerspectiveTransform(src, np.array(corners, np.float32))
    warped = cv2.warpPerspective(page.image, m, (w, h)).astype(np.float32)
    mask = cv2.warpPerspective(np.ones((ph, pw), np.float32), m, (w, h))[:, :, None]
    img = (bg * (1 - mask) + warped * mask) * light
    if glare:
        c = np.array(corners).mean(axis=0)
        yy, xx = np.mgrid[0:h, 0:w]
        img += (400 * np.exp(-((xx - c[0]) ** 2 + (yy - c[1]) ** 2) / (2 * 60.0**2)))[:, :, None]
    img = np.clip(img, 0, 255).astype(np.uint8)
    if blur:
        img = cv2.GaussianBlur(img, (0, 0), blur)
    return img


GOOD = [[500.0, 100.0], [1170.0, 110.0], [1160.0, 1060.0], [490.0, 1050.0]]


def _keys(img: np.ndarray) -> list[str]:
    res = detect(img, A4)
    assert res.best is not None
    return [v.key for v in check(img, res.best, A4)]


def test_good_frame_has_no_verdicts() -> None:
    assert _keys(_scene(GOOD)) == []


def test_blur_is_too_blurry() -> None:
    assert "document.too_blurry" in _keys(_scene(GOOD, blur=6.0))


def test_glare_spot_is_reported() -> None:
    assert "document.glare" in _keys(_scene(GOOD, glare=True, light=0.88))


def test_small_page_is_too_small() -> None:
    small = [[700.0, 500.0], [840.0, 500.0], [840.0, 698.0], [700.0, 698.0]]
    assert "document.too_small" in _keys(_scene(small))


def test_page_over_the_edge_is_cut_off() -> None:
    cut = [[500.0, -150.0], [1170.0, -140.0], [1160.0, 800.0], [490.0, 790.0]]
    assert "document.cut_off" in _keys(_scene(cut))


def test_strong_perspective_is_too_skewed() -> None:
    skew = [[650.0, 150.0], [1000.0, 150.0], [1250.0, 1050.0], [400.0, 1050.0]]
    res = detect(_scene(skew), None)
    assert res.best is not None
    assert "document.too_skewed" in [v.key for v in check(_scene(skew), res.best, None)]


def test_dark_frame_is_too_dark() -> None:
    img = _scene(GOOD, light=0.18)
    quad = np.array(GOOD)
    det = Detection(quad, 1.0, False, (False, False, False, False), 10.0)
    assert "document.too_dark" in [v.key for v in check(img, det, A4)]
