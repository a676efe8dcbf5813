"""Contract v1 between kiosk terminals and the city data hub, as pydantic models.

The same models build the reference hub's FastAPI app (and so the committed
OpenAPI document ``docs/hub-api.json``) and validate every response the kiosk's
hub client receives. Within v1 changes are additive only: new optional fields,
new endpoints, new enum members announced beforehand. Models ignore unknown
fields so an older kiosk keeps working against a newer hub and vice versa.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

import rfc8785
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

API_VERSION = "1.0.0"
API_PREFIX = "/v1"
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_TYPES = ("image/jpeg", "image/png", "application/pdf")

SHA256_PATTERN = r"^[0-9a-f]{64}$"
SNAKE_ID_PATTERN = r"^[a-z][a-z0-9_]{1,63}$"
ID_NUMBER_PATTERN = r"^[0-9]{17}[0-9X]$"
TRACKING_CODE_PATTERN = r"^[0-9A-HJKMNP-TV-Z]{13}$"
TERMINAL_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
LOCALE_PATTERN = r"^[a-z]{2}(-[A-Z]{2})?$"
OPAQUE_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"

Widget = Literal["text", "textarea", "select", "date", "phone", "id_number", "number", "checkbox"]
ResultMode = Literal["on_the_spot", "pickup", "mail"]
IdentityLevel = Literal[1, 2]
CardKind = Literal["id_card", "citizen_card"]
IdentityKind = Literal["id_card", "citizen_card", "eid_qr"]
DocumentType = Literal["image/jpeg", "image/png", "application/pdf"]
PointKind = Literal["hall", "kiosk", "24h_room"]
CaseState = Literal["received", "accepted", "ready", "completed", "rejected"]
DeviceState = Literal["ok", "degraded", "fault", "absent"]
CallReason = Literal["help", "accessibility", "device_fault", "document_problem", "other"]

# Person data a form field may be prefilled from. The first six are printed on
# (or stored in the chip of) the card, so the kiosk fills them itself; the rest
# only the hub holds and it releases them at identity level 2.
Binding = Literal[
    "person.name",
    "person.sex",
    "person.nation",
    "person.birth_date",
    "person.id_number",
    "person.card_address",
    "person.phone",
    "person.household_address",
    "person.residence_address",
    "person.household_id",
    "person.household_head_name",
    "person.relation_to_head",
    "person.employer",
    "person.social_insurance_since",
    "person.citizen_card_number",
]
CARD_BINDINGS: frozenset[str] = frozenset(
    {
        "person.name",
        "person.sex",
        "person.nation",
        "person.birth_date",
        "person.id_number",
        "person.card_address",
    }
)
HUB_BINDINGS: frozenset[str] = frozenset(
    {
        "person.phone",
        "person.household_address",
        "person.residence_address",
        "person.household_id",
        "person.household_head_name",
        "person.relation_to_head",
        "person.employer",
        "person.social_insurance_since",
        "person.citizen_card_number",
    }
)


class HubModel(BaseModel):
    """Base of every contract model: immutable, unknown fields ignored (additive evolution)."""

    model_config = ConfigDict(extra="ignore", frozen=True)


# --- catalog and forms -------------------------------------------------------


class MaterialSpec(HubModel):
    """A supporting document a service asks for, with its physical size for the camera."""

    type: str = Field(pattern=SNAKE_ID_PATTERN)
    name_zh: str
    name_en: str
    width_mm: float = Field(gt=0, le=1000)
    height_mm: float = Field(gt=0, le=1000)
    pages: int = Field(ge=1, le=50)
    required: bool


class Fee(HubModel):
    """One fee a service charges; a service listing none is free of charge."""

    name_zh: str
    name_en: str
    amount_cny: float = Field(ge=0, le=1_000_000)


class DeliveryOption(HubModel):
    """One way a service's result may reach the resident, as the hub allows it.

    ``days`` are working days from submission until the result is ready to collect
    or is posted (0: printed at the terminal now). ``pickup_point_ids`` name the
    halls that hand the result over (``pickup`` only).
    """

    mode: ResultMode
    days: int = Field(ge=0, le=365)
    fee_cny: float = Field(default=0, ge=0, le=10_000)
    pickup_point_ids: list[Annotated[str, Field(pattern=OPAQUE_ID_PATTERN)]] = Field(
        default_factory=list, max_length=50)


class Service(HubModel):
    """One service a resident can start at a terminal.

    The details a resident reads before starting (``time_limit_days``, ``fees``,
    ``delivery``) were added within v1: an older hub leaves them empty.
    """

    id: str = Field(pattern=SNAKE_ID_PATTERN)
    name_zh: str
    name_en: str
    category: str = Field(pattern=SNAKE_ID_PATTERN)
    category_zh: str
    category_en: str
    pinyin: str
    pinyin_initials: str
    keywords_en: list[str]
    frequency_rank: int = Field(ge=1)
    identity_level: IdentityLevel
    kiosk_completable: bool
    result_modes: list[ResultMode]
    materials: list[MaterialSpec]
    form_version: str
    time_limit_days: int | None = Field(
        default=None, ge=0, le=365,
        description="The legal time limit (办结时限) in working days; 0 means done on the spot.")
    fees: list[Fee] = Field(default_factory=list, max_length=20)
    delivery: list[DeliveryOption] = Field(
        default_factory=list, max_length=3,
        description="How the result may be delivered, in the hub's order of preference; "
                    "one entry per mode of result_modes.")


class Catalog(HubModel):
    """Every service the hub offers, with a version that changes when any of them does."""

    version: str
    services: list[Service]


class SelectOption(HubModel):
    """One choice of a select field."""

    value: str
    label_zh: str
    label_en: str


class FieldSpec(HubModel):
    """How the kiosk shows one form field; validation lives in the JSON Schema."""

    name: str = Field(pattern=SNAKE_ID_PATTERN)
    label_zh: str
    label_en: str
    widget: Widget
    required: bool
    prefill: Binding | None = None
    options: list[SelectOption] = Field(default_factory=list)
    help_zh: str = ""
    help_en: str = ""


class FormSchema(HubModel):
    """A service's form: JSON Schema for validation plus presentation hints."""

    service_id: str = Field(pattern=SNAKE_ID_PATTERN)
    version: str
    json_schema: dict[str, Any]
    field_order: list[str]
    fields: list[FieldSpec]


# --- identity ----------------------------------------------------------------


class CardIdentity(HubModel):
    """What the kiosk read from an ID card or citizen card."""

    kind: CardKind
    id_number: str = Field(pattern=ID_NUMBER_PATTERN)
    name: str = Field(min_length=1, max_length=64)
    card_number: str | None = Field(default=None, max_length=32)


# The chip's card identifier as it is read: 16 upper-case characters in the SSSE text layout,
# 32 hex digits in the layouts that keep it as binary.
CARD_IDENTIFIER_PATTERN = r"^[0-9A-Z]{16}([0-9A-F]{16})?$"
STAFF_ID_PATTERN = r"^[A-Z0-9][A-Z0-9-]{2,31}$"


class TechnicianCard(HubModel):
    """A card read at the technician sign-in: only its identifier and number, nothing personal."""

    card_identifier: str = Field(pattern=CARD_IDENTIFIER_PATTERN)
    card_number: str = Field(min_length=1, max_length=32)


class TechnicianGrant(HubModel):
    """The hub's answer for a card that belongs to an active technician."""

    staff_id: str = Field(pattern=STAFF_ID_PATTERN)
    role: Literal["technician"]
    expires_at: dt.datetime


class PersonBasic(HubModel):
    """The card-level facts about a person (no hub-only data)."""

    name: str
    id_number: str
    sex: Literal["1", "2"]
    nation: str
    birth_date: dt.date


class IdentitySession(HubModel):
    """A hub session for one resident; level 2 unlocks hub-held data."""

    session_id: str
    level: IdentityLevel
    method: Literal["card", "card+sms", "eid_qr"]
    expires_at: dt.datetime
    person: PersonBasic


class CodeSent(HubModel):
    """A one-time code went to the resident's registered phone."""

    session_id: str
    phone_hint: str = Field(pattern=r"^[0-9]{4}$")
    resend_after_s: int
    expires_in_s: int


class CodeCheck(HubModel):
    """The one-time code the resident typed."""

    code: str = Field(pattern=r"^[0-9]{6}$")


class QrPayload(HubModel):
    """A scanned e-ID QR payload (``EID1:`` + base64url token)."""

    payload: str = Field(min_length=1, max_length=2048)


class PrefillRequest(HubModel):
    """Ask for hub-held values for one service's form."""

    session_id: str = Field(pattern=OPAQUE_ID_PATTERN)
    service_id: str = Field(pattern=SNAKE_ID_PATTERN)


class Prefill(HubModel):
    """Hub-held values, keyed by binding (``person.phone`` …); only what the hub supplied.

    A form field whose ``prefill`` binding is a key here came from the hub; card
    bindings are never included (the kiosk has them from the card). ``withheld``
    lists bindings the form uses that the hub holds but will not release at the
    session's current level. When the service can post its result, ``fields`` also
    holds the bindings of the kiosk's delivery form (``person.phone``,
    ``person.residence_address``), so the postal address comes prefilled.
    """

    session_id: str
    service_id: str
    level: IdentityLevel
    fields: dict[str, str]
    materials_on_file: list[str]
    withheld: list[str]


# --- documents and submissions -----------------------------------------------


class DocumentReceipt(HubModel):
    """A document the hub holds, addressed by the SHA-256 of its bytes."""

    sha256: str = Field(pattern=SHA256_PATTERN)
    size: int
    content_type: DocumentType


class MaterialRef(HubModel):
    """A submitted material: which uploaded document carries it."""

    type: str = Field(pattern=SNAKE_ID_PATTERN)
    sha256: str = Field(pattern=SHA256_PATTERN)
    pages: int = Field(ge=1, le=50)
    content_type: DocumentType
    size: int = Field(ge=1, le=MAX_DOCUMENT_BYTES)


class SubmissionIdentity(HubModel):
    """Who submitted and how they proved it."""

    kind: IdentityKind
    id_number: str = Field(pattern=ID_NUMBER_PATTERN)
    name: str = Field(min_length=1, max_length=64)
    level: IdentityLevel
    session_id: str | None = Field(default=None, pattern=OPAQUE_ID_PATTERN)


FormValue = str | bool | int | float
PHONE_PATTERN = r"^1[3-9][0-9]{9}$"


class DeliveryChoice(HubModel):
    """How the resident chose to receive the result: the hall to collect it at, or the post.

    ``mode`` equals the submission's ``result_mode``; ``pickup_point_id`` is set for
    ``pickup``, the three ``mail_`` fields for ``mail`` (证照快递).
    """

    mode: ResultMode
    pickup_point_id: str | None = Field(default=None, pattern=OPAQUE_ID_PATTERN)
    mail_recipient: str | None = Field(default=None, min_length=1, max_length=64)
    mail_phone: str | None = Field(default=None, pattern=PHONE_PATTERN)
    mail_address: str | None = Field(default=None, min_length=4, max_length=200)


class Submission(HubModel):
    """A completed application, made offline-safe by a kiosk-minted id and tracking code."""

    client_id: uuid.UUID
    tracking_code: str = Field(pattern=TRACKING_CODE_PATTERN)
    terminal_id: str = Field(pattern=TERMINAL_ID_PATTERN)
    service_id: str = Field(pattern=SNAKE_ID_PATTERN)
    created_at: dt.datetime
    locale: str = Field(pattern=LOCALE_PATTERN)
    identity: SubmissionIdentity
    form: dict[str, FormValue]
    materials: list[MaterialRef] = Field(max_length=50)
    result_mode: ResultMode
    consent_version: str = Field(min_length=1, max_length=32)
    delivery: DeliveryChoice | None = None


class SubmissionResult(HubModel):
    """The hub accepted a submission for processing."""

    client_id: uuid.UUID
    tracking_code: str
    case_id: str
    status: Literal["received"]
    received_at: dt.datetime


class CaseEvent(HubModel):
    """One step in a case's history."""

    status: CaseState
    at: dt.datetime
    note_zh: str
    note_en: str


class CaseStatus(HubModel):
    """Where a case is now, for the receipt QR and the status screen."""

    tracking_code: str
    service_id: str
    status: CaseState
    updated_at: dt.datetime
    history: list[CaseEvent]


# --- service points and appointments -----------------------------------------


class OpeningHours(HubModel):
    """Opening times on some weekdays (1 = Monday), local time (UTC+8)."""

    weekdays: list[int]
    opens: str = Field(pattern=r"^[0-2][0-9]:[0-5][0-9]$")
    closes: str = Field(pattern=r"^[0-2][0-9]:[0-5][0-9]$")


Position = tuple[float, float]
"""A GeoJSON position: ``[longitude, latitude]`` (WGS 84), in that order."""


class LineString(HubModel):
    """A GeoJSON LineString (RFC 7946): a street, a waterway, a walking route."""

    type: Literal["LineString"] = "LineString"
    coordinates: list[Position] = Field(min_length=2, max_length=5000)


class PointGeometry(HubModel):
    """A GeoJSON Point (RFC 7946)."""

    type: Literal["Point"] = "Point"
    coordinates: Position


class LineProperties(HubModel):
    """What a line of the district map is."""

    kind: Literal["street", "water"]
    id: str = Field(pattern=OPAQUE_ID_PATTERN)
    name_zh: str
    name_en: str


class LineFeature(HubModel):
    """A street or waterway of the district map."""

    type: Literal["Feature"] = "Feature"
    geometry: LineString
    properties: LineProperties


class PlaceProperties(HubModel):
    """A service point on the district map (its details come from ``/v1/service-points``)."""

    kind: Literal["service_point"]
    id: str = Field(pattern=OPAQUE_ID_PATTERN)
    name_zh: str
    name_en: str


class PlaceFeature(HubModel):
    """A service point of the district map."""

    type: Literal["Feature"] = "Feature"
    geometry: PointGeometry
    properties: PlaceProperties


class DistrictMap(HubModel):
    """The district's streets and service points as a GeoJSON FeatureCollection (RFC 7946).

    Walking happens on the streets: every route the hub returns runs along them.
    Public data, cached by terminals for offline use (``ETag``).
    """

    type: Literal["FeatureCollection"] = "FeatureCollection"
    name_zh: str
    name_en: str
    bbox: tuple[float, float, float, float] = Field(
        description="west, south, east, north (longitude, latitude)")
    features: list[LineFeature | PlaceFeature] = Field(max_length=20000)


class ServicePoint(HubModel):
    """A place a resident can walk to, with the walking estimate from the asking terminal.

    ``walking_minutes`` and ``distance_m`` follow the streets; ``route`` (added within
    v1) is that walk, from the street nearest the asking position to the point.
    ``queue_length`` is how many people wait there now, when the point reports it.
    """

    id: str
    kind: PointKind
    name_zh: str
    name_en: str
    address_zh: str
    address_en: str
    lat: float
    lon: float
    opening_hours: list[OpeningHours]
    services: list[str]
    takes_appointments: bool
    distance_m: int
    walking_minutes: int
    within_half_hour: bool
    route: LineString | None = None
    queue_length: int | None = Field(default=None, ge=0)


class ServicePoints(HubModel):
    """Service points sorted by walking time."""

    points: list[ServicePoint]


class Slot(HubModel):
    """A bookable appointment slot."""

    start: dt.datetime
    end: dt.datetime
    capacity: int
    available: int


class Slots(HubModel):
    """The slots of one point, service and day."""

    point_id: str
    service_id: str
    date: dt.date
    slots: list[Slot]


class AppointmentRequest(HubModel):
    """Book one slot for the identified resident."""

    session_id: str = Field(pattern=OPAQUE_ID_PATTERN)
    point_id: str = Field(pattern=OPAQUE_ID_PATTERN)
    service_id: str = Field(pattern=SNAKE_ID_PATTERN)
    slot_start: dt.datetime


class Appointment(HubModel):
    """A booked (or cancelled) appointment."""

    id: str
    code: str
    point_id: str
    service_id: str
    slot_start: dt.datetime
    slot_end: dt.datetime
    status: Literal["booked", "cancelled"]
    created_at: dt.datetime


class Appointments(HubModel):
    """A resident's appointments, made at any terminal, soonest first."""

    appointments: list[Appointment]


# --- ratings (好差评) -----------------------------------------------------------

RatingReason = Literal["slow", "unclear", "materials", "attitude", "device", "other"]


class Rating(HubModel):
    """A resident's rating of one finished errand, tied to its case by the tracking code.

    ``level`` runs from 5 (非常满意, very satisfied) to 1 (非常不满意, very dissatisfied);
    ``reasons`` are asked for at 2 and below. Sent with a kiosk-minted ``client_id``
    (``PUT``, idempotent like submissions), so a rating made offline arrives once.
    """

    client_id: uuid.UUID
    tracking_code: str = Field(pattern=TRACKING_CODE_PATTERN)
    service_id: str = Field(pattern=SNAKE_ID_PATTERN)
    terminal_id: str = Field(pattern=TERMINAL_ID_PATTERN)
    level: int = Field(ge=1, le=5)
    reasons: list[RatingReason] = Field(default_factory=list, max_length=6)
    comment: str = Field(default="", max_length=500)
    created_at: dt.datetime


class RatingResult(HubModel):
    """The hub holds the rating."""

    client_id: uuid.UUID
    tracking_code: str
    received_at: dt.datetime


# --- staff, telemetry, health, enrolment --------------------------------------


class CallStaffRequest(HubModel):
    """A resident asked for a person to come and help."""

    reason: CallReason
    elder_mode: bool
    locale: str = Field(pattern=LOCALE_PATTERN)


class CallStaffResult(HubModel):
    """Staff were told; ``message`` is in the requested locale."""

    request_id: str
    status: Literal["dispatched"]
    message: str


class DeviceStatus(HubModel):
    """The state of one peripheral."""

    name: str = Field(max_length=64)
    state: DeviceState
    detail: str = Field(default="", max_length=256)


class QueueCounts(HubModel):
    """Outbox counts (no personal data)."""

    pending: int = Field(ge=0)
    sending: int = Field(ge=0)
    needs_attention: int = Field(ge=0)
    sent_today: int = Field(ge=0)


class OneVisitCounts(HubModel):
    """The "最多跑一次" measures of one terminal's errands since a moment (no personal data).

    ``errands`` counts residents who started a service after identifying; the others
    count those errands that got a receipt within 30 minutes of identifying, whose
    result was printed on the spot, that need no second trip (submitted, and the
    result printed or posted), and the materials not brought because the hub had
    them on file.
    """

    since: dt.datetime
    errands: int = Field(ge=0)
    within_30_min: int = Field(ge=0)
    result_on_spot: int = Field(ge=0)
    one_visit: int = Field(ge=0)
    materials_saved: int = Field(ge=0)


class Heartbeat(HubModel):
    """Periodic terminal telemetry: devices, queue, faults and anonymised journey counts."""

    sent_at: dt.datetime
    app_version: str = Field(max_length=64)
    devices: list[DeviceStatus] = Field(max_length=64)
    queue: QueueCounts
    needs_attention: list[uuid.UUID] = Field(max_length=1000)
    storage_faults: list[str] = Field(max_length=64)
    journeys: dict[str, int]
    one_visit: OneVisitCounts | None = None


class HeartbeatAck(HubModel):
    """The hub stored a heartbeat."""

    server_time: dt.datetime


class Health(HubModel):
    """Liveness, unsigned."""

    status: Literal["ok"]
    version: str
    server_time: dt.datetime


class EnrollRequest(HubModel):
    """Trade a one-time enrolment token for terminal credentials."""

    token: str = Field(min_length=1, max_length=128)
    terminal_id: str = Field(pattern=TERMINAL_ID_PATTERN)
    description: str = Field(default="", max_length=200)
    # Names the hub does not know are skipped, so a newer terminal can offer more.
    signature_algorithms: list[Annotated[str, Field(min_length=1, max_length=32)]] = Field(
        default_factory=lambda: ["hmac-sha256"], min_length=1, max_length=8,
        description="Request-signing algorithms the terminal accepts, most preferred first "
                    "(hmac-sha256, hmac-sm3).")


class Enrollment(HubModel):
    """A terminal's credentials: signing secret, tracking-code prefix, signing algorithm."""

    terminal_id: str
    secret: str
    tracking_prefix: str = Field(pattern=r"^[0-9A-HJKMNP-TV-Z]{4}$")
    signature_algorithm: str = Field(
        default="hmac-sha256",
        description="The algorithm the hub chose from the terminal's list; every signed "
                    "request of this terminal uses it.")


class Problem(HubModel):
    """One machine-readable reason a request was refused."""

    code: str
    field: str | None = None
    message: str


class ErrorBody(HubModel):
    """Body of every non-2xx response: a machine ``reason`` plus details."""

    reason: str
    message: str
    problems: list[Problem] = Field(default_factory=list)


def canonical_json(model: BaseModel) -> str:
    """RFC 8785 (JSON Canonicalization Scheme) of a model, every instant written in UTC.

    So ``100`` and ``100.0`` are one body, and so are ``…T10:00:00+08:00`` and
    ``…T02:00:00Z``: the same submission sent again is never a 409.
    """
    plain = _JSON.dump_python(_in_utc(model.model_dump(mode="python")), mode="json")
    return rfc8785.dumps(plain).decode("utf-8")


_JSON: TypeAdapter[Any] = TypeAdapter(Any)


def _in_utc(value: Any) -> Any:
    """``value`` with every timezone-aware datetime moved to UTC (naive ones are refused)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("a timestamp without a time zone cannot be canonicalised")
        return value.astimezone(dt.UTC)
    if isinstance(value, dict):
        return {k: _in_utc(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_in_utc(v) for v in value]
    return value
