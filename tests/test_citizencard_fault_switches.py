"""Fault switches of the simulated citizen card: each makes the real APDU logic fail as named.

The dock's citizen-card kinds become ``CardFaults`` of the scripted card
(``devices.citizen_card.factory.card_faults``); the driver's APDU code reads it
through the in-memory APDU reader (no pcscd needed).
"""

from __future__ import annotations

import pytest

from devices.citizen_card import sscard
from devices.citizen_card.factory import card_faults
from devices.citizen_card.protocol import (
    CitizenCardData,
    CitizenCardFailure,
    CitizenCardFailureKind,
)
from devices.citizen_card.sscard_sim import MemoryApduCitizenCardReader, ScriptedSsCard
from devices.simulation import CITIZEN_CARD_FAULTS, FaultSwitches
from kiosk.base.clock import ManualClock
from kiosk.devtools.cards import citizen_card_for
from kiosk.devtools.residents import resident


def _read(kind: str | None) -> tuple[CitizenCardData | CitizenCardFailure, FaultSwitches]:
    clock = ManualClock()
    switches = FaultSwitches("citizen_card", CITIZEN_CARD_FAULTS)
    if kind is not None:
        switches.set(kind, times=1)
    card, faults = card_faults(switches, citizen_card_for(resident("R0020")), clock)
    reader = MemoryApduCitizenCardReader(clock, sscard.SSSE_LAYOUT)
    reader.insert(ScriptedSsCard(card, sscard.SSSE_LAYOUT, faults))
    return reader.read_card(), switches


@pytest.mark.parametrize(("kind", "failure"), [
    ("mute", CitizenCardFailureKind.MUTE),
    ("pulled", CitizenCardFailureKind.REMOVED),
    ("wrong_card", CitizenCardFailureKind.WRONG_CARD),
    ("locked", CitizenCardFailureKind.LOCKED),
    ("pin_locked", CitizenCardFailureKind.LOCKED),
    ("expired", CitizenCardFailureKind.EXPIRED),
])
def test_fault_ends_the_read_as_named(kind: str, failure: CitizenCardFailureKind) -> None:
    result, switches = _read(kind)
    assert isinstance(result, CitizenCardFailure), result
    assert result.kind is failure
    assert switches.active() == {}  # used by this insertion


@pytest.mark.parametrize("kind", ["get_response", "le_mismatch", None])
def test_apdu_level_quirks_still_read_the_card(kind: str | None) -> None:
    result, _ = _read(kind)
    assert result == citizen_card_for(resident("R0020"))
