"""Fault: a locked card, on SELECT (6283) or on the PIN status (6983) (through pcscd and vpcd)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from citizencard_support import VpcdRig, resident_card, vpcd_rig

from devices.citizen_card.protocol import CitizenCardFailure, CitizenCardFailureKind
from devices.citizen_card.sscard_sim import CardFaults

pytestmark = [pytest.mark.serial, pytest.mark.usefixtures("pcsc")]


@pytest.fixture
def rig() -> Iterator[VpcdRig]:
    yield from vpcd_rig()


@pytest.mark.parametrize(("where", "sw"), [("select", "6283"), ("pin", "6983")])
def test_locked_card_is_refused_with_the_unlock_message(rig: VpcdRig, where: str, sw: str) -> None:
    scripted = rig.insert(resident_card(50), CardFaults(locked=where))
    result = rig.driver.read_card()
    assert isinstance(result, CitizenCardFailure)
    assert result.kind is CitizenCardFailureKind.LOCKED
    assert result.message_key == "citizencard.locked"
    assert sw in result.detail
    # Nothing of the cardholder was read after the lock was seen.
    assert scripted.commands == (1 if where == "select" else 2)
