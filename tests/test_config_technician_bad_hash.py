"""A ``[technician] pin_hash`` that is not a scrypt PIN hash is refused with the fix, not echoed."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.app.technician.pin import hash_pin
from kiosk.base.config import ConfigError, TechnicianConfig, load_config, parse_config


def test_default_section_when_absent() -> None:
    assert parse_config({}).technician == TechnicianConfig()
    assert parse_config({}).technician.pin_hash is None


def test_a_real_hash_loads_from_a_file(tmp_path: Path) -> None:
    encoded = hash_pin("730519")
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[technician]\npin_hash = "{encoded}"\nidle_s = 120\n', encoding="utf-8")
    section = load_config(path).technician
    assert section.pin_hash == encoded and section.idle_s == 120


@pytest.mark.parametrize("value", [
    "730519",                                    # the PIN itself pasted in by mistake
    "scrypt$16384$8$1$c2FsdA==$aGFzaA==",        # salt and hash far too short
    "scrypt$16000$8$1$" + "A" * 24 + "$" + "A" * 44,
    "argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaA",
])
def test_bad_hash_names_the_key_and_the_command_without_echoing_it(value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"technician": {"pin_hash": value}})
    (problem,) = caught.value.problems
    assert problem.startswith("technician.pin_hash ")
    assert "kiosk technician pin" in problem
    assert value not in problem


def test_lockout_cap_below_base_is_refused() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"technician": {"lockout_base_s": 600, "lockout_cap_s": 60}})
    assert caught.value.problems == [
        "technician.lockout_cap_s must not be shorter than technician.lockout_base_s. "
        "Fix: raise lockout_cap_s or lower lockout_base_s"]


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"technician": {"pin_hash": "nope", "pin_attempts": 0, "idle_s": "300"}})
    keys = sorted(p.split(" ")[0] for p in caught.value.problems)
    assert keys == ["technician.idle_s", "technician.pin_attempts", "technician.pin_hash"]
