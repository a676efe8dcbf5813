"""Opening printers from the configuration: option checks and the simulated printer's handles."""

from __future__ import annotations

from pathlib import Path

import pytest
from printer_support import receipt_data

from devices.factory import SimulationControls, open_devices
from devices.printer.factory import open_printer
from devices.printer.protocol import Printed, PrinterStatus, PrintFailure
from kiosk.app.receipt import ReceiptOptions, layout
from kiosk.base.clock import ManualClock
from kiosk.base.config import ConfigError, parse_config, parse_device
from kiosk.base.config.devices import PrinterOptions


def problems(options: dict[str, object], driver: str = "escpos") -> list[str]:
    with pytest.raises(ConfigError) as err:
        open_printer(parse_device("printer", {"driver": driver, **options}), ManualClock(),
                     SimulationControls(), Path("/nonexistent"))
    return err.value.problems


def test_options_are_checked_and_name_their_fix() -> None:
    assert any("connection is missing" in p for p in problems({}))
    assert any("width_mm = 76" in p and "58, 80" in p
               for p in problems({"connection": "file", "path": "/dev/null", "width_mm": 76}))
    assert any("qr = 'svg'" in p
               for p in problems({"connection": "file", "path": "/dev/null", "qr": "svg"}))
    assert any("font_coverage" in p for p in problems(
        {"connection": "file", "path": "/dev/null", "font_coverage": "big5"}))
    assert any("host is missing" in p for p in problems({"connection": "network"}))
    assert any("vendor_id" in p for p in problems({"connection": "usb", "product_id": 1}))
    assert any("colour is not an option" in p
               for p in problems({"connection": "file", "path": "/dev/null", "colour": "red"}))
    assert any("save_png must be true or false" in p
               for p in problems({"save_png": "yes"}, driver="simulated"))


def test_escpos_file_printer_from_config(tmp_path: Path) -> None:
    path = tmp_path / "lp0"
    path.write_bytes(b"")  # the printer's node exists; a missing one is "disconnected"
    dev = parse_device("printer", {"driver": "escpos", "required": True, "connection": "file",
                                   "path": str(path), "width_mm": 58, "qr": "native",
                                   "font_coverage": "gb2312"})
    printer = open_printer(dev, ManualClock(), SimulationControls(), tmp_path)
    assert printer.status() is PrinterStatus.UNKNOWN
    # The driver keeps only the paper width; the layout options come from the configuration.
    opts = dev.options
    assert isinstance(opts, PrinterOptions) and printer.width_mm == 58
    receipt = ReceiptOptions(opts.width_mm, opts.qr, opts.font_coverage)
    assert receipt == ReceiptOptions(58, "native", "gb2312")
    job = layout(receipt_data(), receipt)
    assert printer.print_job(job) == Printed(len(job))
    printer.close()
    assert path.read_bytes() == job


def test_usb_ids_accept_hex_strings(tmp_path: Path) -> None:
    printer = open_printer(parse_device("printer", {"driver": "escpos", "connection": "usb",
                                                    "vendor_id": "0x0416",
                                         "product_id": 0x5011}),
                           ManualClock(), SimulationControls(), tmp_path)
    assert printer.status() is PrinterStatus.DISCONNECTED  # no such device on the test host
    printer.close()


def test_simulated_printer_through_open_devices(tmp_path: Path) -> None:
    config = parse_config({"devices": {"printer": {"driver": "simulated", "width_mm": 58}}})
    devices = open_devices(config, ManualClock(), tmp_path)
    try:
        sim = devices.sim
        assert sim.set_printer_state and sim.printed_jobs and "printer" in sim.unplug
        printer = devices.printer
        assert printer.width_mm == 58 and printer.status() is PrinterStatus.READY
        job = layout(receipt_data(), ReceiptOptions(width_mm=58))
        assert printer.print_job(job) == Printed(len(job))
        assert sim.printed_jobs() == [job]
        assert len(list((tmp_path / "sim-printer").glob("*.png"))) == 1
        sim.set_printer_state(PrinterStatus.COVER_OPEN)
        result = printer.print_job(job)
        assert isinstance(result, PrintFailure) and result.status is PrinterStatus.COVER_OPEN
        sim.set_printer_state(PrinterStatus.READY)
        sim.unplug["printer"](True)
        assert printer.status() is PrinterStatus.DISCONNECTED
        sim.unplug["printer"](False)
        assert printer.status() is PrinterStatus.READY
    finally:
        devices.close()
