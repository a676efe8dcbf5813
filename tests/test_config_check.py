"""``kiosk config check`` and ``kiosk doctor`` report every configuration problem with its fix."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from devices.citizen_card import sscard, vpcd
from devices.idcard import ga467
from devices.printer.escpos import CONNECTIONS
from kiosk.app import receipt
from kiosk.base.config import ConfigError, parse_config
from kiosk.base.config import devices as options
from kiosk.devtools.residents import RESIDENT_COUNT

TYPOS = """
[hub]
urll = "https://hub.example.invalid/"

[timeouts]
idle_secs = 60

[devices.idcard]
driver = "ga467"
prot = "/dev/ttyUSB0"

[devices.printer]
driver = "escpos"
connection = "usbb"

[devices.camera]
driver = "simulated"
blur = 99
"""

# (start of the line, what its fix must say) for each mistake in TYPOS
EXPECTED = [
    ("hub.urll is not a key of [hub]", "did you mean url?"),
    ("timeouts.idle_secs is not a key of [timeouts]", "did you mean idle_s?"),
    ("devices.idcard.prot is not an option of the ga467 driver", "did you mean port?"),
    ("devices.idcard.port is missing", 'set port = "/dev/serial/by-id/'),
    ("devices.printer.connection = 'usbb' is not allowed", "(did you mean usb?)"),
    ("devices.camera.blur = 99 is out of range", "use a value from 0 to 20"),
]


def _run(tmp_path: Path, *command: str) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "kiosk.toml"
    config.write_text(TYPOS, encoding="utf-8")
    env = dict(os.environ, KIOSK_DATA_DIR=str(tmp_path / "data"))
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *command, "--json", "--config",
                           str(config)], env=env, capture_output=True, text=True, timeout=120,
                          check=False)


def _matches(problems: list[str]) -> None:
    assert len(problems) == len(EXPECTED), problems
    for start, fix in EXPECTED:
        line = next((p for p in problems if p.startswith(start)), None)
        assert line is not None, (start, problems)
        assert fix in line.split(" Fix: ", 1)[1], line


def test_config_check_names_every_typo_with_its_fix(tmp_path: Path) -> None:
    done = _run(tmp_path, "config", "check")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is False
    _matches(report["problems"])


def test_doctor_lists_the_same_problems_one_line_each(tmp_path: Path) -> None:
    done = _run(tmp_path, "doctor")
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is False
    checks = report["checks"]
    assert all(c["name"] == "config" and c["outcome"] == "fail" and c["fatal"] for c in checks)
    # every broken device section is there, not only the first one opened
    _matches([c["detail"].split(": ", 1)[1] + " Fix: " + c["fix"] for c in checks])


@pytest.mark.parametrize(("printer", "needle", "fix"), [
    ({"connection": "usbb"}, "devices.printer.connection = 'usbb' is not allowed",
     "use one of usb, serial, network, file (did you mean usb?)"),
    ({"connection": "file", "path": "/dev/usb/lp0", "width_mm": 72},
     "devices.printer.width_mm = 72 is not allowed", "use one of 58, 80"),
    ({"connection": "usb", "vendor_id": "0x0416", "product_id": "0x5011", "host": "printer"},
     "devices.printer.host is not an option of the escpos driver", "remove it"),
    ({"connection": "network"}, "devices.printer.host is missing", 'set host = "'),
])
def test_printer_options_are_checked_at_load(printer: dict[str, object], needle: str,
                                             fix: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config({"devices": {"printer": {"driver": "escpos", **printer}}})
    [line] = [p for p in err.value.problems if p.startswith(needle)]
    assert fix in line.split(" Fix: ", 1)[1]


def test_every_problem_is_listed_at_once() -> None:
    with pytest.raises(ConfigError) as err:
        parse_config({
            "timeouts": {"idle_s": "soon"},
            "sync": {"interval_s": 0},
            "devices": {"camera": {"driver": "opencv", "width": 0},
                        "citizen_card": {"driver": "pcsc", "layout": "beijing"},
                        "barcode": {"driver": "pyzbar", "colour": "red"}},
        })
    keys = [p.split(" ", 1)[0] for p in err.value.problems]
    assert keys == ["timeouts.idle_s", "sync.interval_s", "devices.citizen_card.layout",
                    "devices.camera.width", "devices.barcode.colour"]
    assert all(" Fix: " in p for p in err.value.problems)


def test_rule_across_keys_names_the_key_to_change() -> None:
    with pytest.raises(ConfigError) as err:
        parse_config({"timeouts": {"idle_s": 30, "idle_warning_s": 40}})
    assert err.value.problems == ["timeouts.idle_warning_s must be shorter than "
                                  "timeouts.idle_s. Fix: lower idle_warning_s or raise idle_s"]


def test_numbers_keep_their_defaults_and_options_are_typed() -> None:
    config = parse_config({"devices": {"printer": {"driver": "escpos", "connection": "usb",
                                                   "vendor_id": "0x0416",
                                                   "product_id": 0x5011}}})
    printer = config.device("printer").options
    assert isinstance(printer, options.EscposUsbOptions)
    assert (printer.vendor_id, printer.product_id, printer.width_mm) == (0x0416, 0x5011, 80)
    assert config.timeouts.idle_s == 90 and config.store.key_source == "file"


def test_restated_driver_constants_match_the_drivers() -> None:
    # The configuration cannot import the drivers (they sit a layer above it).
    assert set(get_args(options.Ga467Baud)) == set(ga467.BAUD_CODES)
    assert options.GA467_MIN_POLL_S == ga467.MIN_POLL_INTERVAL_S
    assert set(get_args(options.CardLayoutName)) == set(sscard.LAYOUTS)
    assert options.VPCD_PORT == vpcd.VPCD_PORT
    assert options.DEMO_RESIDENT_COUNT == RESIDENT_COUNT
    assert get_args(options.QrMode) == receipt.QR_MODES
    assert get_args(options.FontCoverage) == receipt.FONT_COVERAGES
    connections = {f.default for cls in get_args(options.AnyEscposOptions)
                   for f in dataclasses.fields(cls) if f.name == "connection"}
    assert connections == set(CONNECTIONS)
