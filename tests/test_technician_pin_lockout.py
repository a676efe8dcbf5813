"""Wrong technician PINs: a countdown, then a lock that doubles up to a cap and survives restarts."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kiosk.app.technician.pin import (
    PinAccepted,
    PinGate,
    PinLocked,
    PinNotSet,
    PinWrong,
    hash_pin,
)
from kiosk.base.clock import ManualClock
from kiosk.base.events import collected
from kiosk.base.events.catalogue import TechnicianLockedOut

PIN = "730519"


@pytest.fixture(scope="module")
def encoded() -> str:
    return hash_pin(PIN)


def _gate(path: Path, clock: ManualClock, encoded: str | None) -> PinGate:
    return PinGate(path, clock, encoded, attempts=3, base_s=30, cap_s=200)


def test_countdown_then_doubling_lock_capped(tmp_path: Path, encoded: str) -> None:
    clock = ManualClock()
    gate = _gate(tmp_path / "technician-pin.json", clock, encoded)
    assert [gate.attempt("111111") for _ in range(3)] == [PinWrong(2), PinWrong(1), PinWrong(0)]
    assert gate.locked_for() == 0.0
    delays = []
    for _ in range(5):
        with collected() as events:
            outcome = gate.attempt("111111")
        assert isinstance(outcome, PinLocked)
        delays.append(outcome.retry_after_s)
        locked = [e for e in events if isinstance(e, TechnicianLockedOut)]
        assert [(e.retry_after_s, e.failures) for e in locked] == [
            (outcome.retry_after_s, 3 + len(delays))]
        assert gate.locked_for() == outcome.retry_after_s
        clock.advance(outcome.retry_after_s)
        assert gate.locked_for() == 0.0
    assert delays == [30, 60, 120, 200, 200]


def test_locked_gate_does_not_check_even_the_right_pin(tmp_path: Path, encoded: str) -> None:
    clock = ManualClock()
    gate = _gate(tmp_path / "technician-pin.json", clock, encoded)
    for _ in range(4):
        gate.attempt("111111")
    clock.advance(10)
    assert gate.attempt(PIN) == PinLocked(20.0)
    with collected() as events:
        assert gate.attempt("222222") == PinLocked(20.0)  # no new lock, no event
    assert not events
    clock.advance(20)
    assert gate.attempt(PIN) == PinAccepted()


def test_right_pin_resets_the_count(tmp_path: Path, encoded: str) -> None:
    clock = ManualClock()
    gate = _gate(tmp_path / "technician-pin.json", clock, encoded)
    gate.attempt("111111")
    gate.attempt("111111")
    assert gate.attempt(PIN) == PinAccepted()
    assert gate.attempt("111111") == PinWrong(2)


def test_lock_survives_a_new_gate_on_the_same_file(tmp_path: Path, encoded: str) -> None:
    clock = ManualClock()
    path = tmp_path / "technician-pin.json"
    gate = _gate(path, clock, encoded)
    for _ in range(4):
        gate.attempt("111111")
    clock.advance(5)
    restarted = _gate(path, clock, encoded)
    assert restarted.locked_for() == 25.0
    assert restarted.attempt(PIN) == PinLocked(25.0)
    clock.advance(25)
    # The count survived too: the next wrong PIN doubles the delay.
    assert restarted.attempt("111111") == PinLocked(60.0)


def test_state_file_is_private_and_holds_no_pin(tmp_path: Path, encoded: str) -> None:
    path = tmp_path / "technician-pin.json"
    gate = _gate(path, ManualClock(), encoded)
    gate.attempt("111111")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="ascii")
    assert json.loads(text)["failures"] == 1
    assert "111111" not in text and PIN not in text and encoded not in text
    assert not list(tmp_path.glob("*.tmp"))


def test_clock_set_back_never_locks_longer_than_the_cap(tmp_path: Path, encoded: str) -> None:
    path = tmp_path / "technician-pin.json"
    clock = ManualClock()
    gate = _gate(path, clock, encoded)
    for _ in range(4):
        gate.attempt("111111")
    state = json.loads(path.read_text(encoding="ascii"))
    state["locked_until"] += 10 * 86400  # as if the wall clock had gone back ten days
    path.write_text(json.dumps(state), encoding="ascii")
    assert gate.locked_for() == 200.0


def test_reset_ends_the_lock(tmp_path: Path, encoded: str) -> None:
    clock = ManualClock()
    gate = _gate(tmp_path / "technician-pin.json", clock, encoded)
    for _ in range(5):
        gate.attempt("111111")
    assert gate.locked_for() > 0
    gate.reset()
    assert gate.locked_for() == 0.0
    assert gate.attempt("111111") == PinWrong(2)


def test_no_pin_set(tmp_path: Path) -> None:
    path = tmp_path / "technician-pin.json"
    gate = _gate(path, ManualClock(), None)
    assert gate.attempt("730519") == PinNotSet()
    assert not path.exists()


def test_bad_policy_or_hash_is_refused_at_construction(tmp_path: Path, encoded: str) -> None:
    with pytest.raises(ValueError):
        PinGate(tmp_path / "x.json", ManualClock(), encoded, attempts=0, base_s=30, cap_s=60)
    with pytest.raises(ValueError):
        PinGate(tmp_path / "x.json", ManualClock(), encoded, attempts=3, base_s=30, cap_s=10)
    with pytest.raises(ValueError):
        PinGate(tmp_path / "x.json", ManualClock(), "scrypt$1$2", attempts=3, base_s=30,
                cap_s=60)
