"""Citizen / social-security card (市民卡, 社保卡) reader interface over PC/SC."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Protocol


class CitizenCardReaderStatus(enum.Enum):
    """Closed set of reader states."""

    NO_CARD = "no_card"
    CARD_PRESENT = "card_present"
    FAULT = "fault"
    DISCONNECTED = "disconnected"  # no reader, no pcscd, or no PC/SC library


@dataclass(frozen=True, repr=False)
class CitizenCardData:
    """Cardholder fields read from the card's SSSE application."""

    card_identifier: str
    card_number: str
    issue_date: dt.date | None
    expiry_date: dt.date | None
    id_number: str
    name: str
    sex: str
    nation: str
    birthplace: str
    birth_date: dt.date | None

    def __repr__(self) -> str:
        return "CitizenCardData(id=<masked>)"


class CitizenCardFailureKind(enum.Enum):
    """Expected ways a citizen-card read can fail."""

    NO_CARD = "no_card"
    REMOVED = "removed"  # pulled out mid-read
    MUTE = "mute"  # card does not answer
    WRONG_CARD = "wrong_card"  # not a social-security card
    LOCKED = "locked"
    EXPIRED = "expired"
    READ_FAILED = "read_failed"
    DISCONNECTED = "disconnected"


FAILURE_MESSAGE_KEYS: dict[CitizenCardFailureKind, str] = {
    CitizenCardFailureKind.NO_CARD: "citizencard.insert_card",
    CitizenCardFailureKind.REMOVED: "citizencard.removed_early",
    CitizenCardFailureKind.MUTE: "citizencard.read_failed",
    CitizenCardFailureKind.WRONG_CARD: "citizencard.wrong_card",
    CitizenCardFailureKind.LOCKED: "citizencard.locked",
    CitizenCardFailureKind.EXPIRED: "citizencard.expired",
    CitizenCardFailureKind.READ_FAILED: "citizencard.read_failed",
    CitizenCardFailureKind.DISCONNECTED: "device.reader_disconnected",
}


@dataclass(frozen=True)
class CitizenCardFailure:
    """A citizen-card read that did not produce data, as a value."""

    kind: CitizenCardFailureKind
    detail: str = ""

    @property
    def message_key(self) -> str:
        """The catalogue key of the resident-facing message."""
        return FAILURE_MESSAGE_KEYS[self.kind]


class CitizenCardReader(Protocol):
    """What the journey needs from a citizen-card reader."""

    def status(self) -> CitizenCardReaderStatus:
        """Current state; never raises. Removal is seen as ``NO_CARD``."""

    def read_card(self) -> CitizenCardData | CitizenCardFailure:
        """Read the inserted card (exclusive access while reading)."""

    def close(self) -> None:
        """Release the reader."""
