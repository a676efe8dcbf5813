"""Cover open: status, refusal before printing, and a cover opened mid-job."""

from __future__ import annotations

from printer_support import SIMPLE_JOB, sim_printer

from devices.printer.protocol import Printed, PrinterStatus, PrintFailure


def test_status_reads_cover_open() -> None:
    with sim_printer() as (sim, printer):
        sim.set_state(PrinterStatus.COVER_OPEN)
        assert printer.status() is PrinterStatus.COVER_OPEN
        assert printer.last_detail == "status 1:1a 2:16 3:12 4:12"


def test_print_is_refused_with_the_cover_message() -> None:
    with sim_printer() as (sim, printer):
        sim.set_state(PrinterStatus.COVER_OPEN)
        result = printer.print_job(SIMPLE_JOB)
        assert isinstance(result, PrintFailure)
        assert result.status is PrinterStatus.COVER_OPEN
        assert result.message_key == "printer.cover_open"
        assert sim.jobs == []


def test_cover_opened_during_the_job_fails_it() -> None:
    with sim_printer() as (sim, printer):
        sim.fail_after(len(SIMPLE_JOB) - 2, PrinterStatus.COVER_OPEN)
        result = printer.print_job(SIMPLE_JOB)
        assert isinstance(result, PrintFailure)
        assert result.status is PrinterStatus.COVER_OPEN
        assert sim.printed_jobs() == []


def test_closing_the_cover_lets_the_job_print() -> None:
    with sim_printer() as (sim, printer):
        sim.set_state(PrinterStatus.COVER_OPEN)
        assert not printer.status().can_print
        sim.set_state(PrinterStatus.READY)
        assert printer.print_job(SIMPLE_JOB) == Printed(len(SIMPLE_JOB))
