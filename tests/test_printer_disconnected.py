"""Disconnected or silent printers: no reply, no listener, unplugged cable, garbage replies."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from printer_support import SIMPLE_JOB, STATUS_TIMEOUT_S, sim_printer

from devices.printer.escpos import EscposPrinter
from devices.printer.factory import network_transport
from devices.printer.protocol import Printed, PrinterStatus, PrintFailure
from kiosk.base.clock import ManualClock


def test_silent_printer_is_disconnected() -> None:
    with sim_printer() as (sim, printer):
        sim.set_state(PrinterStatus.DISCONNECTED)  # link up, printer answers nothing
        assert printer.status() is PrinterStatus.DISCONNECTED
        assert printer.last_detail == "printer gave no reply"
        result = printer.print_job(SIMPLE_JOB)
        assert isinstance(result, PrintFailure)
        assert result.message_key == "printer.disconnected"
        assert sim.jobs == []


def test_unplugged_then_plugged_back_in() -> None:
    with sim_printer() as (sim, printer):
        assert printer.status() is PrinterStatus.READY
        sim.unplug(True)
        assert printer.status() is PrinterStatus.DISCONNECTED
        result = printer.print_job(SIMPLE_JOB)
        assert isinstance(result, PrintFailure)
        assert result.status is PrinterStatus.DISCONNECTED
        sim.unplug(False)
        assert printer.status() is PrinterStatus.READY
        assert printer.print_job(SIMPLE_JOB) == Printed(len(SIMPLE_JOB))
        assert sim.printed_jobs() == [SIMPLE_JOB]


def test_nothing_listening() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound but not listening: connections are refused
        printer = EscposPrinter(lambda: network_transport("127.0.0.1", port), connection="network",
                                clock=ManualClock(), status_timeout_s=STATUS_TIMEOUT_S)
        assert printer.status() is PrinterStatus.DISCONNECTED
        assert "cannot open network printer" in printer.last_detail
        assert isinstance(printer.print_job(SIMPLE_JOB), PrintFailure)
        printer.close()


@contextmanager
def fake_printer(reply: bytes) -> Iterator[int]:
    """A TCP peer that answers every byte it gets with ``reply`` (line noise, ASB packets)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    stop = threading.Event()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.settimeout(0.05)
            while not stop.is_set():
                try:
                    data = conn.recv(64)
                except TimeoutError:
                    continue
                if not data:
                    return
                conn.sendall(reply * len(data))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


def test_replies_failing_the_validity_rule_are_ignored() -> None:
    with fake_printer(b"\x00") as port:  # (0x00 & 0x93) != 0x12: never a status reply
        printer = EscposPrinter(lambda: network_transport("127.0.0.1", port), connection="network",
                                clock=ManualClock(), status_timeout_s=STATUS_TIMEOUT_S)
        assert printer.status() is PrinterStatus.DISCONNECTED
        printer.close()


def test_valid_byte_after_noise_is_used() -> None:
    with fake_printer(b"\xff\x12") as port:
        printer = EscposPrinter(lambda: network_transport("127.0.0.1", port), connection="network",
                                clock=ManualClock(), status_timeout_s=STATUS_TIMEOUT_S)
        assert printer.status() is PrinterStatus.READY
        printer.close()


def test_missing_usb_and_serial_devices_are_disconnected(tmp_path: object) -> None:
    from escpos.printer import Serial, Usb

    usb = EscposPrinter(lambda: Usb(0x0416, 0x5011, timeout=200), connection="usb",
                        clock=ManualClock())
    assert usb.status() is PrinterStatus.DISCONNECTED
    assert isinstance(usb.print_job(SIMPLE_JOB), PrintFailure)
    usb.close()
    serial = EscposPrinter(lambda: Serial("/dev/nonexistent-printer", timeout=0.2),
                           connection="serial", clock=ManualClock())
    assert serial.status() is PrinterStatus.DISCONNECTED
    assert "cannot open serial printer" in serial.last_detail
    serial.close()
