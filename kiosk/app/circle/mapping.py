"""The map picture: the district's GeoJSON projected around this terminal, and points on it.

The picture is a square centred on the terminal, wide enough for a half-hour
walk in any direction (a 30-minute route never leaves it). Positions are
fractions of the picture (0…1, from the left and from the top), from a local
equirectangular projection, which is exact enough across a few kilometres.
Lines are clipped to the picture, so a street leaving it and coming back is
drawn as two pieces.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.app.circle.hours import hours_text, open_state
from kiosk.app.circle.views import MapLine, MapXY, PointView
from kiosk.hub.schema import DistrictMap, LineFeature, Position, ServicePoint

HALF_HOUR_M = 30 * 75.0  # the furthest a half-hour walk reaches, at 75 m a minute
_MARGIN_M = 150.0
_EARTH_M_PER_DEG = 6_371_000.0 * math.pi / 180


@dataclass(frozen=True)
class Frame:
    """The map picture: centre (longitude, latitude) and half its side in metres."""

    lon: float
    lat: float
    half_m: float = HALF_HOUR_M + _MARGIN_M

    @property
    def side_m(self) -> float:
        """The picture's side in metres."""
        return 2 * self.half_m

    def metres(self, position: Position) -> tuple[float, float]:
        """Metres east and north of the centre."""
        lon, lat = position
        return ((lon - self.lon) * _EARTH_M_PER_DEG * math.cos(math.radians(self.lat)),
                (lat - self.lat) * _EARTH_M_PER_DEG)

    def xy(self, position: Position) -> MapXY:
        """A position on the picture (may fall outside 0…1 when off the map)."""
        x, y = self.metres(position)
        return MapXY(round((x + self.half_m) / self.side_m, 5),
                     round((self.half_m - y) / self.side_m, 5))


def _clip(a: tuple[float, float], b: tuple[float, float],
          half: float) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The part of segment ab inside the square ``[-half, half]²`` (Liang–Barsky)."""
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] + half), (dx, half - a[0]), (-dy, a[1] + half), (dy, half - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 > t1:
            return None
    return ((a[0] + t0 * dx, a[1] + t0 * dy), (a[0] + t1 * dx, a[1] + t1 * dy))


def clipped(frame: Frame, coordinates: Sequence[Position]) -> list[tuple[MapXY, ...]]:
    """A polyline on the picture, cut where it leaves it; pieces of at least two points."""
    pieces: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    metres = [frame.metres(p) for p in coordinates]
    for a, b in itertools.pairwise(metres):
        part = _clip(a, b, frame.half_m)
        if part is None:
            if current:
                pieces.append(current)
                current = []
            continue
        start, end = part
        if not current or math.dist(current[-1], start) > 1e-6:
            if current:
                pieces.append(current)
            current = [start]
        current.append(end)
        if math.dist(end, b) > 1e-6:  # left the picture here
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)

    def to_xy(x: float, y: float) -> MapXY:
        return MapXY(round((x + frame.half_m) / frame.side_m, 5),
                     round((frame.half_m - y) / frame.side_m, 5))

    return [tuple(to_xy(x, y) for x, y in piece) for piece in pieces if len(piece) >= 2]


def map_lines(frame: Frame, district: DistrictMap) -> tuple[MapLine, ...]:
    """The district's streets and waterways on the picture, waterways first (drawn below)."""
    lines: list[MapLine] = []
    features = [f for f in district.features if isinstance(f, LineFeature)]
    features.sort(key=lambda f: f.properties.kind != "water")
    for feature in features:
        props = feature.properties
        for piece in clipped(frame, feature.geometry.coordinates):
            lines.append(MapLine(props.kind, props.name_zh, props.name_en, piece))
    return tuple(lines)


def point_view(point: ServicePoint, now: dt.datetime, frame: Frame | None) -> PointView:
    """One service point as the circle screens show it."""
    state = open_state(point.opening_hours, now)
    hours_zh, hours_en = hours_text(point.opening_hours)
    return PointView(
        point.id, point.kind, point.name_zh, point.name_en, point.address_zh, point.address_en,
        point.distance_m, point.walking_minutes, point.within_half_hour, state.open_now,
        state.opens_at, state.closes_at, hours_zh, hours_en, point.queue_length,
        point.takes_appointments, tuple(point.services),
        frame.xy((point.lon, point.lat)) if frame is not None else None)


def route(frame: Frame, point: ServicePoint) -> tuple[MapXY, ...]:
    """The walk to ``point`` on the picture (the part inside it), empty without a route."""
    if point.route is None:
        return ()
    return tuple(xy for piece in clipped(frame, point.route.coordinates) for xy in piece)
