"""ESC/POS receipt printer driver over python-escpos transports (USB, serial, network, file).

python-escpos only carries the bytes here: jobs arrive complete (built with
``devices.printer.encoding``) and are written with the transport's ``_raw``.
Status comes from ``DLE EOT n`` (n = 1..4) on transports that can answer; a
reply byte counts only when ``(b & 0x93) == 0x12`` (bits 1 and 4 set, 0 and 7
clear), anything else on the line is skipped, and no valid reply within the
timeout means the printer is disconnected. A file (``/dev/usb/lp0``) is one-way:
its status is ``UNKNOWN`` and jobs are sent blind.

``status`` and ``print_job`` never raise: every transport failure becomes a
``PrinterStatus``/``PrintFailure`` value so the journey can show the receipt
QR on screen instead.
"""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from devices.printer.protocol import Printed, PrinterStatus, PrintFailure
from kiosk.base.clock import Clock
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import DeviceDriverProblem

log = logging.getLogger(__name__)

Connection = Literal["usb", "serial", "network", "file"]
CONNECTIONS: tuple[str, ...] = ("usb", "serial", "network", "file")
TWO_WAY: frozenset[str] = frozenset({"usb", "serial", "network"})

DLE_EOT = b"\x10\x04"
STATUS_MASK = 0x93
STATUS_FIXED = 0x12


def is_valid_status_byte(b: int) -> bool:
    """Whether ``b`` can be a ``DLE EOT`` reply (fixed bits 1, 4 on and 0, 7 off)."""
    return 0 <= b <= 0xFF and (b & STATUS_MASK) == STATUS_FIXED


@dataclass(frozen=True)
class StatusFlags:
    """What the four ``DLE EOT`` replies say, merged."""

    offline: bool = False
    cover_open: bool = False
    paper_end: bool = False
    near_end: bool = False
    error: bool = False
    feed_button: bool = False
    cutter_error: bool = False
    unrecoverable: bool = False
    auto_recoverable: bool = False

    def merge(self, other: StatusFlags) -> StatusFlags:
        """Both sets of flags together."""
        return StatusFlags(*(a or b for a, b in zip(_astuple(self), _astuple(other),
                                                       strict=True)))


def _astuple(flags: StatusFlags) -> tuple[bool, ...]:
    return (flags.offline, flags.cover_open, flags.paper_end, flags.near_end, flags.error,
            flags.feed_button, flags.cutter_error, flags.unrecoverable, flags.auto_recoverable)


def parse_status_byte(n: int, b: int) -> StatusFlags | None:
    """Decode the reply to ``DLE EOT n``; ``None`` if the byte is not a valid reply."""
    if n not in (1, 2, 3, 4) or not is_valid_status_byte(b):
        return None
    if n == 1:  # printer status: bit 3 off-line
        return StatusFlags(offline=bool(b & 0x08))
    if n == 2:  # off-line cause: 2 cover open, 3 feed button, 5 paper-end stop, 6 error
        return StatusFlags(cover_open=bool(b & 0x04), feed_button=bool(b & 0x08),
                           paper_end=bool(b & 0x20), error=bool(b & 0x40))
    if n == 3:  # error cause: 3 autocutter, 5 unrecoverable, 6 auto-recoverable
        cutter, unrec, auto = bool(b & 0x08), bool(b & 0x20), bool(b & 0x40)
        return StatusFlags(error=cutter or unrec or auto, cutter_error=cutter,
                           unrecoverable=unrec, auto_recoverable=auto)
    # roll paper sensor: bits 2-3 near end, bits 5-6 end (some models set only one bit of each)
    return StatusFlags(near_end=bool(b & 0x0C), paper_end=bool(b & 0x60))


def status_from_flags(flags: StatusFlags) -> PrinterStatus:
    """The one status the journey acts on, most blocking cause first."""
    if flags.cover_open:
        return PrinterStatus.COVER_OPEN
    if flags.paper_end:
        return PrinterStatus.PAPER_END
    if flags.error:
        return PrinterStatus.ERROR
    if flags.offline and not flags.feed_button:
        # Off-line with no cause the printer names: it cannot print, treat as a fault.
        return PrinterStatus.ERROR
    if flags.near_end:
        return PrinterStatus.PAPER_NEAR_END
    return PrinterStatus.READY


def status_from_replies(replies: Iterable[tuple[int, int]]) -> PrinterStatus:
    """Status from ``(n, byte)`` pairs; ``DISCONNECTED`` if any byte is not a valid reply."""
    merged = StatusFlags()
    for n, b in replies:
        flags = parse_status_byte(n, b)
        if flags is None:
            return PrinterStatus.DISCONNECTED
        merged = merged.merge(flags)
    return status_from_flags(merged)


class _NoReply(Exception):
    """The printer did not answer in time (or the link closed)."""

    def __init__(self, closed: bool) -> None:
        super().__init__("link closed" if closed else "no reply")
        self.closed = closed


class EscposPrinter:
    """A receipt printer behind one python-escpos transport."""

    def __init__(self, connect: Callable[[], Any], *, connection: Connection, clock: Clock,
                 width_mm: int = 80, status_timeout_s: float = 1.0,
                 description: str = "") -> None:
        """``connect`` builds an unopened ``escpos.printer.*`` object (again on reconnect)."""
        self._connect = connect
        self.connection = connection
        self._clock = clock
        self.width_mm = width_mm
        self.status_timeout_s = status_timeout_s
        self.description = description
        self._lock = threading.RLock()
        self._printer: Any = None
        self.last_detail = ""
        self.last_status: tuple[PrinterStatus, float] | None = None

    # -- transport --------------------------------------------------------------

    def _transport(self) -> Any:
        """The open transport, opening it if needed; ``None`` if it cannot be opened."""
        if self._printer is not None:
            return self._printer
        try:
            printer = self._connect()
            printer.open(raise_not_found=True)
        except Exception as exc:  # transports raise OSError, USBError, SerialException, …
            self.last_detail = f"cannot open {self.connection} printer: {type(exc).__name__}"
            emit(DeviceDriverProblem(device=Ident("printer"), operation=Ident("open"),
                                     exc_type=Ident.of(type(exc).__name__)))
            return None
        self._printer = printer
        return printer

    def _drop(self) -> None:
        printer, self._printer = self._printer, None
        if printer is None:
            return
        try:
            printer.close()
        except Exception as exc:  # closing a dead link may fail in any transport-specific way
            log.debug("closing the printer transport failed: %s", type(exc).__name__)

    def _drain(self, printer: Any) -> None:
        """Discard bytes left over from an earlier, timed-out query."""
        if self.connection == "network":
            sock: socket.socket = printer.device
            sock.setblocking(False)
            try:
                while sock.recv(64):
                    pass
            except (BlockingIOError, InterruptedError):
                return
            finally:
                sock.settimeout(printer.timeout)
        elif self.connection == "serial":
            printer.device.reset_input_buffer()

    def _read_some(self, printer: Any) -> bytes:
        """Whatever the printer sent within the status timeout (raises ``_NoReply``)."""
        if self.connection == "network":
            sock: socket.socket = printer.device
            sock.settimeout(self.status_timeout_s)
            try:
                data = sock.recv(16)
            except TimeoutError:
                raise _NoReply(closed=False) from None
            finally:
                sock.settimeout(printer.timeout)
            if not data:
                raise _NoReply(closed=True)
            return data
        if self.connection == "serial":
            printer.device.timeout = self.status_timeout_s
            data = printer.device.read(1)
            if not data:
                raise _NoReply(closed=False)
            return bytes(data)
        # usb: python-escpos's _read has no timeout argument, so ask pyusb directly
        try:
            data = printer.device.read(printer.in_ep, 16, int(self.status_timeout_s * 1000))
        except Exception as exc:
            if type(exc).__name__ == "USBTimeoutError":
                raise _NoReply(closed=False) from None
            raise
        return bytes(data)

    def _query(self, printer: Any, n: int) -> int:
        """Send ``DLE EOT n`` and return the first valid reply byte."""
        printer._raw(DLE_EOT + bytes([n]))
        # Bytes that fail the validity rule (ASB packets, line noise) are skipped, within
        # a bounded number of reads so a chattering line cannot keep us here.
        for _ in range(8):
            for b in self._read_some(printer):
                if is_valid_status_byte(b):
                    return b
        raise _NoReply(closed=False)

    # -- protocol -----------------------------------------------------------------

    def status(self) -> PrinterStatus:
        """Query the printer (``DLE EOT 1..4``); never raises."""
        with self._lock:
            result = self._status()
            self.last_status = (result, self._clock.monotonic())
            return result

    def _status(self) -> PrinterStatus:
        for attempt in range(2):
            had_link = self._printer is not None
            printer = self._transport()
            if printer is None:
                return PrinterStatus.DISCONNECTED
            if self.connection not in TWO_WAY:
                self.last_detail = "one-way transport: status unknown"
                return PrinterStatus.UNKNOWN
            try:
                self._drain(printer)
                replies = [(n, self._query(printer, n)) for n in (1, 2, 3, 4)]
            except _NoReply as exc:
                self._drop()
                self.last_detail = f"printer gave {exc}"
                if exc.closed and had_link and attempt == 0:
                    continue  # the printer restarted since the last use: reconnect once
                return PrinterStatus.DISCONNECTED
            except Exception as exc:  # a dead link fails in transport-specific ways
                self._drop()
                self.last_detail = f"status query failed: {type(exc).__name__}"
                if had_link and attempt == 0:
                    continue
                return PrinterStatus.DISCONNECTED
            self.last_detail = "status " + " ".join(f"{n}:{b:02x}" for n, b in replies)
            return status_from_replies(replies)
        return PrinterStatus.DISCONNECTED

    def print_job(self, job: bytes) -> Printed | PrintFailure:
        """Send one job; refuse on paper-out, cover-open, error or no printer; never raises."""
        with self._lock:
            before = self._status()
            if not before.can_print:
                return PrintFailure(before, "refused before printing")
            printer = self._transport()
            if printer is None:
                return PrintFailure(PrinterStatus.DISCONNECTED, self.last_detail)
            try:
                printer._raw(job)
                if self.connection == "file":
                    printer.flush()
            except Exception as exc:  # broken pipe, USB timeout, serial error, …
                self._drop()
                return PrintFailure(PrinterStatus.DISCONNECTED,
                                    f"sending the job failed: {type(exc).__name__}")
            if self.connection not in TWO_WAY:
                return Printed(len(job))
            # The printer handles the query after the job's bytes, so a fault that stopped
            # this job (paper ran out, cover opened) shows here.
            after = self._status()
            self.last_status = (after, self._clock.monotonic())
            if not after.can_print:
                return PrintFailure(after, "the printer reported a fault during the job")
            return Printed(len(job))

    def close(self) -> None:
        """Release the transport."""
        with self._lock:
            self._drop()
