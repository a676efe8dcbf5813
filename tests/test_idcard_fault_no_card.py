"""Fault: no card on the pad."""

from __future__ import annotations

from idcard_helpers import rig

from devices.idcard.protocol import IdCardFailure, IdCardFailureKind, IdCardReaderStatus


def test_no_card_is_a_typed_failure_with_a_place_card_message() -> None:
    with rig() as (emulator, reader):
        for _ in range(2):
            result = reader.read_card()
            assert isinstance(result, IdCardFailure)
            assert result.kind is IdCardFailureKind.NO_CARD
            assert result.message_key == "idcard.place_card"
        # The reader only tried to find; it never selected or read an absent card.
        assert emulator.stats.commands["2001"] == 2
        assert emulator.stats.commands["3001"] == 0
        assert reader.status() is IdCardReaderStatus.READY
