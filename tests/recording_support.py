"""Shared helpers for the record-and-replay tests: every device simulated, one demo resident."""

from __future__ import annotations

from pathlib import Path

from kiosk.base.config import KioskConfig, parse_config
from kiosk.devtools.recording import SessionPlan

RESIDENT = "R0007"
# A small receipt: reset, a Chinese line as FS & + GB18030, an ASCII line, feed and cut.
JOB = (b"\x1b@\x1c&" + "办件回执".encode("gb18030") + b"\x1c.\n"
       + b"tracking K7Q4M2X9TB1CG\n" + b"\x1bd\x04\x1dVB\x00")


def simulated_config() -> KioskConfig:
    """Every byte-level simulator (GA 467 pty, vpcd, simulated camera, ESC/POS server)."""
    return parse_config({"devices": {name: {"driver": "simulated"} for name in
                                     ("idcard", "citizen_card", "camera", "printer")}})


def plan(frames: int = 3) -> SessionPlan:
    """ID card, citizen card, ``frames`` frames 0.2 s apart, the small receipt."""
    return SessionPlan(frames=frames, frame_interval_s=0.2, receipt=JOB, wait_s=5.0)


def data_dir(tmp_path: Path) -> Path:
    """A fresh data dir under the test's folder."""
    path = tmp_path / "data"
    path.mkdir()
    return path
