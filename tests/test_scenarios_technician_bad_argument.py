"""A technician step with a word the vocabulary does not know fails with the words it does."""

from __future__ import annotations

import pytest

from kiosk.devtools.scenarios import words
from kiosk.devtools.scenarios.vocabulary import VOCABULARY


def test_an_unknown_check_lists_the_three_checks() -> None:
    with pytest.raises(words.BadArgument, match=r'"test_receipt".*"card_read".*"camera"'):
        words.check("printer")


def test_an_unknown_device_state_lists_the_four_states() -> None:
    with pytest.raises(words.BadArgument, match=r'"ok".*"degraded".*"absent".*"fault"'):
        words.device_state("broken")


def test_a_message_key_not_in_the_catalogue_suggests_the_near_ones() -> None:
    with pytest.raises(words.BadArgument, match=r"technician\.pin_wrong_last") as caught:
        words.message_key("technician.pin_wrong_twice")
    assert "is not in the kiosk's catalogue" in str(caught.value)
    assert words.message_key("technician.card_needs_hub") == "technician.card_needs_hub"


@pytest.mark.parametrize("typed", ["24681a", "", "1234567890123", "２４６８１３"])
def test_a_pin_the_keypad_cannot_type_is_refused(typed: str) -> None:
    with pytest.raises(words.BadArgument, match="1 to 12 digits"):
        words.pin(typed)


def test_the_technician_phrases_exist_in_both_languages() -> None:
    technician = [s for s in VOCABULARY if s.group == "technician"]
    assert {s.en for s in technician} >= {
        "a technician opens the technician sign-in", 'the technician enters the PIN "{pin}"',
        "the technician runs the {check} check", "the technician signs out",
        "the technician leaves the kiosk"}
    assert all(s.zh and s.zh != s.en for s in technician)
