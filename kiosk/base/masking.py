"""Masking personal values for screens, receipts and every CLI output: one function.

``mask(value, Personal.ID_NUMBER)`` shows what a service counter shows: enough
to recognise one's own card, not enough to use it. The policy, per kind:

- ID number: first 3 and last 4 characters (``330***********123X``).
- Name: the first character (``张**``, ``J*********``).
- Phone: first 3 and last 4 digits (``138****5678``).
- Address: up to the district or county (``浙江省示范市和睦区****``), else the first 6.
- Card number (citizen card, passport, permit): first and last character.
- Birth date: the year (``1990-**-**``).
- e-ID QR payload: its scheme only (``EID1:****``): the rest is a bearer token.

``mask_text`` finds ID numbers, mobile numbers and e-ID payloads inside free text
(a decoded barcode) and masks them there.
"""

from __future__ import annotations

import enum
import re


class Personal(enum.Enum):
    """What kind of personal value is being masked."""

    NAME = "name"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    ADDRESS = "address"
    CARD_NUMBER = "card_number"
    BIRTH_DATE = "birth_date"
    EID_PAYLOAD = "eid_payload"


_EID_PREFIX = "EID1:"
_DISTRICT = re.compile(r"^.{2,12}?[区县旗](?=.)")
_CITY = re.compile(r"^.{2,8}?市(?=.)")
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_PHONE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_EID_IN_TEXT = re.compile(re.escape(_EID_PREFIX) + r"[A-Za-z0-9_=-]+")


def _keep_ends(value: str, head: int, tail: int) -> str:
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[len(value) - tail:]


def mask(value: str | None, kind: Personal) -> str:
    """``value`` masked by the policy for ``kind`` (``""`` for ``None`` or empty)."""
    if not value:
        return ""
    value = value.strip()
    match kind:
        case Personal.ID_NUMBER | Personal.PHONE:
            return _keep_ends(value, 3, 4) if len(value) >= 8 else "*" * len(value)
        case Personal.NAME:
            # At least one star, so a one-character name is never shown whole.
            return value[0] + "*" * max(1, len(value) - 1)
        case Personal.ADDRESS:
            area = _DISTRICT.match(value) or _CITY.match(value)
            return (area.group(0) if area else value[:6]) + "****"
        case Personal.CARD_NUMBER:
            return _keep_ends(value, 1, 1)
        case Personal.BIRTH_DATE:
            return value[:4] + "-**-**" if len(value) >= 4 else "*" * len(value)
        case Personal.EID_PAYLOAD:
            return _EID_PREFIX + "****" if value.startswith(_EID_PREFIX) else "****"


def mask_text(text: str) -> str:
    """Free text with every ID number, mobile number and e-ID payload in it masked."""
    text = _EID_IN_TEXT.sub(lambda m: mask(m.group(0), Personal.EID_PAYLOAD), text)
    text = _ID_IN_TEXT.sub(lambda m: mask(m.group(0), Personal.ID_NUMBER), text)
    return _PHONE_IN_TEXT.sub(lambda m: mask(m.group(0), Personal.PHONE), text)
