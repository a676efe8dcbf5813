"""Unit tier: how a resident identifies, and at which level (fakes, no hub or store)."""

from __future__ import annotations

import dataclasses

from fakes import Kit, card_for

from kiosk.app import journey as j
from kiosk.base import idnumber
from kiosk.devtools.cards import citizen_card_for
from kiosk.devtools.residents import resident


def test_id_card_online_is_level_1_with_a_hub_session(kit: Kit) -> None:
    person = resident("R0010")
    assert kit.journey.handle(card_for("R0010")) is j.Step.IDENTITY_CONFIRMED
    ident = kit.journey.session.identity
    assert ident is not None and ident.kind == "id_card" and ident.hub_session is not None
    view = kit.journey.view()
    assert view.person == j.PersonView(idnumber.mask_name(person.name),
                                       idnumber.mask(person.id_number), 1, "id_card")
    assert view.message is None
    assert kit.counts == ["identified_id_card"]


def test_citizen_card_keeps_its_card_number(kit: Kit) -> None:
    person = resident("R0011")
    kit.journey.handle(j.CitizenCardRead(citizen_card_for(person)))
    ident = kit.journey.session.identity
    assert ident is not None and ident.kind == "citizen_card"
    assert ident.card_number == person.citizen_card_number
    assert ident.level == 1


def test_card_alone_is_enough_offline(kit: Kit) -> None:
    kit.hub.down = True
    kit.journey.handle(card_for("R0010"))
    assert kit.journey.step is j.Step.IDENTITY_CONFIRMED
    ident = kit.journey.session.identity
    assert ident is not None and ident.hub_session is None and ident.level == 1
    assert kit.journey.message == j.Message("journey.offline_card_only")


def test_no_network_does_not_call_the_hub(kit: Kit) -> None:
    kit.online = False
    kit.journey.handle(card_for("R0010"))
    assert kit.hub.calls == []
    assert kit.journey.message == j.Message("journey.offline_card_only")


def test_a_person_the_hub_does_not_know_stays_on_idle(kit: Kit) -> None:
    kit.hub.people.pop(resident("R0010").id_number)
    kit.journey.handle(card_for("R0010"))
    assert kit.journey.step is j.Step.IDLE
    assert kit.journey.session.identity is None
    assert kit.journey.message == j.Message("hub.person_unknown")


def test_an_invalid_id_number_is_refused(kit: Kit) -> None:
    event = card_for("R0010")
    number = event.card.id_number
    broken = number[:-1] + ("0" if number[-1] != "0" else "1")  # wrong check character
    kit.journey.handle(j.IdCardRead(dataclasses.replace(event.card, id_number=broken)))
    assert kit.journey.step is j.Step.IDLE
    assert kit.journey.message == j.Message("idcard.invalid_number")
    assert kit.hub.calls == []


def test_e_id_qr_is_level_2(kit: Kit) -> None:
    kit.hub.qr_payloads["eid:R0012"] = resident("R0012")
    kit.journey.handle(j.QrScanned("eid:R0012"))
    ident = kit.journey.session.identity
    assert ident is not None and ident.kind == "eid_qr" and ident.level == 2
    assert kit.journey.step is j.Step.IDENTITY_CONFIRMED


def test_e_id_qr_needs_the_network(kit: Kit) -> None:
    kit.online = False
    kit.journey.handle(j.QrScanned("eid:R0012"))
    assert kit.journey.session.identity is None
    assert kit.journey.message == j.Message("journey.qr_needs_network")


def test_an_unknown_qr_is_explained(kit: Kit) -> None:
    kit.journey.handle(j.QrScanned("not-an-eid"))
    assert kit.journey.session.identity is None
    assert kit.journey.message == j.Message("hub.qr_invalid")


def test_a_second_card_mid_session_is_ignored(kit: Kit) -> None:
    kit.journey.handle(card_for("R0010"))
    kit.journey.handle(card_for("R0011"))
    ident = kit.journey.session.identity
    assert ident is not None and ident.card.id_number == resident("R0010").id_number


def test_a_reader_failure_shows_its_next_step(kit: Kit) -> None:
    kit.journey.handle(j.CardReadFailed("idcard.place_card"))
    assert kit.journey.step is j.Step.IDLE
    assert kit.journey.message == j.Message("idcard.place_card")


def test_browsing_then_identifying_goes_straight_to_the_chosen_service(kit: Kit) -> None:
    kit.journey.handle(j.Browse())
    assert kit.journey.step is j.Step.BROWSE
    view = kit.journey.view()
    assert view.services is not None and view.services[0].id == "social_insurance_certificate"
    kit.journey.handle(j.ChooseService("senior_card"))
    assert kit.journey.step is j.Step.IDLE
    assert kit.journey.message == j.Message("journey.identify_to_continue")
    kit.journey.handle(card_for("R0001"))
    assert kit.journey.step is j.Step.FORM
    service = kit.journey.view().service
    assert service is not None and service.id == "senior_card"
