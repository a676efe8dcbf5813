"""The driver over each python-escpos transport: network (the simulator), serial (a pty), file."""

from __future__ import annotations

import os
import select
import threading
import tty
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from printer_support import SIMPLE_JOB, sim_printer

from devices.printer.escpos import DLE_EOT, EscposPrinter
from devices.printer.protocol import Printed, PrinterStatus, PrintFailure
from devices.printer.simulator import EscposInterpreter
from kiosk.base.clock import ManualClock


def test_network_driver_sends_status_queries_then_the_job_bytes() -> None:
    with sim_printer() as (sim, printer):
        assert printer.print_job(SIMPLE_JOB) == Printed(len(SIMPLE_JOB))
        # The job is recorded byte for byte; the real-time queries are not part of it.
        assert sim.printed_jobs() == [SIMPLE_JOB]
        assert DLE_EOT not in sim.printed_jobs()[0]


@contextmanager
def pty_printer(interpreter: EscposInterpreter) -> Iterator[str]:
    """The interpreter at the master end of a pty; yields the slave's device path."""
    master, slave = os.openpty()
    tty.setraw(slave)
    name = os.ttyname(slave)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            reply = interpreter.feed(data)
            if reply:
                os.write(master, reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield name
    finally:
        stop.set()
        thread.join(timeout=5)
        os.close(master)
        os.close(slave)


def test_serial_driver_over_a_pty() -> None:
    from escpos.printer import Serial

    interpreter = EscposInterpreter()
    with pty_printer(interpreter) as port:
        printer = EscposPrinter(lambda: Serial(port, baudrate=115200, timeout=0.5,
                                               dsrdtr=False),
                                connection="serial", clock=ManualClock(), status_timeout_s=0.5)
        assert printer.status() is PrinterStatus.READY
        interpreter.state = PrinterStatus.COVER_OPEN
        assert printer.status() is PrinterStatus.COVER_OPEN
        interpreter.state = PrinterStatus.READY
        assert printer.print_job(SIMPLE_JOB) == Printed(len(SIMPLE_JOB))
        assert [j.data for j in interpreter.jobs] == [SIMPLE_JOB]
        interpreter.state = PrinterStatus.DISCONNECTED
        assert printer.status() is PrinterStatus.DISCONNECTED
        printer.close()


def test_file_transport_is_one_way_status_unknown_and_prints(tmp_path: Path) -> None:
    from escpos.printer import File

    path = tmp_path / "lp0"
    printer = EscposPrinter(lambda: File(str(path), auto_flush=False), connection="file",
                            clock=ManualClock())
    assert printer.status() is PrinterStatus.UNKNOWN
    assert printer.print_job(SIMPLE_JOB) == Printed(len(SIMPLE_JOB))
    assert printer.print_job(SIMPLE_JOB) == Printed(len(SIMPLE_JOB))
    printer.close()
    # No status query ever goes down a one-way line: the file holds exactly the jobs.
    assert path.read_bytes() == SIMPLE_JOB * 2
    interpreter = EscposInterpreter()
    interpreter.feed(path.read_bytes())
    assert [j.text() for j in interpreter.jobs] == ["测试 OK", "测试 OK"]


def test_file_that_cannot_be_opened_is_disconnected(tmp_path: Path) -> None:
    from escpos.printer import File

    printer = EscposPrinter(lambda: File(str(tmp_path / "missing" / "lp0")), connection="file",
                            clock=ManualClock())
    assert printer.status() is PrinterStatus.DISCONNECTED
    result = printer.print_job(SIMPLE_JOB)
    assert isinstance(result, PrintFailure) and result.status is PrinterStatus.DISCONNECTED


@pytest.mark.parametrize("width", [58, 80])
def test_width_is_reported_for_the_layout(width: int) -> None:
    with sim_printer(width_mm=width) as (_, printer):
        assert printer.width_mm == width
