"""``kiosk technician pin``: prints [technician] lines that load back, never the PIN itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from ops_support import kiosk, no_traceback

from kiosk.app.technician.pin import pin_matches
from kiosk.base.config import load_config

PIN = "730519"


def test_stdin_output_parses_back_through_the_config_loader(tmp_path: Path) -> None:
    done = kiosk("technician", "pin", "--stdin", data_dir=tmp_path / "data", stdin=PIN + "\n")
    no_traceback(done)
    assert done.returncode == 0, done.stderr
    assert PIN not in done.stdout and PIN not in done.stderr
    config = tmp_path / "kiosk.toml"
    config.write_text('[terminal]\nid = "T-PIN-01"\n\n' + done.stdout, encoding="utf-8")
    encoded = load_config(config).technician.pin_hash
    assert encoded is not None
    assert pin_matches(PIN, encoded) and not pin_matches("730518", encoded)
    checked = kiosk("config", "check", data_dir=tmp_path / "data", config=config)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_asking_twice_through_a_pipe(tmp_path: Path) -> None:
    done = kiosk("technician", "pin", data_dir=tmp_path / "data", stdin=f"{PIN}\n{PIN}\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith('[technician]\npin_hash = "scrypt$16384$8$1$')
    assert PIN not in done.stdout + done.stderr
    # A piped answer is not echoed, so each prompt ends its own line.
    lines = done.stderr.splitlines()
    assert lines[:2] == ["New technician PIN (6-12 digits): ", "The same PIN again: "]


@pytest.mark.parametrize(("stdin", "args", "reason"), [
    ("345678\n", ("--stdin",), "straight run"),
    ("000000\n", ("--stdin",), "one digit repeated"),
    ("7305\n", ("--stdin",), "6 to 12 digits"),
    ("", ("--stdin",), "no PIN was typed"),
    (f"{PIN}\n730518\n", (), "the two PINs differ"),
    (f"{PIN}\n", (), "the two PINs differ"),
])
def test_refused_pin_prints_nothing_to_paste(
        tmp_path: Path, stdin: str, args: tuple[str, ...], reason: str) -> None:
    done = kiosk("technician", "pin", *args, data_dir=tmp_path / "data", stdin=stdin)
    no_traceback(done)
    assert done.returncode == 1
    assert done.stdout == ""
    assert reason in done.stderr
    for line in stdin.splitlines():
        if line:
            assert line not in done.stderr
