"""Flatten illumination, lift shadows, and optionally make a clean black-and-white page."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from .materials import ColourMode

Image = npt.NDArray[Any]  # cv2 returns loosely typed arrays; pixels are uint8


def content_mask(img: Image, cell: int = 8, window: int = 5,
                 edge_content: bool = False) -> npt.NDArray[np.uint8]:
    """Cells of a 1/``cell`` copy of ``img`` that carry large printed content (1) or paper.

    After a ``window``-cell max filter (text and thin seal rings are gone) a region
    clearly darker than the brightest paper within ~15 cells, or strongly coloured,
    is content. A dark region reaching the page's edge is a shadow cast from outside
    (an arm, the camera) and stays paper unless ``edge_content``; a dark island
    inside the page is printed. Holes in content (a photo's lighter middle, too far
    from paper to be judged) are content too.
    """
    h, w = img.shape[:2]
    sw, sh = max(8, w // cell), max(8, h // cell)
    small = cv2.resize(img, (sw, sh), interpolation=cv2.INTER_AREA)
    lifted = cv2.dilate(small, np.ones((window, window), np.uint8)).astype(np.float32)
    grey = lifted.mean(axis=2) if lifted.ndim == 3 else lifted
    sat = (lifted.max(axis=2) - lifted.min(axis=2)) if lifted.ndim == 3 else np.zeros_like(grey)
    local_max = cv2.dilate(grey, np.ones((15, 15), np.uint8))
    dark = (grey < 0.7 * local_max).astype(np.uint8)
    if not edge_content:
        n, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
        keep = np.zeros(n, np.uint8)
        for k in range(1, n):
            x, y, bw, bh = stats[k, :4]
            keep[k] = x > 0 and y > 0 and x + bw < sw and y + bh < sh
        dark = keep[labels]
    mask = ((dark > 0) | (sat >= 60)).astype(np.uint8)
    # fill holes: whatever paper the border cannot reach lies inside content
    reach = np.pad(1 - mask, 1, constant_values=1)
    flood = np.zeros((sh + 4, sw + 4), np.uint8)
    cv2.floodFill(reach, flood, (0, 0), 2)
    mask = (reach[1:-1, 1:-1] != 2).astype(np.uint8)
    # grow by the filter's reach so the content's rim is protected too
    return np.asarray(cv2.dilate(mask, np.ones((window, window), np.uint8)), dtype=np.uint8)


def enhance(img: Image, mode: ColourMode = "colour", keep_large_dark: bool = False) -> Image:
    """Even out lighting and shadows; keep colour, or make grey / black-and-white.

    The lit paper colour is estimated by a max filter a few millimetres wide on a
    1/8-scale copy (text and seals vanish, shadows and lighting gradients stay and are
    divided out). Over printed content (photos, coloured areas: see
    :func:`content_mask`) the estimate is instead inpainted from the paper around it,
    so a photo keeps its darkness and a coloured block its colour.
    ``keep_large_dark`` (ID cards) also protects dark areas reaching the edge, since
    a card's photo may.
    """
    cell, window = 8, 5
    h, w = img.shape[:2]
    sw, sh = max(8, w // cell), max(8, h // cell)
    small = cv2.resize(img, (sw, sh), interpolation=cv2.INTER_AREA)
    lifted = cv2.dilate(small, np.ones((window, window), np.uint8))
    lifted = cv2.GaussianBlur(lifted, (0, 0), 1.0)
    mask = content_mask(img, cell, window, edge_content=keep_large_dark)
    if mask.any() and not mask.all():
        lifted = cv2.inpaint(lifted, mask, 3, cv2.INPAINT_TELEA)
    bg = np.maximum(cv2.resize(lifted, (w, h), interpolation=cv2.INTER_LINEAR)
                    .astype(np.float32), 16.0)
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
