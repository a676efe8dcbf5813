"""ID-card reader interface: China resident ID and the cards read the same way.

The real GA 467 serial driver lives in ``devices.idcard.ga467`` (its frames in
``devices.idcard.frames``, the card's text block in ``devices.idcard.textblock``), its
byte-level emulator in ``devices.idcard.emulator``; an in-memory fake lives in
``devices.memory``.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Protocol


class IdCardReaderStatus(enum.Enum):
    """Closed set of states an ID-card reader can be in."""

    READY = "ready"  # connected, no card on the pad
    CARD_PRESENT = "card_present"
    FAULT = "fault"  # connected but failing its self-test or not authorised
    DISCONNECTED = "disconnected"


class CardKind(enum.Enum):
    """Which card the text block describes (GA 467 byte 248 flag)."""

    RESIDENT = "resident"  # 居民身份证
    HMT_PERMIT = "hmt_permit"  # 'J' 港澳台居民居住证
    FOREIGN_2017 = "foreign_2017"  # 'I' 外国人永久居留身份证 (2017)
    FOREIGN_2023 = "foreign_2023"  # 'Y' 外国人永久居留身份证 (2023)


@dataclass(frozen=True, repr=False)
class IdCardData:
    """The text fields and opaque photo read from an identity card."""

    kind: CardKind
    name: str  # Chinese name (for foreign cards: the Chinese name, may be empty)
    sex: str  # "1" male, "2" female, "0" unknown, "9" unspecified
    birth_date: dt.date | None
    id_number: str  # ID number, pass number's holder number, or permanent-residence number
    valid_from: dt.date | None
    valid_to: dt.date | None  # None with ``long_term`` means 长期
    long_term: bool = False
    nation: str = ""  # GB/T 3304 code (resident cards)
    address: str = ""
    issuing_authority: str = ""
    name_en: str = ""  # foreign cards
    nationality: str = ""  # ISO 3166 alpha-3 (foreign cards)
    pass_number: str = ""  # 'J' cards: HK/Macau/Taiwan travel pass number
    issue_count: str = ""  # 'J' cards
    card_version: str = ""  # foreign cards
    issuing_office: str = ""  # foreign cards: issuing office code
    photo_wlt: bytes = field(default=b"")  # 1024-byte WLT photo, kept opaque
    fingerprint: bytes | None = None

    def __repr__(self) -> str:
        # Personal data must never reach logs through an accidental repr().
        return f"IdCardData(kind={self.kind.value}, id=<masked>)"


class IdCardFailureKind(enum.Enum):
    """Expected ways a read can fail, each with a resident-facing message."""

    NO_CARD = "no_card"
    READ_FAILED = "read_failed"  # SW 41 and friends: lift and place again
    WRONG_CARD = "wrong_card"
    CHECKSUM = "checksum"  # corrupt frame on the wire
    TIMEOUT = "timeout"
    INVALID_NUMBER = "invalid_number"  # GB 11643 check digit fails
    CARD_NOT_REMOVED = "card_not_removed"  # the previous card is still on the pad
    READER_FAULT = "reader_fault"
    DISCONNECTED = "disconnected"


FAILURE_MESSAGE_KEYS: dict[IdCardFailureKind, str] = {
    IdCardFailureKind.NO_CARD: "idcard.place_card",
    IdCardFailureKind.READ_FAILED: "idcard.read_failed",
    IdCardFailureKind.WRONG_CARD: "idcard.wrong_card",
    IdCardFailureKind.CHECKSUM: "idcard.read_failed",
    IdCardFailureKind.TIMEOUT: "idcard.read_failed",
    IdCardFailureKind.INVALID_NUMBER: "idcard.invalid_number",
    IdCardFailureKind.CARD_NOT_REMOVED: "idcard.lift_card",
    IdCardFailureKind.READER_FAULT: "device.reader_fault",
    IdCardFailureKind.DISCONNECTED: "device.reader_disconnected",
}


@dataclass(frozen=True)
class IdCardFailure:
    """A read that did not produce a card, as a value."""

    kind: IdCardFailureKind
    detail: str = ""

    @property
    def message_key(self) -> str:
        """The catalogue key of the resident-facing message."""
        return FAILURE_MESSAGE_KEYS[self.kind]


class IdCardReader(Protocol):
    """What the journey needs from an ID-card reader."""

    def status(self) -> IdCardReaderStatus:
        """Current state; never raises (a lost device is ``DISCONNECTED``)."""

    def read_card(self) -> IdCardData | IdCardFailure:
        """Run one find/select/read cycle; ``NO_CARD`` when the pad is empty."""

    def close(self) -> None:
        """Release the port."""
