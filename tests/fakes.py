"""In-memory stand-ins for the journey's collaborators: hub, catalog, outbox, receipt builder.

The journey's unit tier (``tests/test_journey_unit_*.py``) runs on these, so a
journey rule is checked without FastAPI, HTTP or SQLite. They follow the
reference hub's rules where the journey depends on them (level 1 gets no
hub-held data, five wrong codes lock the session) and use the same demo
catalog, forms and residents, so the integration tier (``test_journey_flow``
and friends, against the embedded reference hub) checks the same journeys
end to end.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from devices.memory import MemoryPrinter
from kiosk.app import journey as j
from kiosk.app.circle.slips import Slip
from kiosk.base import tracking
from kiosk.base.clock import ManualClock
from kiosk.base.config import KioskConfig, default_config
from kiosk.base.receipt_record import ReceiptRecord
from kiosk.devtools.refhub import district
from kiosk.devtools.refhub.demo import catalog as demo_catalog
from kiosk.devtools.refhub.demo import services_by_id
from kiosk.devtools.residents import DemoResident, demo_residents, resident
from kiosk.hub.errors import HubNotFound, HubRejected, HubUnreachable
from kiosk.hub.schema import (
    HUB_BINDINGS,
    CallReason,
    CallStaffResult,
    CardIdentity,
    CaseStatus,
    Catalog,
    CodeSent,
    DistrictMap,
    FormSchema,
    IdentitySession,
    OpeningHours,
    PersonBasic,
    Prefill,
    ServicePoint,
    ServicePoints,
)
from offline_cache.cache import Cached
from offline_cache.db import StorageFault
from offline_cache.errands import ErrandRecord
from offline_cache.outbox import Enqueued, SubmissionDraft
from offline_cache.ratings import RatingDraft

# The one-time code the fake hub "texts"; any other code is wrong.
CODE = "246810"
MAX_CODE_ATTEMPTS = 5
TRACKING_PREFIX = "K7Q4"


def hub_values(person: DemoResident) -> dict[str, str]:
    """What the hub holds about ``person`` beyond the card, by form binding."""
    values = {
        "person.phone": person.phone,
        "person.household_address": person.household_address,
        "person.residence_address": person.residence_address,
        "person.household_id": person.household_id,
        "person.household_head_name": resident(person.household_head).name,
        "person.relation_to_head": person.relation_to_head,
        "person.citizen_card_number": person.citizen_card_number,
    }
    if person.employer is not None:
        values["person.employer"] = person.employer
    if person.social_insurance_since is not None:
        values["person.social_insurance_since"] = person.social_insurance_since.isoformat()
    return values


@dataclass
class _HubSession:
    person: DemoResident
    level: int
    method: str
    code_sent: bool = False
    wrong_codes: int = 0
    locked: bool = False


@dataclass(frozen=True)
class StaffCall:
    """One call-staff request as the fake hub received it."""

    reason: CallReason
    elder_mode: bool
    locale: str


class FakeHub:
    """The hub calls the journey makes, answered from the demo residents in memory.

    ``down = True`` makes every call fail as an unreachable hub would.
    """

    def __init__(self, clock: ManualClock, residents: Iterable[DemoResident] | None = None) -> None:
        self.clock = clock
        self.people = {p.id_number: p for p in (residents or demo_residents())}
        self.sessions: dict[str, _HubSession] = {}
        self.qr_payloads: dict[str, DemoResident] = {}
        self.cases: dict[str, CaseStatus] = {}
        self.points: list[ServicePoint] = [_point("P1", 5), _point("P2", 12)]
        self.staff_calls: list[StaffCall] = []
        self.calls: list[str] = []
        self.down = False

    def _call(self, name: str) -> None:
        self.calls.append(name)
        if self.down:
            raise HubUnreachable("the fake hub is down")

    def _session(self, session_id: str) -> _HubSession:
        found = self.sessions.get(session_id)
        if found is None:
            raise HubRejected("no such session", status=422, reason="session_unknown")
        return found

    def _identity(self, session_id: str) -> IdentitySession:
        sess = self.sessions[session_id]
        p = sess.person
        return IdentitySession.model_validate({
            "session_id": session_id, "level": sess.level, "method": sess.method,
            "expires_at": self.clock.now() + dt.timedelta(minutes=30),
            "person": PersonBasic(name=p.name, id_number=p.id_number, sex=p.sex,  # type: ignore[arg-type]
                                  nation=p.nation, birth_date=p.birth_date)})

    def _open(self, person: DemoResident, level: int, method: str) -> IdentitySession:
        session_id = f"S{len(self.sessions) + 1:04d}"
        self.sessions[session_id] = _HubSession(person, level, method)
        return self._identity(session_id)

    def identify_card(self, identity: CardIdentity) -> IdentitySession:
        """A level-1 session for a known resident."""
        self._call("identify_card")
        person = self.people.get(identity.id_number)
        if person is None:
            raise HubNotFound("unknown person", status=404, reason="person_unknown")
        return self._open(person, 1, "card")

    def request_code(self, session_id: str) -> CodeSent:
        """"Text" :data:`CODE` to the resident's phone."""
        self._call("request_code")
        sess = self._session(session_id)
        if sess.locked:
            raise HubRejected("locked", status=423, reason="code_locked")
        sess.code_sent = True
        return CodeSent(session_id=session_id, phone_hint=sess.person.phone[-4:],
                        resend_after_s=60, expires_in_s=300)

    def verify_code(self, session_id: str, code: str) -> IdentitySession:
        """Level 2 for the right code; five wrong ones lock the session."""
        self._call("verify_code")
        sess = self._session(session_id)
        if sess.locked:
            raise HubRejected("locked", status=423, reason="code_locked")
        if not sess.code_sent:
            raise HubRejected("no code sent", status=422, reason="code_not_sent")
        if code != CODE:
            sess.wrong_codes += 1
            if sess.wrong_codes >= MAX_CODE_ATTEMPTS:
                sess.locked = True
                raise HubRejected("locked", status=423, reason="code_locked")
            raise HubRejected("wrong code", status=422, reason="code_wrong")
        sess.level, sess.method = 2, "card+sms"
        return self._identity(session_id)

    def resolve_qr(self, payload: str) -> IdentitySession:
        """A level-2 session for a registered e-ID payload."""
        self._call("resolve_qr")
        person = self.qr_payloads.get(payload)
        if person is None:
            raise HubRejected("unknown QR", status=422, reason="qr_unknown")
        return self._open(person, 2, "eid_qr")

    def prefill(self, session_id: str, service_id: str) -> Prefill:
        """Hub-held values and materials on file; nothing of them below level 2."""
        self._call("prefill")
        sess = self._session(session_id)
        demo = services_by_id()[service_id]
        held = hub_values(sess.person)
        bindings = [f.prefill for f in demo.form.fields
                    if f.prefill is not None and f.prefill in HUB_BINDINGS]
        if sess.level >= 2:
            fields = {b: held[b] for b in bindings if b in held}
            wanted = {m.type for m in demo.service.materials}
            on_file = [m for m in sess.person.materials_on_file if m in wanted]
            withheld: list[str] = []
        else:
            fields, on_file = {}, []
            withheld = [b for b in bindings if b in held]
        return Prefill.model_validate({
            "session_id": session_id, "service_id": service_id, "level": sess.level,
            "fields": fields, "materials_on_file": on_file, "withheld": withheld})

    def case_status(self, tracking_code: str) -> CaseStatus:
        """A case registered in :attr:`cases`."""
        self._call("case_status")
        case = self.cases.get(tracking_code)
        if case is None:
            raise HubNotFound("no such case", status=404)
        return case

    def service_points(self, lat: float, lon: float,
                       service_id: str | None = None) -> list[ServicePoint]:
        """The points in :attr:`points`, nearest walk first."""
        self._call("service_points")
        return sorted(self.points, key=lambda p: p.walking_minutes)

    def call_staff(self, reason: CallReason, *, elder_mode: bool = False,
                   locale: str = "zh-CN") -> CallStaffResult:
        """Record the request."""
        self._call("call_staff")
        self.staff_calls.append(StaffCall(reason, elder_mode, locale))
        return CallStaffResult(request_id=f"C{len(self.staff_calls)}", status="dispatched",
                               message="staff are on the way")

    def add_case(self, tracking_code: str, service_id: str) -> CaseStatus:
        """Register a case the hub knows, received at the clock's now."""
        case = CaseStatus.model_validate({
            "tracking_code": tracking_code, "service_id": service_id, "status": "received",
            "updated_at": self.clock.now(),
            "history": [{"status": "received", "at": self.clock.now(),
                         "note_zh": "已受理", "note_en": "Received"}]})
        self.cases[tracking_code] = case
        return case


def _point(point_id: str, minutes: int) -> ServicePoint:
    return ServicePoint.model_validate({
        "id": point_id, "kind": "hall", "name_zh": f"服务点{point_id}",
        "name_en": f"Service point {point_id}", "address_zh": "某路1号", "address_en": "1 Some Road",
        "lat": 30.28, "lon": 120.10,
        "opening_hours": [OpeningHours(weekdays=[1, 2, 3, 4, 5], opens="09:00", closes="17:00")],
        "services": ["residence_permit"], "takes_appointments": False,
        "distance_m": minutes * 75, "walking_minutes": minutes, "within_half_hour": minutes <= 30})


class FakeCatalog:
    """The demo catalog and forms; ``available = False`` is a cold cache with no hub."""

    def __init__(self) -> None:
        self.available = True

    def catalog(self) -> Catalog | None:
        """The demo catalog, unless unavailable."""
        return demo_catalog() if self.available else None

    def form(self, service_id: str) -> FormSchema | None:
        """A demo service's form, unless unavailable."""
        demo = services_by_id().get(service_id)
        return demo.form if demo is not None and self.available else None


class FakeOutbox:
    """Submissions kept in a list; codes minted from a counter so tests can predict them.

    ``fault`` is raised by the next enqueue (a full disk, say); ``delivers`` is
    what ``wait_sent`` answers (the hub confirmed in time, or not).
    """

    def __init__(self) -> None:
        self.submissions: list[tuple[SubmissionDraft, ReceiptRecord]] = []
        self.fault: StorageFault | None = None
        self.delivers = True
        self.waited: list[str] = []

    @staticmethod
    def code_for(n: int) -> str:
        """The tracking code of the ``n``-th submission (1-based)."""
        body = f"{TRACKING_PREFIX}{n:08d}"
        return body + tracking.check_char(body)

    def enqueue(self, draft: SubmissionDraft, receipt: ReceiptRecord) -> Enqueued:
        """Keep the submission, or raise the fault set for it."""
        if self.fault is not None:
            raise self.fault
        n = len(self.submissions) + 1
        stored = dataclasses.replace(receipt, client_id=f"client-{n}",
                                     tracking_code=self.code_for(n), queued=True)
        self.submissions.append((draft, stored))
        return Enqueued(stored.client_id, stored.tracking_code, stored)

    def wait_sent(self, client_id: str, timeout_s: float) -> bool:
        """Whether the hub "confirmed" the submission."""
        self.waited.append(client_id)
        return self.delivers


class FakeCircle:
    """The reference hub's demo district and its points around the terminal, in memory.

    Online it answers fresh; offline (``online()`` false) it answers the copy kept at
    ``kept_at``, or nothing when ``kept`` is false (a terminal that never fetched them).
    """

    def __init__(self, clock: ManualClock, lat: float, lon: float,
                 online: Callable[[], bool]) -> None:
        self.clock = clock
        self.kept_at = clock.now()
        self.points = district.service_points(lat, lon, None, clock.now())
        self.map = district.district_map()
        self.online = online
        self.kept = True

    def _copy(self, value: DistrictMap | ServicePoints) -> Cached[Any] | None:
        if self.online():
            return Cached(value, True, self.clock.now())
        return Cached(value, False, self.kept_at) if self.kept else None

    def district_map(self) -> Cached[DistrictMap] | None:
        """The demo district's GeoJSON."""
        return self._copy(self.map)

    def service_points(self) -> Cached[ServicePoints] | None:
        """The demo points by walking time from the terminal."""
        return self._copy(self.points)


@dataclass
class FakeRatings:
    """Ratings kept in a list; ``fault`` is raised by the next one."""

    drafts: list[RatingDraft] = field(default_factory=list)
    fault: StorageFault | None = None

    def enqueue_rating(self, draft: RatingDraft) -> str:
        """Keep the rating."""
        if self.fault is not None:
            raise self.fault
        self.drafts.append(draft)
        return f"rating-{len(self.drafts)}"


@dataclass
class FakeErrands:
    """Errand measures kept in a list."""

    records: list[ErrandRecord] = field(default_factory=list)

    def record(self, errand: ErrandRecord) -> None:
        """Keep one errand's measures."""
        self.records.append(errand)


@dataclass
class SlipJobs:
    """A slip builder that records the slips it was asked for."""

    built: list[tuple[Slip, str, int]] = field(default_factory=list)

    def __call__(self, slip: Slip, locale: str, width_mm: int) -> bytes:
        self.built.append((slip, locale, width_mm))
        return f"slip {type(slip).__name__}".encode()


@dataclass
class ReceiptJobs:
    """A receipt builder that records what it was asked to print and returns a small job."""

    built: list[tuple[ReceiptRecord, str, int]] = field(default_factory=list)

    def __call__(self, record: ReceiptRecord, locale: str, width_mm: int) -> bytes:
        self.built.append((record, locale, width_mm))
        return f"receipt {record.tracking_code} {record.masked_name}".encode()


@dataclass
class Kit:
    """One journey wired to fakes, and the fakes, for a test to drive and inspect."""

    journey: j.Journey
    clock: ManualClock
    config: KioskConfig
    hub: FakeHub
    catalog: FakeCatalog
    outbox: FakeOutbox
    printer: MemoryPrinter
    receipts: ReceiptJobs
    counts: list[str]
    circle: FakeCircle
    ratings: FakeRatings
    errands: FakeErrands
    slips: SlipJobs
    online: bool = True


def make_kit(clock: ManualClock, *, with_hub: bool = True) -> Kit:
    """A journey over fakes; ``with_hub=False`` is a terminal that is not enrolled."""
    config = default_config()
    hub = FakeHub(clock)
    catalog, outbox, printer, receipts = FakeCatalog(), FakeOutbox(), MemoryPrinter(), ReceiptJobs()
    counts: list[str] = []
    kit: Kit
    circle = FakeCircle(clock, config.terminal.lat, config.terminal.lon, lambda: kit.online)
    ratings, errands, slips = FakeRatings(), FakeErrands(), SlipJobs()
    journey = j.Journey(config, clock, hub if with_hub else None, catalog, outbox, printer,
                        receipts, online=lambda: kit.online, count=counts.append,
                        circle=circle, ratings=ratings, errands=errands, build_slip=slips)
    kit = Kit(journey, clock, config, hub, catalog, outbox, printer, receipts, counts, circle,
              ratings, errands, slips)
    return kit



def card_for(resident_id: str) -> j.IdCardRead:
    """The event of a demo resident's ID card read on the pad."""
    from kiosk.devtools.cards import id_card_for

    return j.IdCardRead(id_card_for(resident(resident_id)))


def answer(kit: Kit, name: str, person: DemoResident) -> str | bool | int | float:
    """A valid value for a form field the card and hub left empty, as a resident would type it."""
    state = kit.journey.session.form
    assert state is not None
    spec = state.spec(name)
    prop = state.schema.json_schema.get("properties", {}).get(name, {})
    if spec.options:
        return spec.options[0].value
    if prop.get("type") == "boolean" or spec.widget == "checkbox":
        return True
    if prop.get("type") == "integer":
        return int(prop.get("minimum", 1))
    if prop.get("type") == "number":
        return float(prop.get("minimum", 1))
    if spec.widget == "phone":
        return person.phone
    if spec.widget == "date":
        return "2026-01-05"
    return "示范"


def fill_required(kit: Kit, person: DemoResident) -> None:
    """Type every required field that is still empty."""
    state = kit.journey.session.form
    assert state is not None
    for spec in state.schema.fields:
        if spec.required and spec.name not in state.values:
            kit.journey.handle(j.SetField(spec.name, answer(kit, spec.name, person)))


def to_form(kit: Kit, resident_id: str, service_id: str) -> None:
    """Identify with an ID card, confirm, and open ``service_id``'s form (level 2 via the code)."""
    journey = kit.journey
    journey.handle(card_for(resident_id))
    journey.handle(j.ConfirmIdentity())
    journey.handle(j.ChooseService(service_id))
    if journey.step is j.Step.LEVEL2_CODE:
        journey.handle(j.RequestCode())
        journey.handle(j.EnterCode(CODE))
    assert journey.step is j.Step.FORM, journey.message


def to_review(kit: Kit, resident_id: str, service_id: str) -> None:
    """Open the form, fill it, capture every missing material, and reach the review screen."""
    to_form(kit, resident_id, service_id)
    fill_required(kit, resident(resident_id))
    kit.journey.handle(j.SubmitForm())
    if services_by_id()[service_id].service.materials:
        for mtype in kit.journey.missing_materials():
            kit.journey.handle(j.AddPage(mtype, PAGE_JPEG))
        kit.journey.handle(j.MaterialsDone())
    assert kit.journey.step is j.Step.REVIEW, kit.journey.message


# A tiny real JPEG (what a captured page is); one page of a material is stored as is.
PAGE_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c"
    "1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0"
    "000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bff"
    "c400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a10823"
    "42b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a5354555657"
    "58595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aa"
    "b2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8"
    "f9faffda0008010100003f00fbd3ffd9")
