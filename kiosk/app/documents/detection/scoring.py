"""Judge fitted quads: plausible shape, edge support and rank, shadows, confidence, choice."""

from __future__ import annotations

import math

import cv2
import numpy as np
import numpy.typing as npt

from ..geometry import (
    Quad,
    apparent_aspect,
    aspect_error,
    clip_convex,
    order_clockwise,
    polygon_area,
)
from ..materials import MaterialSpec
from .common import CORNER_INDEX, MIN_AREA_FRAC, MIN_SCORE, Detection, quad_area
from .line_fit import FittedSide

_NEXT = np.array([1, 2, 3, 0])
_PREV = np.array([3, 0, 1, 2])

CONFIDENT_SCORE = 0.9
"""Edge support at which a whole, right-shaped quad ends the search early."""
CONFIDENT_CUT_SCORE = 0.97
"""Edge support a quad clipped by the frame needs to end the search early."""
CONFIDENT_ASPECT = 0.09
"""Largest |log(aspect / wanted aspect)| of a quad that ends the search early.

Perspective alone moves the apparent aspect by up to ~8 %; an ID card is 11.5 % away
from A4, so the other common material is still not taken for the wanted one.
"""
CONFIDENT_ASPECT_CARD = 0.06


SHADE_MAX = 0.85
"""A quad whose inside is darker than its surround by more than this is not a paper."""
_IN_T = np.linspace(0.15, 0.85, 8)
_IN_U, _IN_V = (g.ravel() for g in np.meshgrid(_IN_T, _IN_T))
_RING_T = np.repeat(np.linspace(0.1, 0.9, 12), 2)
_RING_D = np.tile(np.array([5.0, 9.0]), 12)


def plausible(quad: Quad, w: int, h: int, spec: MaterialSpec | None) -> bool:
    """Convex, no corner far from a right angle, a paper's aspect, not far outside the frame."""
    nxt = quad[_NEXT] - quad
    prev = quad[_PREV] - quad
    turn = nxt[:, 0] * nxt[_NEXT, 1] - nxt[:, 1] * nxt[_NEXT, 0]
    if not (bool(np.all(turn > 0)) or bool(np.all(turn < 0))):
        return False
    cos = (prev * nxt).sum(axis=1) / np.maximum(
        1e-9, np.hypot(prev[:, 0], prev[:, 1]) * np.hypot(nxt[:, 0], nxt[:, 1]))
    ang = np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))
    if ang.min() < 50 or ang.max() > 130:
        return False
    if spec is not None:
        ratio = apparent_aspect(quad) / spec.long_over_short
        if not 0.8 <= ratio <= 1.25:
            return False
    else:
        a = apparent_aspect(quad)
        if a > 2.2:
            return False
    # corners may leave the frame (cut-off pages) but not absurdly far
    return bool(np.all(quad[:, 0] > -w) and np.all(quad[:, 0] < 2 * w)
                and np.all(quad[:, 1] > -h) and np.all(quad[:, 1] < 2 * h))


def candidate(res: tuple[Quad, list[FittedSide]], w: int, h: int, spec: MaterialSpec | None,
              min_score: float) -> Detection | None:
    """A refined outline as a detection, if it is big, plausible and supported enough."""
    quad, fitted = res
    if quad_area(quad) < MIN_AREA_FRAC * w * h:
        return None
    cut = any(s.border for s in fitted)
    if not plausible(quad, w, h, None if cut else spec):
        return None
    det = make_detection(quad, fitted, w, h, spec)
    if det is None or det.score < min_score:
        return None
    return det


def make_detection(quad: Quad, fitted: list[FittedSide], w: int, h: int,
                   spec: MaterialSpec | None = None) -> Detection | None:
    """Score and rank a fitted quad; ``None`` if too few of its sides are its own."""
    # Plain floats rather than numpy calls on four values: this runs for every candidate.
    doc_sides = [s for s in fitted if not s.border]
    nd = len(doc_sides)
    if nd < 2:
        return None
    area = quad_area(quad)
    # Only a page running out past a frame corner shows just two sides; an L of two
    # lines is otherwise easy to find in clutter, so demand a lot.
    if nd == 2 and (area < 0.1 * w * h or min(s.support for s in doc_sides) < 0.85):
        return None
    score = sum(s.support for s in doc_sides) / nd
    cs = sorted(s.contrast for s in doc_sides)
    contrast = cs[nd // 2] if nd % 2 else (cs[nd // 2 - 1] + cs[nd // 2]) / 2
    xs, ys = quad[:, 0].tolist(), quad[:, 1].tolist()
    outside = min(xs) < -1 or max(xs) > w + 1 or min(ys) < -1 or max(ys) > h + 1
    cut = any(s.border for s in fitted) or outside
    # keep the border flags aligned with the clockwise corner order
    order = order_clockwise(quad)
    ox, oy = float(order[0, 0]), float(order[0, 1])
    d2 = [(x - ox) ** 2 + (y - oy) ** 2 for x, y in zip(xs, ys, strict=True)]
    shift = d2.index(min(d2))
    quad_o = quad[(CORNER_INDEX + shift) % 4]
    b4 = (fitted[shift].border, fitted[(shift + 1) % 4].border, fitted[(shift + 2) % 4].border,
          fitted[(shift + 3) % 4].border)
    if not bool(np.all(np.abs(quad_o - order) <= 1e-8 + 1e-5 * np.abs(order))):
        quad_o = order
    # A bigger, well-matching, whole page beats a small or clipped look-alike; the aspect
    # has a dead zone because perspective alone changes the apparent ratio by a few %.
    size = math.sqrt(max(0.0, area) / (w * h))
    # Pages are the biggest paper in view; a card asked for gets no size preference.
    small_material = spec is not None and spec.is_card
    rank = score + (0.0 if small_material else 0.3) * size
    if cut:
        rank -= 0.05
    elif spec is not None:
        rank -= 3.0 * max(0.0, aspect_error(quad, spec.long_over_short) - 0.05)
    return Detection(quad_o, score, cut, b4, contrast, rank)


def shadow_like(det: Detection, gray: npt.NDArray[np.float32]) -> bool:
    """Darker inside than just outside its own sides: a shadow or a dark object, not paper.

    Paper is the brightest thing on the desk or about as bright as it (the true pages
    of generated seeds 7 and 11 measure >= 0.957 of their surround, off-white paper on
    a white plate included); a hard shadow falling across a page's edge, a phone or a mouse
    pad is a dark region bounded by straight lines. Medians of the inside and of a ring
    5-9 px outside the page's own sides ignore text, seals, printed frames and fingers.
    """
    q = det.quad
    h, w = gray.shape[:2]
    u, v = _IN_U[:, None], _IN_V[:, None]  # an 8 x 8 grid spread over the quad
    pin = (q[0] * (1 - u) + q[1] * u) * (1 - v) + (q[3] * (1 - u) + q[2] * u) * v
    centre = q.mean(axis=0)
    ring = []
    for k in range(4):
        if det.border_sides[k]:
            continue
        p0, p1 = q[k], q[(k + 1) % 4]
        d = p1 - p0
        nrm = np.array([-d[1], d[0]]) / max(1e-6, float(np.hypot(d[0], d[1])))
        if float(np.dot((p0 + p1) / 2 - centre, nrm)) < 0:
            nrm = -nrm
        ring.append(p0 + _RING_T[:, None] * d + _RING_D[:, None] * nrm)
    if not ring:
        return False
    pout = np.concatenate(ring)
    pts = np.concatenate([pin, pout])
    vals = cv2.remap(gray, pts[:, 0].astype(np.float32)[None], pts[:, 1].astype(np.float32)[None],
                     cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=-1.0)[0]
    vin = vals[:len(pin)]
    vout = vals[len(pin):]
    inside = (pout[:, 0] >= 0) & (pout[:, 0] <= w - 1) & (pout[:, 1] >= 0) & (pout[:, 1] <= h - 1)
    vin = vin[vin >= 0]
    vout = vout[inside]
    if len(vin) < 8 or len(vout) < 8:
        return False
    return float(np.median(vin)) < SHADE_MAX * float(np.median(vout))


def confident(det: Detection, w: int, h: int, spec: MaterialSpec | None) -> bool:
    """A quad good enough to stop looking: well supported and the right shape.

    A page clipped by the frame qualifies only with at least three sides of its
    own, all but perfectly supported; its shape is then checked only if all four
    sides are its own (a corner outside the picture).
    """
    if det.score < CONFIDENT_SCORE:
        return False
    if det.area < 3 * MIN_AREA_FRAC * w * h:
        return False
    own_sides = 4 - sum(det.border_sides)
    if det.cut_off and (own_sides < 3 or det.score < CONFIDENT_CUT_SCORE):
        return False
    if spec is None or own_sides < 4:
        return True
    # A card is the smaller paper when two are in view: a page seen at an angle
    # must not pass for it, so a card's shape is held to the tighter bound.
    bound = CONFIDENT_ASPECT_CARD if spec.is_card else CONFIDENT_ASPECT
    return aspect_error(det.quad, spec.long_over_short) <= bound


def choose(found: list[Detection]) -> Detection:
    """Best-ranked quad, widened to the page when it is a border printed on that page.

    Certificates and forms carry printed frames a few millimetres inside the paper edge;
    their lines are crisper than the paper edge itself, so they can out-score it. A
    supported quad that contains the winner with nearly the same shape is the sheet.
    """
    best = max(found, key=lambda d: d.rank)
    changed = True
    while changed:
        changed = False
        for d in sorted(found, key=lambda d: d.area, reverse=True):
            if d is best or (best.cut_off and not d.cut_off):
                continue
            if d.score < max(MIN_SCORE + 0.1, best.score - 0.3) or d.rank < best.rank - 0.3:
                continue  # a weak outline around fingers or shadows, not a sheet edge
            ratio = d.area / max(1.0, best.area)
            same_shape = abs(math.log(max(1e-6, apparent_aspect(d.quad))
                                      / max(1e-6, apparent_aspect(best.quad)))) < 0.06
            if 1.03 < ratio < 1.7 and same_shape and _contains(d.quad, best.quad):
                best = d
                changed = True
                break
    return best


def _contains(outer: Quad, inner: Quad) -> bool:
    """``inner``'s centre lies inside ``outer``."""
    poly = outer.astype(np.float32).reshape(-1, 1, 2)
    c = inner.mean(axis=0)
    return cv2.pointPolygonTest(poly, (float(c[0]), float(c[1])), False) >= 0


def overlaps(a: Quad, b: Quad) -> bool:
    """More than a fifth of the smaller quad lies inside the other."""
    inter = polygon_area(clip_convex(a, b))
    small = min(quad_area(a), quad_area(b))
    return bool(small > 0 and inter / small > 0.2)


def dedupe(dets: tuple[Detection, ...]) -> tuple[Detection, ...]:
    """The best-supported of each group of overlapping detections."""
    kept: list[Detection] = []
    for d in sorted(dets, key=lambda d: d.score, reverse=True):
        if all(not overlaps(d.quad, k.quad) for k in kept):
            kept.append(d)
    return tuple(kept)
