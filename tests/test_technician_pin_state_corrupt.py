"""A lock-out state file that cannot be read counts as locked for the base delay (fail closed)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kiosk.app.technician.pin import PinAccepted, PinGate, PinLocked, PinWrong, hash_pin
from kiosk.base.clock import ManualClock

PIN = "730519"


@pytest.fixture(scope="module")
def encoded() -> str:
    return hash_pin(PIN)


@pytest.mark.parametrize("content", [
    b"", b"{", b"\xff\xfe", b"[]", b'{"failures": -1, "locked_until": null}',
    b'{"failures": "0", "locked_until": null}', b'{"failures": 0, "locked_until": "soon"}',
    b'{"failures": true, "locked_until": null}', b'{"locked_until": null}',
])
def test_corrupt_file_locks_for_base_and_is_rewritten(
        tmp_path: Path, encoded: str, content: bytes) -> None:
    path = tmp_path / "technician-pin.json"
    path.write_bytes(content)
    clock = ManualClock()
    gate = PinGate(path, clock, encoded, attempts=3, base_s=30, cap_s=200)
    assert gate.attempt(PIN) == PinLocked(30.0)
    rewritten = json.loads(path.read_text(encoding="ascii"))
    assert rewritten["failures"] == 3
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    clock.advance(30)
    # The count was unknown, so it was taken as used up: one more wrong PIN locks again.
    assert gate.attempt("111111") == PinLocked(30.0)
    clock.advance(30)
    assert gate.attempt(PIN) == PinAccepted()
    assert gate.attempt("111111") == PinWrong(2)


def test_unreadable_and_unwritable_state_stays_locked(tmp_path: Path, encoded: str) -> None:
    path = tmp_path / "technician-pin.json"
    path.mkdir()  # reading it fails, and so does replacing it
    clock = ManualClock()
    gate = PinGate(path, clock, encoded, attempts=3, base_s=30, cap_s=200)
    assert gate.attempt(PIN) == PinLocked(30.0)
    clock.advance(3600)
    assert gate.locked_for() == 30.0
    assert gate.attempt(PIN) == PinLocked(30.0)
