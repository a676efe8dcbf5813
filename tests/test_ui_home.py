"""The home screen by taps: icon tiles in the journey's groups, the service-circle entries.

One simulated kiosk (embedded reference hub, real store, memory devices, dev
dock, manual clock) and one window serve every test; each test starts and ends
on the home screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from ui_support import Harness, find, kiosk_harness, settle, tap, wait_for

from kiosk.app.journey.home import MOST_USED
from kiosk.base.i18n import translate
from kiosk.devtools.cards import id_card_for
from kiosk.devtools.residents import resident
from ui.icons import ICONS


@pytest.fixture(scope="module")
def k(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with kiosk_harness(tmp_path_factory.mktemp("ui-home")) as h:
        yield h


@pytest.fixture(autouse=True)
def home(k: Harness, qtbot: Any) -> Iterator[None]:
    """Each test starts on the home screen, with its tiles shown; ends the session after."""
    wait_for(qtbot, k.ui, "homeScreen")
    qtbot.waitUntil(lambda: bool(_j(k).homeGroups), timeout=15_000)
    yield
    if _j(k).step != "idle":
        _j(k).exitSession()
    wait_for(qtbot, k.ui, "homeScreen")
    settle(qtbot, k.ui)


def _place_card_and_lift(k: Harness, qtbot: Any, resident_id: str) -> None:
    """The resident's ID card on the reader until the journey has it, then lifted."""
    sim = k.rt.devices.sim if k.rt.devices else None
    assert sim is not None and sim.place_id_card is not None
    sim.place_id_card(id_card_for(resident(resident_id)))
    qtbot.waitUntil(lambda: bool(_j(k).person), timeout=15_000)
    sim.place_id_card(None)


def _j(k: Harness) -> Any:
    """The journey adapter; its Qt properties read as plain values at run time."""
    return k.ui.journey


def test_groups_come_from_the_journey_with_vendored_icons(k: Harness, qtbot: Any) -> None:
    groups = _j(k).homeGroups
    view = _j(k).current_view()
    assert view is not None and view.home is not None
    assert [g["id"] for g in groups] == [g.id for g in view.home.groups]
    assert groups[0]["id"] == MOST_USED and _j(k).homeGroup == MOST_USED
    assert [t["id"] for t in _j(k).homeTiles] == [t.service_id for t in view.home.groups[0].tiles]
    for group in groups:
        assert group["icon"] in ICONS
        assert all(tile["icon"] in ICONS for tile in group["tiles"])
        wait_for(qtbot, k.ui, f"homeGroup_{group['id']}")
    for tile in _j(k).homeTiles:
        item = wait_for(qtbot, k.ui, f"homeService_{tile['id']}")
        assert tile["name_zh"] in item.property("text")


def test_a_group_tap_shows_its_services_and_a_visit_resets_it(k: Harness, qtbot: Any) -> None:
    tap(qtbot, k.ui, "homeGroup_housing")
    qtbot.waitUntil(lambda: _j(k).homeGroup == "housing", timeout=5000)
    assert [t["id"] for t in _j(k).homeTiles] == ["housing_fund_withdrawal"]
    tile = wait_for(qtbot, k.ui, "homeService_housing_fund_withdrawal")
    assert "公积金" in tile.property("text")
    # Switching language keeps the group; a finished visit starts on "most used" again.
    tap(qtbot, k.ui, "languageButton")
    qtbot.waitUntil(lambda: "provident fund" in tile.property("text"), timeout=5000)
    assert _j(k).homeGroup == "housing"
    tap(qtbot, k.ui, "browseButton")
    wait_for(qtbot, k.ui, "servicesScreen")
    tap(qtbot, k.ui, "servicesBackButton")
    wait_for(qtbot, k.ui, "homeScreen")
    settle(qtbot, k.ui)
    assert _j(k).homeGroup == MOST_USED
    assert _j(k).locale == "zh_CN"


def test_a_service_tile_asks_for_identity_then_opens_that_service(k: Harness,
                                                                   qtbot: Any) -> None:
    tap(qtbot, k.ui, "homeService_residence_permit")
    # Its details first: what it takes, then "start here".
    wait_for(qtbot, k.ui, "serviceDetailsScreen")
    settle(qtbot, k.ui)
    assert _j(k).serviceDetails["id"] == "residence_permit"
    tap(qtbot, k.ui, "detailsStartButton")
    wait_for(qtbot, k.ui, "homeScreen")
    settle(qtbot, k.ui)
    assert _j(k).step == "idle"
    assert _j(k).messageText == translate("journey.identify_to_continue", "zh_CN")
    _place_card_and_lift(k, qtbot, "R0001")
    # The card read carries straight on with the chosen service (its level-2 code first).
    qtbot.waitUntil(lambda: _j(k).step in ("level2_code", "form"), timeout=15_000)
    assert _j(k).service["id"] == "residence_permit"


def test_a_service_done_at_a_hall_says_so_and_offers_directions(k: Harness,
                                                                 qtbot: Any) -> None:
    tap(qtbot, k.ui, "homeGroup_social_assistance")
    qtbot.waitUntil(lambda: _j(k).homeGroup == "social_assistance", timeout=5000)
    at_hall = [t for t in _j(k).homeTiles if not t["kiosk_completable"]]
    assert at_hall, "the demo catalog has a service done only at a hall"
    tap(qtbot, k.ui, f"homeService_{at_hall[0]['id']}")
    wait_for(qtbot, k.ui, "serviceDetailsScreen")
    settle(qtbot, k.ui)
    assert _j(k).messageKey == "journey.service_at_hall"
    details = _j(k).serviceDetails
    assert details["completable_here"] is False and details["elsewhere"]
    assert find(k.ui, "detailsStartButton") is None
    sim = k.rt.devices.sim if k.rt.devices else None
    assert sim is not None and sim.printed_jobs is not None
    before = len(sim.printed_jobs())
    tap(qtbot, k.ui, "detailsSlipButton")
    qtbot.waitUntil(lambda: len(sim.printed_jobs()) == before + 1, timeout=10_000)
    settle(qtbot, k.ui)
    assert _j(k).messageKey == "journey.slip_printed"


def test_circle_entries_open_points_cases_and_the_hotline(k: Harness, qtbot: Any) -> None:
    tap(qtbot, k.ui, "pointsButton")
    wait_for(qtbot, k.ui, "servicePointsScreen")
    tap(qtbot, k.ui, "pointsBackButton")
    wait_for(qtbot, k.ui, "homeScreen")
    tap(qtbot, k.ui, "trackCaseButton")
    wait_for(qtbot, k.ui, "trackCaseScreen")
    tap(qtbot, k.ui, "trackBackButton")
    wait_for(qtbot, k.ui, "homeScreen")
    tap(qtbot, k.ui, "hotlineButton")
    settle(qtbot, k.ui)
    # 12345 needs to know who is asking: identify, then its form opens.
    assert _j(k).messageKey == "journey.identify_to_continue"
    _place_card_and_lift(k, qtbot, "R0003")
    wait_for(qtbot, k.ui, "formScreen")
    assert _j(k).service["id"] == "hotline_12345"


def test_a_chosen_service_waiting_for_a_card_times_out(k: Harness, qtbot: Any) -> None:
    tap(qtbot, k.ui, "hotlineButton")
    settle(qtbot, k.ui)
    assert _j(k).step == "idle" and _j(k).idleRemaining >= 0
    # The resident walks away: the choice must not pass to the next one.
    k.clock.advance(k.rt.ctx.config.timeouts.idle_s + 1)
    qtbot.waitUntil(lambda: _j(k).endedReason == "timeout", timeout=10_000)
    qtbot.waitUntil(lambda: _j(k).idleRemaining == -1, timeout=10_000)
    _place_card_and_lift(k, qtbot, "R0003")
    wait_for(qtbot, k.ui, "identityScreen")
    assert not _j(k).service
