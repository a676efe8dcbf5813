"""The ID card's 256-byte text block: field layouts per card kind, parsing, encoding.

The block is UTF-16LE (UCS-2) padded with spaces; byte 248 tells which card it is
(see ``docs/devices.md`` for every layout and where the 2023 foreigner layout comes
from). Nations and nationalities are stored as codes and dates as YYYYMMDD.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from devices.idcard.nations import ALPHA3_TO_NUMERIC, NATIONS, NUMERIC_TO_ALPHA3
from devices.idcard.protocol import CardKind, IdCardData
from kiosk.base.idnumber import validate as validate_id_number

TEXT_LEN = 256

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
