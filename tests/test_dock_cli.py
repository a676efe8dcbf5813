"""``kiosk dock …`` (a separate process) finds the dock through ``dock.url`` and drives it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dock_support import running_dock

from devices.idcard.protocol import IdCardData
from devices.printer.protocol import PrinterStatus
from kiosk.devtools.residents import resident


def kiosk(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, KIOSK_DATA_DIR=str(data_dir))
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "dock", *args], env=env,
                          capture_output=True, text=True, timeout=60, check=False)


def test_cli_commands_change_the_devices(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with running_dock(data) as (_dock, devices):
        done = kiosk(data, "place-idcard", "R0003")
        assert done.returncode == 0, done.stderr
        card = devices.idcard.read_card()
        assert isinstance(card, IdCardData) and card.id_number == resident("R0003").id_number

        assert kiosk(data, "printer", "cover_open").returncode == 0
        assert devices.printer.status() is PrinterStatus.COVER_OPEN

        refused = kiosk(data, "place-idcard", "R9999")
        assert refused.returncode == 1
        assert "R9999" in refused.stderr


def test_cli_without_a_running_dock_says_how_to_fix_it(tmp_path: Path) -> None:
    done = kiosk(tmp_path / "empty", "status")
    assert done.returncode != 0
    assert "dock.url is missing" in done.stderr
