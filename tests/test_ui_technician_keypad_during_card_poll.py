"""Watching the card slot on the sign-in screen never greys the PIN keypad out.

The sign-in looks for a technician card every ``card_poll_s``. Those looks once
ran as "busy" jobs, so for a moment at every look the keypad was disabled and
"Checking…" flashed: a digit tapped then was lost (a scenario run failed on it).
Here the slot is looked at many times while the sign-in is open; the screen must
never have been busy, and a PIN typed meanwhile opens the technician screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from technician_support import TEST_PIN, hold_status_bar, sign_out, technician, type_pin
from ui_support import WAIT_MS, kiosk_harness, wait_for

from devices.citizen_card.protocol import CitizenCardReaderStatus
from kiosk.app.technician.pin import hash_pin
from kiosk.base.config.loader import parse_config

LOOKS = 8


def test_the_card_slot_watch_does_not_disable_the_keypad(
        qapp: Any, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = parse_config({"technician": {"pin_hash": hash_pin(TEST_PIN)}},
                          "<keypad during card poll test>")
    with kiosk_harness(tmp_path / "kiosk-data", config) as k:
        wait_for(qtbot, k.ui, "homeScreen")
        assert k.rt.devices is not None and k.rt.devices.citizen_card is not None
        reader = k.rt.devices.citizen_card
        looks: list[CitizenCardReaderStatus] = []
        real_status = reader.status

        def counted_status() -> CitizenCardReaderStatus:
            looks.append(real_status())
            return looks[-1]

        # A spy on the reader (not on the screen under test): it counts the slot's looks.
        monkeypatch.setattr(reader, "status", counted_status)
        busy_seen: list[bool] = []
        technician(k).busyChanged.connect(lambda: busy_seen.append(technician(k).busy))

        hold_status_bar(qtbot, k)
        keypad = wait_for(qtbot, k.ui, "technicianKeypad")
        looks.clear()
        qtbot.waitUntil(lambda: len(looks) >= LOOKS, timeout=WAIT_MS * 2)
        assert all(s is not CitizenCardReaderStatus.CARD_PRESENT for s in looks)
        assert busy_seen == [], "an empty card slot made the sign-in screen busy"
        assert keypad.isEnabled()

        # Typing while the slot is still being watched: every digit counts.
        type_pin(qtbot, k, TEST_PIN)
        wait_for(qtbot, k.ui, "technicianScreen")
        assert technician(k).method == "pin"
        sign_out(qtbot, k)
