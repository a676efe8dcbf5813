"""GA 467 ID-card reader: the serial driver (over pyserial).

The driver is synchronous: ``read_card`` runs one find/select/read cycle,
paced to at most one find per poll interval, with every wait measured on the
injected clock. A port that vanishes makes the reader ``DISCONNECTED`` until
it comes back; the driver then reopens it by itself. Frames are in
``devices.idcard.frames``, the card's text block in ``devices.idcard.textblock``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import termios
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from devices.idcard.frames import (
    BAUD_CODES,
    BITS_PER_BYTE,
    DEFAULT_BAUD,
    Command,
    FrameDecoder,
    FrameError,
    Response,
    parse_response,
    split_read_data,
)
from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind, IdCardReaderStatus
from devices.idcard.textblock import TextBlockError, check_number, parse_text_block
from kiosk.base.clock import Clock

#: Floor for find polling: readers and cards misbehave when polled faster.
MIN_POLL_INTERVAL_S = 0.3
_F = IdCardFailureKind


class SerialPort(Protocol):
    """The part of ``serial.Serial`` the driver uses."""

    timeout: float | None
    baudrate: int

    @property
    def in_waiting(self) -> int:
        """Bytes ready to read."""

    def read(self, size: int = 1) -> bytes:
        """Read up to ``size`` bytes, waiting at most ``timeout``."""

    def write(self, data: bytes) -> int | None:
        """Write bytes."""

    def reset_input_buffer(self) -> None:
        """Drop unread input."""

    def close(self) -> None:
        """Close the port."""


def open_serial_port(port: str, baud: int, write_timeout_s: float) -> SerialPort:
    """Open a serial port 8N1 without flow control (``OSError``-family on failure)."""
    import serial  # pyserial: imported here so the codec stays usable without it

    try:
        handle: SerialPort = serial.Serial(
            port=port, baudrate=baud, bytesize=serial.EIGHTBITS, parity=serial.PARITY_NONE,
            stopbits=serial.STOPBITS_ONE, timeout=0.1, write_timeout=write_timeout_s,
            exclusive=True,
        )
    except (serial.SerialException, ValueError) as exc:
        raise OSError(str(exc)) from exc
    return handle


# pyserial raises SerialException (an OSError) or, from tcflush/tcsetattr, termios.error.
_PORT_ERRORS = (OSError, termios.error)


class _Timeout(Exception):
    """No complete response within the command timeout."""


class _Garbled(Exception):
    """A response arrived but failed its checksum or was malformed."""


class _PortLost(Exception):
    """The serial port failed (unplugged)."""


@dataclass
class ReaderStats:
    """Counters for the bench and the tests (never personal data)."""

    commands: int = 0
    bytes_out: int = 0
    bytes_in: int = 0
    reconnects: int = 0
    finds: int = 0
    last_find_at: float | None = None


class Ga467Reader:
    """The GA 467 serial driver; satisfies ``devices.idcard.protocol.IdCardReader``."""

    def __init__(
        self,
        port: str,
        clock: Clock,
        *,
        baud: int = DEFAULT_BAUD,
        switch_to_baud: int | None = None,
        timeout_s: float = 3.0,
        poll_interval_s: float = MIN_POLL_INTERVAL_S,
        reconnect_interval_s: float = 1.0,
        fingerprint: bool = False,
        opener: Callable[[str, int, float], SerialPort] | None = None,
    ) -> None:
        if baud not in BAUD_CODES:
            raise ValueError(f"baud {baud} is not one of {sorted(BAUD_CODES)}")
        if switch_to_baud is not None and switch_to_baud not in BAUD_CODES:
            raise ValueError(f"switch_to_baud {switch_to_baud} is not one of {sorted(BAUD_CODES)}")
        self.port = port
        self._clock = clock
        self._baud = baud
        self._switch_to = switch_to_baud
        self._timeout_s = timeout_s
        self._poll_s = max(poll_interval_s, MIN_POLL_INTERVAL_S)
        self._reconnect_s = reconnect_interval_s
        self._fingerprint = fingerprint
        self._open = opener or open_serial_port
        self._lock = threading.Lock()
        self._serial: SerialPort | None = None
        self._last_attempt: float | None = None
        self._decoder = FrameDecoder(min_payload=3)
        # A card that was found (read or not) is still in the field: the reader
        # will not find it again until it leaves, so say "lift it" meanwhile.
        self._held = False
        self._dirty = False  # a command timed out or was garbled: drain before the next
        self._status_cache: tuple[float, IdCardReaderStatus] | None = None
        self.stats = ReaderStats()
        self.line_baud = baud

    # -- connection ---------------------------------------------------------

    def _ensure_open(self) -> bool:
        if self._serial is not None:
            return True
        now = self._clock.monotonic()
        if self._last_attempt is not None and now - self._last_attempt < self._reconnect_s:
            return False
        self._last_attempt = now
        try:
            self._serial = self._open(self.port, self._baud, self._timeout_s)
        except _PORT_ERRORS:
            return False
        self.line_baud = self._baud
        self._decoder.reset()
        self._dirty = False
        self.stats.reconnects += 1
        # A replugged reader forgot its baud rate and any card it saw.
        self._held = False
        if self._switch_to is not None and self._switch_to != self._baud:
            try:
                answer = self._transact(Command.SET_BAUD.frame(BAUD_CODES[self._switch_to]))
            except (_Timeout, _Garbled):
                self._drop_port()
                return False
            except _PortLost:
                return False
            if answer.sw3 != 0x90:
                self._drop_port()
                return False
            assert self._serial is not None
            try:
                self._serial.baudrate = self._switch_to
            except _PORT_ERRORS:
                self._drop_port()
                return False
            self.line_baud = self._switch_to
        return True

    def _drop_port(self) -> None:
        port, self._serial = self._serial, None
        self._status_cache = None
        if port is not None:
            # Closing a port that is already gone cannot fail more usefully.
            with contextlib.suppress(*_PORT_ERRORS):
                port.close()

    # -- one command --------------------------------------------------------

    def _transact(self, frame: bytes) -> Response:
        port = self._serial
        if port is None:
            raise _PortLost
        try:
            # A late answer to a timed-out command must not pass for this one's.
            if self._dirty:
                self._drain(port)
            port.reset_input_buffer()
            self._decoder.reset()
            port.write(frame)
        except _PORT_ERRORS as exc:
            self._drop_port()
            raise _PortLost from exc
        self.stats.commands += 1
        self.stats.bytes_out += len(frame)
        deadline = self._clock.monotonic() + self._timeout_s
        while True:
            remaining = deadline - self._clock.monotonic()
            if remaining <= 0:
                raise _Timeout
            try:
                port.timeout = remaining
                # Ask for the rest of the frame at once: one wake-up per frame, not per byte.
                chunk = port.read(max(self._decoder.wanted, port.in_waiting))
            except _PORT_ERRORS as exc:
                self._drop_port()
                raise _PortLost from exc
            if not chunk:
                # The port waited out the whole remaining budget.
                self._dirty = True
                raise _Timeout
            self.stats.bytes_in += len(chunk)
            for item in self._decoder.feed(chunk):
                if isinstance(item, FrameError):
                    self._dirty = True
                    raise _Garbled(f"{item.kind} error in response")
                response = parse_response(item)
                if response is None:
                    raise _Garbled("response shorter than its status words")
                return response

    def _drain(self, port: SerialPort) -> None:
        """Discard input until the line has been quiet for a moment (bounded by the timeout).

        ``reset_input_buffer`` alone is not enough after a timeout: bytes of a
        late answer can still be on their way through the adapter or the kernel.
        """
        quiet = max(0.02, 4 * BITS_PER_BYTE / self.line_baud)
        deadline = self._clock.monotonic() + self._timeout_s
        while self._clock.monotonic() < deadline:
            port.timeout = quiet
            if not port.read(4096):
                break
        self._dirty = False

    # -- protocol -----------------------------------------------------------

    def _pace(self) -> None:
        last = self.stats.last_find_at
        if last is not None:
            wait = last + self._poll_s - self._clock.monotonic()
            if wait > 0:
                self._clock.sleep(wait)
        self.stats.last_find_at = self._clock.monotonic()
        self.stats.finds += 1

    def status(self) -> IdCardReaderStatus:
        """Current state; asks the reader at most once per poll interval; never raises."""
        if not self._lock.acquire(blocking=False):
            # A read is in progress: the reader is there and busy with a card.
            return IdCardReaderStatus.CARD_PRESENT
        try:
            now = self._clock.monotonic()
            if self._status_cache and now - self._status_cache[0] < self._poll_s:
                return self._status_cache[1]
            state = self._query_status()
            self._status_cache = (self._clock.monotonic(), state)
            return state
        finally:
            self._lock.release()

    def _query_status(self) -> IdCardReaderStatus:
        if not self._ensure_open():
            return IdCardReaderStatus.DISCONNECTED
        try:
            answer = self._transact(Command.STATUS.frame())
        except _PortLost:
            return IdCardReaderStatus.DISCONNECTED
        except (_Timeout, _Garbled):
            return IdCardReaderStatus.FAULT
        if answer.sw3 != 0x90:
            return IdCardReaderStatus.FAULT
        return IdCardReaderStatus.CARD_PRESENT if self._held else IdCardReaderStatus.READY

    def read_card(self) -> IdCardData | IdCardFailure:
        """One find/select/read cycle, paced to the poll interval; never raises."""
        with self._lock:
            self._status_cache = None
            self._pace()
            if not self._ensure_open():
                return IdCardFailure(_F.DISCONNECTED, f"cannot open {self.port}")
            stage = "find"
            try:
                found = self._transact(Command.FIND.frame())
                if found.sw3 == 0x80:
                    return self._no_new_card()
                if found.sw3 != 0x9F:
                    return self._status_failure("find", found)
                self._held = True
                stage = "select"
                selected = self._transact(Command.SELECT.frame())
                if selected.sw3 != 0x90:
                    return self._status_failure("select", selected)
                stage = "read"
                command = Command.READ_FINGERPRINT if self._fingerprint else Command.READ
                answer = self._transact(command.frame())
                if answer.sw3 != 0x90:
                    return self._status_failure("read", answer)
                return self._card_from(answer.data)
            except _PortLost:
                return IdCardFailure(_F.DISCONNECTED, f"{self.port} went away during {stage}")
            except _Timeout:
                # The lost answer may have been a find that announced the card.
                self._held = True
                return IdCardFailure(_F.TIMEOUT, f"no complete answer to {stage} within "
                                     f"{self._timeout_s:g} s")
            except _Garbled as exc:
                self._held = True
                return IdCardFailure(_F.CHECKSUM, f"{stage}: {exc}")

    def _no_new_card(self) -> IdCardData | IdCardFailure:
        # Find only reports cards that (re-)entered the field; select tells whether
        # one we handled — or one left there before this driver started — still lies there.
        still = self._transact(Command.SELECT.frame())
        if still.sw3 == 0x90:
            self._held = True
            return IdCardFailure(_F.CARD_NOT_REMOVED, "a card that was already seen is still "
                                 "on the pad")
        self._held = False
        return IdCardFailure(_F.NO_CARD)

    def _status_failure(self, stage: str, answer: Response) -> IdCardFailure:
        meaning = answer.meaning
        kind = meaning.failure or _F.READER_FAULT
        return IdCardFailure(kind, f"{stage}: SW {answer.sw1:02X} {answer.sw2:02X} "
                             f"{answer.sw3:02X} ({meaning.description})")

    def _card_from(self, data: bytes) -> IdCardData | IdCardFailure:
        parts = split_read_data(data, self._fingerprint)
        if isinstance(parts, str):
            return IdCardFailure(_F.READ_FAILED, parts)
        card = parse_text_block(parts.text)
        if isinstance(card, TextBlockError):
            kind = _F.WRONG_CARD if card.wrong_card else _F.READ_FAILED
            return IdCardFailure(kind, f"text block {card.field}: {card.reason}")
        problem = check_number(card)
        if problem is not None:
            return IdCardFailure(_F.INVALID_NUMBER, problem)
        return dataclasses.replace(card, photo_wlt=parts.photo, fingerprint=parts.fingerprint)

    def close(self) -> None:
        """Release the port."""
        with self._lock:
            self._drop_port()


def answers_at(port: str, baud: int, clock: Clock, timeout_s: float = 0.5) -> bool:
    """Whether a reader on ``port`` answers a status query at ``baud`` (``kiosk doctor``)."""
    reader = Ga467Reader(port, clock, baud=baud, timeout_s=timeout_s, reconnect_interval_s=0.0)
    try:
        return reader.status() in (IdCardReaderStatus.READY, IdCardReaderStatus.CARD_PRESENT)
    finally:
        reader.close()
