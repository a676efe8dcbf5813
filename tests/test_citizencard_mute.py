"""Fault: the card stops answering (through pcscd and vpcd); the kiosk must not hang."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from citizencard_support import VpcdRig, resident_card, vpcd_rig, wait_until

from devices.citizen_card.protocol import (
    CitizenCardFailure,
    CitizenCardFailureKind,
    CitizenCardReaderStatus,
)
from devices.citizen_card.sscard_sim import CardFaults

pytestmark = [pytest.mark.serial, pytest.mark.usefixtures("pcsc")]
READ_TIMEOUT_S = 0.6


@pytest.fixture
def rig() -> Iterator[VpcdRig]:
    yield from vpcd_rig(read_timeout_s=READ_TIMEOUT_S)


@pytest.mark.parametrize("apdu", [1, 7])
def test_mute_card_gives_a_failure_not_a_hang(rig: VpcdRig, apdu: int) -> None:
    rig.insert(resident_card(30), CardFaults(mute_at_apdu=apdu))
    started = time.monotonic()
    result = rig.driver.read_card()
    # Generous bound: the point is that read_card returns while the card stays silent.
    assert time.monotonic() - started < READ_TIMEOUT_S + 5
    assert isinstance(result, CitizenCardFailure)
    assert result.kind is CitizenCardFailureKind.MUTE
    assert result.message_key == "citizencard.read_failed"


def test_reads_while_blocked_fail_at_once_and_status_stays_cheap(rig: VpcdRig) -> None:
    scripted = rig.insert(resident_card(31), CardFaults(mute_at_apdu=3))
    assert isinstance(rig.driver.read_card(), CitizenCardFailure)
    # pcscd is still waiting on the silent card; the driver neither queues behind it
    # nor stops answering status polls.
    again = rig.driver.read_card()
    assert again == CitizenCardFailure(CitizenCardFailureKind.MUTE, "previous read still blocked")
    assert rig.driver.status() is CitizenCardReaderStatus.CARD_PRESENT
    assert scripted.commands == 3


def test_after_pulling_a_mute_card_a_good_card_reads(rig: VpcdRig) -> None:
    rig.insert(resident_card(32), CardFaults(mute_at_apdu=2))
    assert isinstance(rig.driver.read_card(), CitizenCardFailure)
    rig.remove()
    rig.insert(resident_card(33))
    # The blocked read ends once the silent card leaves; the next read goes through.
    assert wait_until(lambda: rig.driver.read_card() == resident_card(33))
