"""Fault: a mute GA 467 reader (answers nothing), switched on and off through the fault switches."""

from __future__ import annotations

import dataclasses

from idcard_helpers import is_card, read_until, rig, sample_card

from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind


def test_mute_reader_times_out_and_recovers_when_cleared() -> None:
    with rig(timeout_s=0.5) as (emulator, reader):
        emulator.faults.set("mute")
        emulator.place(sample_card("R0011"))
        result = reader.read_card()
        assert isinstance(result, IdCardFailure) and result.kind is IdCardFailureKind.TIMEOUT
        assert emulator.faults.active() == {"mute": None}  # standing until cleared
        emulator.faults.clear()
        card = read_until(reader, is_card)
        assert isinstance(card, IdCardData) and card == sample_card("R0011")


def test_invalid_number_fault_sends_a_number_failing_its_check_digit() -> None:
    with rig() as (emulator, reader):
        emulator.faults.set("invalid_number", times=1)
        good = sample_card("R0012")
        emulator.place(good)
        result = reader.read_card()
        assert isinstance(result, IdCardFailure)
        assert result.kind is IdCardFailureKind.INVALID_NUMBER
        assert emulator.faults.active() == {}
        emulator.lift()
        emulator.place(dataclasses.replace(good))
        card = read_until(reader, is_card)
        assert card == good


def test_card_not_removed_fault_ignores_the_lift() -> None:
    with rig() as (emulator, reader):
        emulator.place(sample_card("R0013"))
        assert isinstance(reader.read_card(), IdCardData)
        emulator.faults.set("card_not_removed")
        emulator.lift()
        stays = reader.read_card()
        assert isinstance(stays, IdCardFailure)
        assert stays.kind is IdCardFailureKind.CARD_NOT_REMOVED
        emulator.faults.clear()
        emulator.lift()
        gone = reader.read_card()
        assert isinstance(gone, IdCardFailure) and gone.kind is IdCardFailureKind.NO_CARD
