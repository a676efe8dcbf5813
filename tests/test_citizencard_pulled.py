"""Fault: the card is pulled out in the middle of a read (through pcscd and vpcd)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from citizencard_support import VpcdRig, resident_card, vpcd_rig, wait_until

from devices.citizen_card.protocol import (
    CitizenCardData,
    CitizenCardFailure,
    CitizenCardFailureKind,
    CitizenCardReaderStatus,
)
from devices.citizen_card.sscard_sim import CardFaults

pytestmark = [pytest.mark.serial, pytest.mark.usefixtures("pcsc")]


@pytest.fixture
def rig() -> Iterator[VpcdRig]:
    yield from vpcd_rig()


# 1: at SELECT, 2: at the PIN status, 5 and 12: in the middle and at the last record.
@pytest.mark.parametrize("apdu", [1, 2, 5, 12])
def test_pull_mid_read_is_reported_as_removed(rig: VpcdRig, apdu: int) -> None:
    rig.insert(resident_card(20), CardFaults(pull_at_apdu=apdu))
    result = rig.driver.read_card()
    assert isinstance(result, CitizenCardFailure)
    assert result.kind is CitizenCardFailureKind.REMOVED
    assert result.message_key == "citizencard.removed_early"
    assert wait_until(lambda: rig.driver.status() is CitizenCardReaderStatus.NO_CARD)


def test_reinserted_card_reads_after_a_pull(rig: VpcdRig) -> None:
    rig.insert(resident_card(21), CardFaults(pull_at_apdu=6))
    assert isinstance(rig.driver.read_card(), CitizenCardFailure)
    assert wait_until(lambda: rig.driver.status() is CitizenCardReaderStatus.NO_CARD)
    rig.insert(resident_card(21))
    assert rig.driver.read_card() == resident_card(21)


def test_pull_after_a_good_read_is_seen_by_status(rig: VpcdRig) -> None:
    rig.insert(resident_card(22))
    assert isinstance(rig.driver.read_card(), CitizenCardData)
    rig.slot.remove()
    assert wait_until(lambda: rig.driver.status() is CitizenCardReaderStatus.NO_CARD)
    result = rig.driver.read_card()
    assert result == CitizenCardFailure(CitizenCardFailureKind.NO_CARD)
