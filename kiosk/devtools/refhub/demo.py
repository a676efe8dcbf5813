"""Deterministic demo catalog, forms and service points of the reference hub.

Everything is defined in code so every machine serves the same data. Physical
material sizes are the real ones (ISO A4, ID-1 cards, the household-register
booklet page) so the document camera's framing can be exercised.
"""

from __future__ import annotations

import functools
import hashlib
import math
from dataclasses import dataclass
from typing import Any

from kiosk.hub.schema import (
    Catalog,
    FieldSpec,
    FormSchema,
    MaterialSpec,
    OpeningHours,
    Service,
)

FORM_VERSION = "2026.1"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# --- materials ---------------------------------------------------------------

_MATERIALS: dict[str, tuple[str, str, float, float, int]] = {
    # type: (name_zh, name_en, width_mm, height_mm, pages)
    "id_card": ("居民身份证", "Resident ID card", 85.6, 54.0, 2),
    "household_register": ("居民户口簿", "Household register", 143.0, 105.0, 2),
    "marriage_certificate": ("结婚证", "Marriage certificate", 128.0, 90.0, 2),
    "birth_certificate": ("出生医学证明", "Medical birth certificate", 260.0, 185.0, 1),
    "property_certificate": ("不动产权证书", "Real-estate title certificate", 210.0, 145.0, 3),
    "employment_contract": ("劳动合同", "Employment contract", 210.0, 297.0, 3),
    "lease_contract": ("房屋租赁合同", "Tenancy agreement", 210.0, 297.0, 2),
    "premises_proof": ("经营场所使用证明", "Proof of business premises", 210.0, 297.0, 1),
    "income_statement": ("家庭收入证明", "Household income statement", 210.0, 297.0, 1),
    "disability_certificate": ("残疾人证", "Disability certificate", 95.0, 135.0, 2),
    "evidence_photo": ("现场照片", "Photo of the issue", 210.0, 297.0, 1),
}


def material(kind: str, *, required: bool = True, pages: int | None = None) -> MaterialSpec:
    """A material spec from the table above."""
    zh, en, width, height, default_pages = _MATERIALS[kind]
    return MaterialSpec(type=kind, name_zh=zh, name_en=en, width_mm=width, height_mm=height,
                        pages=pages or default_pages, required=required)


# --- form fields -------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    spec: FieldSpec
    schema: dict[str, Any]


_DATE = {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_PHONE = {"type": "string", "pattern": r"^1[3-9][0-9]{9}$"}
_ID_NUMBER = {"type": "string", "pattern": r"^[0-9]{17}[0-9X]$"}


def _text(max_length: int) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": max_length}


def _field(name: str, zh: str, en: str, widget: str, schema: dict[str, Any], *,
           required: bool = True, prefill: str | None = None,
           options: tuple[tuple[str, str, str], ...] = (),
           help_zh: str = "", help_en: str = "") -> _Field:
    if options:
        schema = {**schema, "enum": [value for value, _, _ in options]}
    spec = FieldSpec.model_validate({
        "name": name, "label_zh": zh, "label_en": en, "widget": widget, "required": required,
        "prefill": prefill,
        "options": [{"value": v, "label_zh": z, "label_en": e} for v, z, e in options],
        "help_zh": help_zh, "help_en": help_en,
    })
    return _Field(spec, schema)


def _name() -> _Field:
    return _field("name", "姓名", "Name", "text", _text(64), prefill="person.name")


def _sex() -> _Field:
    return _field("sex", "性别", "Sex", "select", {"type": "string"}, prefill="person.sex",
                  options=(("1", "男", "Male"), ("2", "女", "Female")))


def _id_number() -> _Field:
    return _field("id_number", "公民身份号码", "ID number", "id_number", _ID_NUMBER,
                  prefill="person.id_number")


def _birth_date() -> _Field:
    return _field("birth_date", "出生日期", "Date of birth", "date", _DATE,
                  prefill="person.birth_date")


def _phone(*, prefill: bool = True) -> _Field:
    return _field("phone", "联系电话", "Phone", "phone", _PHONE,
                  prefill="person.phone" if prefill else None,
                  help_zh="用于接收办理进度短信", help_en="For progress text messages")


def _address(name: str, zh: str, en: str, binding: str | None, *,
             required: bool = True) -> _Field:
    return _field(name, zh, en, "textarea", _text(120), prefill=binding, required=required)


def _purpose(*extra: tuple[str, str, str]) -> _Field:
    options = (*extra, ("other", "其他", "Other"))
    return _field("purpose", "用途", "Purpose", "select", {"type": "string"}, options=options)


def _form(service_id: str, fields: tuple[_Field, ...]) -> FormSchema:
    schema: dict[str, Any] = {
        "$schema": JSON_SCHEMA_DIALECT,
        "type": "object",
        "properties": {f.spec.name: f.schema for f in fields},
        "required": [f.spec.name for f in fields if f.spec.required],
        "additionalProperties": False,
    }
    return FormSchema(service_id=service_id, version=FORM_VERSION, json_schema=schema,
                      field_order=[f.spec.name for f in fields],
                      fields=[f.spec for f in fields])


# --- services ----------------------------------------------------------------

_CATEGORIES = {
    "household": ("户政服务", "Household & residence"),
    "social_insurance": ("社会保障", "Social insurance"),
    "elderly": ("养老服务", "Elderly services"),
    "business": ("市场准入", "Business registration"),
    "housing": ("住房保障", "Housing"),
    "public_affairs": ("综合服务", "General enquiries"),
    "social_assistance": ("社会救助", "Social assistance"),
    "civil_affairs": ("民政婚姻", "Civil affairs"),
    "employment": ("就业创业", "Employment"),
}


# The staffed halls that hand results over (``pickup``); every one offers every service.
PICKUP_HALLS = ("P01", "P02", "P03", "P04", "P05")

# Per service: the legal time limit (办结时限) in working days (0: done on the spot) and
# its fees (name_zh, name_en, yuan). Most services are free, as they are in fact.
_DETAILS: dict[str, tuple[int, tuple[tuple[str, str, float], ...]]] = {
    "social_insurance_certificate": (0, ()),
    "residence_permit": (15, ()),
    "medical_insurance_enrolment": (0, ()),
    "housing_fund_withdrawal": (3, ()),
    "hotline_12345": (5, ()),  # the reply, within five working days; the receipt is immediate
    "residence_certificate": (1, ()),
    "senior_card": (7, (("老年优待证卡片工本费", "Card production fee", 10.0),)),
    "household_register_proof": (0, ()),
    "employment_registration": (0, ()),
    "marriage_record_inquiry": (0, ()),
    "birth_registration": (5, ()),
    "sole_trader_registration": (3, ()),
    "minimum_living_allowance": (30, ()),
    "disability_subsidy": (20, ()),
}


@dataclass(frozen=True)
class DemoService:
    """A service and its form, as the reference hub serves them."""

    service: Service
    form: FormSchema
    min_age: int | None = None


def _service(sid: str, zh: str, en: str, category: str, pinyin: str, keywords: str, rank: int,
             level: int, completable: bool, modes: tuple[str, ...],
             materials: tuple[MaterialSpec, ...], fields: tuple[_Field, ...],
             min_age: int | None = None) -> DemoService:
    initials = "".join(part[0] for part in pinyin.split())
    cat_zh, cat_en = _CATEGORIES[category]
    days, fees = _DETAILS[sid]
    delivery = [{"mode": mode, "days": 0 if mode == "on_the_spot" else days,
                 "pickup_point_ids": list(PICKUP_HALLS) if mode == "pickup" else []}
                for mode in modes]
    service = Service.model_validate({
        "id": sid, "name_zh": zh, "name_en": en, "category": category, "category_zh": cat_zh,
        "category_en": cat_en, "pinyin": pinyin, "pinyin_initials": initials,
        "keywords_en": keywords.split(","), "frequency_rank": rank, "identity_level": level,
        "kiosk_completable": completable, "result_modes": list(modes),
        "materials": [m.model_dump() for m in materials], "form_version": FORM_VERSION,
        "time_limit_days": days, "delivery": delivery,
        "fees": [{"name_zh": fz, "name_en": fe, "amount_cny": amount} for fz, fe, amount in fees],
    })
    return DemoService(service, _form(sid, fields), min_age)


def _build() -> tuple[DemoService, ...]:
    relation = (("father", "父亲", "Father"), ("mother", "母亲", "Mother"))
    return (
        _service(
            "social_insurance_certificate", "社保参保证明打印", "Social insurance certificate",
            "social_insurance", "she bao can bao zheng ming da yin",
            "pension,insurance,certificate,print", 1, 2, True, ("on_the_spot",), (),
            (_name(), _id_number(),
             _field("citizen_card_number", "社保卡号", "Citizen card number", "text",
                    {"type": "string", "pattern": r"^[A-Z0-9]{9}$"},
                    prefill="person.citizen_card_number"),
             _field("insured_since", "参保起始日期", "Insured since", "date", _DATE,
                    prefill="person.social_insurance_since", required=False),
             _purpose(("loan", "贷款", "Bank loan"), ("visa", "签证", "Visa"),
                      ("school", "子女入学", "School enrolment")),
             _field("months", "打印月数", "Months to print", "number",
                    {"type": "integer", "minimum": 1, "maximum": 60})),
        ),
        _service(
            "residence_permit", "居住证申领", "Residence permit application", "household",
            "ju zhu zheng shen ling", "residence,permit,migrant,hukou", 2, 2, True,
            ("pickup", "mail"),
            (material("id_card"), material("lease_contract"),
             material("employment_contract", required=False)),
            (_name(), _sex(), _id_number(), _phone(),
             _address("residence_address", "居住地址", "Address of residence",
                      "person.residence_address"),
             _address("household_address", "户籍地址", "Registered household address",
                      "person.household_address"),
             _field("employer", "工作单位", "Employer", "text", _text(80),
                    prefill="person.employer", required=False),
             _field("residence_reason", "居住事由", "Reason for residence", "select",
                    {"type": "string"},
                    options=(("work", "务工", "Work"), ("study", "就学", "Study"),
                             ("family", "投亲", "Family"), ("other", "其他", "Other"))),
             _field("residence_since", "来本市居住日期", "Living here since", "date", _DATE)),
        ),
        _service(
            "medical_insurance_enrolment", "城乡居民医保参保登记",
            "Resident medical insurance enrolment", "social_insurance",
            "cheng xiang ju min yi bao can bao deng ji", "medical,health,insurance,enrol",
            3, 2, True, ("on_the_spot",), (),
            (_name(), _sex(), _id_number(),
             _field("nation", "民族", "Ethnic group", "text",
                    {"type": "string", "pattern": r"^[0-9]{2}$"}, prefill="person.nation"),
             _phone(),
             _address("household_address", "户籍地址", "Registered household address",
                      "person.household_address"),
             _field("insured_category", "参保类别", "Category", "select", {"type": "string"},
                    options=(("adult", "成年居民", "Adult"), ("child", "未成年人", "Minor"),
                             ("student", "在校学生", "Student"),
                             ("senior", "老年居民", "Senior")))),
        ),
        _service(
            "housing_fund_withdrawal", "住房公积金提取", "Housing provident fund withdrawal",
            "housing", "zhu fang gong ji jin ti qu", "housing,fund,withdraw,rent,mortgage",
            4, 2, True, ("on_the_spot", "mail"),
            (material("property_certificate", required=False),
             material("lease_contract", required=False)),
            (_name(), _id_number(), _phone(),
             _field("employer", "缴存单位", "Contributing employer", "text", _text(80),
                    prefill="person.employer"),
             _field("reason", "提取原因", "Reason", "select", {"type": "string"},
                    options=(("purchase", "购房", "Home purchase"), ("rent", "租房", "Rent"),
                             ("retire", "退休", "Retirement"), ("other", "其他", "Other"))),
             _field("amount", "提取金额（元）", "Amount (CNY)", "number",
                    {"type": "number", "minimum": 1, "maximum": 1000000}),
             _field("bank_account", "收款银行账号", "Bank account", "text",
                    {"type": "string", "pattern": r"^[0-9]{12,19}$"})),
        ),
        _service(
            "hotline_12345", "12345咨询投诉", "12345 enquiry or complaint", "public_affairs",
            "yi er san si wu zi xun tou su", "hotline,complaint,enquiry,suggestion", 5, 1, True,
            ("on_the_spot",), (material("evidence_photo", required=False),),
            (_name(),
             _field("phone", "联系电话（选填）", "Phone (optional)", "phone", _PHONE,
                    required=False, help_zh="留下电话，承办单位可回电答复",
                    help_en="Leave a number if you want a call back"),
             _field("topic", "类型", "Type", "select", {"type": "string"},
                    options=(("consult", "咨询", "Enquiry"), ("complaint", "投诉", "Complaint"),
                             ("suggestion", "建议", "Suggestion"), ("praise", "表扬", "Praise"))),
             _field("category", "事项分类", "Category", "select", {"type": "string"},
                    options=(("environment", "市容环境", "Streets and environment"),
                             ("traffic", "交通出行", "Traffic and transport"),
                             ("property", "物业小区", "Housing estates and property"),
                             ("noise", "噪声扰民", "Noise"),
                             ("public_service", "公共服务", "Public services"),
                             ("other", "其他", "Other"))),
             _field("description", "具体内容", "Details", "textarea", _text(1000)),
             _field("location", "事发地点", "Where", "text", _text(120), required=False),
             _field("reply_needed", "需要回复", "Reply wanted", "checkbox", {"type": "boolean"},
                    required=False)),
        ),
        _service(
            "residence_certificate", "居住证明", "Certificate of residence", "household",
            "ju zhu zheng ming", "residence,proof,address,certificate", 6, 2, True,
            ("on_the_spot", "pickup"), (material("lease_contract", required=False),),
            (_name(), _id_number(),
             _address("residence_address", "居住地址", "Address of residence",
                      "person.residence_address"),
             _field("residence_since", "居住起始日期", "Living there since", "date", _DATE),
             _purpose(("school", "子女入学", "School enrolment"),
                      ("employment", "就业", "Employment"))),
        ),
        _service(
            "senior_card", "老年优待证", "Senior citizen card", "elderly",
            "lao nian you dai zheng", "senior,elderly,card,discount,bus", 7, 1, True,
            ("pickup", "mail"), (material("id_card"),),
            (_name(), _sex(), _birth_date(), _id_number(),
             _address("card_address", "住址", "Address", "person.card_address"),
             _phone(prefill=False),
             _field("contact_name", "紧急联系人", "Emergency contact", "text", _text(64),
                    required=False)),
            min_age=60,
        ),
        _service(
            "household_register_proof", "户籍证明开具", "Household registration certificate",
            "household", "hu ji zheng ming kai ju", "hukou,household,registration,proof", 8, 2,
            True, ("on_the_spot",), (),
            (_name(), _id_number(),
             _address("household_address", "户籍地址", "Registered household address",
                      "person.household_address"),
             _field("household_id", "户号", "Household number", "text", _text(16),
                    prefill="person.household_id"),
             _field("household_head", "户主姓名", "Head of household", "text", _text(64),
                    prefill="person.household_head_name"),
             _field("relation_to_head", "与户主关系", "Relation to head", "text", _text(16),
                    prefill="person.relation_to_head"),
             _purpose(("school", "子女入学", "School enrolment"), ("visa", "签证", "Visa"))),
        ),
        _service(
            "employment_registration", "就业登记", "Employment registration", "employment",
            "jiu ye deng ji", "job,employment,registration,work", 9, 2, True,
            ("on_the_spot",), (material("employment_contract"),),
            (_name(), _id_number(), _phone(),
             _field("employer", "用人单位", "Employer", "text", _text(80),
                    prefill="person.employer"),
             _field("start_date", "入职日期", "Start date", "date", _DATE),
             _field("contract_type", "合同类型", "Contract", "select", {"type": "string"},
                    options=(("fixed", "固定期限", "Fixed term"),
                             ("open", "无固定期限", "Open-ended"),
                             ("task", "以完成一定工作任务为期限", "Task-based")))),
        ),
        _service(
            "marriage_record_inquiry", "婚姻登记记录查询", "Marriage record inquiry",
            "civil_affairs", "hun yin deng ji ji lu cha xun", "marriage,record,single,proof",
            10, 2, True, ("on_the_spot",), (),
            (_name(), _id_number(),
             _purpose(("property", "房产交易", "Property"), ("loan", "贷款", "Loan"),
                      ("visa", "签证", "Visa"))),
        ),
        _service(
            "birth_registration", "出生登记", "Birth registration", "household",
            "chu sheng deng ji", "birth,baby,newborn,hukou,registration", 11, 2, False,
            ("pickup",),
            (material("birth_certificate"), material("household_register"),
             material("marriage_certificate")),
            (_name(), _id_number(),
             _field("relation_to_child", "与新生儿关系", "Relation to the child", "select",
                    {"type": "string"}, options=relation),
             _address("household_address", "户籍地址", "Registered household address",
                      "person.household_address"),
             _field("household_id", "户号", "Household number", "text", _text(16),
                    prefill="person.household_id"),
             _field("child_name", "新生儿姓名", "Child's name", "text", _text(20)),
             _field("child_sex", "新生儿性别", "Child's sex", "select", {"type": "string"},
                    options=(("1", "男", "Male"), ("2", "女", "Female"))),
             _field("child_birth_date", "出生日期", "Child's date of birth", "date", _DATE),
             _field("birth_certificate_number", "出生医学证明编号", "Birth certificate number",
                    "text", {"type": "string", "pattern": r"^[A-Z][0-9]{9}$"})),
        ),
        _service(
            "sole_trader_registration", "个体工商户登记", "Sole trader registration", "business",
            "ge ti gong shang hu deng ji", "business,shop,licence,trader,registration", 12, 2,
            True, ("pickup", "mail"), (material("id_card"), material("premises_proof")),
            (_name(), _id_number(), _phone(),
             _field("business_name", "字号名称", "Business name", "text", _text(50)),
             _field("business_scope", "经营范围", "Business scope", "textarea", _text(500)),
             _address("premises_address", "经营场所", "Premises address", None),
             _field("capital", "资金数额（元）", "Capital (CNY)", "number",
                    {"type": "number", "minimum": 0, "maximum": 100000000}),
             _field("employees", "从业人数", "Employees", "number",
                    {"type": "integer", "minimum": 0, "maximum": 999})),
        ),
        _service(
            "minimum_living_allowance", "最低生活保障申请", "Minimum living allowance (dibao)",
            "social_assistance", "zui di sheng huo bao zhang shen qing",
            "dibao,allowance,poverty,assistance", 13, 2, False, ("pickup",),
            (material("household_register"), material("income_statement")),
            (_name(), _id_number(), _phone(),
             _address("household_address", "户籍地址", "Registered household address",
                      "person.household_address"),
             _field("household_id", "户号", "Household number", "text", _text(16),
                    prefill="person.household_id"),
             _field("household_size", "家庭人口数", "Household size", "number",
                    {"type": "integer", "minimum": 1, "maximum": 20}),
             _field("monthly_income", "家庭月收入（元）", "Monthly household income (CNY)",
                    "number", {"type": "number", "minimum": 0, "maximum": 1000000}),
             _field("reason", "申请理由", "Reason", "textarea", _text(500))),
        ),
        _service(
            "disability_subsidy", "残疾人两项补贴", "Disability living and care subsidies",
            "social_assistance", "can ji ren liang xiang bu tie",
            "disability,subsidy,care,allowance", 14, 2, False, ("pickup", "mail"),
            (material("disability_certificate"), material("household_register")),
            (_name(), _id_number(), _phone(),
             _address("household_address", "户籍地址", "Registered household address",
                      "person.household_address"),
             _field("certificate_number", "残疾人证号", "Disability certificate number", "text",
                    {"type": "string", "pattern": r"^[0-9]{17}[0-9X][1-7][1-4]$"},
                    help_zh="身份证号后加类别和等级两位", help_en="ID number + category + grade"),
             _field("subsidy_type", "补贴类型", "Subsidy", "select", {"type": "string"},
                    options=(("living", "生活补贴", "Living"), ("care", "护理补贴", "Care"),
                             ("both", "两项补贴", "Both"))),
             _field("guardian_name", "监护人姓名", "Guardian's name", "text", _text(64),
                    required=False)),
        ),
    )


@functools.cache
def demo_services() -> tuple[DemoService, ...]:
    """Every demo service, in catalog order."""
    return _build()


@functools.cache
def services_by_id() -> dict[str, DemoService]:
    """Demo services keyed by id."""
    return {s.service.id: s for s in demo_services()}


@functools.cache
def catalog() -> Catalog:
    """The catalog; its version is a digest of its content, so it changes with it."""
    services = [s.service for s in demo_services()]
    digest = hashlib.sha256(
        "".join(s.model_dump_json() for s in services).encode("utf-8")
    ).hexdigest()
    return Catalog(version=f"{FORM_VERSION}-{digest[:12]}", services=services)


# --- service points ----------------------------------------------------------

CITY_CENTRE = (30.28, 120.10)
"""Latitude and longitude of the demo district's origin: the 和睦路 × 和睦街 crossing."""
WALK_M_PER_MIN = 75.0
HALF_HOUR_MIN = 30
# Metres per degree at the district (a local equirectangular frame; the district is small).
M_PER_DEG_LAT = 6_371_000.0 * math.pi / 180
M_PER_DEG_LON = M_PER_DEG_LAT * math.cos(math.radians(CITY_CENTRE[0]))
_WEEKDAYS = [1, 2, 3, 4, 5]
_EVERY_DAY = [1, 2, 3, 4, 5, 6, 7]


def to_lat_lon(x_m: float, y_m: float) -> tuple[float, float]:
    """Latitude and longitude of a place ``x_m`` east and ``y_m`` north of the origin."""
    lat0, lon0 = CITY_CENTRE
    return round(lat0 + y_m / M_PER_DEG_LAT, 7), round(lon0 + x_m / M_PER_DEG_LON, 7)


def to_metres(lat: float, lon: float) -> tuple[float, float]:
    """Metres east and north of the origin of a latitude and longitude."""
    lat0, lon0 = CITY_CENTRE
    return (lon - lon0) * M_PER_DEG_LON, (lat - lat0) * M_PER_DEG_LAT


@dataclass(frozen=True)
class DemoPoint:
    """A fixed service point on a street of the demo district; distances come per request.

    ``queue_base`` is how many people a staffed hall has waiting at its busiest hour;
    self-service points report no queue (``None``).
    """

    id: str
    kind: str
    name_zh: str
    name_en: str
    address_zh: str
    address_en: str
    x_m: float
    y_m: float
    hours: tuple[OpeningHours, ...]
    services: tuple[str, ...]
    capacity: int
    queue_base: int | None

    @property
    def lat(self) -> float:
        """Latitude."""
        return to_lat_lon(self.x_m, self.y_m)[0]

    @property
    def lon(self) -> float:
        """Longitude."""
        return to_lat_lon(self.x_m, self.y_m)[1]

    @property
    def takes_appointments(self) -> bool:
        """Only staffed halls book appointments."""
        return self.kind == "hall"


def _hours(days: list[int], opens: str, closes: str) -> OpeningHours:
    return OpeningHours(weekdays=days, opens=opens, closes=closes)


def _points() -> tuple[DemoPoint, ...]:
    everything = tuple(s.service.id for s in demo_services())
    self_service = tuple(s.service.id for s in demo_services() if s.service.kiosk_completable)
    office = (_hours(_WEEKDAYS, "09:00", "17:00"),)
    kiosk_hours = (_hours(_EVERY_DAY, "08:00", "20:00"),)
    always = (_hours(_EVERY_DAY, "00:00", "24:00"),)
    # Each point stands on a street of kiosk.devtools.refhub.district (x east, y north, in
    # metres from the origin), so every walk to it runs along streets.
    rows = (
        ("P01", "hall", "示范市和睦区政务服务中心", "Hemu District Government Service Centre",
         "和睦区文一西路88号", "88 Wenyi West Road, Hemu District", -300, 600,
         (_hours(_WEEKDAYS, "09:00", "17:00"), _hours([6], "09:00", "12:00")), everything, 5, 14),
        ("P02", "hall", "和睦街道便民服务中心", "Hemu Subdistrict Service Centre",
         "和睦路120号", "120 Hemu Road", 450, 0, office, everything, 3, 5),
        ("P03", "hall", "翠苑街道便民服务中心", "Cuiyuan Subdistrict Service Centre",
         "古翠路56号", "56 Gucui Road", -600, 1500, office, everything, 3, 7),
        ("P04", "hall", "文新街道便民服务中心", "Wenxin Subdistrict Service Centre",
         "教工路300号", "300 Jiaogong Road", -1200, -2100, office, everything, 3, 6),
        ("P05", "hall", "古荡街道便民服务中心", "Gudang Subdistrict Service Centre",
         "学院路77号", "77 Xueyuan Road", -1800, 2700, office, everything, 2, 4),
        ("P06", "kiosk", "和睦社区自助服务终端", "Hemu Community self-service terminal",
         "和睦街和睦社区服务站一楼", "Hemu Community Centre, ground floor, Hemu Street", 0, 300,
         kiosk_hours, self_service, 0, None),
        ("P07", "kiosk", "翠苑社区自助服务终端", "Cuiyuan Community self-service terminal",
         "翠苑路翠苑社区服务站", "Cuiyuan Community Centre, Cuiyuan Road", 300, 1200,
         kiosk_hours, self_service, 0, None),
        ("P08", "kiosk", "丰潭路地铁站自助终端", "Fengtan Road Metro self-service terminal",
         "丰潭路地铁站B口", "Fengtan Road Metro, exit B", 1200, -600,
         (_hours(_EVERY_DAY, "06:30", "22:30"),), self_service, 0, None),
        ("P09", "24h_room", "和睦区24小时自助服务区", "Hemu 24-hour self-service room",
         "文一西路90号", "90 Wenyi West Road", -150, 600, always, self_service, 0, None),
        ("P10", "24h_room", "河东路24小时政务驿站", "Hedong Road 24-hour service room",
         "河东路188号", "188 Hedong Road", 300, -1800, always, self_service, 0, None),
        ("P11", "kiosk", "嘉绿社区自助服务终端", "Jialü Community self-service terminal",
         "嘉绿路嘉绿社区服务站", "Jialü Community Centre, Jialü Road", 2100, 1800,
         kiosk_hours, self_service, 0, None),
        ("P12", "kiosk", "西溪银行网点自助终端", "Xixi bank branch self-service terminal",
         "登云北路210号", "210 Dengyun North Road", 3000, -3600,
         (_hours(_EVERY_DAY, "09:00", "17:00"),), self_service, 0, None),
    )
    return tuple(
        DemoPoint(pid, kind, nzh, nen, f"浙江省示范市{azh}", f"{aen}, Shifan City",
                  float(x), float(y), hours, services, capacity, queue)
        for pid, kind, nzh, nen, azh, aen, x, y, hours, services, capacity, queue in rows
    )


@functools.cache
def service_points() -> tuple[DemoPoint, ...]:
    """Every demo service point."""
    return _points()


def point(point_id: str) -> DemoPoint | None:
    """One service point by id."""
    return next((p for p in service_points() if p.id == point_id), None)
