"""The technician screen opened by a technician card: what it shows, its checks, signing out.

One simulated kiosk (embedded reference hub, real store, simulated devices, dev
dock) serves every test; each test starts and ends on the home screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from technician_support import insert_card, sign_in_with_card, sign_out, technician
from ui_support import Harness, find, kiosk_harness, tap, wait_for

from kiosk.base.i18n import translate
from kiosk.devtools.cards import id_card_for
from kiosk.devtools.residents import resident


@pytest.fixture(scope="module")
def k(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with kiosk_harness(tmp_path_factory.mktemp("ui-technician-card")) as h:
        yield h


@pytest.fixture(autouse=True)
def home(k: Harness, qtbot: Any) -> Iterator[None]:
    wait_for(qtbot, k.ui, "homeScreen")
    yield
    sign_out(qtbot, k)


def test_the_technician_card_opens_a_screen_with_devices_hub_queue_and_version(
        k: Harness, qtbot: Any) -> None:
    sign_in_with_card(qtbot, k)
    status = technician(k).status
    assert technician(k).method == "card" and technician(k).staff == "TECH-0001"
    assert status["terminalId"] == k.rt.credentials.terminal_id  # type: ignore[union-attr]
    assert status["version"]
    assert status["hub"]["enrolled"] and status["hub"]["reachable"]
    assert {d["name"] for d in status["devices"]} == {"idcard", "citizen_card", "camera",
                                                     "printer", "barcode"}
    for name in ("technicianHubPanel", "technicianQueuePanel", "technicianDevicesPanel",
                 "technicianVersion", "technicianProblemsPanel", "technicianDevice_printer"):
        assert find(k.ui, name) is not None, name


def test_a_residents_card_does_not_open_it_and_says_why(k: Harness, qtbot: Any) -> None:
    assert technician(k).openSignIn()
    wait_for(qtbot, k.ui, "technicianSignInScreen")
    insert_card(k, "R0001")
    qtbot.waitUntil(lambda: technician(k).notice != "", timeout=15_000)
    assert technician(k).notice == translate("hub.technician_unknown", "zh_CN")
    assert technician(k).state == "sign_in"


def test_a_suspended_technicians_card_is_refused(k: Harness, qtbot: Any) -> None:
    assert technician(k).openSignIn()
    insert_card(k, "T0002")
    qtbot.waitUntil(lambda: technician(k).notice != "", timeout=15_000)
    assert technician(k).notice == translate("hub.technician_suspended", "zh_CN")
    assert technician(k).state == "sign_in"


def test_the_test_receipt_is_printed(k: Harness, qtbot: Any) -> None:
    sim = k.rt.devices.sim  # type: ignore[union-attr]
    assert sim.printed_jobs is not None
    before = len(sim.printed_jobs())
    sign_in_with_card(qtbot, k)
    tap(qtbot, k.ui, "technicianPrintButton")
    qtbot.waitUntil(lambda: technician(k).resultOutcome != "" and not technician(k).busy,
                    timeout=15_000)
    assert technician(k).resultOutcome == "passed", technician(k).resultText
    assert len(sim.printed_jobs()) == before + 1


def test_a_card_read_shows_only_masked_values(k: Harness, qtbot: Any) -> None:
    person = resident("R0003")
    sign_in_with_card(qtbot, k)
    sim = k.rt.devices.sim  # type: ignore[union-attr]
    assert sim.place_id_card is not None
    sim.place_id_card(id_card_for(person))
    try:
        tap(qtbot, k.ui, "technicianCardReadButton")
        qtbot.waitUntil(lambda: technician(k).resultOutcome != "" and not technician(k).busy,
                        timeout=15_000)
        text = technician(k).resultText
        assert technician(k).resultOutcome == "passed", text
        assert person.id_number not in text and person.name not in text
        assert person.id_number[-4:] in text and person.name[0] in text
    finally:
        sim.place_id_card(None)
    # The resident's card on the pad started no errand while the technician used it.
    assert k.ui.journey.value("step") == "idle"


def test_the_camera_check_reports_numbers_not_the_picture(k: Harness, qtbot: Any) -> None:
    sign_in_with_card(qtbot, k)
    tap(qtbot, k.ui, "technicianCameraButton")
    qtbot.waitUntil(lambda: technician(k).resultOutcome != "" and not technician(k).busy,
                    timeout=15_000)
    assert technician(k).resultOutcome in ("passed", "failed")
    assert "×" in technician(k).resultText, technician(k).resultText


def test_the_technicians_card_left_in_the_slot_starts_no_errand(k: Harness, qtbot: Any) -> None:
    sign_in_with_card(qtbot, k)
    tap(qtbot, k.ui, "technicianSignOutButton")
    wait_for(qtbot, k.ui, "homeScreen")
    # Three passes of the device loop later the journey still waits for a resident.
    passes = k.ui.devices.passes()
    qtbot.waitUntil(lambda: k.ui.devices.passes() >= passes + 3, timeout=15_000)
    assert k.ui.journey.value("step") == "idle"
    assert find(k.ui, "readingScreen") is None
