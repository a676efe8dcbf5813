"""Fault: a card that is not a social-security card (through pcscd and vpcd)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from citizencard_support import VpcdRig, resident_card, vpcd_rig, wait_until

from devices.citizen_card.protocol import (
    CitizenCardFailure,
    CitizenCardFailureKind,
    CitizenCardReaderStatus,
)
from devices.citizen_card.sscard import SSSE_LAYOUT
from devices.citizen_card.sscard_sim import CardFaults, ScriptedSsCard

pytestmark = [pytest.mark.serial, pytest.mark.usefixtures("pcsc")]


@pytest.fixture
def rig() -> Iterator[VpcdRig]:
    yield from vpcd_rig()


def test_card_without_the_ssse_application_is_a_wrong_card(rig: VpcdRig) -> None:
    rig.insert(resident_card(40), CardFaults(wrong_card=True))
    result = rig.driver.read_card()
    assert isinstance(result, CitizenCardFailure)
    assert result.kind is CitizenCardFailureKind.WRONG_CARD
    assert result.message_key == "citizencard.wrong_card"


def test_payment_card_application_is_a_wrong_card(rig: VpcdRig) -> None:
    # A bank card answers to its own payment application name, not to the SSSE one.
    bank = replace(SSSE_LAYOUT, name="payment", df_name=b"1PAY.SYS.DDF01")
    rig.slot.insert(ScriptedSsCard(resident_card(41), bank))
    assert wait_until(lambda: rig.driver.status() is CitizenCardReaderStatus.CARD_PRESENT)
    result = rig.driver.read_card()
    assert isinstance(result, CitizenCardFailure)
    assert result.kind is CitizenCardFailureKind.WRONG_CARD
