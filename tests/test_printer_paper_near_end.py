"""Paper near end: the job prints, and the status warns so staff can change the roll."""

from __future__ import annotations

from printer_support import SIMPLE_JOB, sim_printer

from devices.printer.escpos import parse_status_byte, status_from_replies
from devices.printer.protocol import Printed, PrinterStatus
from kiosk.base.i18n import translate


def test_near_end_is_a_warning_status_that_still_prints() -> None:
    with sim_printer() as (sim, printer):
        sim.set_state(PrinterStatus.PAPER_NEAR_END)
        assert printer.status() is PrinterStatus.PAPER_NEAR_END
        assert printer.last_detail == "status 1:12 2:12 3:12 4:1e"
        assert printer.print_job(SIMPLE_JOB) == Printed(len(SIMPLE_JOB))
        assert sim.printed_jobs() == [SIMPLE_JOB]
        assert printer.last_status is not None
        assert printer.last_status[0] is PrinterStatus.PAPER_NEAR_END


def test_either_near_end_bit_counts() -> None:
    # Models with two near-end sensors set bit 2 or bit 3 on their own.
    for byte in (0x16, 0x1A, 0x1E):
        flags = parse_status_byte(4, byte)
        assert flags is not None and flags.near_end and not flags.paper_end
        assert status_from_replies([(1, 0x12), (2, 0x12), (3, 0x12), (4, byte)]) is (
            PrinterStatus.PAPER_NEAR_END)


def test_staff_message_exists_in_both_locales() -> None:
    assert "纸" in translate("receipt.printer_paper_near_end", "zh_CN")
    assert "roll" in translate("receipt.printer_paper_near_end", "en_US")
