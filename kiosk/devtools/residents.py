"""Fictional demo residents, generated deterministically in code.

Every identity number uses the county code 330599, which is not assigned to any
real county, and carries a valid GB 11643 check digit, so none of these people
can be confused with a real person while the real validation code still runs.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
from dataclasses import dataclass, field

from kiosk.base.idnumber import check_digit

COUNTY_CODE = "330599"
RESIDENT_COUNT = 240

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红建华建国志强海燕春梅"
    "晓东丽娟文博子涵欣怡浩然梓轩雨桐宇航思远佳琪俊杰嘉怡一诺梦琪晨阳书瑶锦程若曦"
)
_STREETS = ("和睦路", "文一西路", "古墩路", "莫干山路", "湖州街", "学院路", "文三路", "丰潭路")
_COMMUNITIES = ("和睦社区", "翠苑社区", "文新社区", "古荡社区", "嘉绿社区", "西溪社区")
# Nation codes per GB/T 3304 (01 汉族 dominates, as it does in a real neighbourhood).
_NATIONS = ("01",) * 18 + ("02", "03", "04", "05", "06", "08", "09", "11", "12", "15")
_MATERIALS = ("household_register", "marriage_certificate", "birth_certificate",
              "degree_certificate", "property_certificate", "employment_contract")
_EMPLOYERS = ("示范市和睦食品有限公司", "示范市文新物业服务有限公司", "示范市古荡科技有限公司",
              "示范市西溪餐饮管理有限公司", "示范市翠苑建筑工程有限公司")


@dataclass(frozen=True)
class DemoResident:
    """One fictional resident as the city data hub knows them."""

    resident_id: str
    name: str
    sex: str  # GB/T 2261.1: "1" male, "2" female
    nation: str  # GB/T 3304 two-digit code
    birth_date: dt.date
    id_number: str
    card_address: str  # as printed on the ID card
    household_address: str  # 户籍地址 held by the hub
    residence_address: str  # 居住地址 held by the hub
    phone: str
    household_id: str
    household_head: str
    relation_to_head: str
    citizen_card_number: str  # 9-character social-security card number
    citizen_card_id: str  # 16-character card identifier
    employer: str | None
    social_insurance_since: dt.date | None
    issuing_authority: str
    valid_from: dt.date
    valid_to: dt.date | None  # None means 长期 (long-term)
    materials_on_file: tuple[str, ...] = field(default_factory=tuple)


def _expiry(birth: dt.date, valid_from: dt.date) -> dt.date | None:
    """Validity per the Resident ID Card Law: 5/10/20 years, long-term from 46."""
    age = valid_from.year - birth.year
    if age >= 46:
        return None
    years = 5 if age < 16 else 10 if age < 26 else 20
    return dt.date(valid_from.year + years, valid_from.month, valid_from.day)


def _make(index: int) -> DemoResident:
    rng = random.Random(f"kiosk-demo-resident-{index}")
    rid = f"R{index:04d}"
    surname = rng.choice(_SURNAMES)
    given = "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
    sex = "1" if index % 2 else "2"
    # A spread of ages so senior-card and birth-registration services have customers.
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 64))
    seq = rng.randrange(0, 500) * 2 + (1 if sex == "1" else 0)
    body = f"{COUNTY_CODE}{birth:%Y%m%d}{seq:03d}"
    id_number = body + check_digit(body)
    street = rng.choice(_STREETS)
    community = rng.choice(_COMMUNITIES)
    building = rng.randrange(1, 40)
    room = rng.randrange(1, 30) * 100 + rng.randrange(1, 6)
    card_address = f"浙江省示范市和睦区{street}{rng.randrange(1, 300)}号{building}幢{room}室"
    household_address = card_address if rng.random() < 0.7 else (
        f"浙江省示范市古荡区{rng.choice(_STREETS)}{rng.randrange(1, 300)}号"
    )
    residence_address = f"浙江省示范市和睦区{community}{building}幢{room}室"
    household_no = (index - 1) // 3 + 1
    head_index = (household_no - 1) * 3 + 1
    relation = "户主" if index == head_index else rng.choice(("配偶", "子", "女", "父亲", "母亲"))
    issue_age = rng.randrange(16, 60)
    valid_from = dt.date(min(birth.year + issue_age, 2025), birth.month, min(birth.day, 28))
    valid_to = _expiry(birth, valid_from)
    # Residents renew on time, so every demo card is valid on the reference day.
    while valid_to is not None and valid_to < dt.date(2026, 1, 1):
        valid_from = valid_to
        valid_to = _expiry(birth, valid_from)
    materials = tuple(m for m in _MATERIALS if rng.random() < 0.2)
    working = 18 <= (2026 - birth.year) <= 62 and rng.random() < 0.8
    return DemoResident(
        resident_id=rid,
        name=surname + given,
        sex=sex,
        nation=rng.choice(_NATIONS),
        birth_date=birth,
        id_number=id_number,
        card_address=card_address,
        household_address=household_address,
        residence_address=residence_address,
        phone=f"1990599{index:04d}",
        household_id=f"H{household_no:04d}",
        household_head=f"R{head_index:04d}",
        relation_to_head=relation,
        citizen_card_number=f"A{index:08d}",
        citizen_card_id=f"330500D1560000{index % 100:02d}",
        employer=rng.choice(_EMPLOYERS) if working else None,
        social_insurance_since=dt.date(rng.randrange(2000, 2024), 1, 1) if working else None,
        issuing_authority="示范市公安局和睦分局",
        valid_from=valid_from,
        valid_to=valid_to,
        materials_on_file=materials,
    )


@functools.cache
def demo_residents() -> tuple[DemoResident, ...]:
    """All demo residents, ``R0001`` first; the same on every machine and run."""
    return tuple(_make(i) for i in range(1, RESIDENT_COUNT + 1))


def resident(resident_id: str) -> DemoResident:
    """Look up one demo resident by id (``R0001`` …); ``KeyError`` if unknown."""
    index = int(resident_id[1:]) if resident_id[:1] == "R" and resident_id[1:].isdigit() else 0
    if not 1 <= index <= RESIDENT_COUNT:
        raise KeyError(resident_id)
    return demo_residents()[index - 1]


def by_id_number(id_number: str) -> DemoResident | None:
    """Find the demo resident holding an identity number."""
    for person in demo_residents():
        if person.id_number == id_number.upper():
            return person
    return None
