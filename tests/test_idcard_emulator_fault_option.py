"""Bench fault options: ``kiosk devices idcard-emulator --fault KIND[:N]`` in its own process,
read by the real driver; ``read-citizencard --fault`` refuses what it cannot do."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from devices.idcard.ga467 import Ga467Reader
from devices.idcard.protocol import IdCardFailure, IdCardFailureKind
from kiosk.base.clock import SystemClock


def _kiosk(*args: str) -> list[str]:
    return [sys.executable, "-m", "kiosk.cli", *args]


def test_emulator_process_shows_the_fault_then_reads(tmp_path: Path) -> None:
    link = tmp_path / "ttyGA467"
    proc = subprocess.Popen(_kiosk("devices", "idcard-emulator", "--card", "R0014", "--link",
                                   str(link), "--fault", "sw41:1", "--fault", "card_not_removed"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ))
    try:
        assert proc.stdout is not None
        port = proc.stdout.readline().strip()  # printed once the pty answers
        assert port == str(link), proc.stderr.read() if proc.stderr else ""
        reader = Ga467Reader(port, SystemClock(), timeout_s=2.0)
        try:
            first = reader.read_card()
            assert isinstance(first, IdCardFailure)
            assert first.kind is IdCardFailureKind.READ_FAILED
            # The fault was used once; the reader now wants the card lifted, as after a real
            # SW 41 (a bench tester lifts it; this process cannot).
            waiting = reader.read_card()
            assert isinstance(waiting, IdCardFailure)
            assert waiting.kind is IdCardFailureKind.CARD_NOT_REMOVED
        finally:
            reader.close()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def test_bad_fault_options_are_refused_with_the_kinds() -> None:
    bad = subprocess.run(_kiosk("devices", "idcard-emulator", "--fault", "smoke"),
                         capture_output=True, text=True, timeout=60, check=False)
    assert bad.returncode == 2 and "checksum" in bad.stderr and "smoke" in bad.stderr
    zero = subprocess.run(_kiosk("devices", "idcard-emulator", "--fault", "sw41:0"),
                          capture_output=True, text=True, timeout=60, check=False)
    assert zero.returncode == 2 and "1 or more" in zero.stderr
    alone = subprocess.run(_kiosk("devices", "read-citizencard", "--fault", "locked"),
                           capture_output=True, text=True, timeout=60, check=False)
    assert alone.returncode == 2 and "--simulate" in alone.stderr
    unknown = subprocess.run(_kiosk("devices", "read-citizencard", "--simulate", "R0001",
                                    "--fault", "soggy"),
                             capture_output=True, text=True, timeout=60, check=False)
    assert unknown.returncode == 2 and "wrong_card" in unknown.stderr
