"""``kiosk provision`` writes the [technician] section from --technician-pin-hash or the PIN
asked for, keeps it on a re-run, and refuses a hash that is not one."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ops_support import kiosk, no_traceback

from kiosk.app.technician.pin import hash_pin, pin_matches

FLAGS = ("provision", "--profile", "simulated", "--terminal-id", "HZ-TECH-01", "--district",
         "和睦区", "--name", "一楼", "--idcard", "memory", "--citizen-card", "memory",
         "--camera", "memory", "--printer", "memory", "--barcode", "zxing")


def _written(config: Path) -> dict[str, object]:
    return tomllib.loads(config.read_text(encoding="utf-8"))


def test_flag_writes_the_section_and_a_rerun_keeps_it(tmp_path: Path) -> None:
    config, data = tmp_path / "kiosk.toml", tmp_path / "data"
    encoded = hash_pin("730519")
    done = kiosk(*FLAGS, "--non-interactive", "--technician-pin-hash", encoded,
                 data_dir=data, config=config)
    no_traceback(done)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _written(config)["technician"] == {"pin_hash": encoded}
    # Someone tuned the policy by hand; a re-run without the flag keeps all of it.
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[technician]\n", "[technician]\nidle_s = 120\n"),
                      encoding="utf-8")
    again = kiosk(*FLAGS, "--non-interactive", data_dir=data, config=config)
    assert again.returncode == 0, again.stdout + again.stderr
    assert _written(config)["technician"] == {"pin_hash": encoded, "idle_s": 120}
    assert kiosk("config", "check", data_dir=data, config=config).returncode == 0


def test_bad_hash_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    config, data = tmp_path / "kiosk.toml", tmp_path / "data"
    done = kiosk(*FLAGS, "--non-interactive", "--technician-pin-hash", "730519",
                 data_dir=data, config=config)
    no_traceback(done)
    assert done.returncode == 2
    assert "kiosk technician pin" in done.stderr
    assert "730519" not in done.stdout + done.stderr
    assert not config.exists()


def test_interactive_run_asks_for_the_pin_twice(tmp_path: Path) -> None:
    config, data = tmp_path / "kiosk.toml", tmp_path / "data"
    done = kiosk(*FLAGS, data_dir=data, config=config, stdin="\n730519\n730519\n")  # hub URL: embedded
    no_traceback(done)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "730519" not in done.stdout + done.stderr
    technician = _written(config)["technician"]
    assert isinstance(technician, dict)
    assert pin_matches("730519", technician["pin_hash"])


def test_interactive_weak_pin_is_refused(tmp_path: Path) -> None:
    config, data = tmp_path / "kiosk.toml", tmp_path / "data"
    done = kiosk(*FLAGS, data_dir=data, config=config, stdin="\n345678\n")
    no_traceback(done)
    assert done.returncode == 2
    assert "straight run" in done.stderr
    assert not config.exists()
