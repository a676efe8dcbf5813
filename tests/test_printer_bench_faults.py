"""Bench faults: ``kiosk devices printer-emulator --fault KIND`` shows each printer fault
of the dock's catalogue to the real ESC/POS driver over TCP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from devices.printer.escpos import EscposPrinter
from devices.printer.factory import network_transport
from devices.printer.protocol import Printed, PrinterStatus, PrintFailure
from devices.simulation import PRINTER_FAULTS
from kiosk.base.clock import SystemClock

ROOT = Path(__file__).resolve().parent.parent
JOB = b"\x1b@" + b"bench receipt line\n" * 20 + b"\x1bd\x04\x1dVB\x00"


def _kiosk(*args: str) -> list[str]:
    return [sys.executable, "-m", "kiosk.cli", *args]


@contextmanager
def emulator(*args: str) -> Iterator[tuple[str, int]]:
    """The emulator as a child process; its address from its first line."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(_kiosk("devices", "printer-emulator", *args), cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line, proc.stderr.read() if proc.stderr else ""
        host, _, port = line.rpartition(":")
        yield host, int(port)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0


def _driver(host: str, port: int) -> EscposPrinter:
    return EscposPrinter(lambda: network_transport(host, port), connection="network",
                         clock=SystemClock(), width_mm=80, status_timeout_s=0.5,
                         description="bench")


EXPECTED = {
    "paper_out": PrinterStatus.PAPER_END,
    "cover_open": PrinterStatus.COVER_OPEN,
    "error": PrinterStatus.ERROR,
    "disconnected": PrinterStatus.DISCONNECTED,
}


def test_every_catalogue_fault_is_covered_here() -> None:
    assert set(PRINTER_FAULTS) == {*EXPECTED, "paper_near_end"}


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_a_fault_refuses_the_job_with_its_status(kind: str) -> None:
    with emulator("--fault", kind) as (host, port):
        printer = _driver(host, port)
        try:
            assert printer.status() is EXPECTED[kind]
            result = printer.print_job(JOB)
        finally:
            printer.close()
    assert isinstance(result, PrintFailure)
    assert result.status is EXPECTED[kind]


def test_paper_near_end_prints_with_a_warning(tmp_path: Path) -> None:
    job = tmp_path / "job.bin"
    job.write_bytes(JOB)
    with emulator("--fault", "paper_near_end", "--save-dir", str(tmp_path / "png")) as (
            host, port):
        out = subprocess.run(_kiosk("devices", "print-job", str(job), "--host", host,
                                    "--port", str(port), "--json"),
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"ok": True, "bytes": len(JOB), "printer": "paper_near_end"}
    assert len(list((tmp_path / "png").glob("*.png"))) == 1


def test_paper_running_out_mid_job_fails_that_job(tmp_path: Path) -> None:
    job = tmp_path / "job.bin"
    job.write_bytes(JOB)
    with emulator("--fault", "paper_out", "--fault-after", "100") as (host, port):
        printer = _driver(host, port)
        try:
            assert printer.status() is PrinterStatus.READY
        finally:
            printer.close()
        out = subprocess.run(_kiosk("devices", "print-job", str(job), "--host", host,
                                    "--port", str(port), "--json", "--locale", "en_US"),
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1, out.stderr
    answer = json.loads(out.stdout)
    assert answer["ok"] is False and answer["error"]["status"] == "paper_end"
    assert answer["error"]["message"] and answer["printer"] == "paper_end"


def test_bad_options_are_refused_with_the_kinds() -> None:
    bad = subprocess.run(_kiosk("devices", "printer-emulator", "--fault", "jam"),
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "jam" in bad.stderr and "paper_out" in bad.stderr
    lone = subprocess.run(_kiosk("devices", "printer-emulator", "--fault-after", "5"),
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert lone.returncode == 2 and "--fault" in lone.stderr


def test_a_job_that_cannot_be_read_is_a_usage_error(tmp_path: Path) -> None:
    out = subprocess.run(_kiosk("devices", "print-job", str(tmp_path / "missing.bin")),
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "cannot read the job file" in out.stderr


def test_printed_counts_the_job_bytes() -> None:
    with emulator() as (host, port):
        printer = _driver(host, port)
        try:
            assert printer.print_job(JOB) == Printed(len(JOB))
        finally:
            printer.close()
