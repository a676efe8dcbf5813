"""Search a frame for the document: the cascade (``detect``) and the quick path (``follow``).

``detect`` runs the cheapest outline generator first and fits its biggest outlines;
a confident quad ends the search there, otherwise every generator runs and every
outline competes. ``follow`` re-fits the previous frame's quad in narrow bands
instead. Both finish with a fit on the full-resolution frame.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import cv2
import numpy as np
import numpy.typing as npt

from ..geometry import Quad, order_clockwise
from ..materials import MaterialSpec
from .candidates import bright_mask, edge_contours, outlines, region_contours, without_fingers
from .common import (
    MIN_AREA_FRAC,
    MIN_SCORE,
    Detection,
    DetectResult,
    Image,
    Sides,
    quad_area,
    same_corners,
)
from .line_fit import FittedSide, quad_sides, refine, refine_visible, refine_visible_many
from .scoring import (
    candidate,
    choose,
    confident,
    dedupe,
    make_detection,
    overlaps,
    plausible,
    shadow_like,
)

WORK_WIDTH = 480
"""Width of the downscaled frame used to find candidates (live preview speed)."""
_MAX_REFINE = 6
"""Outlines of the full search that get a coarse fit (the biggest)."""
_FINE_REFINE = 4
"""Coarse fits of the full search that get a fine fit (the best-ranked)."""


@dataclass
class _Search:
    """Candidate outlines of one frame and their (cached) refinements."""

    grayf: npt.NDArray[np.float32]
    w: int
    h: int
    spec: MaterialSpec | None
    rough: list[tuple[float, Sides]] = field(default_factory=list)
    rough_seen: list[npt.NDArray[np.float64]] = field(default_factory=list)
    coarse: dict[int, Detection | None] = field(default_factory=dict)
    fine: dict[int, Detection | None] = field(default_factory=dict)

    def add(self, contours: list[Image]) -> list[int]:
        """Register new outlines; returns the indices of those not seen before."""
        new = []
        for rank, contour in enumerate(contours):
            for sides in outlines(contour, rank, self.w, self.h):
                key = np.array([s[0] for s in sides])
                if any(same_corners(key, k, 3.0) for k in self.rough_seen):
                    continue
                self.rough_seen.append(key)
                self.rough.append((quad_area(key), sides))
                new.append(len(self.rough) - 1)
        return new

    def coarse_many(self, ids: list[int]) -> list[Detection | None]:
        """Coarse fits (+-5 px) of outlines ``ids``, batched, cached."""
        todo = [i for i in dict.fromkeys(ids) if i not in self.coarse]
        if todo:
            fits = refine_visible_many([self.rough[i][1] for i in todo], self.grayf, self.w,
                                       self.h, radius=5.0, tol=1.2)
            for i, res in zip(todo, fits, strict=True):
                self.coarse[i] = None if res is None else candidate(
                    res, self.w, self.h, self.spec, MIN_SCORE - 0.15)
        return [self.coarse[i] for i in ids]

    def fine_many(self, ids: list[int]) -> list[Detection | None]:
        """Fine fits (+-2.5 px) of outlines ``ids``' coarse quads, batched, cached."""
        todo = [i for i in dict.fromkeys(ids) if i not in self.fine]
        starts = [(i, d) for i, d in zip(todo, self.coarse_many(todo), strict=True) if d is not None]
        for i in todo:
            self.fine[i] = None
        fits = refine_visible_many(
            [quad_sides(d.quad, list(d.border_sides), self.w, self.h) for _, d in starts],
            self.grayf, self.w, self.h, radius=2.5, tol=0.8)
        for (i, _), res in zip(starts, fits, strict=True):
            if res is not None:
                det = candidate(res, self.w, self.h, self.spec, MIN_SCORE)
                if det is not None and not shadow_like(det, self.grayf):
                    self.fine[i] = det
        return [self.fine[i] for i in ids]


def detect(frame: Image, spec: MaterialSpec | None = None, refine_full: bool = True,
           work_width: int = WORK_WIDTH) -> DetectResult:
    """Find the requested document in ``frame`` (BGR or grey).

    Returns the best quad in frame pixels (clockwise from the corner nearest the image's
    top-left), other document-like quads that do not overlap it, or a problem key.

    The search is a cascade: the cheapest outline generator runs first and the biggest
    of its outlines are fitted; a whole, strongly supported quad of the requested shape
    ends the search there. Only otherwise do the more sensitive (slower) generators run
    and every outline compete.
    """
    t0 = time.perf_counter()
    if frame is None or frame.size == 0 or frame.ndim not in (2, 3):
        return DetectResult(None, (), "document.unreadable_image", 0.0)
    fh, fw = frame.shape[:2]
    scale = work_width / fw if fw > work_width else 1.0
    sw, sh = max(8, round(fw * scale)), max(8, round(fh * scale))
    small = _downscale(frame, sw, sh) if scale < 1 else frame
    if small.ndim == 2:
        small = cv2.cvtColor(small, cv2.COLOR_GRAY2BGR)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    if float(gray.mean()) < 25:
        return DetectResult(None, (), "document.too_dark", _ms(t0), (fw, fh))
    search = _Search(gray.astype(np.float32), sw, sh, spec)
    min_area = MIN_AREA_FRAC * sw * sh * 0.5
    blur = cv2.GaussianBlur(small, (3, 3), 0)
    found: list[Detection] = []
    for stage in range(3):
        if stage == 0:
            bright = bright_mask(gray)
            contours = region_contours(bright, min_area)
        else:
            contours = edge_contours(blur, *((14, 40) if stage == 1 else (6, 16)), min_area)
        new = search.add(contours)
        new.sort(key=lambda i: search.rough[i][0], reverse=True)
        top = search.fine_many(new[:2])
        if any(det is not None and confident(det, sw, sh, spec) for det in top):
            # the other big outline still competes: the first may be a look-alike
            found = _distinct([d for d in top if d is not None])
            break
    else:
        # Light fingers holding the page merge with it in the bright regions: the
        # outline runs along them (often out to the frame) and its hull's corners are
        # far from the page's. Opening the regions with a disc wider than a finger cuts
        # them off and leaves the page's straight sides where they were.
        search.add(region_contours(without_fingers(bright), min_area))
        found = _full_search(search)
    if not found:
        return DetectResult(None, (), "document.not_found", _ms(t0), (fw, fh))
    # Certificates print up to three nested frames: walk outwards line by line.
    for chain in _expand_chains(sorted(found, key=lambda d: d.rank, reverse=True)[:2],
                                search.grayf, sw, sh, spec):
        for cur in chain:
            if not any(same_corners(cur.quad, d.quad, 1.0) for d in found):
                found.append(cur)
    best = choose(found)
    others = tuple(d for d in found if d is not best and not overlaps(d.quad, best.quad))
    others = dedupe(others)
    inv = 1.0 / scale
    best_full = _to_full(best, inv)
    if refine_full and scale < 1:
        best_full = _refine_full(frame, best_full, inv) or best_full
    return DetectResult(best_full, tuple(_to_full(d, inv) for d in others), None, _ms(t0),
                        (fw, fh))


ROI_RADIUS = 4.0
"""How far (work-frame pixels, ~16 px of a 1080p frame) ``follow`` looks for each side."""
FOLLOW_MIN_SCORE = 0.65
"""Edge support a followed quad needs when it is not confident."""
FOLLOW_SCORE_DROP = 0.08
"""How much less support than the previous frame's quad a followed quad may have."""
ROI_MAX_AREA_CHANGE = 0.05
"""Relative area change beyond which a followed quad is not trusted (a printed frame
line inside the sheet, or a different paper)."""


def follow(frame: Image, previous: Detection, spec: MaterialSpec | None = None,
           refine_full: bool = True, work_width: int = WORK_WIDTH) -> DetectResult | None:
    """Re-find a page near where it was in the previous frame, or ``None``.

    Each side of ``previous`` (frame pixels, same frame size) is re-fitted in a narrow
    band around it on the work-size frame, then finely, then at full resolution: a
    dozen side fits instead of a search of the whole picture. The result is trusted
    only when it has about the same area and the same cut-off state, and is either a
    confident quad (see ``CONFIDENT_SCORE``) or about as well supported as
    ``previous`` (see ``FOLLOW_SCORE_DROP``); otherwise the caller runs :func:`detect`.
    """
    t0 = time.perf_counter()
    if frame is None or frame.size == 0 or frame.ndim not in (2, 3):
        return None
    fh, fw = frame.shape[:2]
    scale = work_width / fw if fw > work_width else 1.0
    sw, sh = max(8, round(fw * scale)), max(8, round(fh * scale))
    small = _downscale(frame, sw, sh) if scale < 1 else frame
    gray = small if small.ndim == 2 else cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    grayf = gray.astype(np.float32)
    det: Detection | None = None
    sides = quad_sides(previous.quad * scale, list(previous.border_sides), sw, sh)
    for radius, tol in ((ROI_RADIUS, 1.2), (2.5, 0.8)):
        res = refine_visible(sides, grayf, sw, sh, radius, tol, 1.0)
        if res is None:
            return None
        det = candidate(res, sw, sh, spec, MIN_SCORE)
        if det is None:
            return None
        sides = quad_sides(det.quad, list(det.border_sides), sw, sh)
    assert det is not None
    if det.cut_off != previous.cut_off:
        return None
    # A quad the full search settled on with modest support (a faint edge, fingers
    # over a side) is followed while it keeps about that support; otherwise only a
    # confident quad is trusted, as the narrow bands could lock onto a printed line.
    if not (confident(det, sw, sh, spec)
            or det.score >= max(FOLLOW_MIN_SCORE, previous.score - FOLLOW_SCORE_DROP)):
        return None
    area = det.area / max(1.0, previous.area * scale * scale)
    if abs(area - 1.0) > ROI_MAX_AREA_CHANGE:
        return None
    inv = 1.0 / scale
    best = _to_full(det, inv)
    if refine_full and scale < 1:
        best = _refine_full(frame, best, inv) or best
    return DetectResult(best, (), None, _ms(t0), (fw, fh), tracked=True)


def _distinct(dets: list[Detection]) -> list[Detection]:
    """``dets`` without repeats of the same corners."""
    out: list[Detection] = []
    for d in dets:
        if not any(same_corners(d.quad, o.quad, 1.0) for o in out):
            out.append(d)
    return out


def _full_search(search: _Search) -> list[Detection]:
    """Every outline competes: coarse fit of the biggest six, fine fit of the best four."""
    order = sorted(range(len(search.rough)), key=lambda i: search.rough[i][0], reverse=True)
    ids = order[:_MAX_REFINE]
    coarse = [(i, d) for i, d in zip(ids, search.coarse_many(ids), strict=True) if d is not None]
    coarse.sort(key=lambda idet: idet[1].rank, reverse=True)
    best = [i for i, _ in coarse[:_FINE_REFINE]]
    fine = [d for d in search.fine_many(best) if d is not None]
    # A small card can be pushed out of the biggest six by texture loops of a busy surface.
    fine += _better_earlier(search, fine)
    return _distinct(fine)


def _better_earlier(search: _Search, found: list[Detection]) -> list[Detection]:
    """Quads fine-fitted at earlier steps of the cascade that are not in ``found``.

    They are cached (no cost): a small card, fitted when its generator ran, can be
    pushed out of the full search's biggest six by texture loops of a busy surface.
    """
    return [d for d in search.fine.values()
            if d is not None and all(d is not f for f in found)]


def _refine_full(frame: Image, det: Detection, inv: float) -> Detection | None:
    """Final fit on the full-resolution frame, probing only near each side."""
    h, w = frame.shape[:2]
    # Sample colour pixels directly: converting the whole frame would cost more
    # than the detection itself.
    sides = quad_sides(det.quad, list(det.border_sides), w, h)
    radius = max(3.0, 1.5 * inv + 1.0)
    res = refine_visible(sides, frame, w, h, radius, max(1.0, 0.35 * inv), 1.0)
    if res is None:
        return None
    q, fitted = res
    out = make_detection(q, fitted, w, h)
    if out is None:
        return None
    # keep the small-frame score: the full-res one is noisier on blurred frames
    return Detection(out.quad, max(out.score, det.score), out.cut_off, out.border_sides,
                     out.contrast, det.rank)


def _expand_chains(dets: list[Detection], img: npt.NDArray[np.float32], w: int, h: int,
                   spec: MaterialSpec | None, steps: int = 3) -> list[list[Detection]]:
    """Walk outwards from each quad up to ``steps`` printed lines (see ``_expand_many``).

    The chains advance in lock-step so each step's final fit is one batched call.
    """
    chains: list[list[Detection]] = [[] for _ in dets]
    cur: list[tuple[int, Detection]] = list(enumerate(dets))
    for _ in range(steps):
        if not cur:
            break
        cur = [(k, out) for k, out in zip([k for k, _ in cur],
                                          _expand_many([d for _, d in cur], img, w, h, spec), strict=True)
               if out is not None]
        for k, out in cur:
            chains[k].append(out)
    return chains


def _expand_many(dets: list[Detection], img: npt.NDArray[np.float32], w: int, h: int,
                 spec: MaterialSpec | None) -> list[Detection | None]:
    """Look for the sheet's edge just outside quads that may be printed frames.

    Each side is searched again in a band starting two pixels outside it, so the
    printed line itself cannot be picked; the result only competes if it is a
    supported, plausible quad (``choose`` then prefers it when it has the same shape).
    """
    out: list[Detection | None] = [None] * len(dets)
    banded: list[tuple[int, tuple[Quad, list[FittedSide]]]] = []
    for j, det in enumerate(dets):
        quad = det.quad
        centre = quad.mean(axis=0)
        band = max(4.0, 0.025 * math.sqrt(max(1.0, det.area)))
        sides: Sides = []
        own = 0
        for k in range(4):
            p, q = quad[k], quad[(k + 1) % 4]
            if det.border_sides[k]:
                # a side on the frame border stays there; the page's own sides move out
                sides.append(quad_sides(quad, list(det.border_sides), w, h)[k])
                continue
            own += 1
            d = q - p
            n = np.array([-d[1], d[0]]) / max(1e-6, float(np.linalg.norm(d)))
            if np.dot((p + q) / 2 - centre, n) < 0:
                n = -n
            shift = n * (2.0 + band)
            sides.append((p + shift, q + shift, -1))
        if own < 3:
            continue
        res = refine(sides, img, w, h, band, 1.2)
        if res is not None:
            banded.append((j, res))
    fits = refine_visible_many([quad_sides(r[0], [s.border for s in r[1]], w, h)
                                 for _, r in banded], img, w, h, radius=2.0, tol=0.8)
    for (j, _), res in zip(banded, fits, strict=True):
        if res is None:
            continue
        det = dets[j]
        outer, fitted = res
        if not plausible(outer, w, h, None if any(s.border for s in fitted) else spec):
            continue
        cand = make_detection(outer, fitted, w, h, spec)
        if cand is None or cand.score < MIN_SCORE or cand.area <= det.area * 1.02:
            continue
        if shadow_like(cand, img):
            continue
        own = 4 - sum(det.border_sides)
        if own < 4 and cand.score < max(0.85, det.score - 0.1):
            continue  # a clipped shape says little: only a clear sheet edge counts
        out[j] = cand
    return out


def _to_full(det: Detection, inv: float) -> Detection:
    """``det`` scaled from work-frame to frame pixels."""
    return Detection(det.quad * inv, det.score, det.cut_off, det.border_sides, det.contrast,
                     det.rank)


def refine_quad(frame: Image, quad: Quad, borders: tuple[bool, bool, bool, bool] | None = None,
                radius: float | None = None) -> Detection | None:
    """Refine a quad (frame pixels) against ``frame`` at its own resolution."""
    h, w = frame.shape[:2]
    gray = _gray_f32(frame)
    bl = list(borders) if borders is not None else [False] * 4
    sides = quad_sides(order_clockwise(quad), bl, w, h)
    r = radius if radius is not None else max(4.0, 0.004 * max(w, h))
    res = refine_visible(sides, gray, w, h, r, 1.0, 1.0)
    if res is None:
        return None
    q, fitted = res
    return make_detection(q, fitted, w, h)


def _gray_f32(img: Image) -> npt.NDArray[np.float32]:
    """``img`` as a float grey image."""
    if img.ndim == 2:
        return img.astype(np.float32)
    return cv2.cvtColor(img, cv2.COLOR_BGR2GRAY).astype(np.float32)


def _downscale(frame: Image, sw: int, sh: int) -> Image:
    """Box-filter ``frame`` down to ``sw`` x ``sh``.

    OpenCV's area resize is several times faster for an exact halving than for a
    quartering, and two halvings average the same 4 x 4 blocks, so large frames are
    halved first.
    """
    fh, fw = frame.shape[:2]
    if fw >= 2 * sw + 2 and fw % 2 == 0 and fh % 2 == 0:
        frame = cv2.resize(frame, (fw // 2, fh // 2), interpolation=cv2.INTER_AREA)
    return cv2.resize(frame, (sw, sh), interpolation=cv2.INTER_AREA)


def _ms(t0: float) -> float:
    """Milliseconds since ``t0`` (a ``time.perf_counter`` reading)."""
    return (time.perf_counter() - t0) * 1000.0
