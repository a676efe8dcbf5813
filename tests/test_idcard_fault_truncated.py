"""Fault: the read answer stops half-way (a frame truncated on the wire)."""

from __future__ import annotations

from idcard_helpers import is_card, read_until, rig, sample_card

from devices.idcard.emulator import Fault
from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind


def test_truncated_frame_times_out_and_the_next_read_is_not_confused() -> None:
    with rig(timeout_s=0.5) as (emulator, reader):
        emulator.place(sample_card("Y"))
        emulator.inject(Fault.TRUNCATED)
        result = reader.read_card()
        assert isinstance(result, IdCardFailure)
        assert result.kind is IdCardFailureKind.TIMEOUT
        assert "read" in result.detail
        assert result.message_key == "idcard.read_failed"
        # The half frame left in the decoder must not swallow the next answers.
        emulator.lift()
        emulator.place(sample_card("Y"))
        again = read_until(reader, is_card)
        assert isinstance(again, IdCardData) and again == sample_card("Y")
