"""Detection on cases the earlier detector got wrong on held-out generated frames.

Each generated frame here (1920x1080, from ``plan_mix(500, seed)`` like the benchmark)
was missed or mistaken before the shadow test, the straight-run outlines, the full
search's memory of earlier fits and the finger-free bright regions; the drawn scenes
pin the shadow test's two sides.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.docgen import Scene, make_scene, plan_mix
from kiosk.app.documents import detect, material
from kiosk.app.documents.geometry import iou

W, H = 1920, 1080


@cache
def _plan(seed: int) -> list[set[str]]:
    return plan_mix(500, seed)


def _scene(seed: int, index: int) -> Scene:
    return make_scene(index, seed, _plan(seed)[index])


def _quad(cx: float, cy: float, long: float, aspect: float, degrees: float,
          ) -> npt.NDArray[np.float64]:
    a = np.radians(degrees)
    u = np.array([np.cos(a), np.sin(a)])
    v = np.array([-u[1], u[0]])
    hw, hh = long / 2, long / aspect / 2
    c = np.array([cx, cy])
    return np.array([c - hw * u - hh * v, c + hw * u - hh * v, c + hw * u + hh * v,
                     c - hw * u + hh * v])


def _drawn(surface: tuple[int, int, int], quad: npt.NDArray[np.float64],
           colour: tuple[int, int, int]) -> npt.NDArray[np.uint8]:
    img = np.full((H, W, 3), surface, np.uint8)
    cv2.fillConvexPoly(img, np.round(quad * 16).astype(np.int32), colour, cv2.LINE_AA, 4)
    noisy = (cv2.GaussianBlur(img, (0, 0), 1.0).astype(np.float32)
             + np.random.default_rng(3).normal(0, 2, img.shape))
    return np.clip(noisy, 0, 255).astype(np.uint8)


def test_a_dark_slab_is_not_a_document() -> None:
    # A phone, a mouse pad or a hard shadow: straight, crisp sides, but darker than
    # everything around it; paper never is.
    img = _drawn((120, 126, 132), _quad(900, 540, 700, 1.414, 12), (48, 48, 52))
    res = detect(img, material("a4"))
    assert res.best is None and res.problem == "document.not_found"


def test_a_page_a_little_darker_than_a_white_plate_is_found() -> None:
    # The other side of the shadow test: off-white paper on a whiter plate.
    quad = _quad(960, 540, 950, 1.414, 80)
    img = _drawn((238, 238, 238), quad, (222, 225, 224))
    res = detect(img, material("a4"))
    assert res.best is not None
    assert iou(res.best.quad, quad, W, H) >= 0.95


@pytest.mark.parametrize(("seed", "index"), [(7, 487), (11, 328), (11, 450)])
def test_empty_busy_light_desks_give_no_quad(seed: int, index: int) -> None:
    s = _scene(seed, index)
    assert s.corners is None
    res = detect(s.image, material(s.material))
    assert res.best is None, res.best


@pytest.mark.parametrize(("seed", "index"), [
    (7, 19), (7, 282),   # certificate held by fingers, an ID card beside it
    (11, 476),           # household register under fingers and a shadow, a card beside
    (11, 135),           # a card among the wood grain's loops, a page beside it
    (7, 471), (7, 351),  # a card touching a coin or a note on a light desk
    (7, 345),            # a card on a light desk, a shadow across its edge
    (7, 348), (7, 402),  # a register page under a shadow, light fingers over two sides
    (2026, 75),          # fingers from the frame's edge across the page's top and bottom
])
def test_hard_generated_frames(seed: int, index: int) -> None:
    s = _scene(seed, index)
    assert s.corners is not None
    res = detect(s.image, material(s.material))
    assert res.best is not None, res.problem
    assert iou(res.best.quad, s.corners, W, H) >= 0.95
