"""``kiosk technician unlock`` clears a terminal's PIN lock-out, which otherwise outlives restarts."""

from __future__ import annotations

from pathlib import Path

from ops_support import kiosk, no_traceback

from kiosk.app.technician.pin import PIN_STATE_FILE, PinGate, PinLocked, PinWrong, hash_pin
from kiosk.base.clock import SystemClock


def _locked_gate(data: Path, encoded: str) -> PinGate:
    gate = PinGate(data / PIN_STATE_FILE, SystemClock(), encoded, attempts=2, base_s=600,
                   cap_s=3600)
    for _ in range(3):
        gate.attempt("111111")
    assert isinstance(gate.attempt("730519"), PinLocked)
    return gate


def test_unlock_ends_the_lock_and_the_count(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    encoded = hash_pin("730519")
    gate = _locked_gate(data, encoded)
    done = kiosk("technician", "unlock", data_dir=data)
    no_traceback(done)
    assert done.returncode == 0, done.stderr
    assert "unlocked" in done.stdout and "was locked for" in done.stdout
    assert not (data / PIN_STATE_FILE).exists()
    assert gate.locked_for() == 0.0
    assert gate.attempt("111111") == PinWrong(1)


def test_unlock_uses_the_configured_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[technician]\npin_hash = "{hash_pin("730519")}"\npin_attempts = 2\n',
                      encoding="utf-8")
    _locked_gate(data, hash_pin("730519"))
    done = kiosk("technician", "unlock", data_dir=data, config=config)
    assert done.returncode == 0, done.stderr
    assert not (data / PIN_STATE_FILE).exists()


def test_unlock_when_not_locked_says_so(tmp_path: Path) -> None:
    done = kiosk("technician", "unlock", data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert "was not locked" in done.stdout


def test_unlock_with_a_broken_config_names_the_problem(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[technician]\npin_hash = "730519"\n', encoding="utf-8")
    done = kiosk("technician", "unlock", data_dir=tmp_path / "data", config=config)
    no_traceback(done)
    assert done.returncode != 0
    assert "technician.pin_hash" in done.stdout + done.stderr
    assert "730519" not in done.stdout + done.stderr
