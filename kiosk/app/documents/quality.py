"""Quality verdicts for a detected document, each with a resident-facing message key."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from .detection import Detection
from .geometry import Quad, corner_angles, order_clockwise, side_lengths
from .geometry import aspect_error as geometry_aspect_error
from .materials import BUILTIN, MaterialSpec

Image = npt.NDArray[Any]  # cv2 returns loosely typed arrays; pixels are uint8

BLUR_MAX_SIGMA = 1.1
"""Edge blur (pixels of the page view) above which text is too soft to read."""
GLARE_MIN_FRACTION = 0.0015
SKEW_MAX_ANGLE_DEVIATION = 25.0
SKEW_MAX_SIDE_RATIO = 1.35
MIN_DPI_FRACTION = 0.5
DARK_MAX_MEAN = 55.0
WRONG_ASPECT_CLEAR = 0.16
"""|log(aspect / wanted)| beyond which a whole paper is not the wanted kind.

Perspective and corner jitter move a correctly found paper's apparent aspect by up
to ~0.14 in the generated set; nothing the right shape lands beyond this.
"""
WRONG_ASPECT_NEAR = 0.085
"""Error at which the paper is called another kind if that kind fits it much better."""
WRONG_ASPECT_MARGIN = 0.06
"""How much better (in |log aspect|) the other kind must fit."""
CARD_MAX_FRACTION = 0.62
"""A paper whose long side spans less than this share of the frame's short side is
card-sized; a document camera that frames a whole page sees a page larger."""


@dataclass(frozen=True)
class Verdict:
    """One quality problem: the message key for the resident and a measured value."""

    key: str
    value: float
    blocking: bool = True


def page_view(frame: Image, quad: Quad, long_side: int | None = None) -> Image:
    """A quick, roughly rectified grey view of the page for measuring quality.

    By default the view keeps the frame's own resolution (capped at 1600 px), so blur
    is judged in the pixels the camera delivered.
    """
    q = order_clockwise(quad).astype(np.float32)
    s = side_lengths(q.astype(np.float64))
    w = max(s[0], s[2])
    h = max(s[1], s[3])
    target = long_side if long_side is not None else min(1600.0, max(w, h))
    k = target / max(1.0, w, h)
    ow, oh = max(8, round(w * k)), max(8, round(h * k))
    dst = np.array([[0, 0], [ow, 0], [ow, oh], [0, oh]], np.float32)
    m = cv2.getPerspectiveTransform(q, dst)
    view = cv2.warpPerspective(frame, m, (ow, oh), flags=cv2.INTER_AREA,
                               borderMode=cv2.BORDER_REPLICATE)
    return view if view.ndim == 2 else cv2.cvtColor(view, cv2.COLOR_BGR2GRAY)


def blur_sigma(grey: Image) -> float:
    """Estimate the blur of the page's edges as a Gaussian sigma in pixels.

    For blurred step edges the gradient energy falls as ``1 / sigma``; blurring again
    by a known ``b`` turns sigma into ``sqrt(sigma^2 + b^2)``, so the energy ratio ``r``
    gives ``sigma = b * r / sqrt(1 - r^2)`` regardless of ink darkness or light level.
    Returns 0.0 for a blank page (nothing to read, so nothing to call blurry).
    """
    g = grey.astype(np.float32)
    b = 2.0
    e0 = _grad_energy(g)
    if e0 < 1.0:
        return 0.0
    e1 = _grad_energy(np.asarray(cv2.GaussianBlur(g, (0, 0), b), dtype=np.float32))
    r = min(0.995, e1 / e0)
    return float(b * r / math.sqrt(1 - r * r))


def _grad_energy(g: npt.NDArray[np.float32]) -> float:
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3) / 8.0
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3) / 8.0
    return float(np.mean(gx * gx + gy * gy))


def glare_fraction(grey: Image) -> float:
    """Share of the page covered by the largest blown-out highlight spot.

    A glare spot is a local bump in brightness that clips; a brightly but evenly lit
    page may clip too, so pixels must also stand clearly above the smooth lighting
    around them.
    """
    h, w = grey.shape
    k = 96.0 / max(h, w)
    small = cv2.resize(grey, (max(8, round(w * k)), max(8, round(h * k))),
                       interpolation=cv2.INTER_AREA)
    # Paper level: text removed by a max filter, compact spots removed by a wide median.
    paper = cv2.medianBlur(cv2.dilate(small, np.ones((3, 3), np.uint8)), 31)
    paper_full = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    g = grey.astype(np.float32)
    blown = ((g >= 245) & (g - paper_full > 8)).astype(np.uint8)
    blown = np.asarray(cv2.morphologyEx(blown, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)))
    n, _, stats, _ = cv2.connectedComponentsWithStats(blown)
    if n <= 1:
        return 0.0
    return float(stats[1:, cv2.CC_STAT_AREA].max()) / grey.size


CAPTURE_WIDTH = 3264
"""Width of the still the kiosk takes (8 MP document camera) when none is given."""


def _size_class(spec: MaterialSpec) -> str:
    return "card" if spec.is_card else "page"


def aspect_error(quad: Quad, spec: MaterialSpec) -> float:
    """|log(apparent aspect / the material's aspect)| (0 for a perfect match)."""
    return geometry_aspect_error(quad, spec.long_over_short)


def wrong_material(det: Detection, spec: MaterialSpec, others: Sequence[Detection] = (),
                   frame_short: float = 0.0) -> float | None:
    """How clearly the chosen paper is not the wanted kind (its aspect error), or ``None``.

    Judged only on a whole paper (a cut-off one shows a clipped shape). Wrong when its
    aspect is far from the wanted one, or fairly far while a common material of the
    other size class (a card instead of a page, or the reverse) fits it much better
    and its size in the frame (``frame_short``: the frame's shorter side) agrees.
    With several papers in view, it is also wrong when another whole paper fits the
    wanted shape clearly better than the chosen one (the resident put the wrong one
    in the middle).
    """
    if det.cut_off:
        return None
    err = aspect_error(det.quad, spec)
    if err >= WRONG_ASPECT_CLEAR:
        return err
    wanted = _size_class(spec)
    if err >= WRONG_ASPECT_NEAR and frame_short > 0:
        # Shape alone cannot tell a page seen at an angle from a card: the paper's size
        # in the picture must point the same way (a document camera frames a page).
        s = side_lengths(det.quad)
        long_frac = max((s[0] + s[2]) / 2, (s[1] + s[3]) / 2) / frame_short
        seen = "card" if long_frac < CARD_MAX_FRACTION else "page"
        for other in BUILTIN.values():
            if (_size_class(other) != wanted and seen != wanted
                    and aspect_error(det.quad, other) + WRONG_ASPECT_MARGIN <= err):
                return err
    for o in others:
        if not o.cut_off and aspect_error(o.quad, spec) + WRONG_ASPECT_MARGIN <= err and (
                err >= WRONG_ASPECT_NEAR):
            return err
    return None


def check(frame: Image, det: Detection, spec: MaterialSpec | None,
          capture_scale: float | None = None,
          others: Sequence[Detection] = ()) -> list[Verdict]:
    """Judge one detection: wrong material, too small, cut off, skewed, dark, blurry, glare.

    ``others`` are the other papers the detector saw in the same frame; they only
    matter for the wrong-material verdict, which comes first when raised (no other
    advice helps while the wrong paper is under the camera).

    ``capture_scale`` is how many capture pixels one frame pixel becomes (preview
    frames are smaller than the still the kiosk finally takes); by default the still
    is assumed ``CAPTURE_WIDTH`` pixels wide, or the frame itself if it is wider.
    """
    out: list[Verdict] = []
    h, w = frame.shape[:2]
    if spec is not None:
        wrong = wrong_material(det, spec, others, float(min(w, h)))
        if wrong is not None:
            out.append(Verdict("document.wrong_material", wrong))
    if capture_scale is None:
        capture_scale = max(1.0, CAPTURE_WIDTH / w)
    quad = det.quad
    if det.cut_off or bool(np.any(quad < 1.0)) or bool(np.any(quad[:, 0] > w - 2)) or bool(
            np.any(quad[:, 1] > h - 2)):
        out.append(Verdict("document.cut_off", 1.0))
    if spec is not None:
        s = side_lengths(quad)
        long_px = max((s[0] + s[2]) / 2, (s[1] + s[3]) / 2) * capture_scale
        dpi = long_px / (max(spec.width_mm, spec.height_mm) / 25.4)
        if dpi < MIN_DPI_FRACTION * spec.dpi:
            out.append(Verdict("document.too_small", dpi))
    else:
        frac = det.area / (w * h)
        if frac < 0.08:
            out.append(Verdict("document.too_small", frac))
    ang = corner_angles(quad)
    s = side_lengths(quad)
    ratio = max(s[0] / max(1e-6, s[2]), s[2] / max(1e-6, s[0]),
                s[1] / max(1e-6, s[3]), s[3] / max(1e-6, s[1]))
    dev = float(np.abs(ang - 90).max())
    if not det.cut_off and (dev > SKEW_MAX_ANGLE_DEVIATION or ratio > SKEW_MAX_SIDE_RATIO):
        out.append(Verdict("document.too_skewed", dev))
    view = page_view(frame, quad)
    mean = float(view.mean())
    if mean < DARK_MAX_MEAN:
        out.append(Verdict("document.too_dark", mean))
        return out
    sigma = blur_sigma(view)
    if sigma > BLUR_MAX_SIGMA:
        out.append(Verdict("document.too_blurry", sigma))
    glare = glare_fraction(view)
    if glare >= GLARE_MIN_FRACTION:
        out.append(Verdict("document.glare", glare))
    return out


def corner_motion(a: Quad, b: Quad) -> float:
    """Largest corner displacement between two quads, as a share of the diagonal."""
    diag = math.hypot(*(a[2] - a[0]))
    return float(np.linalg.norm(order_clockwise(a) - order_clockwise(b), axis=1).max()) / max(
        1.0, diag)
