"""GA 467 ID-card reader: frame codec, status words, text-block parser and serial driver.

Every reader certified for the second-generation resident ID card speaks the
same host protocol over a UART (usually a USB-serial bridge), 115200 8N1 by
default::

    command  AA AA AA 96 69 | LEN(2, big-endian) | CMD PARA | DATA | CHK
    response AA AA AA 96 69 | LEN(2, big-endian) | SW1 SW2 SW3 | DATA | CHK

``LEN`` counts from CMD (or SW1) through CHK; ``CHK`` is the XOR of every byte
after the five-byte preamble except itself. The card's 256-byte text block is
UTF-16LE padded with spaces; byte 248 tells which card it is (see
``docs/devices.md`` for every layout and where the 2023 foreigner layout comes
from). The 1024-byte photo is WLT-encoded by a closed decoder, so it is kept
as opaque bytes.

The driver is synchronous: ``read_card`` runs one find/select/read cycle,
paced to at most one find per poll interval, with every wait measured on the
injected clock. A port that vanishes makes the reader ``DISCONNECTED`` until
it comes back; the driver then reopens it by itself.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import functools
import operator
import re
import termios
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from devices.idcard.nations import ALPHA3_TO_NUMERIC, NATIONS, NUMERIC_TO_ALPHA3
from devices.idcard.protocol import (
    FAILURE_MESSAGE_KEYS,
    CardKind,
    IdCardData,
    IdCardFailure,
    IdCardFailureKind,
    IdCardReaderStatus,
)
from kiosk.base.clock import Clock
from kiosk.base.idnumber import validate as validate_id_number

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
#: The largest LEN we accept: a fingerprint read is 3+6+256+1024+1024+1 = 2314 bytes.
MAX_LEN = 4096
TEXT_LEN = 256
PHOTO_LEN = 1024
FINGERPRINT_MAX = 1024
DEFAULT_BAUD = 115200
#: GA 467 ``60 0n`` parameter for each UART rate the reader can switch to.
BAUD_CODES: dict[int, int] = {115200: 0x00, 57600: 0x01, 38400: 0x02, 19200: 0x03, 9600: 0x04}
#: The issue's floor for find polling: readers and cards misbehave when polled faster.
MIN_POLL_INTERVAL_S = 0.3
BITS_PER_BYTE = 10  # 8N1: start bit, 8 data bits, stop bit


# ---------------------------------------------------------------------------
# Frames


def checksum(body: bytes | bytearray) -> int:
    """XOR of ``body`` (everything after the preamble except the checksum itself)."""
    return functools.reduce(operator.xor, body, 0)


def _frame(payload: bytes) -> bytes:
    if len(payload) + 1 > MAX_LEN:
        raise ValueError(f"payload of {len(payload)} bytes does not fit a frame")
    body = (len(payload) + 1).to_bytes(2, "big") + payload
    return PREAMBLE + body + bytes([checksum(body)])


def encode_command(cmd: int, para: int, data: bytes = b"") -> bytes:
    """One host-to-reader frame."""
    return _frame(bytes([cmd, para]) + data)


def encode_response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    """One reader-to-host frame (used by the emulator and the tests)."""
    return _frame(bytes([sw1, sw2, sw3]) + data)


class Command(enum.Enum):
    """The commands the driver sends, as (CMD, PARA)."""

    RESET = (0x10, 0xFF)
    STATUS = (0x11, 0xFF)
    FIND = (0x20, 0x01)
    SELECT = (0x20, 0x02)
    READ = (0x30, 0x01)  # text + photo
    READ_FINGERPRINT = (0x30, 0x10)  # text + photo + fingerprint
    SET_BAUD = (0x60, 0x00)  # PARA is the rate code, see ``BAUD_CODES``

    def frame(self, para: int | None = None) -> bytes:
        """The encoded command frame (``para`` overrides PARA, for ``SET_BAUD``)."""
        cmd, default = self.value
        return encode_command(cmd, default if para is None else para)


@dataclass(frozen=True)
class Frame:
    """A frame whose checksum verified: CMD PARA DATA, or SW1 SW2 SW3 DATA."""

    payload: bytes


@dataclass(frozen=True)
class FrameError:
    """Bytes that looked like a frame but were not one (the decoder resynchronised)."""

    kind: str  # "checksum" or "length"
    declared_len: int


class FrameDecoder:
    """Streaming decoder: feed bytes as they arrive, get whole verified frames back.

    Noise before a preamble is skipped; a frame whose LEN is impossible or whose
    checksum fails is reported as a ``FrameError`` and decoding resumes one
    byte after its preamble, so a frame hidden behind a corrupt one is still
    found. A frame is never returned unless its checksum verified.
    """

    def __init__(self, min_payload: int = 2) -> None:
        self._buf = bytearray()
        self._min_len = min_payload + 1

    def reset(self) -> None:
        """Forget buffered bytes (after a timeout, before a new command)."""
        self._buf.clear()

    @property
    def pending(self) -> int:
        """Bytes held while waiting for the rest of a frame."""
        return len(self._buf)

    @property
    def wanted(self) -> int:
        """How many more bytes the frame being assembled needs at least (1 if unknown)."""
        buf = self._buf
        if len(buf) < 7:
            return max(1, 7 - len(buf))
        length = int.from_bytes(buf[5:7], "big")
        if buf.startswith(PREAMBLE) and self._min_len <= length <= MAX_LEN:
            return max(1, 7 + length - len(buf))
        return 1

    def feed(self, data: bytes) -> list[Frame | FrameError]:
        """Add bytes; return every frame or error now complete, in stream order."""
        buf = self._buf
        buf += data
        out: list[Frame | FrameError] = []
        while True:
            start = buf.find(PREAMBLE)
            if start < 0:
                # Keep a possible partial preamble at the end.
                keep = len(PREAMBLE) - 1
                if len(buf) > keep:
                    del buf[: len(buf) - keep]
                break
            if start:
                del buf[:start]
            if len(buf) < 7:
                break
            length = int.from_bytes(buf[5:7], "big")
            if not self._min_len <= length <= MAX_LEN:
                out.append(FrameError("length", length))
                del buf[:1]
                continue
            end = 7 + length
            if len(buf) < end:
                break
            if checksum(buf[5 : end - 1]) != buf[end - 1]:
                out.append(FrameError("checksum", length))
                del buf[:1]
                continue
            out.append(Frame(bytes(buf[7 : end - 1])))
            del buf[:end]
        return out


# ---------------------------------------------------------------------------
# Status words


@dataclass(frozen=True)
class StatusMeaning:
    """What one SW3 value means and how the kiosk handles it."""

    code: int
    name: str
    description: str
    failure: IdCardFailureKind | None  # None: success

    @property
    def message_key(self) -> str | None:
        """The resident-facing message key (``None`` for success)."""
        return None if self.failure is None else FAILURE_MESSAGE_KEYS[self.failure]


_F = IdCardFailureKind
STATUS_WORDS: dict[int, StatusMeaning] = {
    s.code: s
    for s in (
        StatusMeaning(0x90, "ok", "operation succeeded", None),
        StatusMeaning(0x9F, "card_found", "a card entered the field", None),
        StatusMeaning(0x10, "checksum_error", "the reader received a frame with a bad checksum",
                      _F.CHECKSUM),
        StatusMeaning(0x11, "length_error", "the reader received a frame with a bad length",
                      _F.CHECKSUM),
        StatusMeaning(0x21, "command_error", "the reader refused the command", _F.READER_FAULT),
        StatusMeaning(0x23, "unauthorised_operation", "the reader refused the operation",
                      _F.READER_FAULT),
        StatusMeaning(0x24, "unrecognised", "the reader does not know this command",
                      _F.READER_FAULT),
        StatusMeaning(0x31, "card_rejects_reader", "the card failed to authenticate the reader",
                      _F.READ_FAILED),
        StatusMeaning(0x32, "reader_rejects_card", "the reader failed to authenticate the card",
                      _F.READ_FAILED),
        StatusMeaning(0x33, "verification_error", "information verification failed",
                      _F.READ_FAILED),
        StatusMeaning(0x40, "wrong_card", "the card is not one this reader can read",
                      _F.WRONG_CARD),
        StatusMeaning(0x41, "read_failed", "reading the card failed", _F.READ_FAILED),
        StatusMeaning(0x47, "random_failed", "getting a random number from the card failed",
                      _F.READ_FAILED),
        StatusMeaning(0x60, "self_test_failed", "the reader's security module failed its self-test",
                      _F.READER_FAULT),
        StatusMeaning(0x66, "not_authorised", "the reader's security module is not authorised",
                      _F.READER_FAULT),
        StatusMeaning(0x80, "find_failed", "no new card in the field", _F.NO_CARD),
        StatusMeaning(0x81, "select_failed", "the card could not be selected", _F.READ_FAILED),
    )
}


def status_meaning(sw3: int) -> StatusMeaning:
    """The meaning of an SW3 byte; unknown values are reader faults."""
    known = STATUS_WORDS.get(sw3)
    if known is not None:
        return known
    return StatusMeaning(sw3, "unknown", f"undocumented status {sw3:02X}", _F.READER_FAULT)


@dataclass(frozen=True)
class Response:
    """A decoded reader response."""

    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @property
    def meaning(self) -> StatusMeaning:
        """The interpretation of SW3."""
        return status_meaning(self.sw3)


def parse_response(frame: Frame) -> Response | None:
    """Split a response frame into status and data; ``None`` if too short."""
    p = frame.payload
    if len(p) < 3:
        return None
    return Response(p[0], p[1], p[2], p[3:])


@dataclass(frozen=True)
class ReadPayload:
    """The three (or four) parts of a read response's data."""

    text: bytes
    photo: bytes
    fingerprint: bytes | None


def split_read_data(data: bytes, with_fingerprint: bool) -> ReadPayload | str:
    """Split read data by its length fields; a string says what is wrong."""
    head = 6 if with_fingerprint else 4
    if len(data) < head:
        return f"read data too short ({len(data)} bytes)"
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    fp_len = int.from_bytes(data[4:6], "big") if with_fingerprint else 0
    if text_len != TEXT_LEN:
        return f"text length {text_len}, expected {TEXT_LEN}"
    if photo_len != PHOTO_LEN:
        return f"photo length {photo_len}, expected {PHOTO_LEN}"
    if fp_len > FINGERPRINT_MAX:
        return f"fingerprint length {fp_len} exceeds {FINGERPRINT_MAX}"
    if len(data) != head + text_len + photo_len + fp_len:
        return f"read data is {len(data)} bytes, lengths say {head + text_len + photo_len + fp_len}"
    text = data[head : head + text_len]
    photo = data[head + text_len : head + text_len + photo_len]
    fingerprint = data[head + text_len + photo_len :] if with_fingerprint else None
    return ReadPayload(text, photo, fingerprint)


def encode_read_data(text: bytes, photo: bytes, fingerprint: bytes | None = None) -> bytes:
    """The data part of a read response (used by the emulator)."""
    out = len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big")
    if fingerprint is not None:
        out += len(fingerprint).to_bytes(2, "big")
    return out + text + photo + (fingerprint or b"")


# ---------------------------------------------------------------------------
# Text block

# (field, first byte, end byte) per card kind; byte 248-249 is the card-type flag.
Layout = tuple[tuple[str, int, int], ...]
LAYOUTS: dict[CardKind, Layout] = {
    CardKind.RESIDENT: (
        ("name", 0, 30), ("sex", 30, 32), ("nation", 32, 36), ("birth_date", 36, 52),
        ("address", 52, 122), ("id_number", 122, 158), ("issuing_authority", 158, 188),
        ("valid_from", 188, 204), ("valid_to", 204, 220),
    ),
    CardKind.HMT_PERMIT: (
        ("name", 0, 30), ("sex", 30, 32), ("birth_date", 36, 52),
        ("address", 52, 122), ("id_number", 122, 158), ("issuing_authority", 158, 188),
        ("valid_from", 188, 204), ("valid_to", 204, 220), ("pass_number", 220, 238),
        ("issue_count", 238, 242),
    ),
    CardKind.FOREIGN_2017: (
        ("name_en", 0, 120), ("sex", 120, 122), ("id_number", 122, 152),
        ("nationality", 152, 158), ("name", 158, 188), ("valid_from", 188, 204),
        ("valid_to", 204, 220), ("birth_date", 220, 236), ("card_version", 236, 240),
        ("issuing_office", 240, 248),
    ),
    CardKind.FOREIGN_2023: (
        ("name", 0, 30), ("sex", 30, 32), ("issue_count", 32, 36), ("birth_date", 36, 52),
        ("name_en", 52, 122), ("id_number", 122, 158), ("valid_from", 188, 204),
        ("valid_to", 204, 220), ("name_en_more", 220, 242), ("nationality", 242, 248),
        ("previous_number_link", 250, 256),
    ),
}
KIND_FLAGS: dict[CardKind, str] = {
    CardKind.RESIDENT: " ",
    CardKind.HMT_PERMIT: "J",
    CardKind.FOREIGN_2017: "I",
    CardKind.FOREIGN_2023: "Y",
}
_FLAG_KINDS = {flag: kind for kind, flag in KIND_FLAGS.items()}
_FLAG_KINDS["\x00"] = CardKind.RESIDENT
FLAG_OFFSET = 248
LONG_TERM = "长期"
SEXES = ("0", "1", "2", "9")
# Where the 2023 card splits a long English name: chars 1-35 at 52, 36-46 at 220.
NAME_EN_SPLIT = 35


@dataclass(frozen=True)
class TextBlockError:
    """Why a text block could not be turned into card data."""

    field: str
    reason: str
    wrong_card: bool = False  # an unknown card type, not a damaged read


def card_kind(block: bytes) -> CardKind | None:
    """The card kind from the type flag at byte 248, ``None`` if unknown."""
    if len(block) != TEXT_LEN:
        return None
    try:
        flag = block[FLAG_OFFSET : FLAG_OFFSET + 2].decode("utf-16-le")
    except UnicodeDecodeError:
        return None
    return _FLAG_KINDS.get(flag)


def _date(value: str) -> dt.date | None:
    if len(value) != 8 or not value.isascii() or not value.isdigit():
        return None
    year = int(value[:4])
    # No card holder was born, or a card issued, before 1900; such a date is corruption.
    if year < 1900:
        return None
    try:
        return dt.date(year, int(value[4:6]), int(value[6:]))
    except ValueError:
        return None


def parse_text_block(block: bytes) -> IdCardData | TextBlockError:
    """Turn a 256-byte text block into card data, or say which field is wrong.

    Pure and total: any input returns a value, nothing raises. The photo and
    fingerprint are added by the caller. Identity-number check digits are the
    caller's job too, so a bad number can be refused with its own message.
    """
    if len(block) != TEXT_LEN:
        return TextBlockError("block", f"{len(block)} bytes, expected {TEXT_LEN}")
    kind = card_kind(block)
    if kind is None:
        return TextBlockError("card_type", "unknown card-type flag at byte 248", wrong_card=True)
    raw: dict[str, str] = {}
    for name, start, end in LAYOUTS[kind]:
        try:
            text = block[start:end].decode("utf-16-le")
        except UnicodeDecodeError:
            return TextBlockError(name, "not valid UTF-16")
        if any(unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") and c != "\x00" for c in text):
            return TextBlockError(name, "control or unassigned characters")
        raw[name] = text.replace("\x00", " ")
    fields = {name: value.strip(" ") for name, value in raw.items()}
    if fields["sex"] not in SEXES:
        return TextBlockError("sex", "not one of 0, 1, 2, 9")
    birth = _date(fields["birth_date"])
    if birth is None:
        return TextBlockError("birth_date", "not a YYYYMMDD date")
    valid_from = _date(fields["valid_from"])
    if valid_from is None:
        return TextBlockError("valid_from", "not a YYYYMMDD date")
    long_term = fields["valid_to"] == LONG_TERM
    valid_to = None if long_term else _date(fields["valid_to"])
    if valid_to is None and not long_term:
        return TextBlockError("valid_to", "neither a YYYYMMDD date nor 长期")
    if kind is CardKind.RESIDENT and fields["nation"] not in NATIONS:
        return TextBlockError("nation", "not a GB/T 3304 nation code")
    name_en = fields.get("name_en", "")
    if kind is CardKind.FOREIGN_2023 and fields["name_en_more"]:
        # The name continues at byte 220 only when it fills all 35 characters.
        name_en = raw["name_en"] + fields["name_en_more"]
    nationality = fields.get("nationality", "")
    if kind is CardKind.FOREIGN_2023:
        nationality = NUMERIC_TO_ALPHA3.get(nationality, nationality)
    return IdCardData(
        kind=kind,
        name=fields["name"],
        sex=fields["sex"],
        birth_date=birth,
        id_number=fields["id_number"],
        valid_from=valid_from,
        valid_to=valid_to,
        long_term=long_term,
        nation=fields.get("nation", ""),
        address=fields.get("address", ""),
        issuing_authority=fields.get("issuing_authority", ""),
        name_en=name_en,
        nationality=nationality,
        pass_number=fields.get("pass_number", ""),
        issue_count=fields.get("issue_count", ""),
        card_version=fields.get("card_version", ""),
        issuing_office=fields.get("issuing_office", ""),
    )


def previous_number_link(block: bytes) -> str:
    """The 2023 card's link to a 2017 card number (bytes 250-255), ``""`` if none."""
    if card_kind(block) is not CardKind.FOREIGN_2023:
        return ""
    try:
        return block[250:256].decode("utf-16-le").strip(" \x00")
    except UnicodeDecodeError:
        return ""


def encode_text_block(card: IdCardData, previous_link: str = "") -> bytes:
    """The 256-byte text block a card with this data carries (for the emulator).

    Raises ``ValueError`` when a field does not fit its slot.
    """
    def date(value: dt.date | None) -> str:
        # Explicit widths: strftime("%Y") does not zero-pad years below 1000 on glibc.
        return "" if value is None else f"{value.year:04d}{value.month:02d}{value.day:02d}"

    values: dict[str, str] = {
        "name": card.name, "sex": card.sex, "nation": card.nation,
        "birth_date": date(card.birth_date), "address": card.address,
        "id_number": card.id_number, "issuing_authority": card.issuing_authority,
        "valid_from": date(card.valid_from),
        "valid_to": LONG_TERM if card.long_term else date(card.valid_to),
        "name_en": card.name_en, "nationality": card.nationality,
        "pass_number": card.pass_number, "issue_count": card.issue_count,
        "card_version": card.card_version, "issuing_office": card.issuing_office,
        "name_en_more": "", "previous_number_link": previous_link,
    }
    if card.kind is CardKind.FOREIGN_2023:
        values["name_en"] = card.name_en[:NAME_EN_SPLIT]
        values["name_en_more"] = card.name_en[NAME_EN_SPLIT:]
        values["nationality"] = ALPHA3_TO_NUMERIC.get(card.nationality, card.nationality)
    block = bytearray(" ".encode("utf-16-le") * (TEXT_LEN // 2))
    for name, start, end in LAYOUTS[card.kind]:
        data = values[name].encode("utf-16-le")
        if len(data) > end - start:
            raise ValueError(f"{name} does not fit in {(end - start) // 2} characters")
        block[start : start + len(data)] = data
    block[FLAG_OFFSET : FLAG_OFFSET + 2] = KIND_FLAGS[card.kind].encode("utf-16-le")
    return bytes(block)


_FOREIGN_2017_NUMBER = re.compile(r"[A-Z]{3}[0-9]{12}")


def check_number(card: IdCardData) -> str | None:
    """Why the card's number is not valid for its kind, ``None`` if it is.

    Resident cards, HK/Macau/Taiwan permits and 2023 foreigner cards carry an
    18-character GB 11643 number with a MOD 11-2 check character; the 2017
    foreigner card carries 3 letters and 12 digits without one.
    """
    if card.kind is CardKind.FOREIGN_2017:
        if _FOREIGN_2017_NUMBER.fullmatch(card.id_number):
            return None
        return "a 2017 permanent-residence number is 3 letters and 12 digits"
    problem = validate_id_number(card.id_number)
    if problem is not None:
        return problem.detail
    first = card.id_number[0]
    if card.kind is CardKind.FOREIGN_2023 and first != "9":
        return "a 2023 permanent-residence number starts with 9"
    if card.kind is CardKind.HMT_PERMIT and card.id_number[:2] not in ("81", "82", "83"):
        return "a residence-permit number starts with 81, 82 or 83"
    return None


# ---------------------------------------------------------------------------
# Driver


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


def wire_seconds(n_bytes: int, baud: int) -> float:
    """How long ``n_bytes`` take on an 8N1 line at ``baud``."""
    return n_bytes * BITS_PER_BYTE / baud
