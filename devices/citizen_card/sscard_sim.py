"""A scripted social-security card that answers APDUs, with the faults real cards show.

``ScriptedSsCard`` is the card side of ``devices.citizen_card.sscard``: it holds the records
of one ``CitizenCardData`` laid out as a ``CardLayout`` says, and answers SELECT,
VERIFY (PIN status), READ RECORD and GET RESPONSE. The same object sits behind
the virtual vpcd card (``devices.citizen_card.vpcd``, through the real PC/SC stack) and
behind ``MemoryApduCitizenCardReader`` (an in-memory reader for unit tests that
runs the driver's APDU logic without pcscd).
"""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass, field

from devices.citizen_card import sscard
from devices.citizen_card.protocol import (
    CitizenCardData,
    CitizenCardFailure,
    CitizenCardFailureKind,
    CitizenCardReaderStatus,
)
from devices.citizen_card.sscard import CardLayout, TransportError, TransportErrorKind
from kiosk.base.clock import Clock

_HISTORICAL = b"KIOSKSIM"


def build_atr(historical: bytes = _HISTORICAL) -> bytes:
    """A T=1 ATR (direct convention) with the given historical bytes and its TCK."""
    if len(historical) > 15:
        raise ValueError("at most 15 historical bytes")
    body = bytes([0x80 | len(historical), 0x80, 0x01]) + historical
    tck = 0
    for byte in body:
        tck ^= byte
    return b"\x3b" + body + bytes([tck])


ATR = build_atr()


class CardAction(enum.Enum):
    """What a card does instead of answering a command."""

    PULL = "pull"  # the card leaves the reader as the command arrives
    MUTE = "mute"  # the card never answers


@dataclass
class CardFaults:
    """Faults a scripted card shows; all off means a healthy card."""

    pull_at_apdu: int | None = None  # the card is pulled when this (1-based) command arrives
    mute_at_apdu: int | None = None  # from this command on the card stays silent
    wrong_card: bool = False  # no SSSE application: SELECT answers 6A82
    locked: str | None = None  # "select": SELECT answers 6283; "pin": PIN status 6983
    chained: bool = False  # data comes by 61xx + GET RESPONSE, in 8-byte pieces
    le_mismatch: bool = False  # the first READ RECORD of each record is answered 6Cxx


def _sw(sw: int) -> bytes:
    return bytes([sw >> 8, sw & 0xFF])


@dataclass
class ScriptedSsCard:
    """One card: its records, its faults and its session state."""

    data: CitizenCardData
    layout: CardLayout = sscard.SSSE_LAYOUT
    faults: CardFaults = field(default_factory=CardFaults)
    atr: bytes = ATR
    commands: int = 0  # commands received since insertion (for fault scripts and tests)
    records: dict[tuple[int, int], bytes] = field(init=False)
    _selected: bool = field(default=False, init=False)
    _pending: bytes = field(default=b"", init=False)
    _le_fixed: set[int] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self.records = sscard.card_records(self.data, self.layout)

    def reset(self) -> None:
        """Power-on or warm reset: the selection and any pending response are lost."""
        self._selected = False
        self._pending = b""
        self._le_fixed.clear()

    def process(self, apdu: bytes) -> bytes | CardAction:
        """Answer one command APDU (or act instead of answering)."""
        self.commands += 1
        f = self.faults
        if f.pull_at_apdu is not None and self.commands >= f.pull_at_apdu:
            return CardAction.PULL
        if f.mute_at_apdu is not None and self.commands >= f.mute_at_apdu:
            return CardAction.MUTE
        if len(apdu) < 4:
            return _sw(0x6700)
        cla, ins = apdu[0], apdu[1]
        if cla != self.layout.cla:
            return _sw(0x6E00)
        if ins != 0xC0:
            self._pending = b""
        if ins == 0xA4:
            return self._select(apdu)
        if ins == 0x20:
            return self._verify(apdu)
        if ins == 0xB2:
            return self._read_record(apdu)
        if ins == 0xC0:
            return self._get_response(apdu)
        return _sw(0x6D00)

    def _select(self, apdu: bytes) -> bytes:
        p1 = apdu[2]
        body = apdu[5 : 5 + apdu[4]] if len(apdu) > 5 else b""
        if p1 == 0x04:
            if self.faults.wrong_card or body != self.layout.df_name:
                self._selected = False
                return _sw(0x6A82)
            if self.faults.locked == "select":
                return _sw(0x6283)
            self._selected = True
            fci = bytes([0x6F, len(body) + 2, 0x84, len(body)]) + body
            return self._reply(fci) if self.faults.chained else _sw(0x9000)
        if p1 in (0x00, 0x02) and self._selected and body in (b"\xef\x05", b"\xef\x06"):
            return _sw(0x9000)
        return _sw(0x6A82)

    def _verify(self, apdu: bytes) -> bytes:
        if not self._selected:
            return _sw(0x6985)
        if len(apdu) > 4:
            return _sw(0x6A86)  # this card takes no PIN from a kiosk
        return _sw(0x6983 if self.faults.locked == "pin" else 0x63C3)

    def _read_record(self, apdu: bytes) -> bytes:
        if not self._selected:
            return _sw(0x6985)
        if len(apdu) != 5:
            return _sw(0x6700)
        record, p2, le = apdu[2], apdu[3], apdu[4] or 256
        if p2 & 0x07 != 0x04:
            return _sw(0x6A86)
        tlv = self.records.get((p2 >> 3, record))
        if tlv is None:
            return _sw(0x6A83)
        if self.faults.le_mismatch and record not in self._le_fixed:
            self._le_fixed.add(record)
            return _sw(0x6C00 | len(tlv))
        if le < len(tlv):
            return _sw(0x6C00 | len(tlv))
        return self._reply(tlv)

    def _reply(self, data: bytes) -> bytes:
        if not self.faults.chained:
            return data + _sw(0x9000)
        self._pending = data
        return _sw(0x6100 | min(len(data), 0xFF))

    def _get_response(self, apdu: bytes) -> bytes:
        if not self._pending or len(apdu) != 5:
            return _sw(0x6985)
        size = min(apdu[4] or 256, 8)
        chunk, self._pending = self._pending[:size], self._pending[size:]
        if self._pending:
            return chunk + _sw(0x6100 | min(len(self._pending), 0xFF))
        return chunk + _sw(0x9000)


class MemoryApduCitizenCardReader:
    """A citizen-card reader whose slot holds a ``ScriptedSsCard``, with no PC/SC at all.

    It runs the same ``devices.citizen_card.sscard`` flow as the PC/SC driver, so unit tests can
    exercise the APDU logic and the card model without pcscd.
    """

    def __init__(self, clock: Clock, layout: CardLayout = sscard.SSSE_LAYOUT) -> None:
        self._clock = clock
        self.layout = layout
        self._lock = threading.Lock()
        self.card: ScriptedSsCard | None = None
        self.connected = True

    def insert(self, card: ScriptedSsCard) -> None:
        """Put a card in the slot (powered: its session state starts fresh)."""
        with self._lock:
            card.reset()
            self.card = card

    def remove(self) -> None:
        """Pull the card out."""
        with self._lock:
            self.card = None

    def status(self) -> CitizenCardReaderStatus:
        """Slot state."""
        with self._lock:
            if not self.connected:
                return CitizenCardReaderStatus.DISCONNECTED
            if self.card is None:
                return CitizenCardReaderStatus.NO_CARD
            return CitizenCardReaderStatus.CARD_PRESENT

    def _transmit(self, apdu: bytes) -> bytes:
        card = self.card
        if card is None:
            raise TransportError(TransportErrorKind.REMOVED, "no card")
        reply = card.process(apdu)
        if reply is CardAction.PULL:
            self.card = None
            raise TransportError(TransportErrorKind.REMOVED, "pulled")
        if reply is CardAction.MUTE:
            raise TransportError(TransportErrorKind.MUTE, "no answer")
        return reply

    def read_card(self) -> CitizenCardData | CitizenCardFailure:
        """Run the driver's APDU flow against the card in the slot."""
        with self._lock:
            if not self.connected:
                return CitizenCardFailure(CitizenCardFailureKind.DISCONNECTED)
            if self.card is None:
                return CitizenCardFailure(CitizenCardFailureKind.NO_CARD)
            self.card.reset()
            today = sscard.local_today(self._clock.now())
            return sscard.read_card(self._transmit, self.layout, today)

    def close(self) -> None:
        """Nothing to release."""
