"""What the simulators share: the fictional cards they can hold, and their faults.

The cards come from the caller (the dev tools' demo residents). The faults are
one catalogue per device family, switched by name through ``FaultSwitches``,
so the dev dock, the CLI and the scenario suite speak one vocabulary whatever
simulator (memory or byte-level) stands behind a device.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from devices.citizen_card.protocol import CitizenCardData
from devices.idcard.protocol import IdCardData
from devices.printer.protocol import PrinterStatus


class SampleCards(Protocol):
    """Cards by code (``R0001``…); ``KeyError`` for a code it does not know.

    The simulators take the demo residents' cards through this, so the device layer
    never imports the demo residents (a development tool) itself.
    """

    def id_card(self, code: str) -> IdCardData:
        """The resident ID card ``code`` names."""
        ...

    def citizen_card(self, code: str) -> CitizenCardData:
        """The citizen / social-security card ``code`` names."""
        ...


# Every fault each family defines, by the name the dock, the CLI and bench options use.
ID_CARD_FAULTS: dict[str, str] = {
    "checksum": "the next read answer has a wrong checksum byte",
    "truncated": "the next read answer stops half-way",
    "sw41": "the next read answers SW 41 (read failed, no card)",
    "slow": "every answer comes late (the driver times out) until cleared",
    "mute": "the reader answers nothing (a mute reader) until cleared",
    "invalid_number": "the next card read has a number failing its check digit",
    "card_not_removed": "the card stays on the pad when lifted, until cleared",
}
CITIZEN_CARD_FAULTS: dict[str, str] = {
    "mute": "the next card inserted never answers its first command",
    "pulled": "the next card inserted is pulled out mid-read",
    "wrong_card": "the next card inserted is not a social-security card (SELECT 6A82)",
    "locked": "the next card inserted is locked (SELECT 6283)",
    "pin_locked": "the next card inserted has its PIN blocked (6983)",
    "expired": "the next card inserted expired last year",
    "get_response": "the next card inserted sends its data by 61xx + GET RESPONSE",
    "le_mismatch": "the next card inserted answers each record's first READ with 6Cxx",
}
CAMERA_FAULTS: dict[str, str] = {
    "dropped_frames": "grabs fail as dropped frames (a flaky USB link)",
}
PRINTER_FAULTS: dict[str, str] = {
    "paper_near_end": "the paper roll is nearly used up (printing still works)",
    "paper_out": "no paper",
    "cover_open": "the cover is open",
    "error": "a mechanical error (cutter jammed, head too hot)",
    "disconnected": "the printer is off or unplugged",
}

# The printer's faults are states it reports (DLE EOT), not events.
PRINTER_FAULT_STATES: dict[str, PrinterStatus] = {
    "paper_near_end": PrinterStatus.PAPER_NEAR_END,
    "paper_out": PrinterStatus.PAPER_END,
    "cover_open": PrinterStatus.COVER_OPEN,
    "error": PrinterStatus.ERROR,
    "disconnected": PrinterStatus.DISCONNECTED,
}


class UnknownFault(ValueError):
    """A fault kind the device does not define; the message lists the ones it does."""


class FaultSwitches:
    """The faults one simulated device can show, switched on and off by name.

    ``kinds`` maps each kind to what it does (shown by the dev dock). A fault is
    on for the next ``times`` uses, or until cleared when ``times`` is ``None``;
    the simulator asks ``take`` (uses one) or ``is_on`` (only looks) where the
    fault bites. ``on_change`` lets a simulator react at once (re-insert a card).
    """

    def __init__(self, device: str, kinds: dict[str, str],
                 on_change: Callable[[], None] | None = None) -> None:
        self.device = device
        self.kinds = dict(kinds)
        self._on_change = on_change
        self._lock = threading.Lock()
        self._active: dict[str, int | None] = {}

    def set(self, kind: str, times: int | None = None) -> None:
        """Switch ``kind`` on for ``times`` uses (``None``: until cleared)."""
        if kind not in self.kinds:
            raise UnknownFault(f"{self.device} has no fault {kind!r}; it has "
                               + ", ".join(sorted(self.kinds)))
        if times is not None and times < 1:
            raise ValueError("times must be 1 or more (or left out: until cleared)")
        with self._lock:
            self._active.pop(kind, None)  # the latest set comes last (the printer shows it)
            self._active[kind] = times
        if self._on_change is not None:
            self._on_change()

    def clear(self, kind: str | None = None) -> None:
        """Switch one fault (or, with ``None``, every fault) off."""
        with self._lock:
            if kind is None:
                self._active.clear()
            else:
                self._active.pop(kind, None)
        if self._on_change is not None:
            self._on_change()

    def active(self) -> dict[str, int | None]:
        """The faults on now and how many uses each has left (``None``: until cleared)."""
        with self._lock:
            return dict(self._active)

    def is_on(self, kind: str) -> bool:
        """Whether ``kind`` is on, without using it up."""
        with self._lock:
            return kind in self._active

    def take(self, kind: str) -> bool:
        """Whether ``kind`` bites now; a counted fault uses one of its times."""
        with self._lock:
            if kind not in self._active:
                return False
            left = self._active[kind]
            if left is not None:
                if left <= 1:
                    del self._active[kind]
                else:
                    self._active[kind] = left - 1
            return True


def printer_fault_switches(set_state: Callable[[PrinterStatus], None]) -> FaultSwitches:
    """Printer faults as states: the one switched on last shows, none means ready."""

    def apply() -> None:
        active = list(switches.active())
        set_state(PRINTER_FAULT_STATES[active[-1]] if active else PrinterStatus.READY)

    switches = FaultSwitches("printer", PRINTER_FAULTS, on_change=apply)
    return switches
