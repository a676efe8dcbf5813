"""A store key others can read makes the store unusable at start: ``kiosk run`` shows the
out-of-service window instead of exiting, and opens the kiosk by itself once the key is
private again."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from ops_support import LineReader, kiosk, spawn_kiosk, stop

FAST_RETRY = "[sync]\nbackoff_base_s = 0.2\nbackoff_cap_s = 1\n"


def test_run_waits_for_the_store_and_then_opens(tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = tmp_path / "kiosk.toml"
    config.write_text(FAST_RETRY, encoding="utf-8")
    # One headless journey makes the store and its key file.
    first = kiosk("journey", "--headless", "--json", data_dir=data, config=config)
    assert first.returncode == 0, first.stderr
    key = data / "kiosk-store.key"
    os.chmod(key, 0o644)
    run = spawn_kiosk("run", "--windowed", data_dir=data, config=config)
    try:
        lines = LineReader(run)
        lines.wait_for('"kiosk.out_of_service","fields":{"problem":"store"')
        lines.wait_for("kiosk out of service, retrying")
        assert run.poll() is None
        os.chmod(key, 0o600)
        lines.wait_for("kiosk window ready")
        run.send_signal(signal.SIGTERM)
        run.wait(timeout=60)
        log = lines.rest()
    finally:
        stop(run)
    assert run.returncode == 0, log
    assert "Traceback" not in log, log


def test_sigterm_while_out_of_service_exits_cleanly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = tmp_path / "kiosk.toml"
    config.write_text(FAST_RETRY, encoding="utf-8")
    first = kiosk("journey", "--headless", "--json", data_dir=data, config=config)
    assert first.returncode == 0, first.stderr
    os.chmod(data / "kiosk-store.key", 0o644)
    run = spawn_kiosk("run", "--windowed", data_dir=data, config=config)
    try:
        lines = LineReader(run)
        lines.wait_for("kiosk out of service, retrying")
        run.send_signal(signal.SIGTERM)
        run.wait(timeout=60)
        log = lines.rest()
    finally:
        stop(run)
    assert run.returncode == 0, log
    assert "Traceback" not in log, log
