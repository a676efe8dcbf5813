"""GB 11643 citizen identity numbers: check digit, validation and masking."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.base import masking
from kiosk.base.masking import Personal

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need exactly 17 digits")
    total = sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


@dataclass(frozen=True)
class IdNumberProblem:
    """Why an identity number was refused (a message key for the resident)."""

    key: str
    detail: str


def validate(number: str) -> IdNumberProblem | None:
    """Check an 18-character identity number; ``None`` means it is valid."""
    if len(number) != 18:
        return IdNumberProblem("id.bad_length", f"expected 18 characters, got {len(number)}")
    body, last = number[:17], number[17].upper()
    if not body.isdigit() or not (last.isdigit() or last == "X"):
        return IdNumberProblem("id.bad_characters", "only digits and a final X are allowed")
    try:
        dt.date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        return IdNumberProblem("id.bad_birth_date", "the birth date inside the number is invalid")
    if check_digit(body) != last:
        return IdNumberProblem("id.bad_check_digit", "the check character does not match")
    return None


def mask(number: str) -> str:
    """Show only the first 3 and last 4 characters, as counters do (``kiosk.base.masking``)."""
    return masking.mask(number, Personal.ID_NUMBER)


def mask_name(name: str) -> str:
    """Mask a personal name to its first character: ``张三丰`` → ``张**`` (``kiosk.base.masking``)."""
    return masking.mask(name, Personal.NAME)


def mask_phone(phone: str) -> str:
    """Keep the first 3 and last 4 digits of a phone number (``kiosk.base.masking``)."""
    return masking.mask(phone, Personal.PHONE)
