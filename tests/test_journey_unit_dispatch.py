"""Unit tier: every event class has a handler, and an unavailable catalog is explained."""

from __future__ import annotations

import datetime as dt
import typing

import pytest
from fakes import PAGE_JPEG, Kit

from kiosk.app import journey as j
from kiosk.devtools.cards import citizen_card_for, id_card_for
from kiosk.devtools.residents import resident

_PERSON = resident("R0010")
_SAMPLES: dict[type, j.Event] = {
    j.IdCardRead: j.IdCardRead(id_card_for(_PERSON)),
    j.CitizenCardRead: j.CitizenCardRead(citizen_card_for(_PERSON)),
    j.CardReadFailed: j.CardReadFailed("idcard.place_card"),
    j.QrScanned: j.QrScanned("eid:none"),
    j.ChooseService: j.ChooseService("hotline_12345"),
    j.EnterCode: j.EnterCode("000000"),
    j.SetField: j.SetField("phone", "13800000000"),
    j.AddPage: j.AddPage("id_card", PAGE_JPEG),
    j.RemovePage: j.RemovePage("id_card", 0),
    j.ConfirmAndSubmit: j.ConfirmAndSubmit(agreed=True),
    j.TrackCase: j.TrackCase("nonsense"),
    j.SetLocale: j.SetLocale("en_US"),
    j.SetElderMode: j.SetElderMode(True),
    j.ShowServiceDetails: j.ShowServiceDetails("birth_registration"),
    j.SelectPoint: j.SelectPoint("P01"),
    j.FilterPoints: j.FilterPoints("residence_permit"),
    j.PrintPointSlip: j.PrintPointSlip("P01"),
    j.StartAppointment: j.StartAppointment("P01", "residence_permit"),
    j.ChooseSlotDay: j.ChooseSlotDay(dt.date(2026, 1, 5)),
    j.ChooseSlot: j.ChooseSlot(dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)),
    j.CancelAppointment: j.CancelAppointment("A0"),
    j.ChooseDelivery: j.ChooseDelivery("mail"),
    j.SetDeliveryField: j.SetDeliveryField("mail_address", "和睦路1号"),
    j.Rate: j.Rate(5),
    j.ToggleRatingReason: j.ToggleRatingReason("slow"),
    j.SetRatingComment: j.SetRatingComment("ok"),
}


@pytest.mark.parametrize("event_type", typing.get_args(j.Event), ids=lambda t: t.__name__)
def test_every_event_is_handled_from_the_idle_screen(kit: Kit, event_type: type) -> None:
    event = _SAMPLES.get(event_type) or event_type()
    assert kit.journey.handle(event) in set(j.Step)


def test_no_catalog_no_service_list(kit: Kit) -> None:
    kit.catalog.available = False
    kit.journey.handle(j.IdCardRead(id_card_for(_PERSON)))
    kit.journey.handle(j.ConfirmIdentity())
    assert kit.journey.step is j.Step.IDENTITY_CONFIRMED
    assert kit.journey.message == j.Message("journey.catalog_unavailable")
    kit.journey.handle(j.Browse())
    assert kit.journey.step is j.Step.IDENTITY_CONFIRMED


def test_an_unknown_service_is_explained(kit: Kit) -> None:
    kit.journey.handle(j.IdCardRead(id_card_for(_PERSON)))
    kit.journey.handle(j.ConfirmIdentity())
    kit.journey.handle(j.ChooseService("no_such_service"))
    assert kit.journey.step is j.Step.CHOOSE_SERVICE
    assert kit.journey.message == j.Message("journey.service_unknown")
