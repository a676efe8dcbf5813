"""Flatten illumination, lift shadows, and optionally make a clean black-and-white page."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from .materials import ColourMode

Image = npt.NDArray[Any]  # cv2 returns loosely typed arrays; pixels are uint8


def paper_background(img: Image, cell: int = 8) -> npt.NDArray[np.float32]:
    """Estimate the lit paper colour at every pixel (same shape as ``img``, float32).

    Text is removed by a max filter on a downscaled copy; regions that are not paper
    (photos, dark seals, large shadows' cores are still paper) are masked out and
    filled from the surrounding paper by normalised blurring, so a photo is not
    "flattened" to white.
    """
    h, w = img.shape[:2]
    sw, sh = max(8, w // cell), max(8, h // cell)
    small = cv2.resize(img, (sw, sh), interpolation=cv2.INTER_AREA).astype(np.float32)
    kernel = np.ones((5, 5), np.uint8)
    lifted = cv2.dilate(small, kernel)
    grey = lifted.mean(axis=2) if lifted.ndim == 3 else lifted
    local_max = cv2.dilate(grey, np.ones((15, 15), np.uint8))
    sat = (lifted.max(axis=2) - lifted.min(axis=2)) if lifted.ndim == 3 else np.zeros_like(grey)
    # Paper: close to the brightest nearby value and not strongly coloured. A hard
    # shadow is darker but still "close" relative to its own neighbourhood.
    mask = ((grey >= 0.72 * local_max) & (sat < 60)).astype(np.float32)
    sigma = max(2.0, min(sw, sh) / 40.0)
    num = cv2.GaussianBlur(lifted * (mask[:, :, None] if lifted.ndim == 3 else mask), (0, 0), sigma)
    den = cv2.GaussianBlur(mask, (0, 0), sigma)
    den3 = den[:, :, None] if lifted.ndim == 3 else den
    bg = np.where(den3 > 1e-3, num / np.maximum(den3, 1e-3), lifted)
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.maximum(bg.astype(np.float32), 16.0)


def shadow_background(img: Image, cell: int = 8, window: int = 5) -> npt.NDArray[np.float32]:
    """Paper colour estimate that also follows hard shadows.

    A max filter a few millimetres wide removes text and seals but keeps anything
    larger, so a shadow is divided out. It would also wash out a large photo, which
    is why cards (whose photo matters) use :func:`paper_background` instead.
    """
    h, w = img.shape[:2]
    sw, sh = max(8, w // cell), max(8, h // cell)
    small = cv2.resize(img, (sw, sh), interpolation=cv2.INTER_AREA)
    lifted = cv2.dilate(small, np.ones((window, window), np.uint8)).astype(np.float32)
    lifted = np.asarray(cv2.GaussianBlur(lifted, (0, 0), 1.0), dtype=np.float32)
    bg = cv2.resize(lifted, (w, h), interpolation=cv2.INTER_LINEAR)
    return np.maximum(bg.astype(np.float32), 16.0)


def enhance(img: Image, mode: ColourMode = "colour", keep_large_dark: bool = False) -> Image:
    """Even out lighting and shadows; keep colour, or make grey / black-and-white.

    ``keep_large_dark`` protects large dark areas (an ID card's photo) at the cost of
    leaving hard shadows in place.
    """
    bg = paper_background(img) if keep_large_dark else shadow_background(img)
    flat = img.astype(np.float32) * (248.0 / bg)
    # Deepen ink a little: flattened text is often grey after blur and compression.
    lut = np.clip((np.arange(256, dtype=np.float32) - 20.0) * (255.0 / 225.0), 0, 255)
    out = cv2.LUT(np.clip(flat, 0, 255).astype(np.uint8), lut.astype(np.uint8))
    if mode == "colour":
        return out
    grey = cv2.cvtColor(out, cv2.COLOR_BGR2GRAY) if out.ndim == 3 else out
    if mode == "grey":
        return grey
    _, bw = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return bw
