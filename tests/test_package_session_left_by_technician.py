"""The unit's session wrapper: a kiosk a technician left ends the unit with code 10, else cage's code.

cage (Debian 12's 0.1.4) exits 0 whatever its client did, so the wrapper reads the
marker the kiosk leaves (``kiosk.app.technician.leaving``). The stand-in for cage
here does what cage does with its client: runs it and ends with 0.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from kiosk.app.technician.leaving import LEFT_BY_TECHNICIAN, MARKER_NAME

SESSION = Path(__file__).resolve().parents[1] / "packaging" / "bin" / "kiosk-session"


def _run(tmp_path: Path, client: str) -> subprocess.CompletedProcess[str]:
    cage = tmp_path / "cage"
    # Like cage 0.1.4: run the client (the words after --), then exit 0 whatever it did.
    cage.write_text("#!/bin/sh\nshift 2\n" + client + "\nexit 0\n", encoding="ascii")
    cage.chmod(0o755)
    runtime = tmp_path / "run"
    runtime.mkdir(exist_ok=True)
    env = {"PATH": os.environ["PATH"], "KIOSK_CAGE": str(cage), "RUNTIME_DIRECTORY": str(runtime)}
    return subprocess.run(["sh", str(SESSION)], env=env, capture_output=True, text=True,
                          check=False, timeout=30)


def test_a_left_kiosk_ends_with_the_no_restart_code(tmp_path: Path) -> None:
    proc = _run(tmp_path, f'touch "$RUNTIME_DIRECTORY/{MARKER_NAME}"; exit {LEFT_BY_TECHNICIAN}')
    assert proc.returncode == LEFT_BY_TECHNICIAN
    assert "systemctl start kiosk" in proc.stderr


@pytest.mark.parametrize("cage_code", [0, 1])
def test_any_other_end_is_passed_on(tmp_path: Path, cage_code: int) -> None:
    cage = tmp_path / "cage"
    cage.write_text(f"#!/bin/sh\nexit {cage_code}\n", encoding="ascii")
    cage.chmod(0o755)
    env = {"PATH": os.environ["PATH"], "KIOSK_CAGE": str(cage),
           "RUNTIME_DIRECTORY": str(tmp_path)}
    proc = subprocess.run(["sh", str(SESSION)], env=env, capture_output=True, text=True,
                          check=False, timeout=30)
    assert proc.returncode == cage_code


def test_a_stale_marker_from_the_last_run_does_not_stop_the_next(tmp_path: Path) -> None:
    runtime = tmp_path / "run"
    runtime.mkdir()
    (runtime / MARKER_NAME).write_text("left\n", encoding="ascii")
    proc = _run(tmp_path, "exit 0")
    assert proc.returncode == 0
