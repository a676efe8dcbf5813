"""Fictional demo technicians and the citizen cards that carry their technician role.

Codes are ``T0001``, ``T0002`` (residents are ``R0001``…). The reference hub's
technician registry and the demo cards both come from here, so a card the dev dock
inserts is one the hub knows. Identity numbers use the unassigned county code 330599
with a valid check digit, as the demo residents' do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kiosk.base.idnumber import check_digit
from kiosk.devtools.residents import COUNTY_CODE

TECHNICIAN_CODE = re.compile(r"T[0-9]{4}")


@dataclass(frozen=True)
class DemoTechnician:
    """One fictional technician: staff record on the hub and the card they carry."""

    code: str  # T0001 …
    staff_id: str  # the hub's staff id, e.g. TECH-0001
    suspended: bool
    name: str
    sex: str  # GB/T 2261.1
    nation: str  # GB/T 3304
    birth_date: dt.date
    id_number: str
    card_number: str  # 9 characters, as on the SSSE card
    card_identifier: str  # 16 characters, as on the SSSE card
    issue_date: dt.date


def _make(index: int, staff_id: str, name: str, sex: str, birth: dt.date,
          suspended: bool) -> DemoTechnician:
    seq = 900 + index * 2 + (1 if sex == "1" else 0)
    body = f"{COUNTY_CODE}{birth:%Y%m%d}{seq:03d}"
    return DemoTechnician(
        code=f"T{index:04d}", staff_id=staff_id, suspended=suspended, name=name, sex=sex,
        nation="01", birth_date=birth, id_number=body + check_digit(body),
        card_number=f"T{index:08d}", card_identifier=f"330500E1000000{index:02d}",
        issue_date=dt.date(2024, 3, 1))


DEMO_TECHNICIANS: tuple[DemoTechnician, ...] = (
    _make(1, "TECH-0001", "运维甲", "1", dt.date(1988, 5, 12), suspended=False),
    _make(2, "TECH-0002", "运维乙", "2", dt.date(1991, 9, 3), suspended=True),
)


def technician(code: str) -> DemoTechnician:
    """Look up a demo technician by code (``T0001``…); ``KeyError`` if unknown."""
    for tech in DEMO_TECHNICIANS:
        if tech.code == code:
            return tech
    raise KeyError(code)


def is_technician_code(code: str) -> bool:
    """Whether ``code`` names a demo technician's card."""
    return any(tech.code == code for tech in DEMO_TECHNICIANS)
