"""Identity numbers, tracking codes, the clock and the configuration loader."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.base import idnumber, tracking
from kiosk.base.clock import ManualClock
from kiosk.base.config import ConfigError, default_config, load_config, parse_config
from kiosk.devtools.residents import COUNTY_CODE, demo_residents, resident


def test_check_digit_known_example() -> None:
    # The worked example from GB 11643-1999's appendix.
    assert idnumber.check_digit("11010519491231002") == "X"
    assert idnumber.validate("11010519491231002X") is None


@pytest.mark.parametrize(
    ("number", "key"),
    [
        ("11010519491231002", "id.bad_length"),
        ("11010519491231002Y", "id.bad_characters"),
        ("110105194913310021", "id.bad_birth_date"),
        ("110105194912310021", "id.bad_check_digit"),
    ],
)
def test_bad_numbers_are_explained(number: str, key: str) -> None:
    problem = idnumber.validate(number)
    assert problem is not None and problem.key == key


def test_masking_hides_the_middle() -> None:
    assert idnumber.mask("330599195409134273") == "330***********4273"
    assert idnumber.mask_name("姚伟超") == "姚**"
    assert idnumber.mask_phone("19905990001") == "199****0001"


def test_demo_residents_are_fictional_valid_and_stable() -> None:
    people = demo_residents()
    assert len(people) >= 200
    assert len({p.id_number for p in people}) == len(people)
    for p in people:
        assert p.id_number.startswith(COUNTY_CODE)
        assert idnumber.validate(p.id_number) is None
    # Generated in code: the same in a fresh interpreter.
    out = subprocess.run(
        [sys.executable, "-c",
         "from kiosk.devtools.residents import resident; r=resident('R0042'); print(r.id_number, r.name)"],
        capture_output=True, text=True, check=True)
    r42 = resident("R0042")
    assert out.stdout.strip() == f"{r42.id_number} {r42.name}"
    with pytest.raises(KeyError):
        resident("R9999")


def test_tracking_codes_check_and_normalise() -> None:
    codes = {tracking.new_code("K7Q4") for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert tracking.is_valid(code)
        assert tracking.is_valid(tracking.display(code).lower())
        # Every single-character substitution is caught by the check character.
        for i, ch in enumerate(code[:-1]):
            other = "0" if ch != "0" else "1"
            assert not tracking.is_valid(code[:i] + other + code[i + 1:])
    assert tracking.normalise("k7q4-o1il") == "K7Q40111"
    with pytest.raises(ValueError):
        tracking.new_code("KU")


def test_manual_clock_moves_only_when_told() -> None:
    clock = ManualClock()
    t, w = clock.monotonic(), clock.now()
    clock.sleep(2.5)
    assert clock.monotonic() - t == 2.5
    assert (clock.now() - w).total_seconds() == 2.5
    with pytest.raises(ValueError):
        clock.advance(-1)


def test_default_profile_is_simulated() -> None:
    cfg = default_config()
    assert cfg.is_simulation
    assert all(dev.driver in ("memory", "simulated", "zxing", "pyzbar")
               for dev in cfg.devices.values())


def test_production_refuses_simulators_and_names_the_fix() -> None:
    with pytest.raises(ConfigError) as err:
        parse_config({
            "profile": "production",
            "terminal": {"id": "T1", "district": "和睦区"},
            "hub": {"url": "https://hub.example.invalid", "timeout_s": "soon"},
            "devices": {"idcard": {"driver": "memory"}, "scanner": {}},
        })
    text = "\n".join(err.value.problems)
    assert "devices.idcard.driver = 'memory' is a simulator" in text
    assert "hub.timeout_s must be a number" in text
    assert "devices.scanner is not a known device" in text
    assert all("Fix:" in p for p in err.value.problems)


def test_plain_http_hub_only_on_loopback() -> None:
    with pytest.raises(ConfigError) as err:
        parse_config({"hub": {"url": "http://hub.example.invalid"}})
    assert "https" in err.value.problems[0]
    assert parse_config({"hub": {"url": "http://127.0.0.1:8000/"}}).hub.url == "http://127.0.0.1:8000"


def test_load_config_from_env_and_bad_toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = tmp_path / "k.toml"
    good.write_text('[terminal]\nid = "HM-0007"\nlocale = "en_US"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(good))
    cfg = load_config()
    assert cfg.terminal.id == "HM-0007" and cfg.terminal.locale == "en_US"
    bad = tmp_path / "bad.toml"
    bad.write_text("[terminal\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(bad)
    assert "not valid TOML" in err.value.problems[0]


def test_config_check_command_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "prod.toml"
    bad.write_text('profile = "production"\n', encoding="utf-8")
    run = [sys.executable, "-m", "kiosk.cli", "config", "check"]
    ok = subprocess.run(run, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    fail = subprocess.run([*run, "--config", str(bad), "--json"], capture_output=True, text=True)
    assert fail.returncode == 1
    assert "terminal.id is missing" in fail.stdout
