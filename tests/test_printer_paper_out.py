"""Paper out: the driver refuses to start, and a job the paper ran out on is a failure value."""

from __future__ import annotations

from printer_support import SIMPLE_JOB, sim_printer

from devices.printer.protocol import Printed, PrinterStatus, PrintFailure
from kiosk.base.i18n import translate


def test_status_reads_paper_end_over_the_socket() -> None:
    with sim_printer() as (sim, printer):
        sim.set_state(PrinterStatus.PAPER_END)
        assert printer.status() is PrinterStatus.PAPER_END
        # The raw replies the simulator sent: off-line, paper-end stop, both roll sensors.
        assert printer.last_detail == "status 1:1a 2:32 3:12 4:7e"


def test_print_is_refused_and_nothing_reaches_the_printer() -> None:
    with sim_printer() as (sim, printer):
        sim.set_state(PrinterStatus.PAPER_END)
        result = printer.print_job(SIMPLE_JOB)
        assert isinstance(result, PrintFailure)
        assert result.status is PrinterStatus.PAPER_END
        assert result.message_key == "printer.paper_out"
        assert "二维码" in translate(result.message_key, "zh_CN")
        assert sim.jobs == []


def test_paper_running_out_during_the_job_is_reported() -> None:
    with sim_printer() as (sim, printer):
        sim.fail_after(4, PrinterStatus.PAPER_END)
        result = printer.print_job(SIMPLE_JOB)
        assert result == PrintFailure(PrinterStatus.PAPER_END,
                                      "the printer reported a fault during the job")
        assert sim.printed_jobs() == []
        assert [j.printed for j in sim.jobs] == [False]


def test_printing_resumes_after_a_new_roll() -> None:
    with sim_printer() as (sim, printer):
        sim.set_state(PrinterStatus.PAPER_END)
        assert isinstance(printer.print_job(SIMPLE_JOB), PrintFailure)
        sim.set_state(PrinterStatus.READY)
        assert printer.print_job(SIMPLE_JOB) == Printed(len(SIMPLE_JOB))
        assert sim.printed_jobs() == [SIMPLE_JOB]
