"""Warp a detected quad to the material's real aspect and turn it upright."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from .geometry import Quad, order_clockwise, side_lengths
from .materials import MaterialSpec

Image = npt.NDArray[Any]  # cv2 returns loosely typed arrays; pixels are uint8


def rectify(frame: Image, quad: Quad, spec: MaterialSpec, dpi: int | None = None) -> Image:
    """Perspective-correct the quad to ``spec``'s size at ``dpi``, long sides matched.

    The result has the material's aspect; whether it reads upright or upside down is
    settled separately by :func:`upright_turns`. Parts of a cut-off page that were
    outside the picture come out white.
    """
    w, h = spec.pixel_size(dpi)
    q = order_clockwise(quad)
    s = side_lengths(q)
    quad_landscape = (s[0] + s[2]) >= (s[1] + s[3])
    spec_landscape = w >= h
    if quad_landscape != spec_landscape:
        q = np.roll(q, -1, axis=0)  # the quad's first side becomes the page's left side
    dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    m = cv2.getPerspectiveTransform(q.astype(np.float32), dst)
    border = (255, 255, 255) if frame.ndim == 3 else 255
    return cv2.warpPerspective(frame, m, (w, h), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=border)


def rotate_quarter(img: Image, turns: int) -> Image:
    """Rotate by ``turns`` quarter turns clockwise."""
    t = turns % 4
    if t == 0:
        return img
    code = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}[t]
    return cv2.rotate(img, code)


def _ink(grey: Image) -> Image:
    # Local threshold: text is darker than the paper around it.
    return cv2.adaptiveThreshold(grey, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV,
                                 31, 25)


def upright_votes(img: Image, spec: MaterialSpec) -> float:
    """Evidence that ``img`` reads upright (> 0) rather than upside down (< 0).

    Three cues, each a vote in [-1, 1]:
    - small detached strokes in a line of Chinese text sit mostly in its upper part
      (the dots of 亠, 宀, 丶 outnumber the punctuation ，。 at the bottom; measured on
      rendered Noto Sans CJK text);
    - a page's title (its tallest line of text) is in its upper half;
    - an ID card's photo is on its right.
    """
    scale = 900.0 / max(img.shape[:2])
    if scale < 1:
        img = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    grey = img if img.ndim == 2 else cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    ink = _ink(grey)
    if img.ndim == 3:
        # Seals are red and big; they say nothing about which way the text runs.
        b, g, r = (img[:, :, k].astype(np.int16) for k in range(3))
        ink[(r > g + 40) & (r > b + 40)] = 0
    h, w = ink.shape
    n, _, stats, cents = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    areas = stats[1:, cv2.CC_STAT_AREA]
    votes = 0.0
    if n > 20:
        # Leave out the outer 8 %: printed page frames would join every line into one.
        core = ink[:, int(0.08 * w): int(0.92 * w)]
        rows = (core > 0).sum(axis=1).astype(np.float32)
        rows = np.convolve(rows, np.ones(3) / 3, mode="same")
        on = rows > max(2.0, 0.02 * w)
        bands: list[tuple[int, int]] = []
        start = -1
        for y in range(h):
            if on[y] and start < 0:
                start = y
            elif not on[y] and start >= 0:
                if y - start >= 4:
                    bands.append((start, y))
                start = -1
        punct = 0.0
        count = 0
        band_heights = []
        for y0, y1 in bands:
            bh = y1 - y0
            band_heights.append((bh, (y0 + y1) / 2))
            sel = (stats[1:, cv2.CC_STAT_TOP] >= y0) & (
                stats[1:, cv2.CC_STAT_TOP] + heights <= y1)
            if sel.sum() < 4:
                continue
            big = np.median(heights[sel])
            small = sel & (heights < 0.4 * big) & (heights >= 1) & (areas >= 2)
            small &= stats[1:, cv2.CC_STAT_WIDTH] < 0.5 * big
            for cy in cents[1:][small, 1]:
                rel = (cy - y0) / max(1, bh)
                if rel < 0.4:
                    punct += 1
                elif rel > 0.6:
                    punct -= 1
                count += 1
        if count >= 3:
            votes += 0.5 * float(np.clip(punct / count, -1, 1)) * min(1.0, count / 6)
        if len(band_heights) >= 3 and spec.key != "id_card":  # cards have no title line
            med = float(np.median([b[0] for b in band_heights]))
            # A title is 1.4-3 lines tall; anything taller is a QR code, photo or table.
            titles = [b for b in band_heights if 1.4 * med < b[0] <= 3.0 * med]
            if titles:
                tallest = max(titles)
                votes += 1.0 if tallest[1] < h / 2 else -1.0
    if spec.key == "id_card":
        dark = (grey < 150).astype(np.float32)
        left = float(dark[: int(h * 0.75), : int(w * 0.35)].mean())
        right = float(dark[: int(h * 0.75), int(w * 0.65):].mean())
        if abs(left - right) > 0.05:
            votes += 0.8 if right > left else -0.8
    return votes


def upright_turns(img: Image, spec: MaterialSpec) -> int:
    """Quarter turns (0 or 2) that make a rectified page read upright."""
    return 2 if upright_votes(img, spec) < 0 else 0
