"""Fault: the reader is unplugged, then plugged back in."""

from __future__ import annotations

from idcard_helpers import is_card, read_until, rig, sample_card

from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind, IdCardReaderStatus


def test_unplug_reports_disconnected_and_replug_reconnects() -> None:
    with rig(reconnect_interval_s=0.1) as (emulator, reader):
        assert reader.status() is IdCardReaderStatus.READY
        emulator.unplug()
        lost = reader.read_card()
        assert isinstance(lost, IdCardFailure)
        assert lost.kind is IdCardFailureKind.DISCONNECTED
        assert lost.message_key == "device.reader_disconnected"
        for _ in range(3):
            assert reader.status() is IdCardReaderStatus.DISCONNECTED
            again = reader.read_card()
            assert isinstance(again, IdCardFailure)
            assert again.kind is IdCardFailureKind.DISCONNECTED
        emulator.replug()
        emulator.place(sample_card("R0020"))
        card = read_until(reader, is_card)
        assert isinstance(card, IdCardData) and card == sample_card("R0020")
        assert reader.stats.reconnects == 2
        assert reader.status() is IdCardReaderStatus.CARD_PRESENT


def test_a_reader_that_is_absent_at_start_is_picked_up_later() -> None:
    with rig(reconnect_interval_s=0.1) as (emulator, reader):
        reader.close()
        emulator.unplug()
        assert reader.status() is IdCardReaderStatus.DISCONNECTED
        emulator.replug()
        emulator.place(sample_card("R0021"))
        assert is_card(read_until(reader, is_card))
