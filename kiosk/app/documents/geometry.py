"""Quadrilateral helpers: corner order, clipping to the frame and overlap."""

from __future__ import annotations

import math

import cv2
import numpy as np
import numpy.typing as npt

Quad = npt.NDArray[np.float64]
"""Four corners as a (4, 2) float array, clockwise (image y points down)."""


def order_clockwise(points: npt.ArrayLike) -> Quad:
    """Order four points clockwise in image coordinates, starting nearest the top-left.

    "Top-left" is the corner with the smallest ``x + y``; the order is what a person
    sees on the screen, independent of how the document itself is turned.
    """
    pts = np.asarray(points, dtype=np.float64).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    # With y down, increasing atan2 angle runs clockwise on screen.
    pts = pts[np.argsort(angles)]
    start = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -start, axis=0)


def polygon_area(poly: npt.ArrayLike) -> float:
    """Absolute area of a simple polygon (shoelace)."""
    p = np.asarray(poly, dtype=np.float64).reshape(-1, 2)
    if len(p) < 3:
        return 0.0
    x, y = p[:, 0], p[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2.0)


def _convex(poly: npt.ArrayLike) -> npt.NDArray[np.float32]:
    p = np.asarray(poly, dtype=np.float32).reshape(-1, 2)
    return cv2.convexHull(p).reshape(-1, 2).astype(np.float32)


def clip_convex(subject: npt.ArrayLike, clip: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """The part of polygon ``subject`` inside convex polygon ``clip`` (Sutherland-Hodgman).

    Written out rather than ``cv2.intersectConvexConvex`` because OpenCV's routine
    loses most of the area when the two polygons share an edge, which is exactly the
    case of a page clipped at the frame border compared with its clipped truth.
    """
    out = np.asarray(subject, dtype=np.float64).reshape(-1, 2)
    c = np.asarray(clip, dtype=np.float64).reshape(-1, 2)
    x, y = c[:, 0], c[:, 1]
    orient = 1.0 if float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) >= 0 else -1.0
    for k in range(len(c)):
        if len(out) == 0:
            break
        a, b = c[k], c[(k + 1) % len(c)]
        ex, ey = b[0] - a[0], b[1] - a[1]
        side = orient * (ex * (out[:, 1] - a[1]) - ey * (out[:, 0] - a[0]))
        pts: list[npt.NDArray[np.float64]] = []
        n = len(out)
        for i in range(n):
            j = (i + 1) % n
            si, sj = side[i], side[j]
            if si >= 0:
                pts.append(out[i])
            if (si >= 0) != (sj >= 0):
                t = si / (si - sj)
                pts.append(out[i] + t * (out[j] - out[i]))
        out = np.array(pts, dtype=np.float64).reshape(-1, 2)
    return out


def clip_to_frame(poly: npt.ArrayLike, width: int, height: int) -> npt.NDArray[np.float64]:
    """The part of a (convex) polygon inside the frame ``[0, width] x [0, height]``."""
    frame = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float64)
    inter = clip_convex(_convex(poly), frame)
    if len(inter) < 3 or polygon_area(inter) <= 0:
        return np.zeros((0, 2), dtype=np.float64)
    return inter


def iou(a: npt.ArrayLike, b: npt.ArrayLike, width: int | None = None,
        height: int | None = None) -> float:
    """Intersection over union of two convex polygons, optionally clipped to a frame.

    With a frame size both polygons are first clipped to it, so a page that runs out
    of the picture is judged only on the part the camera could see.
    """
    pa: npt.ArrayLike = a
    pb: npt.ArrayLike = b
    if width is not None and height is not None:
        pa = clip_to_frame(a, width, height)
        pb = clip_to_frame(b, width, height)
    if np.asarray(pa).size < 6 or np.asarray(pb).size < 6:
        return 0.0
    ca, cb = _convex(pa), _convex(pb)
    area_a = polygon_area(ca)
    area_b = polygon_area(cb)
    if area_a <= 0 or area_b <= 0:
        return 0.0
    inter = polygon_area(clip_convex(ca, cb))
    union = area_a + area_b - inter
    return inter / union if union > 0 else 0.0


def line_through(p: npt.NDArray[np.float64], q: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Homogeneous line through two points."""
    # Written out: np.cross on 3-vectors costs more than the whole side fit around it.
    return np.array([p[1] - q[1], q[0] - p[0], p[0] * q[1] - p[1] * q[0]], dtype=np.float64)


def intersect(l1: npt.NDArray[np.float64], l2: npt.NDArray[np.float64]) -> npt.NDArray[np.float64] | None:
    """Intersection point of two homogeneous lines, ``None`` if (nearly) parallel."""
    a1, b1, c1 = float(l1[0]), float(l1[1]), float(l1[2])
    a2, b2, c2 = float(l2[0]), float(l2[1]), float(l2[2])
    w = a1 * b2 - a2 * b1
    if abs(w) < 1e-9:
        return None
    return np.array([(b1 * c2 - b2 * c1) / w, (a2 * c1 - a1 * c2) / w])


def side_lengths(quad: Quad) -> npt.NDArray[np.float64]:
    """Lengths of the four sides, side ``i`` running from corner ``i`` to ``i + 1``."""
    return np.asarray(np.linalg.norm(np.roll(quad, -1, axis=0) - quad, axis=1), dtype=np.float64)


def apparent_aspect(quad: Quad) -> float:
    """Long over short side ratio, averaging opposite sides (perspective-tolerant)."""
    s = side_lengths(quad)
    a = (s[0] + s[2]) / 2.0
    b = (s[1] + s[3]) / 2.0
    if min(a, b) <= 0:
        return 0.0
    return float(max(a, b) / min(a, b))


def aspect_error(quad: Quad, long_over_short: float) -> float:
    """|log(apparent aspect / ``long_over_short``)|: 0 when the quad has that shape."""
    return abs(math.log(max(1e-6, apparent_aspect(quad)) / long_over_short))


def corner_angles(quad: Quad) -> npt.NDArray[np.float64]:
    """Interior angle at each corner, in degrees."""
    out = np.zeros(4)
    for i in range(4):
        v1 = quad[i - 1] - quad[i]
        v2 = quad[(i + 1) % 4] - quad[i]
        c = np.dot(v1, v2) / max(1e-9, float(np.linalg.norm(v1) * np.linalg.norm(v2)))
        out[i] = np.degrees(np.arccos(np.clip(c, -1.0, 1.0)))
    return out
