"""Reading every card kind through the real driver and a pty, at the reader's poll pace."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from idcard_helpers import is_card, read_until, rig, sample_card

from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind, IdCardReaderStatus
from kiosk.base.clock import ManualClock


@pytest.mark.parametrize("code", ["R0001", "R0117", "J", "I", "Y"])
def test_reads_each_card_kind_exactly(code: str) -> None:
    with rig() as (emulator, reader):
        assert reader.status() is IdCardReaderStatus.READY
        card = sample_card(code)
        emulator.place(card)
        result = reader.read_card()
        assert isinstance(result, IdCardData)
        assert result == card  # every text field, the kind and the opaque photo
        assert len(result.photo_wlt) == 1024
        assert reader.status() is IdCardReaderStatus.CARD_PRESENT


def test_fingerprint_variant_returns_the_fingerprint_block() -> None:
    with rig(fingerprint=True) as (emulator, reader):
        card = dataclasses.replace(sample_card("R0003"), fingerprint=bytes(range(256)) * 4)
        emulator.place(card)
        result = reader.read_card()
        assert isinstance(result, IdCardData)
        assert result.fingerprint == card.fingerprint
        assert emulator.stats.commands["3010"] == 1


def test_empty_pad_reports_no_card_until_a_card_arrives() -> None:
    with rig() as (emulator, reader):
        first = reader.read_card()
        assert isinstance(first, IdCardFailure) and first.kind is IdCardFailureKind.NO_CARD
        assert first.message_key == "idcard.place_card"
        emulator.place(sample_card("R0004"))
        assert is_card(read_until(reader, is_card))


def test_polling_is_never_faster_than_every_300_ms() -> None:
    with rig() as (emulator, reader):
        for _ in range(4):
            reader.read_card()
        # Measured where the reader receives the find commands, not inside the driver.
        seen = emulator.stats.find_times
        gaps = [b - a for a, b in itertools.pairwise(seen)]
        assert len(gaps) == 3 and min(gaps) >= 0.29


def test_pacing_sleeps_on_the_injected_clock() -> None:
    with rig() as (emulator, _):
        from devices.idcard.ga467 import Ga467Reader

        clock = ManualClock()
        reader = Ga467Reader(emulator.port, clock, timeout_s=1.0)
        try:
            reader.read_card()
            before = clock.monotonic()
            reader.read_card()
            # The manual clock moved by the poll interval instead of the test waiting.
            assert clock.monotonic() - before == pytest.approx(0.3)
        finally:
            reader.close()


def test_baud_switch_command_moves_both_ends_to_the_new_rate() -> None:
    with rig(baud=115200, switch_to_baud=38400) as (emulator, reader):
        emulator.place(sample_card("J"))
        result = reader.read_card()
        assert isinstance(result, IdCardData) and result == sample_card("J")
        assert emulator.stats.commands["6002"] == 1
        assert emulator.baud == 38400 and reader.line_baud == 38400


def test_mismatched_baud_garbles_the_line_instead_of_working() -> None:
    with rig(baud=115200) as (emulator, reader):
        emulator.baud = 9600  # the reader was left at another rate
        emulator.place(sample_card("R0005"))
        result = reader.read_card()
        assert isinstance(result, IdCardFailure)
        assert result.kind in (IdCardFailureKind.CHECKSUM, IdCardFailureKind.TIMEOUT)
