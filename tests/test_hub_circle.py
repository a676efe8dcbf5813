"""Hub contract, service circle: district map, street routes, a resident's appointments
across terminals, cancelling by session, ratings stored once, delivery checked."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import uuid
from pathlib import Path

import pytest
from hubtools import Enrolled, card_of, hotline_submission, resident_where, start_enrolled

from kiosk.base.clock import ManualClock
from kiosk.devtools.refhub.embedded import ensure_enrolled
from kiosk.devtools.refhub.store.database import LOCAL_TZ
from kiosk.hub import schema as s
from kiosk.hub.client import HubClient
from kiosk.hub.errors import HubConflict, HubNotFound, HubRejected

pytest_plugins = ["hubfixtures"]

HERE = (30.28, 120.10)  # the default terminal: the 和睦路 × 和睦街 crossing


def _metres(lon: float, lat: float) -> tuple[float, float]:
    k = 6_371_000.0 * math.pi / 180
    return (lon - HERE[1]) * k * math.cos(math.radians(HERE[0])), (lat - HERE[0]) * k


def _on_segment(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> bool:
    (px, py), (ax, ay), (bx, by) = p, a, b
    cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax)
    length = math.dist(a, b)
    if abs(cross) / length > 0.5:  # more than half a metre off the line
        return False
    t = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length ** 2
    return -1e-6 <= t <= 1 + 1e-6


def test_walking_order_and_the_half_hour_cut(enrolled: Enrolled) -> None:
    points = enrolled.client.service_points(*HERE)
    assert [p.walking_minutes for p in points] == sorted(p.walking_minutes for p in points)
    near = [p.id for p in points if p.within_half_hour]
    assert near == ["P06", "P02", "P09", "P01", "P07", "P08", "P03"]
    assert all(p.walking_minutes <= 30 for p in points if p.within_half_hour)
    assert all(p.walking_minutes > 30 for p in points if not p.within_half_hour)
    by_id = {p.id: p for p in points}
    # P03 is 2.1 km of streets away: 28 minutes, just inside the circle.
    assert (by_id["P03"].distance_m, by_id["P03"].walking_minutes) == (2100, 28)
    # P10 is 1.8 km away as the crow flies but across the canal, whose nearest bridge is
    # 600 m west: 3.3 km of streets, outside the circle.
    assert (by_id["P10"].distance_m, by_id["P10"].walking_minutes) == (3300, 44)
    assert {p.queue_length is None for p in points if p.kind != "hall"} == {True}
    assert all(p.queue_length is not None for p in points if p.kind == "hall")


def test_every_route_segment_lies_on_a_street(enrolled: Enrolled) -> None:
    district = enrolled.client.district_map().value
    assert district is not None
    streets = [[_metres(*c) for c in f.geometry.coordinates] for f in district.features
               if isinstance(f, s.LineFeature) and f.properties.kind == "street"]
    edges = [(a, b) for line in streets for a, b in itertools.pairwise(line)]
    points = enrolled.client.service_points(*HERE)
    checked = 0
    for p in points:
        assert p.route is not None
        route = [_metres(*c) for c in p.route.coordinates]
        assert math.dist(route[0], (0.0, 0.0)) < 1  # from the terminal's street corner
        assert math.dist(route[-1], _metres(p.lon, p.lat)) < 1  # to the point's door
        length = 0.0
        for a, b in itertools.pairwise(route):
            assert any(_on_segment(a, u, v) and _on_segment(b, u, v) for u, v in edges), (p.id, a, b)
            length += math.dist(a, b)
            checked += 1
        assert abs(length - p.distance_m) <= 1
    assert checked > 50


def test_a_position_off_the_streets_walks_from_the_nearest_street(enrolled: Enrolled) -> None:
    # 40 m north of 和睦路, mid-block: the walk starts on 和睦路 below it.
    lat = HERE[0] + 40 / (6_371_000.0 * math.pi / 180)
    lon = HERE[1] + 150 / (6_371_000.0 * math.pi / 180 * math.cos(math.radians(HERE[0])))
    (first, *_) = enrolled.client.service_points(lat, lon)
    assert first.route is not None
    x, y = _metres(*first.route.coordinates[0])
    assert abs(y) < 1 and abs(x - 150) < 1


def test_the_district_map_is_geojson_and_cacheable(enrolled: Enrolled) -> None:
    first = enrolled.client.district_map()
    assert first.value is not None and first.etag
    doc = first.value
    assert doc.type == "FeatureCollection" and len(doc.bbox) == 4
    kinds = {f.properties.kind for f in doc.features}
    assert kinds == {"street", "water", "service_point"}
    names = {f.properties.name_zh for f in doc.features if isinstance(f, s.LineFeature)}
    assert {"和睦路", "文一西路", "西溪河"} <= names
    again = enrolled.client.district_map(etag=first.etag)
    assert again.not_modified and again.value is None


def _next_weekday(now: dt.datetime) -> dt.date:
    day = now.astimezone(LOCAL_TZ).date() + dt.timedelta(days=1)
    while day.isoweekday() > 5:
        day += dt.timedelta(days=1)
    return day


def test_appointments_are_the_residents_at_every_terminal(
        enrolled: Enrolled, tmp_path: Path, hub_clock: ManualClock) -> None:
    person = resident_where(lambda p: True)
    creds = ensure_enrolled(enrolled.url, enrolled.hub.admin, tmp_path / "t2.json", "T-TEST-02",
                            clock=hub_clock)
    with HubClient(enrolled.url, creds, clock=hub_clock) as other:
        day = _next_weekday(hub_clock.now())
        slot = enrolled.client.slots("P02", "residence_permit", day).slots[0]
        session = enrolled.client.identify_card(card_of(person))
        booked = enrolled.client.book(session.session_id, "P02", "residence_permit", slot.start)
        there = other.identify_card(card_of(person))
        assert [a.id for a in other.my_appointments(there.session_id)] == [booked.id]
        with pytest.raises(HubNotFound):
            other.cancel(booked.id)  # not its booking, and no resident named
        cancelled = other.cancel(booked.id, there.session_id)
        assert cancelled.status == "cancelled"
        assert enrolled.client.my_appointments(session.session_id)[0].status == "cancelled"
        stranger = other.identify_card(card_of(resident_where(lambda p: p.resident_id != person.resident_id)))
        assert other.my_appointments(stranger.session_id) == []
        with pytest.raises(HubNotFound):
            other.cancel(booked.id, stranger.session_id)


def _rating(env: Enrolled, code: str, **changes: object) -> s.Rating:
    data: dict[str, object] = {
        "client_id": str(uuid.uuid4()), "tracking_code": code, "service_id": "hotline_12345",
        "terminal_id": env.creds.terminal_id, "level": 2, "reasons": ["slow"],
        "comment": "排队太久", "created_at": env.hub.clock.now().isoformat()}
    data.update(changes)
    return s.Rating.model_validate(data)


def test_a_rating_is_stored_once_per_client_id(enrolled: Enrolled) -> None:
    sub = hotline_submission(enrolled, resident_where(lambda p: True))
    enrolled.client.submit(sub)
    rating = _rating(enrolled, sub.tracking_code)
    first = enrolled.client.rate(rating)
    assert enrolled.client.rate(rating) == first  # a repeat: the first answer (200)
    with pytest.raises(HubConflict):
        enrolled.client.rate(rating.model_copy(update={"level": 5}))
    listed = enrolled.hub.admin.ratings()
    assert [(r["tracking_code"], r["level"], r["reasons"]) for r in listed] == [
        (sub.tracking_code, 2, ["slow"])]
    with pytest.raises(HubRejected) as unknown:
        enrolled.client.rate(_rating(enrolled, hotline_submission(
            enrolled, resident_where(lambda p: True)).tracking_code))
    assert unknown.value.problems[0].code == "case_unknown"


@pytest.mark.parametrize(("delivery", "code"), [
    ({"mode": "pickup"}, "delivery_mode_mismatch"),
    ({"mode": "on_the_spot", "pickup_point_id": None}, None),
])
def test_a_delivery_must_match_the_result_mode(enrolled: Enrolled, delivery: dict[str, object],
                                               code: str | None) -> None:
    sub = hotline_submission(enrolled, resident_where(lambda p: True), delivery=delivery)
    if code is None:
        assert enrolled.client.submit(sub).status == "received"
        return
    with pytest.raises(HubRejected) as refused:
        enrolled.client.submit(sub)
    assert code in {p.code for p in refused.value.problems}


def test_a_hub_folder_keeps_ratings_across_restarts(tmp_path: Path) -> None:
    env = start_enrolled(tmp_path / "hub", tmp_path)
    try:
        sub = hotline_submission(env, resident_where(lambda p: True))
        env.client.submit(sub)
        env.client.rate(_rating(env, sub.tracking_code))
    finally:
        env.client.close()
        env.hub.stop()
    again = start_enrolled(tmp_path / "hub", tmp_path)
    try:
        assert len(again.hub.admin.ratings()) == 1
    finally:
        again.client.close()
        again.hub.stop()
