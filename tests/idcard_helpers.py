"""Shared rig for the ID-card tests: a GA 467 emulator on a pty and the real driver on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from devices.idcard.emulator import Ga467Emulator
from devices.idcard.emulator import sample_card as emulator_sample_card
from devices.idcard.ga467 import Ga467Reader
from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind
from kiosk.base.clock import SystemClock
from kiosk.devtools.cards import DemoCards


@contextmanager
def rig(**reader_options: Any) -> Iterator[tuple[Ga467Emulator, Ga467Reader]]:
    """Start an emulator, open the real driver on its pty, clean both up afterwards."""
    clock = SystemClock()
    emu_options = {k: reader_options.pop(k) for k in ("slow_s", "card_read_s")
                   if k in reader_options}
    emulator = Ga467Emulator(clock, baud=reader_options.get("baud", 115200),
                             **emu_options).start()
    reader_options.setdefault("timeout_s", 1.0)
    reader = Ga467Reader(emulator.port, clock, **reader_options)
    try:
        yield emulator, reader
    finally:
        reader.close()
        emulator.stop()


def read_until(reader: Ga467Reader, done: Callable[[IdCardData | IdCardFailure], bool],
               attempts: int = 20) -> IdCardData | IdCardFailure:
    """Poll (the driver paces itself) until ``done`` holds; fail the test after ``attempts``."""
    result: IdCardData | IdCardFailure = IdCardFailure(IdCardFailureKind.NO_CARD)
    for _ in range(attempts):
        result = reader.read_card()
        if done(result):
            return result
    raise AssertionError(f"condition not reached after {attempts} polls; last: {result!r}")


def is_card(result: IdCardData | IdCardFailure) -> bool:
    """Whether a read produced a card."""
    return isinstance(result, IdCardData)


def sample_card(code: str) -> IdCardData:
    """A sample card by code: the specimens J, I, Y, or demo resident ``R0001``…."""
    return emulator_sample_card(code, DemoCards())
