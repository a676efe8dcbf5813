"""The half-hour map by taps: streets and a walking route drawn, list in walking order,
filter by service, a directions slip printed, and the kept copy when the hub is down."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from ui_support import Harness, find, kiosk_harness, settle, tap, wait_for

from ui.devtools.layoutcheck import check_window, report


@pytest.fixture(scope="module")
def k(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with kiosk_harness(tmp_path_factory.mktemp("ui-circle-map")) as h:
        yield h


@pytest.fixture(autouse=True)
def on_the_map(k: Harness, qtbot: Any) -> Iterator[None]:
    """Each test opens the map from the home screen and goes home again after."""
    wait_for(qtbot, k.ui, "homeScreen")
    # The tiles come with the first tick; tap once the home screen has its final layout.
    qtbot.waitUntil(lambda: bool(_j(k).homeGroups), timeout=15_000)
    settle(qtbot, k.ui)
    tap(qtbot, k.ui, "pointsButton")
    wait_for(qtbot, k.ui, "servicePointsScreen", timeout=30_000)
    settle(qtbot, k.ui)
    yield
    k.rt.offline = False
    if _j(k).step != "idle":
        _j(k).exitSession()
    wait_for(qtbot, k.ui, "homeScreen")
    settle(qtbot, k.ui)


def _j(k: Harness) -> Any:
    return k.ui.journey


def test_streets_points_and_the_walk_to_a_chosen_point(k: Harness, qtbot: Any) -> None:
    circle = _j(k).circleMap
    streets = [line for line in circle["lines"] if line["kind"] == "street"]
    assert len(streets) >= 10 and all(len(line["points"]) >= 2 for line in streets)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for line in streets for x, y in line["points"])
    assert circle["here"] is not None
    minutes = [p["walking_minutes"] for p in circle["points"]]
    assert minutes == sorted(minutes) and all(m <= 30 for m in minutes)
    assert all(p["within_half_hour"] for p in circle["points"])
    # Every listed point has its numbered pin on the map; no route before a choice.
    for i in range(len(circle["points"])):
        assert find(k.ui, f"circlePin_{i}") is not None
    assert find(k.ui, "circleRoute") is None
    tap(qtbot, k.ui, "point_1")
    qtbot.waitUntil(lambda: len(_j(k).circleMap.get("route") or []) > 1, timeout=10_000)
    chosen = _j(k).circleMap["points"][1]
    assert _j(k).circleMap["selected"] == chosen["id"]
    route = _j(k).circleMap["route"]
    # The walk starts where the terminal is and ends at the chosen point.
    here, end = _j(k).circleMap["here"], chosen["at"]
    assert abs(route[0][0] - here["x"]) < 0.02 and abs(route[0][1] - here["y"]) < 0.02
    assert abs(route[-1][0] - end["x"]) < 0.02 and abs(route[-1][1] - end["y"]) < 0.02
    wait_for(qtbot, k.ui, "circleRoute")
    # Tapping the chosen point again clears the choice and the route.
    tap(qtbot, k.ui, "point_1")
    qtbot.waitUntil(lambda: not _j(k).circleMap.get("selected"), timeout=10_000)
    assert _j(k).circleMap["route"] == []


def test_filter_by_service_lists_only_points_offering_it(k: Harness, qtbot: Any) -> None:
    filters = _j(k).circleMap["filters"]
    assert filters, "the map offers services to filter by"
    service = filters[0]["id"]
    tap(qtbot, k.ui, "pointsFilterButton")
    tap(qtbot, k.ui, f"pointsFilter_{service}")
    qtbot.waitUntil(lambda: _j(k).circleMap.get("filter") == service, timeout=10_000)
    points = _j(k).circleMap["points"]
    assert points and all(service in p["services"] for p in points)
    assert find(k.ui, "pointsFilterPanel") is None
    tap(qtbot, k.ui, "pointsFilterClear")
    qtbot.waitUntil(lambda: _j(k).circleMap.get("filter") == "", timeout=10_000)


def test_directions_slip_prints_for_the_chosen_point(k: Harness, qtbot: Any) -> None:
    sim = k.rt.devices.sim if k.rt.devices else None
    assert sim is not None and sim.printed_jobs is not None
    before = len(sim.printed_jobs())
    tap(qtbot, k.ui, "point_0")
    tap(qtbot, k.ui, "pointSlipButton")
    qtbot.waitUntil(lambda: len(sim.printed_jobs()) == before + 1, timeout=10_000)
    settle(qtbot, k.ui)
    assert _j(k).messageKey == "journey.slip_printed"
    assert _j(k).slip["printed"] is True


def test_offline_the_kept_map_and_points_show_and_say_so(k: Harness, qtbot: Any) -> None:
    online = _j(k).circleMap
    tap(qtbot, k.ui, "pointsBackButton")
    wait_for(qtbot, k.ui, "homeScreen")
    k.rt.offline = True
    tap(qtbot, k.ui, "pointsButton")
    wait_for(qtbot, k.ui, "servicePointsScreen")
    settle(qtbot, k.ui)
    kept = _j(k).circleMap
    assert kept["from_cache"] is True and kept["fetched_at"]
    assert [p["id"] for p in kept["points"]] == [p["id"] for p in online["points"]]
    assert len(kept["lines"]) == len(online["lines"])
    wait_for(qtbot, k.ui, "pointsOffline")


@pytest.mark.parametrize("elder", [False, True])
def test_the_map_screen_passes_the_layout_check(k: Harness, qtbot: Any, elder: bool) -> None:
    if elder:
        tap(qtbot, k.ui, "elderButton")
        qtbot.waitUntil(lambda: k.ui.theme.elder, timeout=5000)
    tap(qtbot, k.ui, "point_0")
    qtbot.waitUntil(lambda: bool(_j(k).circleMap.get("selected")), timeout=10_000)
    settle(qtbot, k.ui)
    k.ui.window.grabWindow()
    found = check_window(k.ui.window, min_touch=64 * (1.5 if elder else 1.0),
                         screen="ServicePoints", mode="zh_CN landscape",
                         ignore=("dockToggle",))
    assert found == [], report(found)
