"""Fit a quad's sides as straight lines to the brightness steps across them.

Each side is sampled at points across its middle 80 %, the strongest consistent
gradient peak is found on every probe, and a consensus line through those peaks is
refined by least squares; corners are where adjacent lines meet. Sides lying on the
frame border stay there.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from ..geometry import Quad, intersect, line_through
from .common import Image, Sides

_SAMPLES = 28
"""Points sampled along each side."""


@dataclass
class FittedSide:
    """One side after fitting: its line, whether it is the frame border, and its edge support."""

    line: npt.NDArray[np.float64]  # homogeneous line
    border: bool
    support: float = 0.0
    contrast: float = 0.0


def border_of(p: npt.NDArray[np.float64], q: npt.NDArray[np.float64], w: int, h: int,
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


def refine(sides: Sides, img: npt.NDArray[np.float32] | Image, w: int, h: int, radius: float,
           tol: float, scale: float = 1.0) -> tuple[Quad, list[FittedSide]] | None:
    """Fit the four sides and intersect them. Coordinates are small-frame pixels."""
    return _refine_many([sides], img, w, h, radius, tol, scale)[0]


def _refine_many(cands: list[Sides], img: npt.NDArray[np.float32] | Image, w: int, h: int,
                 radius: float, tol: float, scale: float = 1.0,
                 ) -> list[tuple[Quad, list[FittedSide]] | None]:
    """``refine`` of several outlines with one batched side fit."""
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
    out: list[tuple[Quad, list[FittedSide]] | None] = []
    j = 0
    for sides in cands:
        fitted: list[FittedSide] = []
        for p, q, b in sides:
            if b >= 0:
                fitted.append(FittedSide(_border_line(b, w, h), True, 1.0, 0.0))
                continue
            assert fits is not None
            if fits.ok[j]:
                fitted.append(FittedSide(fits.lines[j], False, float(fits.support[j]),
                                         float(fits.contrast[j])))
            else:
                # No edge found (glare, a hand, the frame edge): keep the outline's own
                # side, unsupported, so one bad side lowers the score instead of losing
                # the page.
                fitted.append(FittedSide(line_through(p, q), False, 0.0, 0.0))
            j += 1
        out.append(_corners_of(fitted))
    return out


def _corners_of(fitted: list[FittedSide]) -> tuple[Quad, list[FittedSide]] | None:
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


def quad_sides(quad: Quad, borders: list[bool], w: int, h: int) -> Sides:
    """A quad's four sides, each flagged with its frame border where ``borders`` says so."""
    out: Sides = []
    for k in range(4):
        p, q = quad[k], quad[(k + 1) % 4]
        b = -1
        if borders[k]:
            b = border_of(p, q, w, h, 4.0)
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


def refine_visible(sides: Sides, img: npt.NDArray[np.float32] | Image, w: int, h: int,
                   radius: float, tol: float, scale: float) -> tuple[Quad, list[FittedSide]] | None:
    """Like ``refine`` but samples only the in-frame part of non-border sides."""
    return refine(_clip_sides(sides, w, h), img, w, h, radius, tol, scale)


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


def refine_visible_many(cands: list[Sides], img: npt.NDArray[np.float32] | Image, w: int,
                        h: int, radius: float, tol: float,
                        ) -> list[tuple[Quad, list[FittedSide]] | None]:
    """``refine_visible`` of several outlines with one batched side fit."""
    if not cands:
        return []
    return _refine_many([_clip_sides(c, w, h) for c in cands], img, w, h, radius, tol)
