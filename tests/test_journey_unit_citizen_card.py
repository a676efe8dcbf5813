"""Unit tier: a citizen card stays in its slot for the session; pulling it ends the session."""

from __future__ import annotations

import dataclasses

from fakes import Kit, card_for

from kiosk.app import journey as j
from kiosk.devtools.cards import citizen_card_for
from kiosk.devtools.residents import resident


def test_removing_the_citizen_card_ends_its_session(kit: Kit) -> None:
    kit.journey.handle(j.CitizenCardRead(citizen_card_for(resident("R0003"))))
    kit.journey.handle(j.ConfirmIdentity())
    kit.journey.handle(j.CitizenCardRemoved())
    assert kit.journey.step is j.Step.IDLE
    assert kit.journey.message == j.Message("session.ended_card_removed")
    assert kit.journey.session.identity is None
    assert kit.journey.ended_reason == "card_removed"


def test_an_id_card_session_ignores_a_citizen_card_leaving(kit: Kit) -> None:
    kit.journey.handle(card_for("R0003"))
    kit.journey.handle(j.CitizenCardRemoved())
    assert kit.journey.step is j.Step.IDENTITY_CONFIRMED
    assert kit.journey.session.identity is not None


def test_removal_on_the_idle_screen_does_nothing(kit: Kit) -> None:
    kit.journey.handle(j.CitizenCardRemoved())
    assert kit.journey.step is j.Step.IDLE
    assert kit.journey.message is None and kit.counts == []


def test_an_invalid_citizen_card_number_is_refused(kit: Kit) -> None:
    card = citizen_card_for(resident("R0003"))
    broken = card.id_number[:-1] + ("0" if card.id_number[-1] != "0" else "1")
    kit.journey.handle(j.CitizenCardRead(dataclasses.replace(card, id_number=broken)))
    assert kit.journey.session.identity is None
    assert kit.journey.message == j.Message("idcard.invalid_number")
