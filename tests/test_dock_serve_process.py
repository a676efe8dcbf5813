"""``kiosk dock serve``: the dock without a window, driven from another process.

A real child process runs a simulated kiosk (embedded hub, store, memory devices)
with the dock; this test is the scenario runner: it reads ``dock.url``, sets
faults through the typed client and the CLI, and stops the kiosk with SIGTERM.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kiosk.devtools.control import DockControl

START_S = 90.0


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("KIOSK_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "--data-dir", str(data), *args],
                          capture_output=True, text=True, timeout=120, env=env, check=False)


def test_dock_serve_takes_faults_from_outside_and_stops_cleanly(tmp_path: Path) -> None:
    data = tmp_path / "kiosk"
    missing = _cli(data, "dock", "status")
    assert missing.returncode != 0 and "no dev dock is running" in missing.stderr
    env = dict(os.environ)
    env.pop("KIOSK_CONFIG", None)
    proc = subprocess.Popen([sys.executable, "-m", "kiosk.cli", "--data-dir", str(data),
                             "dock", "serve"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        url_file = data / "dock.url"
        deadline = time.monotonic() + START_S
        # The child writes the file once the dock answers; polling the file is the handshake.
        while not url_file.exists():
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "kiosk dock serve did not start"
            time.sleep(0.1)
        control = DockControl.from_data_dir(data)
        assert control.status().network == "ok"
        cli = _cli(data, "dock", "fault", "idcard", "checksum", "--times", "2")
        assert cli.returncode == 0, cli.stderr
        control.set_fault("network", "cut")
        status = control.status()
        assert status.faults["idcard"] == {"checksum": 2}
        assert status.network == "cut"
        cleared = _cli(data, "dock", "fault", "clear")
        assert cleared.returncode == 0, cleared.stderr
        assert control.status().faults == {} and control.status().network == "ok"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
        assert not url_file.exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        if proc.stderr is not None:
            proc.stderr.close()
