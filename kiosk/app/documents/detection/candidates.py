"""Candidate outlines of a document: regions and edge loops of the downscaled frame.

Outlines come from cheap segmentations (a brightness split, that split with fingers
cut off, edge loops at two sensitivities); each contour proposes four-sided outlines,
its convex hull's and, where the hull takes in fingers or objects, one made of its
long straight runs. The outlines are rough: ``line_fit`` finds the real sides.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from ..geometry import Quad, intersect, line_through
from .common import MIN_AREA_FRAC, Image, Sides, quad_area
from .line_fit import border_of
from .scoring import plausible

_BORDER_TOL = 2.5
"""How close (pixels) both ends of a hull side must be to a frame border to lie on it."""
SOLIDITY_MAX = 0.95
"""Outlines filling less of their convex hull than this also get a straight-line outline."""
_LINE_OUTLINES = 4  # per generator: the biggest outlines get a line outline
LINE_COVER_MIN = 0.5
"""Share of a line outline's perimeter its four runs must cover."""
_LINE_SEGMENTS = 7
"""How many of a contour's longest straight runs are combined into line outlines."""

_KERNEL3 = np.ones((3, 3), np.uint8)
_KERNEL_FINGER = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15))
"""Wider than a finger at the work size (15 px of 480 = 60 px of a 1080p frame)."""


def edge_contours(blur: Image, lo: int, hi: int, min_area: float) -> list[Image]:
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


def bright_mask(gray: Image) -> Image:
    """Bright regions: paper against coloured or darker surfaces (an Otsu split)."""
    _, bright = cv2.threshold(cv2.GaussianBlur(gray, (5, 5), 0), 0, 255,
                              cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return cv2.morphologyEx(bright, cv2.MORPH_OPEN, _KERNEL3, iterations=2)


def region_contours(mask: Image, min_area: float) -> list[Image]:
    """Outer outlines of the biggest regions of a mask."""
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    return _biggest(contours, min_area, 4)


def _biggest(contours: Any, min_area: float, k: int) -> list[Image]:
    areas = [(cv2.contourArea(c), c) for c in contours]
    big = [ac for ac in areas if ac[0] >= min_area]
    big.sort(key=lambda ac: ac[0], reverse=True)
    return [c for _, c in big[:k]]


def without_fingers(mask: Image) -> Image:
    """``mask`` opened with a disc wider than a finger, cutting off fingers joined to a page."""
    return cv2.morphologyEx(mask, cv2.MORPH_OPEN, _KERNEL_FINGER)


def outlines(contour: Image, rank: int, w: int, h: int) -> list[Sides]:
    """The four-sided outlines a contour proposes (``rank`` 0 is the generator's biggest).

    Its hull's, when at least two of its sides are the page's own, and for the
    biggest few contours the outline of its straight runs.
    """
    pts = contour.reshape(-1, 2)
    out: list[Sides] = []
    poly = _rough_polygon(pts)
    if poly is not None:
        sides = _sides_from_polygon(poly, w, h)
        if sides is not None and sum(1 for s in sides if s[2] < 0) >= 2:
            out.append(sides)
    # contours come biggest first; only the biggest few are ever fitted
    lined = _line_outline(pts, w, h) if rank < _LINE_OUTLINES else None
    if lined is not None:
        out.append(lined)
    return out


def _sides_from_polygon(poly: npt.NDArray[np.float64], w: int, h: int) -> Sides | None:
    """Turn a convex polygon into four (start, end, border) sides, or ``None``."""
    m = len(poly)
    edges: Sides = []
    for k in range(m):
        p, q = poly[k], poly[(k + 1) % m]
        edges.append((p, q, border_of(p, q, w, h, _BORDER_TOL)))
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


def _shortest_doc_edge(edges: Sides) -> tuple[int, float]:
    """Index and length of the shortest side that is not on the frame border."""
    best, best_len = -1, 1e18
    for k, (p, q, b) in enumerate(edges):
        if b < 0:
            length = float(np.linalg.norm(q - p))
            if length < best_len:
                best, best_len = k, length
    return best, best_len


def _merge_edge(edges: Sides, k: int) -> bool:
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
    """The contour's convex hull simplified to four to six corners, or ``None``."""
    hull = cv2.convexHull(contour)
    peri = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, eps * peri, True).reshape(-1, 2)
        if len(approx) <= 6:
            if len(approx) < 4:
                return None
            return approx.astype(np.float64)
    return None


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
            if (quad_area(quad) >= MIN_AREA_FRAC * w * h
                    and plausible(quad, w, h, None) and _runs_on_sides(quad, [segs[c] for c in combo])):
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
