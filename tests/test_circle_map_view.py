"""Unit tier: the half-hour map as the screen gets it: projected, filtered, routed, timed."""

from __future__ import annotations

import datetime as dt
import math

from fakes import Kit, make_kit

from kiosk.app import journey as j
from kiosk.base.clock import CHINA_TIME, ManualClock


def _map(kit: Kit) -> j.CircleMapView:
    view = kit.journey.view().circle
    assert view is not None
    return view


def test_points_within_half_an_hour_in_walking_order(kit: Kit) -> None:
    kit.journey.handle(j.ShowServicePoints())
    m = _map(kit)
    assert [p.id for p in m.points] == ["P06", "P02", "P09", "P01", "P07", "P08", "P03"]
    assert all(p.within_half_hour for p in m.points) and m.beyond == 5
    assert m.here == j.MapXY(0.5, 0.5)  # the picture is centred on this terminal
    assert m.lines and {line.kind for line in m.lines} == {"street", "water"}
    assert all(0 <= xy.x <= 1 and 0 <= xy.y <= 1 for line in m.lines for xy in line.points)
    # North is up: P03 (1.5 km north, 600 m west) sits above and left of the terminal.
    p03 = next(p for p in m.points if p.id == "P03")
    assert p03.at is not None and p03.at.x < 0.5 and p03.at.y < 0.5
    assert math.isclose((0.5 - p03.at.y) * m.height_m, 1500, abs_tol=2)
    assert not m.from_cache and m.selected is None and m.route == ()


def test_choosing_a_point_draws_the_walk_to_it(kit: Kit) -> None:
    kit.journey.handle(j.ShowServicePoints())
    kit.journey.handle(j.SelectPoint("P03"))
    m = _map(kit)
    assert m.selected is not None and m.selected.id == "P03"
    assert m.route[0] == m.here and m.route[-1] == m.selected.at
    length = sum(math.dist((a.x, a.y), (b.x, b.y)) for a, b in zip(m.route, m.route[1:],
                                                                        strict=False))
    assert math.isclose(length * m.width_m, 2100, abs_tol=2)
    kit.journey.handle(j.SelectPoint("P99"))  # unknown: the choice stays
    assert _map(kit).selected is not None
    kit.journey.handle(j.SelectPoint(None))
    assert _map(kit).route == ()


def test_filtering_by_service_keeps_only_the_points_that_offer_it(kit: Kit) -> None:
    kit.journey.handle(j.ShowServicePoints())
    kit.journey.handle(j.SelectPoint("P06"))
    kit.journey.handle(j.FilterPoints("birth_registration"))
    m = _map(kit)
    assert m.service_filter == "birth_registration"
    assert [p.id for p in m.points] == ["P02", "P01", "P03"]
    assert m.selected is None  # the kiosk P06 cannot do it
    assert "birth_registration" in {f.id for f in m.filters}
    kit.journey.handle(j.FilterPoints(None))
    assert len(_map(kit).points) == 7


def test_open_now_opens_at_and_queues_on_a_sunday_evening() -> None:
    sunday_evening = dt.datetime(2026, 1, 4, 20, 30, tzinfo=CHINA_TIME)
    kit = make_kit(ManualClock(sunday_evening))
    kit.journey.handle(j.ShowServicePoints())
    by_id = {p.id: p for p in _map(kit).points}
    hall = by_id["P02"]
    assert not hall.open_now
    assert hall.opens_at == dt.datetime(2026, 1, 5, 9, 0, tzinfo=CHINA_TIME)
    assert hall.hours_zh == "周一至周五 09:00–17:00" and hall.hours_en == "Mon–Fri 09:00–17:00"
    assert hall.queue_length == 0  # closed: nobody waits
    room = by_id["P09"]
    assert room.open_now and room.closes_at is None and room.hours_zh == "每天 24小时"
    assert room.queue_length is None  # a self-service room reports no queue
    kiosk = by_id["P06"]
    assert not kiosk.open_now
    assert kiosk.opens_at == dt.datetime(2026, 1, 5, 8, 0, tzinfo=CHINA_TIME)


def test_a_busy_morning_has_queues_at_the_halls() -> None:
    monday_ten = dt.datetime(2026, 1, 5, 10, 0, tzinfo=CHINA_TIME)
    kit = make_kit(ManualClock(monday_ten))
    kit.journey.handle(j.ShowServicePoints())
    by_id = {p.id: p for p in _map(kit).points}
    assert by_id["P01"].open_now and by_id["P01"].closes_at == dt.datetime(
        2026, 1, 5, 17, 0, tzinfo=CHINA_TIME)
    assert by_id["P01"].queue_length == 14 and by_id["P02"].queue_length == 5


def test_offline_the_kept_map_and_points_are_shown_and_say_so(kit: Kit) -> None:
    kept = kit.circle.kept_at
    kit.online = False
    kit.clock.advance(7200)
    kit.journey.handle(j.ShowServicePoints())
    m = _map(kit)
    assert m.from_cache and m.fetched_at == kept and m.points and m.lines
    local = kept.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")
    assert kit.journey.message == j.Message("journey.points_cached", {"when": local})


def test_offline_without_a_kept_copy_says_the_points_need_the_network(kit: Kit) -> None:
    kit.online = False
    kit.circle.kept = False
    kit.journey.handle(j.ShowServicePoints())
    m = _map(kit)
    assert m.points == () and m.lines == () and m.here is None
    assert kit.journey.message == j.Message("journey.points_offline")
