"""Card contents for the demo residents and technicians, as a reader would return them."""

from __future__ import annotations

import hashlib

from devices.citizen_card.protocol import CitizenCardData
from devices.idcard.protocol import CardKind, IdCardData
from kiosk.devtools.residents import DemoResident, resident
from kiosk.devtools.technicians import DemoTechnician, is_technician_code, technician


def wlt_photo(resident_id: str) -> bytes:
    """A stable 1024-byte stand-in for the card's encrypted WLT photo."""
    out = b""
    counter = 0
    while len(out) < 1024:
        out += hashlib.sha256(f"wlt:{resident_id}:{counter}".encode()).digest()
        counter += 1
    return out[:1024]


def id_card_for(person: DemoResident) -> IdCardData:
    """The resident ID card a demo resident carries."""
    return IdCardData(
        kind=CardKind.RESIDENT,
        name=person.name,
        sex=person.sex,
        birth_date=person.birth_date,
        id_number=person.id_number,
        valid_from=person.valid_from,
        valid_to=person.valid_to,
        long_term=person.valid_to is None,
        nation=person.nation,
        address=person.card_address,
        issuing_authority=person.issuing_authority,
        photo_wlt=wlt_photo(person.resident_id),
    )


def citizen_card_for(person: DemoResident) -> CitizenCardData:
    """The citizen / social-security card a demo resident carries."""
    return CitizenCardData(
        card_identifier=person.citizen_card_id,
        card_number=person.citizen_card_number,
        issue_date=person.valid_from,
        expiry_date=None if person.valid_to is None else person.valid_to,
        id_number=person.id_number,
        name=person.name,
        sex=person.sex,
        nation=person.nation,
        birthplace=person.id_number[:6],
        birth_date=person.birth_date,
    )


def technician_card_for(tech: DemoTechnician) -> CitizenCardData:
    """The citizen card a demo technician carries; the hub knows its number and identifier."""
    return CitizenCardData(
        card_identifier=tech.card_identifier,
        card_number=tech.card_number,
        issue_date=tech.issue_date,
        expiry_date=None,
        id_number=tech.id_number,
        name=tech.name,
        sex=tech.sex,
        nation=tech.nation,
        birthplace=tech.id_number[:6],
        birth_date=tech.birth_date,
    )


class DemoCards:
    """The demo residents' cards by resident code, as the simulators take them (``SampleCards``)."""

    def id_card(self, code: str) -> IdCardData:
        """Resident ``code``'s ID card; ``KeyError`` if there is no such demo resident."""
        return id_card_for(resident(code))

    def citizen_card(self, code: str) -> CitizenCardData:
        """The citizen card of resident ``code`` (``R0001``…) or technician ``code`` (``T0001``…).

        ``KeyError`` if there is no such demo resident or technician.
        """
        if is_technician_code(code):
            return technician_card_for(technician(code))
        return citizen_card_for(resident(code))
