"""Printer error (cutter jam, head overheat, unrecoverable fault): status and refusal."""

from __future__ import annotations

from printer_support import SIMPLE_JOB, sim_printer

from devices.printer.escpos import parse_status_byte, status_from_replies
from devices.printer.protocol import PrinterStatus, PrintFailure


def test_status_reads_error_with_its_cause() -> None:
    with sim_printer() as (sim, printer):
        sim.set_state(PrinterStatus.ERROR)
        assert printer.status() is PrinterStatus.ERROR
        assert printer.last_detail == "status 1:1a 2:52 3:32 4:12"


def test_print_is_refused_with_the_error_message() -> None:
    with sim_printer() as (sim, printer):
        sim.set_state(PrinterStatus.ERROR)
        result = printer.print_job(SIMPLE_JOB)
        assert isinstance(result, PrintFailure)
        assert result.status is PrinterStatus.ERROR
        assert result.message_key == "printer.error"
        assert sim.jobs == []


def test_error_during_the_job_fails_it() -> None:
    with sim_printer() as (sim, printer):
        sim.fail_after(1, PrinterStatus.ERROR)
        result = printer.print_job(SIMPLE_JOB)
        assert isinstance(result, PrintFailure) and result.status is PrinterStatus.ERROR


def test_error_causes_from_dle_eot_3() -> None:
    cutter = parse_status_byte(3, 0x1A)
    assert cutter is not None and cutter.cutter_error and cutter.error
    unrecoverable = parse_status_byte(3, 0x32)
    assert unrecoverable is not None and unrecoverable.unrecoverable
    overheat = parse_status_byte(3, 0x52)
    assert overheat is not None and overheat.auto_recoverable
    # An error reported only through n = 3 still stops printing.
    assert status_from_replies([(1, 0x12), (2, 0x12), (3, 0x1A), (4, 0x12)]) is (
        PrinterStatus.ERROR)


def test_offline_without_a_named_cause_is_an_error_but_feed_button_is_not() -> None:
    assert status_from_replies([(1, 0x1A), (2, 0x12), (3, 0x12), (4, 0x12)]) is (
        PrinterStatus.ERROR)
    assert status_from_replies([(1, 0x1A), (2, 0x1A), (3, 0x12), (4, 0x12)]) is (
        PrinterStatus.READY)
