"""What the detection modules share: the result types, quad area and corner comparison."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from ..geometry import Quad

Image = npt.NDArray[Any]  # cv2 returns loosely typed arrays; pixels are uint8

Sides = list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], int]]
"""An outline's four sides: (start, end, frame border 0-3 or -1 for the page's own)."""

MIN_AREA_FRAC = 0.012
"""Smallest document area (share of the frame) considered at all."""
MIN_SCORE = 0.55
"""Edge support a quad needs to count as a document."""

CORNER_INDEX = np.arange(4)
"""Corner numbers 0-3, for turning a quad's corner order with ``(CORNER_INDEX + k) % 4``."""


def quad_area(quad: Quad) -> float:
    """Absolute shoelace area of four corners."""
    # Plain floats rather than numpy calls on four values: this runs for every candidate.
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad.tolist()
    return float(abs((x0 * y1 - x1 * y0) + (x1 * y2 - x2 * y1) + (x2 * y3 - x3 * y2)
                     + (x3 * y0 - x0 * y3)) / 2.0)


@dataclass(frozen=True)
class Detection:
    """One detected document: corners in frame pixels and how sure we are."""

    quad: Quad
    score: float
    cut_off: bool
    border_sides: tuple[bool, bool, bool, bool]
    contrast: float
    rank: float = 0.0  # score less a penalty for not matching the requested aspect

    @property
    def area(self) -> float:
        """Area of the quad in square pixels."""
        # OpenCV's area of the float32 corners, not ``quad_area``: the outward walk's band
        # width is derived from it, and the detector's results were tuned with this value.
        return float(cv2.contourArea(self.quad.astype(np.float32)))


@dataclass(frozen=True)
class DetectResult:
    """Outcome of detection on one frame."""

    best: Detection | None
    others: tuple[Detection, ...] = field(default_factory=tuple)
    problem: str | None = None  # message key when ``best`` is None
    ms: float = 0.0
    frame_size: tuple[int, int] = (0, 0)
    tracked: bool = False  # found by refining the previous frame's quad (see ``follow``)


def same_corners(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64], tol: float) -> bool:
    """Two corner sets describe the same quad (any rotation of the order)."""
    if a.shape != b.shape:
        return False
    if float(np.abs(a.mean(axis=0) - b.mean(axis=0)).max()) >= tol:
        return False  # different centres: no rotation of the order can match
    return any(float(np.abs(a[(CORNER_INDEX + k) % 4] - b).max()) < tol for k in range(4))
