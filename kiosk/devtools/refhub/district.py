"""The demo district's streets, and walking routes on them (networkx).

A fictional but plausible neighbourhood of a Chinese city: main roads every
600 m east–west and north–south, lanes every 300 m in the old centre around
the 和睦 community, one diagonal avenue to the north-east, and a canal (西溪河)
that only three bridges cross, so a point just across the water can be a long
walk away. Every demo service point stands on a street.

Geometry is in metres east (``x``) and north (``y``) of the district's origin
(``demo.CITY_CENTRE``); GeoJSON output is longitude/latitude. The street graph
has a node wherever streets cross or a service point stands; a walk starts at
the point of the nearest street to the asking position and follows the graph's
shortest path, so every leg of a route lies on a street.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
from dataclasses import dataclass

import networkx as nx

from kiosk.devtools.refhub import demo
from kiosk.hub import schema as s

_EPS = 0.01  # metres: positions closer than this are one node


@dataclass(frozen=True)
class Street:
    """A named street or waterway: a polyline in district metres."""

    id: str
    kind: str  # "street" | "water"
    name_zh: str
    name_en: str
    vertices: tuple[tuple[float, float], ...]


_EAST_WEST = (  # y, name_zh, name_en
    (4200, "余杭塘路", "Yuhangtang Road"), (3600, "紫金港路", "Zijingang Road"),
    (3000, "学院北路", "Xueyuan North Road"), (2400, "文二路", "Wen'er Road"),
    (1800, "嘉绿路", "Jialü Road"), (1200, "翠苑路", "Cuiyuan Road"),
    (600, "文一西路", "Wenyi West Road"), (0, "和睦路", "Hemu Road"),
    (-600, "登云路", "Dengyun Road"), (-1200, "文三路", "Wensan Road"),
    (-1800, "河东路", "Hedong Road"), (-2400, "天目山路", "Tianmushan Road"),
    (-3000, "西溪路", "Xixi Road"), (-3600, "文新路", "Wenxin Road"),
    (-4200, "留下路", "Liuxia Road"),
)
_NORTH_SOUTH = (  # x, name_zh, name_en
    (-3600, "紫荆花路", "Zijinghua Road"), (-3000, "古墩路", "Gudun Road"),
    (-2400, "益乐路", "Yile Road"), (-1800, "学院路", "Xueyuan Road"),
    (-1200, "教工路", "Jiaogong Road"), (-600, "古翠路", "Gucui Road"),
    (0, "和睦街", "Hemu Street"), (600, "莫干山路", "Moganshan Road"),
    (1200, "丰潭路", "Fengtan Road"), (1800, "湖墅路", "Hushu Road"),
    (2400, "上塘路", "Shangtang Road"), (3000, "登云北路", "Dengyun North Road"),
    (3600, "沈塘桥路", "Shentangqiao Road"),
)
_LANES_NS = ((-900, "翠苑一巷", "Cuiyuan Lane 1"), (-300, "和睦一巷", "Hemu Lane 1"),
             (300, "和睦二巷", "Hemu Lane 2"), (900, "和睦三巷", "Hemu Lane 3"))
_LANES_EW = ((-900, "登云里", "Dengyun Alley"), (-300, "和睦新村路", "Hemu Xincun Road"),
             (300, "社区路", "Shequ Road"), (900, "翠苑二巷", "Cuiyuan Lane 2"))
_WEST, _EAST, _SOUTH, _NORTH = -3600.0, 3600.0, -4200.0, 4200.0
_CORE = 1200.0
CANAL_Y = -1500.0
# The north–south roads that bridge the canal; the others end at its banks' roads.
BRIDGES = (-3000.0, -600.0, 1800.0)
_CANAL_NORTH_BANK, _CANAL_SOUTH_BANK = -1200.0, -1800.0


def _build_streets() -> tuple[Street, ...]:
    out: list[Street] = []
    for y, zh, en in _EAST_WEST:
        out.append(Street(f"ew{int(y)}", "street", zh, en, ((_WEST, y), (_EAST, y))))
    for x, zh, en in _NORTH_SOUTH:
        sid = f"ns{int(x)}"
        if x in BRIDGES:
            out.append(Street(sid, "street", zh, en, ((x, _SOUTH), (x, _NORTH))))
        else:
            out.append(Street(sid + "n", "street", zh, en, ((x, _CANAL_NORTH_BANK), (x, _NORTH))))
            out.append(Street(sid + "s", "street", zh, en, ((x, _SOUTH), (x, _CANAL_SOUTH_BANK))))
    for x, zh, en in _LANES_NS:
        out.append(Street(f"lane_ns{int(x)}", "street", zh, en, ((x, -_CORE), (x, _CORE))))
    for y, zh, en in _LANES_EW:
        out.append(Street(f"lane_ew{int(y)}", "street", zh, en, ((-_CORE, y), (_CORE, y))))
    out.append(Street("diag", "street", "文教路", "Wenjiao Road",
                      ((600.0, 600.0), (900.0, 900.0), (1200.0, 1200.0), (1800.0, 1800.0),
                       (2400.0, 2400.0), (3000.0, 3000.0))))
    out.append(Street("canal", "water", "西溪河", "Xixi Canal",
                      ((_WEST, CANAL_Y), (_EAST, CANAL_Y))))
    return tuple(out)


@functools.cache
def streets() -> tuple[Street, ...]:
    """Every street and the canal."""
    return _build_streets()


def _segments() -> list[tuple[tuple[float, float], tuple[float, float]]]:
    return [(a, b) for st in streets() if st.kind == "street"
            for a, b in zip(st.vertices, st.vertices[1:], strict=False)]


def _crossing(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float],
              d: tuple[float, float]) -> tuple[float, float] | None:
    """Where segments ab and cd meet (``None`` if they do not, or run along each other)."""
    rx, ry = b[0] - a[0], b[1] - a[1]
    sx, sy = d[0] - c[0], d[1] - c[1]
    den = rx * sy - ry * sx
    if abs(den) < 1e-9:
        return None
    t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / den
    u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / den
    if -1e-9 <= t <= 1 + 1e-9 and -1e-9 <= u <= 1 + 1e-9:
        return (round(a[0] + t * rx, 2), round(a[1] + t * ry, 2))
    return None


def _on_segment(p: tuple[float, float], a: tuple[float, float],
                b: tuple[float, float]) -> float | None:
    """How far along ab (0…1) the point ``p`` lies, or ``None`` if it is not on it."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2
    if t < -1e-9 or t > 1 + 1e-9:
        return None
    px, py = a[0] + t * dx, a[1] + t * dy
    return t if math.hypot(p[0] - px, p[1] - py) <= _EPS else None


@functools.cache
def street_graph() -> nx.Graph:
    """The walkable graph: a node at every crossing, street end and service point."""
    segments = _segments()
    nodes: set[tuple[float, float]] = set()
    for a, b in segments:
        nodes.update((a, b))
    for i, (a, b) in enumerate(segments):
        for c, d in segments[i + 1:]:
            hit = _crossing(a, b, c, d)
            if hit is not None:
                nodes.add(hit)
    for p in demo.service_points():
        if not any(_on_segment((p.x_m, p.y_m), a, b) is not None for a, b in segments):
            raise ValueError(f"demo point {p.id} does not stand on a street")
        nodes.add((p.x_m, p.y_m))
    graph = nx.Graph()
    for a, b in segments:
        along = sorted((t, n) for n in nodes if (t := _on_segment(n, a, b)) is not None)
        for (_, u), (_, v) in itertools.pairwise(along):
            if u != v:
                graph.add_edge(u, v, weight=math.dist(u, v))
    return graph


@dataclass(frozen=True)
class Walk:
    """A walk along the streets: metres, whole minutes (rounded up) and the path's vertices."""

    metres: float
    minutes: int
    path: tuple[tuple[float, float], ...]


def _snap(x: float, y: float) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
    """The nearest point on any street edge, and that edge's two ends."""
    best: tuple[float, tuple[float, float], tuple[float, float], tuple[float, float]] | None = None
    for u, v in street_graph().edges():
        dx, dy = v[0] - u[0], v[1] - u[1]
        t = max(0.0, min(1.0, ((x - u[0]) * dx + (y - u[1]) * dy) / (dx * dx + dy * dy)))
        q = (round(u[0] + t * dx, 2), round(u[1] + t * dy, 2))
        gap = math.hypot(x - q[0], y - q[1])
        if best is None or gap < best[0]:
            best = (gap, q, u, v)
    assert best is not None
    return best[1], best[2], best[3]


def walks_from(x: float, y: float) -> dict[tuple[float, float], Walk]:
    """Shortest walks along the streets from the street nearest ``(x, y)`` to every node."""
    start, u, v = _snap(x, y)
    graph = street_graph()
    if start not in graph:
        graph = graph.copy()
        graph.add_edge(start, u, weight=math.dist(start, u))
        graph.add_edge(start, v, weight=math.dist(start, v))
    lengths, paths = nx.single_source_dijkstra(graph, start, weight="weight")
    return {node: Walk(metres, math.ceil(round(metres, 6) / demo.WALK_M_PER_MIN),
                       tuple(paths[node]))
            for node, metres in lengths.items()}


def walking(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[int, int]:
    """Walking metres and minutes along the streets between two places."""
    x1, y1 = demo.to_metres(lat1, lon1)
    x2, y2 = demo.to_metres(lat2, lon2)
    end, _, _ = _snap(x2, y2)
    walks = walks_from(x1, y1)
    if end in walks:
        walk = walks[end]
        return round(walk.metres), walk.minutes
    # The destination lies mid-edge: walk to either end of its edge, then along it.
    _, u, v = _snap(x2, y2)
    metres = min(walks[u].metres + math.dist(u, end), walks[v].metres + math.dist(v, end))
    return round(metres), math.ceil(round(metres, 6) / demo.WALK_M_PER_MIN)


def line(vertices: tuple[tuple[float, float], ...]) -> s.LineString:
    """District metres as a GeoJSON LineString of ``[longitude, latitude]``."""
    coords: list[tuple[float, float]] = []
    for x, y in vertices:
        lat, lon = demo.to_lat_lon(x, y)
        coords.append((lon, lat))
    return s.LineString(coordinates=coords)


@functools.cache
def district_map() -> s.DistrictMap:
    """The district's streets, canal and service points as GeoJSON."""
    features: list[s.LineFeature | s.PlaceFeature] = [
        s.LineFeature(geometry=line(st.vertices), properties=s.LineProperties(
            kind="street" if st.kind == "street" else "water", id=st.id, name_zh=st.name_zh,
            name_en=st.name_en))
        for st in streets()]
    for p in demo.service_points():
        features.append(s.PlaceFeature(
            geometry=s.PointGeometry(coordinates=(p.lon, p.lat)),
            properties=s.PlaceProperties(kind="service_point", id=p.id, name_zh=p.name_zh,
                                         name_en=p.name_en)))
    south, west = demo.to_lat_lon(_WEST, _SOUTH)
    north, east = demo.to_lat_lon(_EAST, _NORTH)
    return s.DistrictMap(name_zh="示范市和睦区", name_en="Hemu District, Shifan City",
                         bbox=(west, south, east, north), features=features)


_CHINA = dt.timezone(dt.timedelta(hours=8))


def queue_length(p: demo.DemoPoint, now: dt.datetime) -> int | None:
    """How many wait at a staffed hall now: none when closed, most at 10:00 and 15:00;
    self-service points report no queue."""
    if p.queue_base is None:
        return None
    local = now.astimezone(_CHINA)
    minute = local.hour * 60 + local.minute
    for hours in p.hours:
        opens = int(hours.opens[:2]) * 60 + int(hours.opens[3:])
        closes = int(hours.closes[:2]) * 60 + int(hours.closes[3:])
        if local.isoweekday() in hours.weekdays and opens <= minute < closes:
            peak = max(0.0, 1 - min(abs(minute - 600), abs(minute - 900)) / 150)
            return round(p.queue_base * (0.3 + 0.7 * peak))
    return 0


def service_points(lat: float, lon: float, service_id: str | None,
                   now: dt.datetime) -> s.ServicePoints:
    """The demo points (offering ``service_id``, if given) by walking time along the streets
    from ``(lat, lon)``, each with its route and queue length at ``now``."""
    walks = walks_from(*demo.to_metres(lat, lon))
    out = []
    for p in demo.service_points():
        if service_id is not None and service_id not in p.services:
            continue
        walk = walks[(p.x_m, p.y_m)]
        out.append(s.ServicePoint.model_validate({
            "id": p.id, "kind": p.kind, "name_zh": p.name_zh, "name_en": p.name_en,
            "address_zh": p.address_zh, "address_en": p.address_en, "lat": p.lat,
            "lon": p.lon, "opening_hours": list(p.hours), "services": list(p.services),
            "takes_appointments": p.takes_appointments, "distance_m": round(walk.metres),
            "walking_minutes": walk.minutes,
            "within_half_hour": walk.minutes <= demo.HALF_HOUR_MIN,
            "route": line(walk.path) if len(walk.path) > 1 else None,
            "queue_length": queue_length(p, now)}))
    out.sort(key=lambda sp: (sp.walking_minutes, sp.distance_m, sp.id))
    return s.ServicePoints(points=out)
