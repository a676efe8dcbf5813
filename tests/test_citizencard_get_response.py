"""Fault: cards that answer 61xx (GET RESPONSE) or 6Cxx (resend with Le)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from citizencard_support import VpcdRig, resident_card, vpcd_rig

from devices.citizen_card import sscard
from devices.citizen_card.protocol import CitizenCardFailure, CitizenCardFailureKind
from devices.citizen_card.sscard import SSSE_LAYOUT, TransportError
from devices.citizen_card.sscard_sim import CardFaults


@pytest.fixture
def rig() -> Iterator[VpcdRig]:
    yield from vpcd_rig()


@pytest.mark.serial
@pytest.mark.usefixtures("pcsc")
def test_61xx_chains_are_followed_through_pcscd(rig: VpcdRig) -> None:
    scripted = rig.insert(resident_card(70), CardFaults(chained=True))
    assert rig.driver.read_card() == resident_card(70)
    # 8-byte GET RESPONSE pieces: far more commands than the 12 of a plain read.
    assert scripted.commands > 20


@pytest.mark.serial
@pytest.mark.usefixtures("pcsc")
def test_6cxx_is_answered_by_resending_with_the_right_le(rig: VpcdRig) -> None:
    scripted = rig.insert(resident_card(71), CardFaults(le_mismatch=True))
    assert rig.driver.read_card() == resident_card(71)
    assert scripted.commands == 2 + 2 * len(SSSE_LAYOUT.fields)


@pytest.mark.serial
@pytest.mark.usefixtures("pcsc")
def test_both_at_once(rig: VpcdRig) -> None:
    rig.insert(resident_card(72), CardFaults(chained=True, le_mismatch=True))
    assert rig.driver.read_card() == resident_card(72)


def _script(*replies: str) -> tuple[list[bytes], sscard.Transmit]:
    queue = [bytes.fromhex(r) for r in replies]
    sent: list[bytes] = []

    def transmit(apdu: bytes) -> bytes:
        sent.append(apdu)
        return queue.pop(0)

    return sent, transmit


def test_get_response_uses_the_announced_length() -> None:
    sent, transmit = _script("6105", "0102039000")
    resp = sscard.exchange(transmit, bytes.fromhex("00B2072C0B"))
    assert sent[1] == bytes.fromhex("00C0000005")
    assert (resp.data, resp.sw) == (bytes.fromhex("010203"), 0x9000)


def test_6cxx_is_followed_once_only() -> None:
    sent, transmit = _script("6C0B", "6C0C")
    resp = sscard.exchange(transmit, bytes.fromhex("00B2072C05"))
    assert sent == [bytes.fromhex("00B2072C05"), bytes.fromhex("00B2072C0B")]
    assert resp.sw == 0x6C0C


def test_6cxx_on_a_command_without_le_is_not_followed() -> None:
    sent, transmit = _script("6C10")
    resp = sscard.exchange(transmit, SSSE_LAYOUT.select_apdu())
    assert len(sent) == 1 and resp.sw == 0x6C10


def test_an_endless_61xx_chain_is_cut_off() -> None:
    sent: list[bytes] = []

    def transmit(apdu: bytes) -> bytes:
        sent.append(apdu)
        return bytes.fromhex("AA6101")

    with pytest.raises(TransportError):
        sscard.exchange(transmit, bytes.fromhex("00B2072C0B"))
    assert len(sent) == sscard.MAX_GET_RESPONSE_ROUNDS + 1


def test_6cxx_with_a_length_the_layout_does_not_allow_fails_the_read() -> None:
    card_number = next(f for f in SSSE_LAYOUT.fields if f.attr == "card_number")
    record = sscard.encode_record(card_number, "A00000001")
    replies = ["9000", "63C3", *(["6C0C", record.hex() + "00" + "9000"])]
    _sent, transmit = _script(*replies)
    layout = sscard.CardLayout("one", SSSE_LAYOUT.df_name, (card_number,))
    result = sscard.read_card(transmit, layout, dt.date(2026, 1, 5))
    assert isinstance(result, CitizenCardFailure)
    assert result.kind is CitizenCardFailureKind.READ_FAILED
