"""Fault: the reader's answer arrives with a corrupted checksum."""

from __future__ import annotations

from idcard_helpers import is_card, read_until, rig, sample_card

from devices.idcard.emulator import Fault
from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind


def test_corrupted_checksum_is_refused_and_the_resident_is_asked_to_replace_the_card() -> None:
    with rig() as (emulator, reader):
        emulator.place(sample_card("R0010"))
        emulator.inject(Fault.CORRUPT_CHECKSUM)
        result = reader.read_card()
        assert isinstance(result, IdCardFailure)
        assert result.kind is IdCardFailureKind.CHECKSUM
        assert result.message_key == "idcard.read_failed"
        # Lift and place again: the next read is clean and complete.
        emulator.lift()
        emulator.place(sample_card("R0010"))
        again = read_until(reader, is_card)
        assert isinstance(again, IdCardData) and again == sample_card("R0010")
