"""Fault: a slow reader that answers after the driver's timeout."""

from __future__ import annotations

from idcard_helpers import is_card, read_until, rig, sample_card

from devices.idcard.emulator import Fault
from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind, IdCardReaderStatus


def test_slow_reader_times_out_then_recovers_when_it_is_fast_again() -> None:
    with rig(timeout_s=0.6, slow_s=1.5) as (emulator, reader):
        emulator.place(sample_card("I"))
        emulator.inject(Fault.SLOW)
        result = reader.read_card()
        assert isinstance(result, IdCardFailure)
        assert result.kind is IdCardFailureKind.TIMEOUT
        assert result.message_key == "idcard.read_failed"
        assert reader.status() is IdCardReaderStatus.FAULT
        emulator.clear_faults()
        assert emulator.wait_idle()
        # The lost answers may have announced the card: the resident is asked to lift it.
        waiting = reader.read_card()
        assert isinstance(waiting, IdCardFailure)
        assert waiting.kind is IdCardFailureKind.CARD_NOT_REMOVED
        emulator.lift()
        emulator.place(sample_card("I"))
        # Late answers to the timed-out commands must not be taken for new ones.
        card = read_until(reader, is_card)
        assert isinstance(card, IdCardData) and card == sample_card("I")
