"""Shared helpers for the printer and receipt tests: a simulated printer behind TCP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from devices.printer.escpos import EscposPrinter
from devices.printer.factory import network_transport
from devices.printer.glyphs import FontCoverage
from devices.printer.simulator import SimulatedPrinter
from kiosk.app.receipt import ReceiptData, default_next_steps
from kiosk.base import tracking
from kiosk.base.clock import ManualClock
from kiosk.base.receipt_record import ReceiptRecord

TRACKING_BASE = "https://track.example.invalid/t"
# A fixed, valid code so failures are reproducible.
TRACKING_CODE = "K7Q4M2X9TB1C" + tracking.check_char("K7Q4M2X9TB1C")
STATUS_TIMEOUT_S = 0.2


@contextmanager
def sim_printer(tmp_path: Path | None = None, *, width_mm: int = 80,
                font_coverage: FontCoverage = "gb18030",
                **driver: Any) -> Iterator[tuple[SimulatedPrinter, EscposPrinter]]:
    """A started simulator and the real driver connected to it over 127.0.0.1."""
    clock = ManualClock()
    sim = SimulatedPrinter(clock, width_mm=width_mm, font_coverage=font_coverage,
                           save_dir=tmp_path / "sim-printer" if tmp_path else None).start()
    host, port = sim.address
    printer = EscposPrinter(lambda: network_transport(host, port), connection="network",
                            clock=clock, width_mm=width_mm,
                            status_timeout_s=STATUS_TIMEOUT_S, **driver)
    try:
        yield sim, printer
    finally:
        printer.close()
        sim.close()


def receipt_data(**overrides: Any) -> ReceiptData:
    """A demo receipt (fictional resident, masked name); overrides name record or print fields."""
    code = overrides.pop("tracking_code", TRACKING_CODE)
    record: dict[str, Any] = {
        "service_id": "residence_permit",
        "service_name_zh": "居住证申领",
        "service_name_en": "Residence permit application",
        "masked_name": "王*",
        "result_mode": "pickup",
        "created_at": dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC),
        "tracking_code": code,
        "queued": False,
    }
    printed: dict[str, Any] = {
        "terminal_id": "SIM-0001",
        "tracking_url": tracking.tracking_url(TRACKING_BASE, code),
        "next_steps": default_next_steps("pickup"),
        "locale": "zh_CN",
    }
    for name, value in overrides.items():
        (record if name in record else printed)[name] = value
    return ReceiptData(ReceiptRecord(**record), **printed)


SIMPLE_JOB = b"\x1b@" + b"\x1c&" + "测试".encode("gb18030") + b"\x1c." + b" OK\n" + b"\x1dVB\x00"
