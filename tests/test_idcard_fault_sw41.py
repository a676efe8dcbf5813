"""Fault: the reader answers SW 41 (read failed)."""

from __future__ import annotations

from idcard_helpers import is_card, read_until, rig, sample_card

from devices.idcard.emulator import Fault
from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind


def test_sw41_asks_to_lift_and_replace_then_reads_after_replacement() -> None:
    with rig() as (emulator, reader):
        emulator.place(sample_card("J"))
        emulator.inject(Fault.SW41)
        failed = reader.read_card()
        assert isinstance(failed, IdCardFailure)
        assert failed.kind is IdCardFailureKind.READ_FAILED
        assert failed.message_key == "idcard.read_failed"
        assert "41" in failed.detail
        # Until the card leaves the field the reader will not find it again.
        waiting = reader.read_card()
        assert isinstance(waiting, IdCardFailure)
        assert waiting.kind is IdCardFailureKind.CARD_NOT_REMOVED
        emulator.lift()
        emulator.place(sample_card("J"))
        again = read_until(reader, is_card)
        assert isinstance(again, IdCardData) and again == sample_card("J")
