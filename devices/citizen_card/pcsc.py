"""Citizen-card reader driver over PC/SC (pcscd), using pyscard's thin ``scard`` layer.

``status()`` is one ``SCardGetStatusChange`` call with a zero timeout on a
long-lived context: cheap enough for the journey to poll several times a
second, so a pulled card shows as ``NO_CARD`` within pcscd's own polling delay.

``read_card()`` connects in exclusive mode and runs the APDU flow of
``devices.citizen_card.sscard`` on a worker thread with its own PC/SC context, and waits for
it with a deadline measured on the injected clock: a card that stops answering
can block ``SCardTransmit`` inside pcscd indefinitely, and the kiosk must not
block with it.

Without pyscard (not installed) or without pcscd, every call reports
``DISCONNECTED``; nothing here raises to the caller.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from devices.citizen_card import sscard
from devices.citizen_card.protocol import (
    CitizenCardData,
    CitizenCardFailure,
    CitizenCardFailureKind,
    CitizenCardReaderStatus,
)
from devices.citizen_card.sscard import CardLayout, TransportError, TransportErrorKind
from kiosk.base.clock import Clock
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import DeviceDriverProblem

log = logging.getLogger(__name__)

# Status-change flags and error codes from PC/SC (pcsclite.h); pyscard exposes the
# same values, these copies let the driver work out states without importing it.
STATE_UNKNOWN = 0x0004
STATE_UNAVAILABLE = 0x0008
STATE_EMPTY = 0x0010
STATE_PRESENT = 0x0020
STATE_MUTE = 0x0200

E_INVALID_HANDLE = 0x80100003
E_UNKNOWN_READER = 0x80100009
E_TIMEOUT = 0x8010000A
E_SHARING_VIOLATION = 0x8010000B
E_NO_SMARTCARD = 0x8010000C
F_COMM_ERROR = 0x80100013
E_NOT_TRANSACTED = 0x80100016
E_READER_UNAVAILABLE = 0x80100017
E_NO_SERVICE = 0x8010001D
E_SERVICE_STOPPED = 0x8010001E
E_NO_READERS_AVAILABLE = 0x8010002E
W_UNRESPONSIVE_CARD = 0x80100066
W_UNPOWERED_CARD = 0x80100067
W_RESET_CARD = 0x80100068
W_REMOVED_CARD = 0x80100069

_GONE_SERVICE = frozenset({E_NO_SERVICE, E_SERVICE_STOPPED, E_INVALID_HANDLE, F_COMM_ERROR})
_GONE_READER = frozenset({E_UNKNOWN_READER, E_READER_UNAVAILABLE, E_NO_READERS_AVAILABLE})
_GONE_CARD = frozenset({W_REMOVED_CARD, E_NO_SMARTCARD})
_MUTE_CARD = frozenset({W_UNRESPONSIVE_CARD, W_UNPOWERED_CARD, E_TIMEOUT})

_WAIT_STEP_S = 0.001  # how often the caller checks on the read worker
_SETTLE_STEP_S = 0.05  # how often presence is re-checked after a comm error


def load_scard() -> ModuleType | None:
    """pyscard's ``smartcard.scard``, or ``None`` when pyscard is not installed."""
    try:
        return importlib.import_module("smartcard.scard")
    except ImportError:
        return None


def _code(hresult: int) -> int:
    """PC/SC return codes as unsigned 32-bit values, however the binding signs them."""
    return int(hresult) & 0xFFFFFFFF


def reader_matcher(reader: str | None) -> Callable[[str], bool]:
    """Match a configured reader name: exact, or as a prefix (names end in slot numbers)."""
    if reader is None:
        return lambda name: True
    return lambda name: name == reader or name.startswith(reader)


@dataclass(frozen=True)
class _Probe:
    """One look at the reader: its name and PC/SC event state."""

    reader: str
    state: int

    @property
    def present(self) -> bool:
        return bool(self.state & STATE_PRESENT)

    @property
    def events(self) -> int:
        """pcsc-lite's per-reader insert/remove counter (upper 16 bits of the state)."""
        return (self.state >> 16) & 0xFFFF


class PcscCitizenCardReader:
    """A citizen/social-security card reader behind pcscd."""

    def __init__(
        self,
        clock: Clock,
        *,
        reader: str | None = None,
        match: Callable[[str], bool] | None = None,
        layout: CardLayout = sscard.SSSE_LAYOUT,
        read_timeout_s: float = 5.0,
        settle_s: float = 1.0,
        scard: ModuleType | None = None,
        transmit_tap: Callable[[sscard.Transmit], sscard.Transmit] | None = None,
    ) -> None:
        """``transmit_tap`` wraps each read's APDU transmit (a session being recorded)."""
        self._clock = clock
        self._tap = transmit_tap
        self._match = match or reader_matcher(reader)
        self.layout = layout
        self.read_timeout_s = read_timeout_s
        self.settle_s = settle_s
        self._scard: Any = scard if scard is not None else load_scard()
        self._lock = threading.Lock()
        self._ctx: int | None = None
        self._reader: str | None = None
        self._stuck: threading.Thread | None = None
        self._session_events: int | None = None
        self._closed = False
        # Set by the simulator's "unplug" handle: the reader then looks absent.
        self.simulate_unplugged = False

    # --- status ---------------------------------------------------------------

    def status(self) -> CitizenCardReaderStatus:
        """Reader state from one zero-timeout status query; never raises.

        After a successful read, a change of pcsc-lite's event counter means the
        card that was read has left (even if another card is in the slot now):
        that is reported once as ``NO_CARD`` so the resident's session ends.
        """
        probe = self._probe()
        if probe is None:
            return CitizenCardReaderStatus.DISCONNECTED
        if probe.state & (STATE_UNKNOWN | STATE_UNAVAILABLE):
            return CitizenCardReaderStatus.DISCONNECTED
        with self._lock:
            if self._session_events is not None and (
                not probe.present or probe.events != self._session_events
            ):
                self._session_events = None
                return CitizenCardReaderStatus.NO_CARD
        if probe.present:
            return CitizenCardReaderStatus.CARD_PRESENT
        if probe.state & STATE_EMPTY:
            return CitizenCardReaderStatus.NO_CARD
        return CitizenCardReaderStatus.FAULT

    def _probe(self) -> _Probe | None:
        """The configured reader's current state, or ``None`` when it cannot be reached."""
        if self._scard is None or self._closed or self.simulate_unplugged:
            return None
        with self._lock:
            try:
                # A second attempt covers a pcscd restart, which invalidates the context.
                for _ in range(2):
                    probe, retry = self._probe_once()
                    if not retry:
                        return probe
            except Exception as exc:  # the binding raising is a driver fault, not a crash
                emit(DeviceDriverProblem(device=Ident("citizen_card"), operation=Ident("status"),
                                         exc_type=Ident.of(type(exc).__name__)))
                self._drop_context()
            return None

    def _probe_once(self) -> tuple[_Probe | None, bool]:
        """One status query; the flag says whether a fresh context may succeed."""
        s = self._scard
        if self._ctx is None:
            hr, ctx = s.SCardEstablishContext(s.SCARD_SCOPE_USER)
            if _code(hr) != 0:
                return None, False
            self._ctx = ctx
        if self._reader is None:
            hr, names = s.SCardListReaders(self._ctx, [])
            code = _code(hr)
            if code in _GONE_SERVICE:
                self._drop_context()
                return None, True
            found = [n for n in (names if code == 0 else []) if self._match(n)]
            if not found:
                return None, False
            self._reader = found[0]
        hr, states = s.SCardGetStatusChange(self._ctx, 0, [(self._reader, s.SCARD_STATE_UNAWARE)])
        code = _code(hr)
        if code == 0:
            return _Probe(self._reader, int(states[0][1])), False
        if code in _GONE_READER:
            self._reader = None
            return None, True
        self._drop_context()
        return None, code in _GONE_SERVICE

    def _drop_context(self) -> None:
        if self._ctx is not None and self._scard is not None:
            try:
                self._scard.SCardReleaseContext(self._ctx)
            except Exception:  # releasing a dead context may fail; nothing to do then
                log.debug("releasing a PC/SC context failed", exc_info=True)
        self._ctx = None
        self._reader = None

    # --- reading --------------------------------------------------------------

    def read_card(self) -> CitizenCardData | CitizenCardFailure:
        """Read the inserted card with exclusive access, within ``read_timeout_s``."""
        if self._stuck is not None and self._stuck.is_alive():
            return CitizenCardFailure(CitizenCardFailureKind.MUTE, "previous read still blocked")
        self._stuck = None
        probe = self._probe()
        if probe is None or probe.state & (STATE_UNKNOWN | STATE_UNAVAILABLE):
            return CitizenCardFailure(CitizenCardFailureKind.DISCONNECTED)
        if not probe.present:
            return CitizenCardFailure(CitizenCardFailureKind.NO_CARD)
        today = sscard.local_today(self._clock.now())
        outcome: list[CitizenCardData | CitizenCardFailure] = []
        comm_error = threading.Event()
        done = threading.Event()
        worker = threading.Thread(
            target=self._read_worker, args=(probe.reader, today, outcome, comm_error, done),
            name="pcsc-read", daemon=True,
        )
        worker.start()
        deadline = self._clock.monotonic() + self.read_timeout_s
        while not done.is_set():
            if self._clock.monotonic() >= deadline:
                self._stuck = worker
                return CitizenCardFailure(
                    CitizenCardFailureKind.MUTE, f"no answer within {self.read_timeout_s:g} s"
                )
            self._clock.sleep(_WAIT_STEP_S)
        result = outcome[0]
        if isinstance(result, CitizenCardFailure) and (
            comm_error.is_set() or result.kind is CitizenCardFailureKind.REMOVED
        ):
            return self._settle(probe, result)
        if isinstance(result, CitizenCardData):
            # Data from a card that was swapped while being read must not start a session.
            after = self._probe()
            if after is None or not after.present or after.events != probe.events:
                return CitizenCardFailure(CitizenCardFailureKind.REMOVED, "card changed mid-read")
            with self._lock:
                self._session_events = probe.events
        return result

    def _settle(
        self, before: _Probe, failure: CitizenCardFailure
    ) -> CitizenCardFailure:
        """After a comm error, wait for pcscd to notice a pull before calling it a failure."""
        deadline = self._clock.monotonic() + self.settle_s
        while True:
            probe = self._probe()
            if probe is None:
                return CitizenCardFailure(CitizenCardFailureKind.DISCONNECTED, failure.detail)
            if not probe.present or probe.events != before.events:
                return CitizenCardFailure(CitizenCardFailureKind.REMOVED, failure.detail)
            if self._clock.monotonic() >= deadline:
                if failure.kind is CitizenCardFailureKind.REMOVED:
                    return failure
                return CitizenCardFailure(CitizenCardFailureKind.READ_FAILED, failure.detail)
            self._clock.sleep(_SETTLE_STEP_S)

    def _read_worker(
        self,
        reader: str,
        today: Any,
        outcome: list[CitizenCardData | CitizenCardFailure],
        comm_error: threading.Event,
        done: threading.Event,
    ) -> None:
        """Connect exclusively, run the APDU flow, disconnect; always sets ``done``."""
        result: CitizenCardData | CitizenCardFailure
        try:
            result = self._connect_and_read(reader, today, comm_error)
        except Exception as exc:  # a binding error must become a failure value
            emit(DeviceDriverProblem(device=Ident("citizen_card"), operation=Ident("read"),
                                     exc_type=Ident.of(type(exc).__name__)))
            result = CitizenCardFailure(CitizenCardFailureKind.READ_FAILED, type(exc).__name__)
        outcome.append(result)
        done.set()

    def _connect_and_read(
        self, reader: str, today: Any, comm_error: threading.Event
    ) -> CitizenCardData | CitizenCardFailure:
        s = self._scard
        hr, ctx = s.SCardEstablishContext(s.SCARD_SCOPE_USER)
        if _code(hr) != 0:
            return CitizenCardFailure(CitizenCardFailureKind.DISCONNECTED, "no PC/SC service")
        try:
            hr, hcard, protocol = s.SCardConnect(
                ctx, reader, s.SCARD_SHARE_EXCLUSIVE, s.SCARD_PROTOCOL_T0 | s.SCARD_PROTOCOL_T1
            )
            code = _code(hr)
            if code != 0:
                return _connect_failure(code)
            try:
                def transmit(apdu: bytes) -> bytes:
                    try:
                        return _transmit(s, hcard, protocol, apdu)
                    except TransportError as exc:
                        if exc.kind is TransportErrorKind.FAILED:
                            comm_error.set()
                        raise

                chosen = self._tap(transmit) if self._tap is not None else transmit
                return sscard.read_card(chosen, self.layout, today)
            finally:
                s.SCardDisconnect(hcard, s.SCARD_LEAVE_CARD)
        finally:
            s.SCardReleaseContext(ctx)

    def close(self) -> None:
        """Release the status context; later calls report ``DISCONNECTED``."""
        with self._lock:
            self._closed = True
            self._drop_context()


def _connect_failure(code: int) -> CitizenCardFailure:
    """What an ``SCardConnect`` error means for the resident."""
    detail = f"connect: 0x{code:08X}"
    if code in _GONE_CARD:
        return CitizenCardFailure(CitizenCardFailureKind.NO_CARD, detail)
    if code in _MUTE_CARD:
        return CitizenCardFailure(CitizenCardFailureKind.MUTE, detail)
    if code in _GONE_READER or code in _GONE_SERVICE:
        return CitizenCardFailure(CitizenCardFailureKind.DISCONNECTED, detail)
    return CitizenCardFailure(CitizenCardFailureKind.READ_FAILED, detail)


def _transmit(s: Any, hcard: int, protocol: int, apdu: bytes) -> bytes:
    """One ``SCardTransmit``, with PC/SC errors turned into ``TransportError``."""
    hr, response = s.SCardTransmit(hcard, protocol, list(apdu))
    code = _code(hr)
    if code == 0:
        raw = bytes(response)
        if len(raw) < 2:
            # vpcd and some readers report a card that vanished mid-command this way.
            raise TransportError(TransportErrorKind.FAILED, "empty reply")
        return raw
    detail = f"transmit: 0x{code:08X}"
    if code in _GONE_CARD:
        raise TransportError(TransportErrorKind.REMOVED, detail)
    if code in _MUTE_CARD:
        raise TransportError(TransportErrorKind.MUTE, detail)
    if code in _GONE_READER or code in (E_NO_SERVICE, E_SERVICE_STOPPED):
        raise TransportError(TransportErrorKind.DISCONNECTED, detail)
    raise TransportError(TransportErrorKind.FAILED, detail)
