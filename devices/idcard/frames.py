"""GA 467 frames: framing and checksum, commands, status words, read-response data.

The host protocol every reader certified for the second-generation resident ID card
speaks over a UART (usually a USB-serial bridge), 115200 8N1 by default::

    command  AA AA AA 96 69 | LEN(2, big-endian) | CMD PARA | DATA | CHK
    response AA AA AA 96 69 | LEN(2, big-endian) | SW1 SW2 SW3 | DATA | CHK

``LEN`` counts from CMD (or SW1) through CHK; ``CHK`` is the XOR of every byte
after the five-byte preamble except itself. A read answers with the card's text
block (see ``devices.idcard.textblock``), its 1024-byte photo, WLT-encoded by a
closed decoder and so kept as opaque bytes, and optionally a fingerprint.
"""

from __future__ import annotations

import enum
import functools
import operator
from dataclasses import dataclass

from devices.idcard.protocol import FAILURE_MESSAGE_KEYS, IdCardFailureKind
from devices.idcard.textblock import TEXT_LEN

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
#: The largest LEN we accept: a fingerprint read is 3+6+256+1024+1024+1 = 2314 bytes.
MAX_LEN = 4096
PHOTO_LEN = 1024
FINGERPRINT_MAX = 1024
DEFAULT_BAUD = 115200
#: GA 467 ``60 0n`` parameter for each UART rate the reader can switch to.
BAUD_CODES: dict[int, int] = {115200: 0x00, 57600: 0x01, 38400: 0x02, 19200: 0x03, 9600: 0x04}
BITS_PER_BYTE = 10  # 8N1: start bit, 8 data bits, stop bit


def wire_seconds(n_bytes: int, baud: int) -> float:
    """How long ``n_bytes`` take on an 8N1 line at ``baud``."""
    return n_bytes * BITS_PER_BYTE / baud


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
