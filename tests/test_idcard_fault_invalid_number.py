"""Fault: a card whose identity number fails the GB 11643 check digit."""

from __future__ import annotations

import dataclasses

import pytest
from idcard_helpers import rig, sample_card

from devices.idcard.protocol import IdCardFailure, IdCardFailureKind


def _broken(number: str) -> str:
    return number[:-1] + ("1" if number[-1] != "1" else "2")


@pytest.mark.parametrize("code", ["R0030", "J", "Y"])
def test_bad_check_digit_is_refused_with_an_explanation(code: str) -> None:
    with rig() as (emulator, reader):
        good = sample_card(code)
        emulator.place(dataclasses.replace(good, id_number=_broken(good.id_number)))
        result = reader.read_card()
        assert isinstance(result, IdCardFailure)
        assert result.kind is IdCardFailureKind.INVALID_NUMBER
        assert result.message_key == "idcard.invalid_number"
        assert "check" in result.detail


def test_malformed_2017_foreigner_number_is_refused() -> None:
    with rig() as (emulator, reader):
        card = dataclasses.replace(sample_card("I"), id_number="U5A330585031599")
        emulator.place(card)
        result = reader.read_card()
        assert isinstance(result, IdCardFailure)
        assert result.kind is IdCardFailureKind.INVALID_NUMBER
