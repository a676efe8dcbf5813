"""A GA 467 reader set to 9600 baud while the config says 115200: the doctor finds the rate it
answers at and says which ``baud`` to set, instead of "power-cycle the reader"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.idcard.emulator import Ga467Emulator
from kiosk.app.doctor import Outcome, check_devices
from kiosk.base.clock import SystemClock
from kiosk.base.config import parse_config


@pytest.fixture
def reader_at_9600() -> Iterator[Ga467Emulator]:
    emulator = Ga467Emulator(SystemClock(), baud=9600).start()
    try:
        yield emulator
    finally:
        emulator.stop()


def test_the_answering_baud_rate_is_named(tmp_path: Path, reader_at_9600: Ga467Emulator) -> None:
    config = parse_config({"devices": {"idcard": {
        "driver": "ga467", "port": reader_at_9600.port, "baud": 115200, "required": True,
        "timeout_s": 0.5}}})
    reader = next(c for c in check_devices(config, SystemClock(), tmp_path)
                  if c.name.startswith("idcard"))
    assert reader.outcome is Outcome.FAIL and reader.fatal
    assert "answers at 9600 baud, not at the configured 115200" in reader.detail
    assert reader.fix.startswith("set baud = 9600 in [devices.idcard]")


def test_the_right_baud_rate_passes(tmp_path: Path, reader_at_9600: Ga467Emulator) -> None:
    config = parse_config({"devices": {"idcard": {
        "driver": "ga467", "port": reader_at_9600.port, "baud": 9600, "timeout_s": 0.5}}})
    reader = next(c for c in check_devices(config, SystemClock(), tmp_path)
                  if c.name.startswith("idcard"))
    assert reader.outcome is Outcome.OK, reader
