"""Find the document quadrilateral in a camera frame.

Candidates come from several cheap segmentations of a downscaled frame (edge loops at
two sensitivities, a brightness split, and that split with fingers cut off); each
candidate's sides are then re-fitted as straight lines to gradient peaks sampled
across the side, first on the small frame and finally on the full-resolution frame.
Fitting lines to the middle of each side, with outliers dropped, is what makes the
corners right even when a finger covers part of an edge, a card's corner is rounded,
or a corner lies outside the picture (the corner is then the intersection of the two
visible sides). A side that lies entirely outside the picture is replaced by the
frame border and the result is flagged ``cut_off``.

Candidates are ranked by *edge support*: the share of sampled points along the visible
sides that sit on a consistent brightness step within a pixel of the fitted line.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from .geometry import (
    Quad,
    apparent_aspect,
    aspect_error,
    clip_convex,
    intersect,
    line_through,
    order_clockwise,
    polygon_area,
)
from .materials import MaterialSpec

Image = npt.NDArray[Any]  # cv2 returns loosely typed arrays; pixels are uint8

Sides = list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], int]]
"""An outline's four sides: (start, end, frame border 0-3 or -1 for the page's own)."""

WORK_WIDTH = 480
"""Width of the downscaled frame used to find candidates (live preview speed)."""
MIN_AREA_FRAC = 0.012
"""Smallest document area (share of the frame) considered at all."""
MIN_SCORE = 0.55
"""Edge support a quad needs to count as a document."""
_SAMPLES = 28
_MAX_REFINE = 6
_FINE_REFINE = 4
_BORDER_TOL = 2.5


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


def _gray_f32(img: Image) -> npt.NDArray[np.float32]:
    if img.ndim == 2:
        return img.astype(np.float32)
    return cv2.cvtColor(img, cv2.COLOR_BGR2GRAY).astype(np.float32)


@dataclass
class _Side:
    line: npt.NDArray[np.float64]  # homogeneous line
    border: bool
    support: float = 0.0
    contrast: float = 0.0


def _border_of(p: npt.NDArray[np.float64], q: npt.NDArray[np.float64], w: int, h: int,
               tol: float) -> int:
    """Which frame border (0 top, 1 right, 2 bottom, 3 left) a segment lies on, or -1."""
    if abs(p[1]) <= tol and abs(q[1]) <= tol:
        return 0
    if abs(p[0] - (w - 1)) <= tol and abs(q[0] - (w - 1)) <= tol:
        return 1
    if abs(p[1] - (h - 1)) <= tol and abs(q[1] - (h - 1)) <= tol:
        return 2
    if abs(p[0]) <= tol and abs(q[0]) <= tol:
        return 3
    return -1


def _border_line(b: int, w: int, h: int) -> npt.NDArray[np.float64]:
    # Lines just outside the last pixel row/column, so a clipped page keeps its edge pixels.
    if b == 0:
        return np.array([0.0, 1.0, 0.0])
    if b == 1:
        return np.array([1.0, 0.0, -float(w)])
    if b == 2:
        return np.array([0.0, 1.0, -float(h)])
    return np.array([1.0, 0.0, 0.0])


_TS = np.linspace(0.1, 0.9, _SAMPLES)
_IDX = np.arange(4)
_NEXT = np.array([1, 2, 3, 0])
_PREV = np.array([3, 0, 1, 2])
_ROWS = np.arange(_SAMPLES)


_GRID: dict[float, tuple[npt.NDArray[np.float64], ...]] = {}
_GRID_MAX = 64  # the expansion band's radius is continuous: keep the cache bounded


def _grid(radius: float) -> tuple[npt.NDArray[np.float64], ...]:
    """Sample offsets and the (along, across, probe) coefficient grids, cached by radius."""
    g = _GRID.get(radius)
    if g is None:
        offs = np.arange(-radius, radius + 0.5, 1.0)
        m = len(offs)
        along = np.repeat(_TS[:, None], m, axis=1)
        across = np.repeat(offs[None, :], _SAMPLES, axis=0)
        a3 = np.concatenate([along] * 3)
        b3 = np.concatenate([across] * 3)
        c3 = np.concatenate([np.full((_SAMPLES, m), -1.0), np.zeros((_SAMPLES, m)),
                             np.ones((_SAMPLES, m))])
        g = (offs, a3[None], b3[None], c3[None])
        if len(_GRID) >= _GRID_MAX:
            _GRID.clear()
        _GRID[radius] = g
    return g


# Every pair (a < b) of the samples along a side: the consensus step's candidate lines.
_PA, _PB = np.triu_indices(_SAMPLES, 1)


@dataclass(frozen=True)
class _Fits:
    """Line fits of a batch of sides (row ``i`` is side ``i``); ``ok`` false = no edge."""

    lines: npt.NDArray[np.float64]
    ok: npt.NDArray[np.bool_]
    support: npt.NDArray[np.float64]
    contrast: npt.NDArray[np.float64]


_CHUNK = 8  # sides per consensus block: bigger blocks spill the pair-by-point arrays from cache


def _consensus(ex: npt.NDArray[np.float64], ey: npt.NDArray[np.float64],
               valid: npt.NDArray[np.bool_], nvalid: npt.NDArray[np.intp], tol: float,
               ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Inliers of the best line through a pair of peaks, per side (row), and whether any pair."""
    n = len(ex)
    rank = np.cumsum(valid, axis=1)
    gap = np.maximum(1, nvalid // 6)
    pair = valid[:, _PA] & valid[:, _PB] & (rank[:, _PB] - rank[:, _PA] >= gap[:, None])
    ax, ay = ex[:, _PA], ey[:, _PA]
    lnx = ay - ey[:, _PB]
    lny = ex[:, _PB] - ax
    norm = np.hypot(lnx, lny)
    pair &= norm > 1e-6
    norm = np.where(pair, norm, 1.0)
    lines3 = np.stack([lnx / norm, lny / norm, np.zeros_like(norm)], axis=2)
    lines3[:, :, 2] = -(lines3[:, :, 0] * ax + lines3[:, :, 1] * ay)
    dist = np.abs(lines3 @ np.stack([ex, ey, np.ones_like(ex)], axis=1))
    inl = (dist <= tol) & valid[:, None, :]
    votes = np.where(inl, 1.0 - 1e-3 * dist, 0.0).sum(axis=2)
    votes[~pair] = -np.inf
    has_pair: npt.NDArray[np.bool_] = np.any(pair, axis=1)
    return inl[np.arange(n), np.argmax(votes, axis=1)], has_pair


def _fit_sides(img: npt.NDArray[np.float32] | Image, p0: npt.NDArray[np.float64],
               p1: npt.NDArray[np.float64], centre: npt.NDArray[np.float64], radius: float,
               tol: float, scale: float = 1.0) -> _Fits:
    """Re-fit sides ``p0[i]``-``p1[i]`` (rows) as lines through gradient peaks across them.

    ``img`` is sampled at coordinates ``x * scale`` (so a full-resolution image can be
    probed with small-frame geometry); ``centre[i]`` is the inside of side ``i``'s quad.
    Three parallel probes one pixel apart along the side are averaged per sample. A
    side with too few peaks has ``ok`` false. All sides of a batch share one ``remap``
    and one pass of array arithmetic: per-call overhead, not arithmetic, is what a
    side fit costs, so batching is what makes the search fast.
    """
    n = len(p0)
    k = _SAMPLES
    x0, y0 = p0[:, 0], p0[:, 1]
    dx, dy = p1[:, 0] - x0, p1[:, 1] - y0
    length = np.hypot(dx, dy)
    ok = length >= 4
    safe = np.where(ok, length, 1.0)
    ux, uy = dx / safe, dy / safe
    nx, ny = -uy, ux
    flip = (x0 + dx / 2 - centre[:, 0]) * nx + (y0 + dy / 2 - centre[:, 1]) * ny < 0
    nx = np.where(flip, -nx, nx)
    ny = np.where(flip, -ny, ny)
    offs, a3, b3, c3 = _grid(radius)
    m = len(offs)
    t = max(1.0, 1.0 / scale)

    def col(v: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return v[:, None, None]

    mx = ((col(x0) + a3 * col(dx) + b3 * col(nx) + c3 * col(t * ux)) * scale).astype(np.float32)
    my = ((col(y0) + a3 * col(dy) + b3 * col(ny) + c3 * col(t * uy)) * scale).astype(np.float32)
    prof = cv2.remap(img, mx.reshape(n * 3 * k, m), my.reshape(n * 3 * k, m), cv2.INTER_LINEAR,
                     borderMode=cv2.BORDER_REPLICATE)
    if prof.ndim == 3:
        prof = np.add.reduce(prof, axis=2, dtype=np.float32) * np.float32(1.0 / prof.shape[2])
    elif prof.dtype != np.float32:
        prof = prof.astype(np.float32)
    prof = prof.reshape(n, 3, k, m)
    prof = (prof[:, 0] + prof[:, 1] + prof[:, 2]) * np.float32(1.0 / 3.0)
    cx, cy = mx[:, k:2 * k], my[:, k:2 * k]
    hh, ww = img.shape[0] - 1, img.shape[1] - 1
    inside = (cx >= 0) & (cx <= ww) & (cy >= 0) & (cy <= hh)
    grad = np.zeros_like(prof)
    grad[:, :, 1:-1] = (prof[:, :, 2:] - prof[:, :, :-2]) * np.float32(0.5)
    grad[~inside] = 0
    # Paper is usually brighter than its surround, but not always: take the majority sign.
    darker = (-np.minimum.reduce(grad, axis=2).sum(axis=1)
              >= np.maximum.reduce(grad, axis=2).sum(axis=1))
    g = np.where(darker[:, None, None], -grad, grad)
    idx = np.argmax(g, axis=2)
    rows = np.arange(n)[:, None]
    peak = g[rows, _ROWS[None, :], idx]
    valid = (peak >= 2.0) & (idx > 0) & (idx < m - 1)
    nvalid = np.count_nonzero(valid, axis=1)
    ok &= nvalid >= 5
    # Sub-pixel peak by a parabola through the three neighbours.
    i = np.clip(idx, 1, m - 2)
    gl = g[rows, _ROWS[None, :], i - 1]
    gc = g[rows, _ROWS[None, :], i]
    gr = g[rows, _ROWS[None, :], i + 1]
    den = gl - 2 * gc + gr
    ok_den = np.abs(den) > 1e-6
    frac = np.where(ok_den, 0.5 * (gl - gr) / np.where(ok_den, den, 1.0), 0.0)
    off = offs[i] + np.clip(frac, -0.5, 0.5)
    ex = x0[:, None] + _TS * dx[:, None] + off * nx[:, None]
    ey = y0[:, None] + _TS * dy[:, None] + off * ny[:, None]
    # Consensus first (every pair of peaks at least a sixth of the peaks apart proposes
    # a line; the one most peaks agree with wins), then least squares on its inliers.
    # A finger or a glare halo can hold a third of a side without pulling the line.
    keep = np.zeros_like(valid)
    for r0 in range(0, n, _CHUNK):
        r1 = min(n, r0 + _CHUNK)
        keep[r0:r1], has_pair = _consensus(ex[r0:r1], ey[r0:r1], valid[r0:r1], nvalid[r0:r1], tol)
        ok[r0:r1] &= has_pair
    cnt = np.count_nonzero(keep, axis=1)
    ok &= cnt >= 4
    # Total least squares on the inliers (what cv2.fitLine's L2 fit computes).
    wk = keep.astype(np.float64)
    cn = np.maximum(cnt, 1)
    mxp = (ex * wk).sum(axis=1) / cn
    myp = (ey * wk).sum(axis=1) / cn
    ddx, ddy = (ex - mxp[:, None]) * wk, (ey - myp[:, None]) * wk
    sxx = (ddx * ddx).sum(axis=1)
    syy = (ddy * ddy).sum(axis=1)
    sxy = (ddx * ddy).sum(axis=1)
    theta = 0.5 * np.arctan2(2 * sxy, sxx - syy)
    vx, vy = np.cos(theta), np.sin(theta)
    lines = np.stack([-vy, vx, vy * mxp - vx * myp], axis=1)
    res = np.abs(ex * lines[:, :1] + ey * lines[:, 1:2] + lines[:, 2:])
    on = valid & (res <= tol)
    non = np.count_nonzero(on, axis=1)
    srt = np.sort(np.where(on, peak, np.inf), axis=1)
    contrast = np.where(non > 0, srt[np.arange(n), np.minimum(non // 2, k - 1)], 0.0)
    return _Fits(lines, ok, non / k, contrast.astype(np.float64))


def _sides_from_polygon(poly: npt.NDArray[np.float64], w: int, h: int,
                        ) -> list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], int]] | None:
    """Turn a convex polygon into four (start, end, border) sides, or ``None``."""
    m = len(poly)
    edges = []
    for k in range(m):
        p, q = poly[k], poly[(k + 1) % m]
        edges.append((p, q, _border_of(p, q, w, h, _BORDER_TOL)))
    # First merge away stubs (a fingertip or a blob on the hull): much shorter than
    # the real sides, they would otherwise pass for a side of their own.
    while len(edges) > 4:
        doc_len = [float(np.linalg.norm(e[1] - e[0])) for e in edges if e[2] < 0]
        if not doc_len:
            return None
        k, stub = _shortest_doc_edge(edges)
        if k < 0 or stub >= 0.3 * float(np.median(doc_len)):
            break
        if not _merge_edge(edges, k):
            return None
    doc = [e for e in edges if e[2] < 0]
    if len(edges) == 4:
        return edges
    if len(doc) == 4:
        return doc  # a corner sticks out of the frame: the four sides still meet
    if len(doc) == 3 and len(edges) - len(doc) == 1:
        return edges
    while len(edges) > 4:
        k, _ = _shortest_doc_edge(edges)
        if k < 0 or not _merge_edge(edges, k):
            return None
    return edges if len(edges) == 4 else None


def _shortest_doc_edge(edges: list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], int]],
                       ) -> tuple[int, float]:
    best, best_len = -1, 1e18
    for k, (p, q, b) in enumerate(edges):
        if b < 0:
            length = float(np.linalg.norm(q - p))
            if length < best_len:
                best, best_len = k, length
    return best, best_len


def _merge_edge(edges: list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], int]],
                k: int) -> bool:
    """Remove edge ``k`` by extending its neighbours until they meet."""
    prev, nxt = edges[k - 1], edges[(k + 1) % len(edges)]
    x = intersect(line_through(prev[0], prev[1]), line_through(nxt[0], nxt[1]))
    if x is None:
        return False
    edges[k - 1] = (prev[0], x, prev[2])
    edges[(k + 1) % len(edges)] = (x, nxt[1], nxt[2])
    del edges[k]
    return True


def _rough_polygon(contour: npt.NDArray[np.int32]) -> npt.NDArray[np.float64] | None:
    hull = cv2.convexHull(contour)
    peri = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, eps * peri, True).reshape(-1, 2)
        if len(approx) <= 6:
            if len(approx) < 4:
                return None
            return approx.astype(np.float64)
    return None


SOLIDITY_MAX = 0.95
"""Outlines filling less of their convex hull than this also get a straight-line outline."""
_LINE_OUTLINES = 4  # per generator: the biggest outlines get a line outline
LINE_COVER_MIN = 0.5
"""Share of a line outline's perimeter its four runs must cover."""
_LINE_SEGMENTS = 7


def _line_outline(contour: npt.NDArray[np.int32], w: int, h: int) -> Sides | None:
    """Four of the outline's long straight runs that close into a quad, or ``None``.

    The convex hull of an outline that takes in a finger, a touching coin or mug, or a
    shadow's corner has its corners there, and a side fit that starts tens of pixels
    off misses the edge. The paper's own sides still show as long straight runs of the
    outline between the intruders: the best-covered quad closed by four of them (in
    outline order) is tried as well. Only for outlines well short of convex.
    """
    if (int(contour[:, 0].min()) <= 1 or int(contour[:, 1].min()) <= 1
            or int(contour[:, 0].max()) >= w - 2 or int(contour[:, 1].max()) >= h - 2):
        # Runs out of the picture: the drawn-in frame border closes it, and its runs
        # would as well bound the surface beside the page; the hull outline covers it.
        return None
    hull = cv2.convexHull(contour)
    hull_area = float(cv2.contourArea(hull))
    if hull_area <= 0 or float(cv2.contourArea(contour)) >= SOLIDITY_MAX * hull_area:
        return None
    peri = cv2.arcLength(contour, True)
    poly = cv2.approxPolyDP(contour, max(1.5, 0.006 * peri), True).reshape(-1, 2)
    m = len(poly)
    if m < 4:
        return None
    min_len = 0.15 * math.sqrt(hull_area)
    segs: list[tuple[int, float, tuple[float, float], tuple[float, float]]] = []
    for k in range(m):
        p, q = poly[k].astype(np.float64), poly[(k + 1) % m].astype(np.float64)
        length = float(np.hypot(*(q - p)))
        if length >= min_len:
            segs.append((k, length, (float(p[0]), float(p[1])), (float(q[0]), float(q[1]))))
    if len(segs) < 4:
        return None
    # the longest runs, back in outline order (a quad's sides follow the outline)
    segs = sorted(sorted(segs, key=lambda s: -s[1])[:_LINE_SEGMENTS])
    lines = [_line_of(s[2], s[3]) for s in segs]
    best: tuple[float, list[tuple[float, float]]] | None = None
    for combo in itertools.combinations(range(len(segs)), 4):
        corners = []
        for j in range(4):
            x = _meet(lines[combo[j - 1]], lines[combo[j]])
            if x is None:
                break
            corners.append(x)
        if len(corners) < 4:
            continue
        peri_q = sum(math.dist(corners[j], corners[(j + 1) % 4]) for j in range(4))
        if peri_q <= 0:
            continue
        cover = sum(segs[c][1] for c in combo) / peri_q
        if best is None or cover > best[0]:
            quad = np.array(corners)
            if (_quad_area(quad) >= MIN_AREA_FRAC * w * h
                    and _plausible(quad, w, h, None) and _runs_on_sides(quad, [segs[c] for c in combo])):
                best = (cover, corners)
    if best is None or best[0] < LINE_COVER_MIN:
        return None
    c = [np.array(p) for p in best[1]]
    # corner j is where side j-1 meets side j: side j runs from corner j to corner j+1
    return [(c[j], c[(j + 1) % 4], -1) for j in range(4)]


def _line_of(p: tuple[float, float], q: tuple[float, float]) -> tuple[float, float, float]:
    a, b = p[1] - q[1], q[0] - p[0]
    return a, b, -(a * p[0] + b * p[1])


def _meet(l1: tuple[float, float, float], l2: tuple[float, float, float],
          ) -> tuple[float, float] | None:
    d = l1[0] * l2[1] - l1[1] * l2[0]
    if abs(d) < 1e-9 * (abs(l1[0]) + abs(l1[1])) * (abs(l2[0]) + abs(l2[1])):
        return None
    return ((l1[1] * l2[2] - l1[2] * l2[1]) / d, (l1[2] * l2[0] - l1[0] * l2[2]) / d)


def _runs_on_sides(quad: Quad, segs: list[tuple[int, float, tuple[float, float],
                                                tuple[float, float]]]) -> bool:
    """Each run's midpoint lies between its side's two corners (not on the extension)."""
    for j, s in enumerate(segs):
        a, b = quad[j], quad[(j + 1) % 4]
        d = b - a
        mid = np.array([(s[2][0] + s[3][0]) / 2, (s[2][1] + s[3][1]) / 2])
        t = float(np.dot(mid - a, d) / max(1e-9, float(np.dot(d, d))))
        if not -0.05 <= t <= 1.05:
            return False
    return True


def _refine(sides: Sides, img: npt.NDArray[np.float32] | Image, w: int, h: int, radius: float,
            tol: float, scale: float = 1.0) -> tuple[Quad, list[_Side]] | None:
    """Fit the four sides and intersect them. Coordinates are small-frame pixels."""
    return _refine_many([sides], img, w, h, radius, tol, scale)[0]


def _refine_many(cands: list[Sides], img: npt.NDArray[np.float32] | Image, w: int, h: int,
                 radius: float, tol: float, scale: float = 1.0,
                 ) -> list[tuple[Quad, list[_Side]] | None]:
    """``_refine`` of several outlines with one batched side fit."""
    p0s: list[npt.NDArray[np.float64]] = []
    p1s: list[npt.NDArray[np.float64]] = []
    centres: list[npt.NDArray[np.float64]] = []
    for sides in cands:
        pts = np.array([s[0] for s in sides] + [s[1] for s in sides])
        centre = pts.mean(axis=0)
        for p, q, b in sides:
            if b < 0:
                p0s.append(p)
                p1s.append(q)
                centres.append(centre)
    fits = (_fit_sides(img, np.array(p0s, dtype=np.float64), np.array(p1s, dtype=np.float64),
                       np.array(centres, dtype=np.float64), radius, tol, scale)
            if p0s else None)
    out: list[tuple[Quad, list[_Side]] | None] = []
    j = 0
    for sides in cands:
        fitted: list[_Side] = []
        for p, q, b in sides:
            if b >= 0:
                fitted.append(_Side(_border_line(b, w, h), True, 1.0, 0.0))
                continue
            assert fits is not None
            if fits.ok[j]:
                fitted.append(_Side(fits.lines[j], False, float(fits.support[j]),
                                    float(fits.contrast[j])))
            else:
                # No edge found (glare, a hand, the frame edge): keep the outline's own
                # side, unsupported, so one bad side lowers the score instead of losing
                # the page.
                fitted.append(_Side(line_through(p, q), False, 0.0, 0.0))
            j += 1
        out.append(_corners_of(fitted))
    return out


def _corners_of(fitted: list[_Side]) -> tuple[Quad, list[_Side]] | None:
    corners = []
    for k in range(4):
        x = intersect(fitted[k - 1].line, fitted[k].line)
        if x is None:
            return None
        corners.append(x)
    quad = np.array(corners)
    if not np.all(np.isfinite(quad)):
        return None
    return quad, fitted


def _quad_sides(quad: Quad, borders: list[bool], w: int, h: int,
                ) -> list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], int]]:
    out = []
    for k in range(4):
        p, q = quad[k], quad[(k + 1) % 4]
        b = -1
        if borders[k]:
            b = _border_of(p, q, w, h, 1e9 if False else 4.0)
            if b < 0:
                # a border side: whichever frame edge its midpoint is nearest
                mid = (p + q) / 2
                dists = [abs(mid[1]), abs(w - mid[0]), abs(h - mid[1]), abs(mid[0])]
                b = int(np.argmin(dists))
        out.append((p, q, b))
    return out


def _clip_segment(p: npt.NDArray[np.float64], q: npt.NDArray[np.float64], xmax: float,
                  ymax: float) -> tuple[bool, npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    t0, t1 = 0.0, 1.0
    d = q - p
    for pk, qk in ((-d[0], p[0]), (d[0], xmax - p[0]), (-d[1], p[1]), (d[1], ymax - p[1])):
        if abs(pk) < 1e-12:
            if qk < 0:
                return False, p, q
            continue
        r = qk / pk
        if pk < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
    if t0 >= t1 - 1e-6:
        return False, p, q
    return True, p + t0 * d, p + t1 * d


def _plausible(quad: Quad, w: int, h: int, spec: MaterialSpec | None) -> bool:
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


def _edge_contours(blur: Image, lo: int, hi: int, min_area: float) -> list[Image]:
    """The biggest loops of one Canny pass, with the frame border drawn in."""
    edges = cv2.Canny(blur, lo, hi, L2gradient=True)
    edges = cv2.dilate(edges, _KERNEL3)
    # close loops of pages that run out of the picture
    edges[0, :] = 255
    edges[-1, :] = 255
    edges[:, 0] = 255
    edges[:, -1] = 255
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    return _biggest(contours, min_area, 10)


def _bright_mask(gray: Image) -> Image:
    """Bright regions: paper against coloured or darker surfaces (an Otsu split)."""
    _, bright = cv2.threshold(cv2.GaussianBlur(gray, (5, 5), 0), 0, 255,
                              cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return cv2.morphologyEx(bright, cv2.MORPH_OPEN, _KERNEL3, iterations=2)


def _region_contours(mask: Image, min_area: float) -> list[Image]:
    """Outer outlines of the biggest regions of a mask."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return _biggest(contours, min_area, 4)


def _biggest(contours: Any, min_area: float, k: int) -> list[Image]:
    areas = [(cv2.contourArea(c), c) for c in contours]
    big = [ac for ac in areas if ac[0] >= min_area]
    big.sort(key=lambda ac: ac[0], reverse=True)
    return [c for _, c in big[:k]]


_KERNEL3 = np.ones((3, 3), np.uint8)
_KERNEL_FINGER = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15))
"""Wider than a finger at the work size (15 px of 480 = 60 px of a 1080p frame)."""


def refine_quad(frame: Image, quad: Quad, borders: tuple[bool, bool, bool, bool] | None = None,
                radius: float | None = None) -> Detection | None:
    """Refine a quad (frame pixels) against ``frame`` at its own resolution."""
    h, w = frame.shape[:2]
    gray = _gray_f32(frame)
    bl = list(borders) if borders is not None else [False] * 4
    sides = _quad_sides(order_clockwise(quad), bl, w, h)
    r = radius if radius is not None else max(4.0, 0.004 * max(w, h))
    res = _refine_visible(sides, gray, w, h, r, 1.0, 1.0)
    if res is None:
        return None
    q, fitted = res
    return _make_detection(q, fitted, w, h)


def _refine_visible(sides: list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], int]],
                    img: npt.NDArray[np.float32] | Image, w: int, h: int, radius: float,
                    tol: float, scale: float) -> tuple[Quad, list[_Side]] | None:
    """Like ``_refine`` but samples only the in-frame part of non-border sides."""
    return _refine(_clip_sides(sides, w, h), img, w, h, radius, tol, scale)


def _clip_sides(sides: Sides, w: int, h: int) -> Sides:
    """Sides clipped to the frame; one left with (almost) nothing becomes a border."""
    clipped: Sides = []
    for p, q, b in sides:
        if b >= 0:
            clipped.append((p, q, b))
            continue
        ok, p2, q2 = _clip_segment(p, q, w - 1, h - 1)
        if not ok or np.linalg.norm(q2 - p2) < 6:
            mid = (p + q) / 2
            dists = [abs(mid[1]), abs(w - mid[0]), abs(h - mid[1]), abs(mid[0])]
            clipped.append((p, q, int(np.argmin(dists))))
        else:
            clipped.append((p2, q2, -1))
    return clipped


def _refine_visible_many(cands: list[Sides], img: npt.NDArray[np.float32] | Image, w: int,
                         h: int, radius: float, tol: float,
                         ) -> list[tuple[Quad, list[_Side]] | None]:
    """``_refine_visible`` of several outlines with one batched side fit."""
    if not cands:
        return []
    return _refine_many([_clip_sides(c, w, h) for c in cands], img, w, h, radius, tol)


def _make_detection(quad: Quad, fitted: list[_Side], w: int, h: int,
                    spec: MaterialSpec | None = None) -> Detection | None:
    # Plain floats rather than numpy calls on four values: this runs for every candidate.
    doc_sides = [s for s in fitted if not s.border]
    nd = len(doc_sides)
    if nd < 2:
        return None
    area = _quad_area(quad)
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
    quad_o = quad[(_IDX + shift) % 4]
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


def _quad_area(quad: Quad) -> float:
    """Absolute shoelace area of four corners."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = quad.tolist()
    return float(abs((x0 * y1 - x1 * y0) + (x1 * y2 - x2 * y1) + (x2 * y3 - x3 * y2)
                     + (x3 * y0 - x0 * y3)) / 2.0)


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
            pts = contour.reshape(-1, 2)
            outlines: list[Sides] = []
            poly = _rough_polygon(pts)
            if poly is not None:
                sides = _sides_from_polygon(poly, self.w, self.h)
                if sides is not None and sum(1 for s in sides if s[2] < 0) >= 2:
                    outlines.append(sides)
            # contours come biggest first; only the biggest few are ever fitted
            lined = _line_outline(pts, self.w, self.h) if rank < _LINE_OUTLINES else None
            if lined is not None:
                outlines.append(lined)
            for sides in outlines:
                key = np.array([s[0] for s in sides])
                if any(_same_corners(key, k, 3.0) for k in self.rough_seen):
                    continue
                self.rough_seen.append(key)
                self.rough.append((float(cv2.contourArea(key.astype(np.float32))), sides))
                new.append(len(self.rough) - 1)
        return new

    def coarse_many(self, ids: list[int]) -> list[Detection | None]:
        """Coarse fits (+-5 px) of outlines ``ids``, batched, cached."""
        todo = [i for i in dict.fromkeys(ids) if i not in self.coarse]
        if todo:
            fits = _refine_visible_many([self.rough[i][1] for i in todo], self.grayf, self.w,
                                        self.h, radius=5.0, tol=1.2)
            for i, res in zip(todo, fits, strict=True):
                self.coarse[i] = None if res is None else _candidate(
                    res, self.w, self.h, self.spec, MIN_SCORE - 0.15)
        return [self.coarse[i] for i in ids]

    def fine_many(self, ids: list[int]) -> list[Detection | None]:
        """Fine fits (+-2.5 px) of outlines ``ids``' coarse quads, batched, cached."""
        todo = [i for i in dict.fromkeys(ids) if i not in self.fine]
        starts = [(i, d) for i, d in zip(todo, self.coarse_many(todo), strict=True) if d is not None]
        for i in todo:
            self.fine[i] = None
        fits = _refine_visible_many(
            [_quad_sides(d.quad, list(d.border_sides), self.w, self.h) for _, d in starts],
            self.grayf, self.w, self.h, radius=2.5, tol=0.8)
        for (i, _), res in zip(starts, fits, strict=True):
            if res is not None:
                det = _candidate(res, self.w, self.h, self.spec, MIN_SCORE)
                if det is not None and not _shadow_like(det, self.grayf):
                    self.fine[i] = det
        return [self.fine[i] for i in ids]


def _confident(det: Detection, w: int, h: int, spec: MaterialSpec | None) -> bool:
    """A quad good enough to stop looking: well supported and the right shape.

    A page clipped by the frame qualifies only with at least three sides of its
    own, all but perfectly supported; its shape is then checked only if all four
    sides are its own (a corner outside the picture).
    """
    if det.score < CONFIDENT_SCORE:
        return False
    if cv2.contourArea(det.quad.astype(np.float32)) < 3 * MIN_AREA_FRAC * w * h:
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
            bright = _bright_mask(gray)
            contours = _region_contours(bright, min_area)
        else:
            contours = _edge_contours(blur, *((14, 40) if stage == 1 else (6, 16)), min_area)
        new = search.add(contours)
        new.sort(key=lambda i: search.rough[i][0], reverse=True)
        top = search.fine_many(new[:2])
        if any(det is not None and _confident(det, sw, sh, spec) for det in top):
            # the other big outline still competes: the first may be a look-alike
            found = _distinct([d for d in top if d is not None])
            break
    else:
        # Light fingers holding the page merge with it in the bright regions: the
        # outline runs along them (often out to the frame) and its hull's corners are
        # far from the page's. Opening the regions with a disc wider than a finger cuts
        # them off and leaves the page's straight sides where they were.
        search.add(_region_contours(cv2.morphologyEx(bright, cv2.MORPH_OPEN, _KERNEL_FINGER),
                                    min_area))
        found = _full_search(search)
    if not found:
        return DetectResult(None, (), "document.not_found", _ms(t0), (fw, fh))
    # Certificates print up to three nested frames: walk outwards line by line.
    for chain in _expand_chains(sorted(found, key=lambda d: d.rank, reverse=True)[:2],
                                search.grayf, sw, sh, spec):
        for cur in chain:
            if not any(_same_corners(cur.quad, d.quad, 1.0) for d in found):
                found.append(cur)
    best = _choose(found)
    others = tuple(d for d in found if d is not best and not _overlaps(d.quad, best.quad))
    others = _dedupe(others)
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
    sides = _quad_sides(previous.quad * scale, list(previous.border_sides), sw, sh)
    for radius, tol in ((ROI_RADIUS, 1.2), (2.5, 0.8)):
        res = _refine_visible(sides, grayf, sw, sh, radius, tol, 1.0)
        if res is None:
            return None
        det = _candidate(res, sw, sh, spec, MIN_SCORE)
        if det is None:
            return None
        sides = _quad_sides(det.quad, list(det.border_sides), sw, sh)
    assert det is not None
    if det.cut_off != previous.cut_off:
        return None
    # A quad the full search settled on with modest support (a faint edge, fingers
    # over a side) is followed while it keeps about that support; otherwise only a
    # confident quad is trusted, as the narrow bands could lock onto a printed line.
    if not (_confident(det, sw, sh, spec)
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
    out: list[Detection] = []
    for d in dets:
        if not any(_same_corners(d.quad, o.quad, 1.0) for o in out):
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
    sides = _quad_sides(det.quad, list(det.border_sides), w, h)
    radius = max(3.0, 1.5 * inv + 1.0)
    res = _refine_visible(sides, frame, w, h, radius, max(1.0, 0.35 * inv), 1.0)
    if res is None:
        return None
    q, fitted = res
    out = _make_detection(q, fitted, w, h)
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
    supported, plausible quad (``_choose`` then prefers it when it has the same shape).
    """
    out: list[Detection | None] = [None] * len(dets)
    banded: list[tuple[int, tuple[Quad, list[_Side]]]] = []
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
                sides.append(_quad_sides(quad, list(det.border_sides), w, h)[k])
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
        res = _refine_band(sides, img, w, h, band)
        if res is not None:
            banded.append((j, res))
    fits = _refine_visible_many([_quad_sides(r[0], [s.border for s in r[1]], w, h)
                                 for _, r in banded], img, w, h, radius=2.0, tol=0.8)
    for (j, _), res in zip(banded, fits, strict=True):
        if res is None:
            continue
        det = dets[j]
        outer, fitted = res
        if not _plausible(outer, w, h, None if any(s.border for s in fitted) else spec):
            continue
        cand = _make_detection(outer, fitted, w, h, spec)
        if cand is None or cand.score < MIN_SCORE or cand.area <= det.area * 1.02:
            continue
        if _shadow_like(cand, img):
            continue
        own = 4 - sum(det.border_sides)
        if own < 4 and cand.score < max(0.85, det.score - 0.1):
            continue  # a clipped shape says little: only a clear sheet edge counts
        out[j] = cand
    return out


def _refine_band(sides: list[tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], int]],
                 img: npt.NDArray[np.float32], w: int, h: int, band: float,
                 ) -> tuple[Quad, list[_Side]] | None:
    return _refine(sides, img, w, h, band, 1.2)


def _to_full(det: Detection, inv: float) -> Detection:
    return Detection(det.quad * inv, det.score, det.cut_off, det.border_sides, det.contrast,
                     det.rank)


def _choose(found: list[Detection]) -> Detection:
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
    poly = outer.astype(np.float32).reshape(-1, 1, 2)
    c = inner.mean(axis=0)
    return cv2.pointPolygonTest(poly, (float(c[0]), float(c[1])), False) >= 0


def _overlaps(a: Quad, b: Quad) -> bool:
    inter = polygon_area(clip_convex(a, b))
    small = min(cv2.contourArea(a.astype(np.float32)), cv2.contourArea(b.astype(np.float32)))
    return bool(small > 0 and inter / small > 0.2)


def _dedupe(dets: tuple[Detection, ...]) -> tuple[Detection, ...]:
    kept: list[Detection] = []
    for d in sorted(dets, key=lambda d: d.score, reverse=True):
        if all(not _overlaps(d.quad, k.quad) for k in kept):
            kept.append(d)
    return tuple(kept)


def _candidate(res: tuple[Quad, list[_Side]], w: int, h: int, spec: MaterialSpec | None,
               min_score: float) -> Detection | None:
    """A refined outline as a detection, if it is big, plausible and supported enough."""
    quad, fitted = res
    if cv2.contourArea(quad.astype(np.float32)) < MIN_AREA_FRAC * w * h:
        return None
    cut = any(s.border for s in fitted)
    if not _plausible(quad, w, h, None if cut else spec):
        return None
    det = _make_detection(quad, fitted, w, h, spec)
    if det is None or det.score < min_score:
        return None
    return det


SHADE_MAX = 0.85
"""A quad whose inside is darker than its surround by more than this is not a paper."""
_IN_T = np.linspace(0.15, 0.85, 8)
_IN_U, _IN_V = (g.ravel() for g in np.meshgrid(_IN_T, _IN_T))
_RING_T = np.repeat(np.linspace(0.1, 0.9, 12), 2)
_RING_D = np.tile(np.array([5.0, 9.0]), 12)


def _shadow_like(det: Detection, gray: npt.NDArray[np.float32]) -> bool:
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


def _same_corners(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64], tol: float) -> bool:
    """Two corner sets describe the same quad (any rotation of the order)."""
    if a.shape != b.shape:
        return False
    if float(np.abs(a.mean(axis=0) - b.mean(axis=0)).max()) >= tol:
        return False  # different centres: no rotation of the order can match
    return any(float(np.abs(a[(_IDX + k) % 4] - b).max()) < tol for k in range(4))


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000.0
