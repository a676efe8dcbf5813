"""The service-circle errands by taps: a booking that asks for a card, seen and cancelled in
my appointments; the result posted to a masked, editable address; a low rating's reasons."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from ui_support import (
    Harness,
    fill_form,
    find,
    kiosk_harness,
    open_form,
    settle,
    tap,
    type_into,
    wait_for,
)

from kiosk.devtools.cards import id_card_for
from kiosk.devtools.refhub.embedded import admin_of
from kiosk.devtools.residents import resident

# Level 2, only optional materials, and its result can be posted.
MAIL_SERVICE = "housing_fund_withdrawal"
BOOK_SERVICE = "residence_permit"


@pytest.fixture(scope="module")
def k(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with kiosk_harness(tmp_path_factory.mktemp("ui-circle-errands")) as h:
        yield h


@pytest.fixture(autouse=True)
def home(k: Harness, qtbot: Any) -> Iterator[None]:
    wait_for(qtbot, k.ui, "homeScreen")
    qtbot.waitUntil(lambda: bool(_j(k).homeGroups), timeout=15_000)
    settle(qtbot, k.ui)
    yield
    if _j(k).step != "idle":
        _j(k).exitSession()
    wait_for(qtbot, k.ui, "homeScreen")
    settle(qtbot, k.ui)


def _j(k: Harness) -> Any:
    return k.ui.journey


def test_book_a_slot_identify_then_see_and_cancel_it(k: Harness, qtbot: Any) -> None:
    person = resident("R0011")
    tap(qtbot, k.ui, f"homeService_{BOOK_SERVICE}")
    wait_for(qtbot, k.ui, "serviceDetailsScreen")
    tap(qtbot, k.ui, "detailsMapButton")
    wait_for(qtbot, k.ui, "servicePointsScreen")
    settle(qtbot, k.ui)
    assert _j(k).circleMap["filter"] == BOOK_SERVICE
    halls = [i for i, p in enumerate(_j(k).circleMap["points"]) if p["takes_appointments"]]
    assert halls, "a hall within the half hour books this service"
    tap(qtbot, k.ui, f"point_{halls[0]}")
    tap(qtbot, k.ui, "pointBookButton")
    wait_for(qtbot, k.ui, "appointmentSlotsScreen")
    settle(qtbot, k.ui)
    slots = _j(k).appointmentSlots
    assert slots["needs_identity"] is True and slots["online"] is True
    free = [i for i, sl in enumerate(slots["slots"]) if sl["available"] > 0]
    assert free
    tap(qtbot, k.ui, f"slot_{free[0]}")
    qtbot.waitUntil(lambda: bool(_j(k).appointmentSlots.get("chosen")), timeout=10_000)
    tap(qtbot, k.ui, "bookButton")
    wait_for(qtbot, k.ui, "homeScreen")
    settle(qtbot, k.ui)
    assert _j(k).messageKey == "journey.identify_to_book"
    sim = k.rt.devices.sim if k.rt.devices else None
    assert sim is not None and sim.place_id_card is not None
    sim.place_id_card(id_card_for(person))
    wait_for(qtbot, k.ui, "appointmentBookedScreen")
    sim.place_id_card(None)
    settle(qtbot, k.ui)
    booked = _j(k).appointmentBooked
    code = booked["appointment"]["code"]
    assert wait_for(qtbot, k.ui, "bookedCode").property("text") == code
    assert booked["qrSource"].startswith("image://kiosk/qr/")
    assert any(a["code"] == code for a in admin_of(k.rt.hub).appointments())
    tap(qtbot, k.ui, "bookedMineButton")
    wait_for(qtbot, k.ui, "myAppointmentsScreen")
    settle(qtbot, k.ui)
    mine = _j(k).myAppointments
    index = next(i for i, a in enumerate(mine) if a["code"] == code)
    assert mine[index]["status"] == "booked"
    tap(qtbot, k.ui, f"cancelAppointment_{index}")
    qtbot.waitUntil(lambda: any(a["code"] == code and a["status"] == "cancelled"
                                for a in _j(k).myAppointments), timeout=10_000)
    assert _j(k).messageKey == "journey.appointment_cancelled"


def test_offline_booking_says_it_needs_the_network(k: Harness, qtbot: Any) -> None:
    tap(qtbot, k.ui, "pointsButton")
    wait_for(qtbot, k.ui, "servicePointsScreen")
    settle(qtbot, k.ui)
    k.rt.offline = True
    try:
        _j(k).startAppointment(
            next(p["id"] for p in _j(k).circleMap["points"]
                 if p["takes_appointments"] and BOOK_SERVICE in p["services"]), BOOK_SERVICE)
        wait_for(qtbot, k.ui, "appointmentSlotsScreen")
        settle(qtbot, k.ui)
        assert _j(k).appointmentSlots["online"] is False
        wait_for(qtbot, k.ui, "slotsOffline")
        assert not wait_for(qtbot, k.ui, "bookButton").isEnabled()
    finally:
        k.rt.offline = False


def test_result_by_mail_to_a_masked_address_then_a_low_rating(k: Harness, qtbot: Any) -> None:
    person = resident("R0012")
    open_form(qtbot, k, person, MAIL_SERVICE)
    # Numbers in their own formats, as the number pad would give them.
    _j(k).setField("amount", 5000)
    _j(k).setField("bank_account", "6222020200112233445")
    settle(qtbot, k.ui)
    fill_form(qtbot, k, person)
    if _j(k).step == "materials":
        tap(qtbot, k.ui, "materialsDoneButton")
    wait_for(qtbot, k.ui, "reviewScreen")
    settle(qtbot, k.ui)
    assert {o["mode"] for o in _j(k).delivery["options"]} == {"on_the_spot", "mail"}
    tap(qtbot, k.ui, "delivery_mail")
    qtbot.waitUntil(lambda: _j(k).delivery.get("mode") == "mail", timeout=10_000)
    fields = {f["name"]: f for f in _j(k).delivery["mail_fields"]}
    # Prefilled from the city and masked on screen: the whole address is never shown.
    address = wait_for(qtbot, k.ui, "field_mail_address")
    assert person.residence_address not in str(address.property("text"))
    assert fields["mail_phone"]["masked"] is True
    type_into(qtbot, k.ui, "field_mail_address", "浙江省示范市和睦路200号3幢501室")
    tap(qtbot, k.ui, "consentCheck")
    qtbot.waitUntil(lambda: any(f["name"] == "mail_address" and f["value"].startswith(
        "浙江省示范市和睦路200号") for f in _j(k).delivery["mail_fields"]), timeout=10_000)
    tap(qtbot, k.ui, "submitButton")
    wait_for(qtbot, k.ui, "receiptScreen", timeout=30_000)
    settle(qtbot, k.ui)
    receipt = _j(k).receipt
    assert receipt["result_mode"] == "mail" and receipt["expected_by"]
    assert "200号3幢501室" not in receipt["mail_to"]  # masked on the receipt screen too
    assert "12345" in wait_for(qtbot, k.ui, "receiptHotline").property("text")
    tap(qtbot, k.ui, "finishButton")
    wait_for(qtbot, k.ui, "ratingScreen")
    tap(qtbot, k.ui, "rate_2")
    wait_for(qtbot, k.ui, "ratingReasons")
    tap(qtbot, k.ui, "ratingSubmitButton")
    settle(qtbot, k.ui)
    assert _j(k).messageKey == "rating.choose_reason"
    tap(qtbot, k.ui, "reason_slow")
    qtbot.waitUntil(lambda: any(r["chosen"] for r in _j(k).rating["reasons"]), timeout=10_000)
    tap(qtbot, k.ui, "ratingSubmitButton")
    wait_for(qtbot, k.ui, "homeScreen")
    settle(qtbot, k.ui)
    assert _j(k).messageKey == "rating.thanks"
    assert find(k.ui, "ratingScreen") is None
