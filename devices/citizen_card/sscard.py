"""APDU-level reading of a social-security (SSSE) card, independent of the transport.

The card application is selected by its DF name, then each cardholder field is
read with one READ RECORD addressed by short file identifier (SFI), the record
number being the field's tag: ``00 B2 <tag> <(SFI<<3)|4> <Le>``. Every reply is
one tag-length-value (tag 1 byte, length 1 byte, value).

Which fields live where, and how each value is encoded, is data: a ``CardLayout``
in ``LAYOUTS``. A city whose cards differ only needs a new layout entry. The
layout of the national social-security card as public reader code reads it is
``LAYOUTS["ssse"]``; ``docs/devices.md`` lists which parts of it are our
assumptions.

The functions here never raise on card data: bad replies become failure values.
Transport problems (card pulled, card mute) are reported by the transport by
raising ``TransportError``.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from devices.citizen_card.protocol import (
    CitizenCardData,
    CitizenCardFailure,
    CitizenCardFailureKind,
)
from kiosk.base.clock import CHINA_TIME
from kiosk.base.idnumber import validate as validate_id_number

# China Standard Time: card dates are local dates, the clock gives UTC.

SW_OK: Final = 0x9000
MAX_GET_RESPONSE_ROUNDS: Final = 16
MAX_RESPONSE_BYTES: Final = 4096
# Card dates outside these years are corrupt data, not people or cards.
DATE_YEARS: Final = (1900, 2099)

# Status words that mean "this card does not hold the application we look for".
_WRONG_CARD_SW: Final = frozenset({0x6A82, 0x6A83, 0x6A86, 0x6A87, 0x6A81, 0x6D00, 0x6E00})
# Status words that mean the application or its PIN is blocked.
_LOCKED_SW: Final = frozenset({0x6283, 0x6983, 0x63C0})


class TransportErrorKind(enum.Enum):
    """How a transport can fail to deliver an APDU exchange."""

    REMOVED = "removed"  # the card left the reader
    MUTE = "mute"  # the card does not answer
    FAILED = "failed"  # anything else (reader busy, comm error with the card still there)
    DISCONNECTED = "disconnected"  # reader or PC/SC service gone


class TransportError(Exception):
    """Raised by a transport when an exchange did not produce a reply."""

    def __init__(self, kind: TransportErrorKind, detail: str = "") -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind = kind
        self.detail = detail


# A transport sends one command APDU and returns the raw reply (data + SW1 SW2).
Transmit = Callable[[bytes], bytes]


class Codec(enum.Enum):
    """How a field's value bytes turn into text or a date."""

    ASCII = "ascii"  # printable ASCII, right-padded with 00/20/FF
    GBK = "gbk"  # GBK text, right-padded with 00/20/FF
    BCD = "bcd"  # packed BCD digits, right-padded with F nibbles
    BCD_DATE = "bcd_date"  # packed BCD YYYYMMDD
    BCD_DATE_OPTIONAL = "bcd_date_optional"  # as BCD_DATE; 00000000 or FFFFFFFF means none
    HEX = "hex"  # opaque bytes shown as upper-case hex


@dataclass(frozen=True)
class FieldSpec:
    """Where one ``CitizenCardData`` attribute is stored and how it is encoded."""

    attr: str
    sfi: int
    tag: int
    length: int  # the value length the layout defines (the maximum when not ``exact``)
    codec: Codec
    exact: bool = True  # the card must return exactly ``length`` value bytes
    pattern: str | None = None  # the decoded text must match this regex in full

    def read_record_apdu(self, cla: int = 0x00) -> bytes:
        """The READ RECORD command for this field (record number = tag, by SFI)."""
        return bytes([cla, 0xB2, self.tag, (self.sfi << 3) | 0x04, self.length + 2])


@dataclass(frozen=True)
class CardLayout:
    """Everything that differs between card layouts: application name and field table."""

    name: str
    df_name: bytes
    fields: tuple[FieldSpec, ...]
    check_pin_status: bool = True  # ask VERIFY without data for the retry counter
    cla: int = 0x00

    def select_apdu(self) -> bytes:
        """SELECT by DF name, first occurrence, no response data asked."""
        return bytes([self.cla, 0xA4, 0x04, 0x00, len(self.df_name)]) + self.df_name

    def pin_status_apdu(self) -> bytes:
        """VERIFY with no data: ISO 7816-4's way to read the PIN retry counter."""
        return bytes([self.cla, 0x20, 0x00, 0x00])


_EF05 = 0x05  # 卡片基本信息: card identifier, issue and expiry dates, card number
_EF06 = 0x06  # 持卡人基本信息: identity number, name, sex, nation, birthplace, birth date

SSSE_LAYOUT: Final = CardLayout(
    name="ssse",
    df_name="sx1.sh.社会保障".encode("gbk"),
    fields=(
        FieldSpec("card_identifier", _EF05, 0x01, 16, Codec.ASCII, pattern=r"[0-9A-Z]{16}"),
        FieldSpec("issue_date", _EF05, 0x05, 4, Codec.BCD_DATE),
        FieldSpec("expiry_date", _EF05, 0x06, 4, Codec.BCD_DATE_OPTIONAL),
        FieldSpec("card_number", _EF05, 0x07, 9, Codec.ASCII, pattern=r"[0-9A-Z]{9}"),
        FieldSpec("id_number", _EF06, 0x08, 18, Codec.ASCII, pattern=r"[0-9]{17}[0-9X]"),
        FieldSpec("name", _EF06, 0x09, 30, Codec.GBK, exact=False),
        FieldSpec("sex", _EF06, 0x0A, 1, Codec.ASCII, pattern=r"[0129]"),
        FieldSpec("nation", _EF06, 0x0B, 1, Codec.BCD, pattern=r"[0-9]{2}"),
        FieldSpec("birthplace", _EF06, 0x0C, 3, Codec.BCD, pattern=r"[0-9]{0,6}"),
        FieldSpec("birth_date", _EF06, 0x0D, 4, Codec.BCD_DATE),
    ),
)

# A layout for cards that keep the card identifier as 16 binary bytes (shown as 32 hex
# characters, the form printed in card registries) instead of 16 ASCII characters.
SSSE_BINARY_ID_LAYOUT: Final = CardLayout(
    name="ssse_binary_id",
    df_name=SSSE_LAYOUT.df_name,
    fields=(
        FieldSpec("card_identifier", _EF05, 0x01, 16, Codec.HEX),
        *SSSE_LAYOUT.fields[1:],
    ),
)

LAYOUTS: Final[Mapping[str, CardLayout]] = {
    layout.name: layout for layout in (SSSE_LAYOUT, SSSE_BINARY_ID_LAYOUT)
}

_REQUIRED_ATTRS: Final = frozenset(CitizenCardData.__dataclass_fields__)


class RecordError(ValueError):
    """A record reply is not the TLV the layout defines, or its value does not decode."""


@dataclass(frozen=True)
class Response:
    """A response APDU split into data and status word."""

    data: bytes
    sw: int

    @property
    def sw1(self) -> int:
        """The first status byte."""
        return self.sw >> 8

    @property
    def sw2(self) -> int:
        """The second status byte."""
        return self.sw & 0xFF


def split_response(raw: bytes) -> Response:
    """Split a raw reply; fewer than two bytes is not a response APDU at all."""
    if len(raw) < 2:
        raise TransportError(TransportErrorKind.FAILED, f"reply of {len(raw)} bytes")
    if len(raw) > MAX_RESPONSE_BYTES + 2:
        raise TransportError(TransportErrorKind.FAILED, "oversized reply")
    return Response(bytes(raw[:-2]), (raw[-2] << 8) | raw[-1])


def exchange(transmit: Transmit, apdu: bytes) -> Response:
    """Send one command, following ``6Cxx`` (resend with Le) and ``61xx`` (GET RESPONSE).

    ``6Cxx`` is followed once, and only for commands that carry an Le byte;
    ``61xx`` chains are bounded in rounds and in total size so a card that keeps
    answering ``61xx`` cannot make the read loop forever.
    """
    resp = split_response(transmit(apdu))
    if resp.sw1 == 0x6C and _has_le(apdu):
        apdu = apdu[:-1] + bytes([resp.sw2])
        resp = split_response(transmit(apdu))
    data = resp.data
    rounds = 0
    while resp.sw1 == 0x61:
        rounds += 1
        if rounds > MAX_GET_RESPONSE_ROUNDS:
            raise TransportError(TransportErrorKind.FAILED, "endless 61xx chain")
        resp = split_response(transmit(bytes([apdu[0], 0xC0, 0x00, 0x00, resp.sw2])))
        data += resp.data
        if len(data) > MAX_RESPONSE_BYTES:
            raise TransportError(TransportErrorKind.FAILED, "61xx chain too long")
    return Response(data, resp.sw)


def _has_le(apdu: bytes) -> bool:
    """Whether a short command APDU ends with an Le byte (case 2 or case 4)."""
    if len(apdu) == 5:
        return True
    if len(apdu) > 5:
        return len(apdu) == 5 + apdu[4] + 1
    return False


_PADDING: Final = b"\x00\x20\xff"


def parse_record(spec: FieldSpec, data: bytes) -> bytes:
    """The value bytes of a READ RECORD reply after checking tag and length."""
    if len(data) < 2:
        raise RecordError(f"record {spec.tag:02X}: {len(data)} bytes, no TLV header")
    tag, length = data[0], data[1]
    if tag != spec.tag:
        raise RecordError(f"record {spec.tag:02X}: tag {tag:02X}")
    if length != len(data) - 2:
        raise RecordError(f"record {spec.tag:02X}: length byte {length}, {len(data) - 2} follow")
    if length > spec.length or (spec.exact and length != spec.length):
        raise RecordError(f"record {spec.tag:02X}: length {length}, layout says {spec.length}")
    return data[2:]


def decode_value(spec: FieldSpec, value: bytes) -> str | dt.date | None:
    """Decode one field value by its codec; ``RecordError`` when it does not decode."""
    where = f"record {spec.tag:02X}"
    text: str
    if spec.codec in (Codec.BCD_DATE, Codec.BCD_DATE_OPTIONAL):
        if spec.codec is Codec.BCD_DATE_OPTIONAL and value in (b"\x00" * 4, b"\xff" * 4):
            return None
        digits = _bcd_digits(value, where, allow_padding=False)
        if len(digits) != 8:
            raise RecordError(f"{where}: a date needs 4 bytes")
        try:
            day = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            raise RecordError(f"{where}: not a calendar date") from None
        if not DATE_YEARS[0] <= day.year <= DATE_YEARS[1]:
            raise RecordError(f"{where}: year {day.year} is not plausible")
        return day
    if spec.codec is Codec.BCD:
        text = _bcd_digits(value, where, allow_padding=True)
    elif spec.codec is Codec.HEX:
        text = value.hex().upper()
    elif spec.codec is Codec.ASCII:
        raw = value.rstrip(_PADDING)
        if not all(0x21 <= b <= 0x7E for b in raw):
            raise RecordError(f"{where}: not printable ASCII")
        text = raw.decode("ascii")
    else:
        raw = value.rstrip(_PADDING)
        try:
            text = raw.decode("gbk")
        except UnicodeDecodeError:
            raise RecordError(f"{where}: not GBK text") from None
        if not text or any(not ch.isprintable() for ch in text) or text != text.strip():
            raise RecordError(f"{where}: empty or unprintable text")
    if spec.pattern is not None and not re.fullmatch(spec.pattern, text):
        raise RecordError(f"{where}: value does not have the expected form")
    return text


def _bcd_digits(value: bytes, where: str, *, allow_padding: bool) -> str:
    """Packed BCD as a digit string; trailing F nibbles are padding when allowed."""
    nibbles = value.hex().upper()
    if allow_padding:
        nibbles = nibbles.rstrip("F")
    if not nibbles.isdigit() and nibbles:
        raise RecordError(f"{where}: not BCD")
    return nibbles


def encode_value(spec: FieldSpec, value: str | dt.date | None) -> bytes:
    """The value bytes a card stores for one field (the inverse of ``decode_value``)."""
    if spec.codec in (Codec.BCD_DATE, Codec.BCD_DATE_OPTIONAL):
        if value is None:
            if spec.codec is Codec.BCD_DATE:
                raise ValueError(f"{spec.attr} needs a date")
            return b"\x00" * 4
        if not isinstance(value, dt.date):
            raise TypeError(f"{spec.attr} needs a date")
        return bytes.fromhex(f"{value.year:04d}{value.month:02d}{value.day:02d}")
    if not isinstance(value, str):
        raise TypeError(f"{spec.attr} needs text")
    if spec.codec is Codec.BCD:
        digits = value + "F" * (2 * spec.length - len(value))
        return bytes.fromhex(digits)
    if spec.codec is Codec.HEX:
        return bytes.fromhex(value)
    raw = value.encode("ascii" if spec.codec is Codec.ASCII else "gbk")
    if len(raw) > spec.length:
        raise ValueError(f"{spec.attr} is longer than {spec.length} bytes")
    # Cards keep fixed-size records, so shorter text is padded as a card would pad it.
    return raw.ljust(spec.length, b"\x00")


def encode_record(spec: FieldSpec, value: str | dt.date | None) -> bytes:
    """The TLV a card returns for one field."""
    body = encode_value(spec, value)
    return bytes([spec.tag, len(body)]) + body


def _failure(kind: CitizenCardFailureKind, detail: str) -> CitizenCardFailure:
    return CitizenCardFailure(kind, detail)


_TRANSPORT_FAILURES: Final = {
    TransportErrorKind.REMOVED: CitizenCardFailureKind.REMOVED,
    TransportErrorKind.MUTE: CitizenCardFailureKind.MUTE,
    TransportErrorKind.FAILED: CitizenCardFailureKind.READ_FAILED,
    TransportErrorKind.DISCONNECTED: CitizenCardFailureKind.DISCONNECTED,
}


def _status_failure(step: str, sw: int) -> CitizenCardFailure:
    """The failure a non-9000 status word means at one step of the read."""
    if sw in _LOCKED_SW:
        return _failure(CitizenCardFailureKind.LOCKED, f"{step}: SW {sw:04X}")
    if sw in _WRONG_CARD_SW:
        return _failure(CitizenCardFailureKind.WRONG_CARD, f"{step}: SW {sw:04X}")
    return _failure(CitizenCardFailureKind.READ_FAILED, f"{step}: SW {sw:04X}")


def read_fields(
    transmit: Transmit, layout: CardLayout
) -> dict[str, str | dt.date | None] | CitizenCardFailure:
    """Select the application and read every field of the layout."""
    try:
        resp = exchange(transmit, layout.select_apdu())
        if resp.sw != SW_OK:
            return _status_failure("select", resp.sw)
        if layout.check_pin_status:
            pin = exchange(transmit, layout.pin_status_apdu())
            # 63Cx with x > 0, 9000 (no PIN needed) and "not supported" replies all let
            # the read go on; only a blocked PIN stops it.
            if pin.sw in _LOCKED_SW:
                return _failure(CitizenCardFailureKind.LOCKED, f"PIN status: SW {pin.sw:04X}")
        values: dict[str, str | dt.date | None] = {}
        for spec in layout.fields:
            resp = exchange(transmit, spec.read_record_apdu(layout.cla))
            if resp.sw != SW_OK:
                return _status_failure(f"record {spec.tag:02X}", resp.sw)
            try:
                values[spec.attr] = decode_value(spec, parse_record(spec, resp.data))
            except RecordError as exc:
                return _failure(CitizenCardFailureKind.READ_FAILED, str(exc))
    except TransportError as exc:
        return _failure(_TRANSPORT_FAILURES[exc.kind], exc.detail)
    return values


def build_card(values: Mapping[str, str | dt.date | None]) -> CitizenCardData | CitizenCardFailure:
    """Assemble the cardholder data; fields a layout does not read are left empty."""
    texts = {k: v for k, v in values.items() if isinstance(v, str)}
    dates = {k: v for k, v in values.items() if not isinstance(v, str)}
    unknown = set(values) - _REQUIRED_ATTRS
    if unknown:
        return _failure(CitizenCardFailureKind.READ_FAILED, f"layout names {sorted(unknown)}")
    id_number = texts.get("id_number", "")
    if id_number and validate_id_number(id_number) is not None:
        return _failure(CitizenCardFailureKind.READ_FAILED, "identity number fails its check")
    return CitizenCardData(
        card_identifier=texts.get("card_identifier", ""),
        card_number=texts.get("card_number", ""),
        issue_date=dates.get("issue_date"),
        expiry_date=dates.get("expiry_date"),
        id_number=id_number,
        name=texts.get("name", ""),
        sex=texts.get("sex", ""),
        nation=texts.get("nation", ""),
        birthplace=texts.get("birthplace", ""),
        birth_date=dates.get("birth_date"),
    )


def read_card(
    transmit: Transmit, layout: CardLayout, today: dt.date
) -> CitizenCardData | CitizenCardFailure:
    """Read and check a card: the full flow the PC/SC driver and the fakes share.

    A card whose expiry date is before ``today`` is refused as ``EXPIRED``.
    """
    values = read_fields(transmit, layout)
    if isinstance(values, CitizenCardFailure):
        return values
    card = build_card(values)
    if isinstance(card, CitizenCardData) and card.expiry_date and card.expiry_date < today:
        return _failure(CitizenCardFailureKind.EXPIRED, f"expired {card.expiry_date:%Y-%m}")
    return card


def local_today(now: dt.datetime) -> dt.date:
    """The calendar day in China for a (UTC) clock reading."""
    return now.astimezone(CHINA_TIME).date()


def card_records(card: CitizenCardData, layout: CardLayout) -> dict[tuple[int, int], bytes]:
    """Every record a card with this data holds, keyed by (SFI, tag): for simulators."""
    return {(spec.sfi, spec.tag): encode_record(spec, getattr(card, spec.attr))
            for spec in layout.fields}
