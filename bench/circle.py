"""Service-circle speed: street routing, the map view and the slip; prints JSON.

Usage: ``python bench/circle.py [--repeat 50]``

- ``graph_build_ms``: building the demo district's street graph once (nodes, edges).
- ``walks_ms``: ``district.walks_from`` (Dijkstra from one position to every node), p50/p99
  over ``--repeat`` random positions in the district.
- ``service_points_ms``: the reference hub's whole answer for one position (walks, routes
  as GeoJSON, queues), p50/p99.
- ``map_view_ms``: ``Journey.view()`` on the map screen with a chosen point (projection and
  clipping of every street), p50/p99.
- ``point_slip_ms``: one point slip as ESC/POS (map excerpt drawn, QR), p50/p99.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fakes import make_kit  # noqa: E402

from kiosk.app import journey as j  # noqa: E402
from kiosk.app.circle.hours import hours_text  # noqa: E402
from kiosk.app.circle.slips import PointSlip, layout  # noqa: E402
from kiosk.base.clock import ManualClock  # noqa: E402
from kiosk.devtools.refhub import demo, district  # noqa: E402


def _timed(fn: Callable[[], object], repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"p50": round(statistics.median(times), 2),
            "p99": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    rng = random.Random(7)

    t0 = time.perf_counter()
    graph = district.street_graph()
    build_ms = (time.perf_counter() - t0) * 1000

    def position() -> tuple[float, float]:
        return (rng.uniform(-3000, 3000), rng.uniform(-3500, 3500))

    now = dt.datetime.now(dt.UTC)
    walks = _timed(lambda: district.walks_from(*position()), args.repeat)
    points = _timed(lambda: district.service_points(*demo.to_lat_lon(*position()), None, now),
                    args.repeat)

    kit = make_kit(ManualClock(now))
    kit.journey.handle(j.ShowServicePoints())
    kit.journey.handle(j.SelectPoint("P03"))
    view = _timed(kit.journey.view, args.repeat)

    p = next(x for x in kit.circle.points.points if x.id == "P03")
    assert p.route is not None
    hours_zh, hours_en = hours_text(p.opening_hours)
    slip = PointSlip(p.id, p.name_zh, p.name_en, p.address_zh, p.address_en, hours_zh, hours_en,
                     p.walking_minutes, p.distance_m, p.lon, p.lat, (120.10, 30.28),
                     tuple(p.route.coordinates), district.district_map())
    slip_ms = _timed(lambda: layout(slip, "zh_CN"), max(5, args.repeat // 5))

    print(json.dumps({
        "graph_build_ms": round(build_ms, 1),
        "graph": {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()},
        "walks_ms": walks, "service_points_ms": points, "map_view_ms": view,
        "point_slip_ms": slip_ms, "repeat": args.repeat}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
