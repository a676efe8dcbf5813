"""Fault: the resident leaves the card on the pad after a successful read."""

from __future__ import annotations

from idcard_helpers import is_card, read_until, rig, sample_card

from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind


def test_card_left_on_the_pad_is_not_read_twice() -> None:
    with rig() as (emulator, reader):
        emulator.place(sample_card("R0040"))
        assert isinstance(reader.read_card(), IdCardData)
        for _ in range(3):
            again = reader.read_card()
            assert isinstance(again, IdCardFailure)
            assert again.kind is IdCardFailureKind.CARD_NOT_REMOVED
            assert again.message_key == "idcard.lift_card"
        assert emulator.stats.commands["3001"] == 1  # read once, not four times
        emulator.lift()
        gone = reader.read_card()
        assert isinstance(gone, IdCardFailure) and gone.kind is IdCardFailureKind.NO_CARD
        emulator.place(sample_card("R0041"))
        card = read_until(reader, is_card)
        assert isinstance(card, IdCardData) and card == sample_card("R0041")


def test_placing_the_next_card_without_a_gap_is_found() -> None:
    with rig() as (emulator, reader):
        emulator.place(sample_card("R0042"))
        assert isinstance(reader.read_card(), IdCardData)
        # Swapping cards between polls is a re-entry into the field.
        emulator.place(sample_card("R0043"))
        card = reader.read_card()
        assert isinstance(card, IdCardData) and card == sample_card("R0043")
