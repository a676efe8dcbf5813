"""Receipt printer interface (ESC/POS)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol


class PrinterStatus(enum.Enum):
    """Closed set of printer states (``UNKNOWN`` for one-way transports)."""

    READY = "ready"
    PAPER_NEAR_END = "paper_near_end"
    PAPER_END = "paper_end"
    COVER_OPEN = "cover_open"
    ERROR = "error"
    UNKNOWN = "unknown"
    DISCONNECTED = "disconnected"

    @property
    def can_print(self) -> bool:
        """Whether a job may start in this state."""
        return self in (PrinterStatus.READY, PrinterStatus.PAPER_NEAR_END, PrinterStatus.UNKNOWN)


STATUS_MESSAGE_KEYS: dict[PrinterStatus, str] = {
    PrinterStatus.PAPER_END: "printer.paper_out",
    PrinterStatus.COVER_OPEN: "printer.cover_open",
    PrinterStatus.ERROR: "printer.error",
    PrinterStatus.DISCONNECTED: "printer.disconnected",
}


@dataclass(frozen=True)
class PrintFailure:
    """A job that did not print, as a value; the journey then shows the QR on screen."""

    status: PrinterStatus
    detail: str = ""

    @property
    def message_key(self) -> str:
        """The catalogue key of the resident-facing message."""
        return STATUS_MESSAGE_KEYS.get(self.status, "printer.error")


@dataclass(frozen=True)
class Printed:
    """A job the printer accepted."""

    byte_count: int


class ReceiptPrinter(Protocol):
    """What the journey needs from a receipt printer."""

    width_mm: int

    def status(self) -> PrinterStatus:
        """Query the printer (``DLE EOT``); never raises."""

    def print_job(self, job: bytes) -> Printed | PrintFailure:
        """Send one complete ESC/POS job; refuses to start on paper-out or cover-open."""

    def close(self) -> None:
        """Release the transport."""
