"""The resident journey as a Qt-free state machine.

idle → identify (card or QR) → identity confirmed (→ level-2 code when the
service needs it) → choose service → form → materials → review and consent →
submit → receipt → idle, plus the paths that need no identity (browse services,
nearby service points, track a case, call staff).

Every step is an explicit event passed to :meth:`Journey.handle`; the UI and
the headless runner only render :meth:`Journey.view`. Calls that block (hub,
store, printer) happen inside ``handle``, so the UI calls it from a worker.
Everything personal lives in one :class:`Session` object that is wiped when
the session ends (idle timeout, "exit", citizen card removed, finished).
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from devices.citizen_card.protocol import CitizenCardData
from devices.idcard.protocol import CardKind, IdCardData
from devices.printer.protocol import Printed, ReceiptPrinter
from kiosk.app import forms
from kiosk.base import idnumber, tracking
from kiosk.base.clock import Clock
from kiosk.base.config import KioskConfig
from kiosk.hub.errors import HubError, HubErrorKind
from kiosk.hub.schema import (
    CallReason,
    CardIdentity,
    CaseStatus,
    Catalog,
    CodeSent,
    FormSchema,
    IdentitySession,
    Prefill,
    Service,
    ServicePoint,
)
from offline_cache.db import StorageFault
from offline_cache.outbox import DraftMaterial, Enqueued, SubmissionDraft

log = logging.getLogger(__name__)


class Step(enum.StrEnum):
    """The screen the resident is on."""

    IDLE = "idle"
    IDENTITY_CONFIRMED = "identity_confirmed"
    LEVEL2_CODE = "level2_code"
    CHOOSE_SERVICE = "choose_service"
    FORM = "form"
    MATERIALS = "materials"
    REVIEW = "review"
    RECEIPT = "receipt"
    BROWSE = "browse"
    SERVICE_POINTS = "service_points"
    TRACK_CASE = "track_case"
    CALL_STAFF = "call_staff"


# --- events ---------------------------------------------------------------------


@dataclass(frozen=True)
class IdCardRead:
    """An ID card was read on the pad (the resident lifts it afterwards)."""

    card: IdCardData


@dataclass(frozen=True)
class CitizenCardRead:
    """A citizen card was inserted and read; it stays inserted for the session."""

    card: CitizenCardData


@dataclass(frozen=True)
class CitizenCardRemoved:
    """The citizen card left the slot: the session ends."""


@dataclass(frozen=True)
class CardReadFailed:
    """A reader reported an expected failure; show its next step."""

    message_key: str


@dataclass(frozen=True)
class QrScanned:
    """An e-ID QR payload was decoded from the camera."""

    payload: str


@dataclass(frozen=True)
class ConfirmIdentity:
    """The resident confirmed "this is me"."""


@dataclass(frozen=True)
class Exit:
    """The resident pressed exit (or "not me")."""


@dataclass(frozen=True)
class Back:
    """Go back one screen where that makes sense."""


@dataclass(frozen=True)
class Browse:
    """Browse services without identifying."""


@dataclass(frozen=True)
class ChooseService:
    """The resident picked a service."""

    service_id: str


@dataclass(frozen=True)
class RequestCode:
    """Send (or resend) the level-2 one-time code."""


@dataclass(frozen=True)
class EnterCode:
    """The resident typed the one-time code."""

    code: str


@dataclass(frozen=True)
class SetField:
    """The resident changed a form field."""

    name: str
    value: str | bool | int | float


@dataclass(frozen=True)
class SubmitForm:
    """The resident finished the form."""


@dataclass(frozen=True)
class AddPage:
    """A captured page for one material (JPEG or PNG bytes)."""

    material_type: str
    data: bytes
    content_type: str = "image/jpeg"


@dataclass(frozen=True)
class RemovePage:
    """Delete a captured page (retake)."""

    material_type: str
    index: int


@dataclass(frozen=True)
class MaterialsDone:
    """The resident finished adding materials."""


@dataclass(frozen=True)
class ConfirmAndSubmit:
    """Review accepted: consent given (with an optional finger signature); submit."""

    agreed: bool
    signature_png: bytes | None = None


@dataclass(frozen=True)
class Finish:
    """The resident is done with the receipt screen."""


@dataclass(frozen=True)
class ShowServicePoints:
    """Show nearby service points (the half-hour circle)."""

    service_id: str | None = None


@dataclass(frozen=True)
class ShowTrackCase:
    """Open the track-a-case screen (type the receipt's code or show its QR)."""


@dataclass(frozen=True)
class TrackCase:
    """Look up a case by its tracking code."""

    code: str


@dataclass(frozen=True)
class CallStaff:
    """Ask for a person to come and help."""

    reason: str = "help"


@dataclass(frozen=True)
class SetLocale:
    """Switch the language."""

    locale: str


@dataclass(frozen=True)
class SetElderMode:
    """Switch elder mode (长辈模式): larger text, longer timeouts, voice."""

    on: bool


@dataclass(frozen=True)
class ContinueSession:
    """The resident answered "continue?" on the idle warning."""


@dataclass(frozen=True)
class Tick:
    """Time passed; check the idle timeout. Not resident activity."""


Event = (
    IdCardRead | CitizenCardRead | CitizenCardRemoved | CardReadFailed | QrScanned
    | ConfirmIdentity | Exit | Back | Browse | ChooseService | RequestCode | EnterCode
    | SetField | SubmitForm | AddPage | RemovePage | MaterialsDone | ConfirmAndSubmit | Finish
    | ShowServicePoints | ShowTrackCase | TrackCase | CallStaff | SetLocale | SetElderMode | ContinueSession
    | Tick
)


# --- collaborators ------------------------------------------------------------------


class HubAccess(Protocol):
    """The hub calls the journey makes (``kiosk.hub.client.HubClient`` provides them)."""

    def identify_card(self, identity: CardIdentity) -> IdentitySession: ...
    def request_code(self, session_id: str) -> CodeSent: ...
    def verify_code(self, session_id: str, code: str) -> IdentitySession: ...
    def resolve_qr(self, payload: str) -> IdentitySession: ...
    def prefill(self, session_id: str, service_id: str) -> Prefill: ...
    def case_status(self, tracking_code: str) -> CaseStatus: ...
    def service_points(
        self, lat: float, lon: float, service_id: str | None = None
    ) -> list[ServicePoint]: ...
    def call_staff(
        self, reason: CallReason, *, elder_mode: bool = False, locale: str = "zh-CN"
    ) -> Any: ...


class CatalogSource(Protocol):
    """Catalog and forms, from the hub when reachable, else from the local cache."""

    def catalog(self) -> Catalog | None: ...
    def form(self, service_id: str) -> FormSchema | None: ...


@dataclass(frozen=True)
class LocalReceipt:
    """What a reprint needs; masked and non-personal only."""

    service_id: str
    service_name_zh: str
    service_name_en: str
    masked_name: str
    result_mode: str
    created_at: dt.datetime


class SubmissionSink(Protocol):
    """The durable outbox plus its sync worker."""

    def enqueue(self, draft: SubmissionDraft, receipt: LocalReceipt) -> Enqueued: ...

    def wait_sent(self, client_id: str, timeout_s: float) -> bool:
        """Nudge the sync worker and wait up to ``timeout_s`` for delivery."""
        ...


@dataclass(frozen=True)
class ReceiptInfo:
    """What the receipt shows (masked values only)."""

    service_name_zh: str
    service_name_en: str
    created_at: dt.datetime
    terminal_id: str
    masked_name: str
    tracking_code: str
    tracking_url: str
    result_mode: str
    queued: bool
    locale: str


ReceiptBuilder = Callable[[ReceiptInfo, int], bytes]  # (info, paper width mm) -> ESC/POS job


# --- session ----------------------------------------------------------------------


@dataclass(repr=False)
class Identity:
    """Who the resident is, as far as this session knows."""

    kind: str  # "id_card" | "citizen_card" | "eid_qr"
    card: forms.CardFacts
    card_number: str | None
    hub_session: IdentitySession | None

    @property
    def level(self) -> int:
        """1 for a card read alone, 2 after a one-time code or an e-ID QR."""
        return self.hub_session.level if self.hub_session else 1


@dataclass(repr=False)
class Session:
    """Every personal value of one resident's visit; wiped at the end."""

    identity: Identity | None = None
    service: Service | None = None
    form: forms.FormState | None = None
    prefill: Prefill | None = None
    code_sent: CodeSent | None = None
    pages: dict[str, list[tuple[bytes, str]]] = field(default_factory=dict)
    signature_png: bytes | None = None
    receipt: dict[str, Any] | None = None
    pending_service_id: str | None = None

    def __repr__(self) -> str:
        return f"Session(identified={self.identity is not None}, personal=<masked>)"

    def wipe(self) -> None:
        """Drop every reference to the resident's data."""
        if self.form is not None:
            self.form.wipe()
        for pages in self.pages.values():
            pages.clear()
        self.pages.clear()
        self.identity = None
        self.service = None
        self.form = None
        self.prefill = None
        self.code_sent = None
        self.signature_png = None
        self.receipt = None
        self.pending_service_id = None


@dataclass(frozen=True)
class Message:
    """A resident-facing message: catalogue key plus parameters."""

    key: str
    params: dict[str, str] = field(default_factory=dict)


class Journey:
    """Drives one terminal's screens from events."""

    def __init__(
        self,
        config: KioskConfig,
        clock: Clock,
        hub: HubAccess | None,
        catalog: CatalogSource,
        sink: SubmissionSink,
        printer: ReceiptPrinter,
        build_receipt: ReceiptBuilder,
        *,
        online: Callable[[], bool] = lambda: True,
        count: Callable[[str], None] = lambda name: None,
    ) -> None:
        self.config = config
        self.clock = clock
        self.hub = hub
        self.catalog_source = catalog
        self.sink = sink
        self.printer = printer
        self.build_receipt = build_receipt
        self.online = online
        # Anonymised outcome counts for the heartbeat (never anything about the person).
        self.count = count
        self.step = Step.IDLE
        self.locale: str = config.terminal.locale
        self.elder_mode = False
        self.message: Message | None = None
        self.session = Session()
        self.last_activity = clock.monotonic()
        self.catalog: Catalog | None = None
        self.service_points: list[ServicePoint] = []
        self.case: CaseStatus | None = None
        self.staff_called = False
        self.ended_reason: str | None = None
        # Timing figures for the bench: identity read → prefilled form ready.
        self.timings: dict[str, float] = {}

    # --- public API ------------------------------------------------------------

    def handle(self, event: Event) -> Step:
        """Apply one event; returns the step the resident is now on."""
        if not isinstance(event, Tick):
            self.last_activity = self.clock.monotonic()
        handler = getattr(self, f"_on_{type(event).__name__}")
        handler(event)
        return self.step

    @property
    def idle_limit_s(self) -> float:
        """Seconds without activity before the session ends (longer in elder mode)."""
        t = self.config.timeouts
        return t.elder_idle_s if self.elder_mode else t.idle_s

    def idle_remaining_s(self) -> float | None:
        """Seconds until the idle timeout, or ``None`` on the idle screen."""
        if self.step is Step.IDLE:
            return None
        return max(0.0, self.idle_limit_s - (self.clock.monotonic() - self.last_activity))

    def idle_warning(self) -> bool:
        """Whether to show the "continue?" countdown."""
        remaining = self.idle_remaining_s()
        return remaining is not None and remaining <= self.config.timeouts.idle_warning_s

    def end_session(self, reason: str) -> None:
        """End the visit: wipe everything personal and go back to the idle screen."""
        if self.session.identity is not None or reason != "exit":
            self.count(f"ended_{reason}")
        self.session.wipe()
        self.session = Session()
        self.service_points = []
        self.case = None
        self.staff_called = False
        self.ended_reason = reason
        self.step = Step.IDLE
        self.elder_mode = False
        self.locale = self.config.terminal.locale
        self.message = Message(f"session.ended_{reason}") if reason != "finished" else None
        log.info("session ended: %s", reason)

    def view(self) -> dict[str, Any]:
        """Everything a screen needs to render, masked for display."""
        s = self.session
        ident = s.identity
        out: dict[str, Any] = {
            "step": self.step.value,
            "locale": self.locale,
            "elder_mode": self.elder_mode,
            "online": self.online(),
            "message": None if self.message is None else {
                "key": self.message.key, "params": dict(self.message.params)},
            "idle_remaining_s": self.idle_remaining_s(),
            "idle_warning": self.idle_warning(),
            "person": None if ident is None else {
                "masked_name": idnumber.mask_name(ident.card.name),
                "masked_id": idnumber.mask(ident.card.id_number),
                "level": ident.level,
                "via": ident.kind,
            },
            "code_sent": None if s.code_sent is None else {
                "phone_hint": s.code_sent.phone_hint,
                "resend_after_s": s.code_sent.resend_after_s},
            "service": None if s.service is None else {
                "id": s.service.id, "name_zh": s.service.name_zh, "name_en": s.service.name_en},
            "staff_called": self.staff_called,
        }
        if self.step in (Step.CHOOSE_SERVICE, Step.BROWSE) and self.catalog is not None:
            out["services"] = [
                {"id": sv.id, "name_zh": sv.name_zh, "name_en": sv.name_en,
                 "category": sv.category, "pinyin_initials": sv.pinyin_initials,
                 "category_zh": sv.category_zh, "category_en": sv.category_en,
                 "pinyin": sv.pinyin, "keywords_en": list(sv.keywords_en),
                 "identity_level": sv.identity_level, "kiosk_completable": sv.kiosk_completable}
                for sv in sorted(self.catalog.services, key=lambda x: x.frequency_rank)
            ]
        if s.form is not None:
            out["form"] = {
                "fields": [
                    {"name": spec.name, "label_zh": spec.label_zh, "label_en": spec.label_en,
                     "widget": spec.widget, "required": spec.required,
                     "value": s.form.values.get(spec.name, ""),
                     "source": s.form.sources.get(spec.name, forms.Source.EMPTY).value,
                     "error": s.form.errors.get(spec.name),
                     "options": [o.model_dump() for o in spec.options],
                     "help_zh": spec.help_zh, "help_en": spec.help_en}
                    for spec in (s.form.spec(n) for n in s.form.schema.field_order)
                ],
                "not_prefilled": list(s.form.not_prefilled),
            }
        if s.service is not None and self.step in (Step.MATERIALS, Step.REVIEW):
            on_file = set(s.prefill.materials_on_file) if s.prefill else set()
            out["materials"] = [
                {"type": m.type, "name_zh": m.name_zh, "name_en": m.name_en,
                 "required": m.required, "pages_wanted": m.pages,
                 "width_mm": m.width_mm, "height_mm": m.height_mm,
                 "on_file": m.type in on_file, "pages": len(s.pages.get(m.type, []))}
                for m in s.service.materials
            ]
        if s.receipt is not None:
            out["receipt"] = dict(s.receipt)
        if self.step is Step.SERVICE_POINTS:
            out["service_points"] = [p.model_dump(mode="json") for p in self.service_points]
        if self.case is not None:
            out["case"] = self.case.model_dump(mode="json")
            named = [sv for sv in (self.catalog.services if self.catalog else ())
                     if sv.id == self.case.service_id]
            if named:
                out["case"] |= {"service_name_zh": named[0].name_zh,
                                "service_name_en": named[0].name_en}
        return out

    # --- identity ----------------------------------------------------------------

    def _on_IdCardRead(self, ev: IdCardRead) -> None:
        card = ev.card
        if self.step is not Step.IDLE and self.session.identity is not None:
            return  # a second card mid-session is ignored; "exit" first
        if card.kind is CardKind.RESIDENT or len(card.id_number) == 18:
            problem = idnumber.validate(card.id_number) if card.kind is not CardKind.FOREIGN_2017 \
                else None
            if problem is not None:
                self.message = Message("idcard.invalid_number")
                return
        facts = forms.CardFacts(
            name=card.name or card.name_en, sex=card.sex, nation=card.nation,
            birth_date=card.birth_date, id_number=card.id_number, card_address=card.address,
        )
        self.timings["identity_read"] = self.clock.monotonic()
        self._identify("id_card", facts, None)

    def _on_CitizenCardRead(self, ev: CitizenCardRead) -> None:
        card = ev.card
        if self.session.identity is not None:
            return
        if idnumber.validate(card.id_number) is not None:
            self.message = Message("idcard.invalid_number")
            return
        facts = forms.CardFacts(
            name=card.name, sex=card.sex, nation=card.nation, birth_date=card.birth_date,
            id_number=card.id_number, card_address="",
        )
        self.timings["identity_read"] = self.clock.monotonic()
        self._identify("citizen_card", facts, card.card_number)

    def _identify(self, kind: str, facts: forms.CardFacts, card_number: str | None) -> None:
        hub_session: IdentitySession | None = None
        self.message = None
        if self.hub is not None and self.online():
            try:
                hub_session = self.hub.identify_card(CardIdentity(
                    kind="id_card" if kind == "id_card" else "citizen_card",
                    id_number=facts.id_number, name=facts.name, card_number=card_number))
            except HubError as exc:
                if exc.kind in (HubErrorKind.UNREACHABLE, HubErrorKind.TIMEOUT,
                                HubErrorKind.SERVER_ERROR, HubErrorKind.BAD_RESPONSE):
                    # Offline: the card itself is proof enough for what it shows.
                    self.message = Message("journey.offline_card_only")
                else:
                    self.message = Message(exc.message_key)
                    self.step = Step.IDLE
                    return
        else:
            self.message = Message("journey.offline_card_only")
        self.session.identity = Identity(kind, facts, card_number, hub_session)
        self.count(f"identified_{kind}")
        if self.session.pending_service_id:
            # The resident chose a service while browsing; go straight on with it.
            pending, self.session.pending_service_id = self.session.pending_service_id, None
            self.step = Step.IDENTITY_CONFIRMED
            self._on_ChooseService(ChooseService(pending))
            return
        self.step = Step.IDENTITY_CONFIRMED

    def _on_QrScanned(self, ev: QrScanned) -> None:
        code = tracking.code_from_url(self.config.hub.tracking_base_url, ev.payload)
        if code is not None or self.step is Step.TRACK_CASE:
            # A receipt's QR is a case lookup, never an identity; on the track-case screen
            # any QR is read as a code (and refused with "check the code" if it is not one).
            self._on_TrackCase(TrackCase(code or ev.payload))
            return
        if self.session.identity is not None:
            return
        if self.hub is None or not self.online():
            self.message = Message("journey.qr_needs_network")
            return
        try:
            sess = self.hub.resolve_qr(ev.payload)
        except HubError as exc:
            self.message = Message(exc.message_key)
            return
        p = sess.person
        facts = forms.CardFacts(name=p.name, sex=p.sex, nation=p.nation,
                                birth_date=p.birth_date, id_number=p.id_number, card_address="")
        self.timings["identity_read"] = self.clock.monotonic()
        self.message = None
        self.session.identity = Identity("eid_qr", facts, None, sess)
        self.step = Step.IDENTITY_CONFIRMED

    def _on_CardReadFailed(self, ev: CardReadFailed) -> None:
        self.message = Message(ev.message_key)

    def _on_CitizenCardRemoved(self, ev: CitizenCardRemoved) -> None:
        ident = self.session.identity
        if ident is not None and ident.kind == "citizen_card":
            self.end_session("card_removed")

    def _on_ConfirmIdentity(self, ev: ConfirmIdentity) -> None:
        if self.step is not Step.IDENTITY_CONFIRMED:
            return
        if self._load_catalog():
            self.step = Step.CHOOSE_SERVICE

    def _on_Exit(self, ev: Exit) -> None:
        self.end_session("exit")

    def _on_Back(self, ev: Back) -> None:
        back = {
            Step.FORM: Step.CHOOSE_SERVICE, Step.MATERIALS: Step.FORM, Step.REVIEW: Step.FORM,
            Step.LEVEL2_CODE: Step.CHOOSE_SERVICE, Step.CHOOSE_SERVICE: Step.IDENTITY_CONFIRMED,
        }
        if self.session.identity is None and self.step in (
            Step.BROWSE, Step.SERVICE_POINTS, Step.TRACK_CASE, Step.CALL_STAFF
        ):
            self.end_session("exit")
            return
        if self.step in back:
            self.step = back[self.step]
        elif self.step in (Step.SERVICE_POINTS, Step.TRACK_CASE, Step.CALL_STAFF):
            self.step = Step.CHOOSE_SERVICE

    # --- services and forms -----------------------------------------------------------

    def _load_catalog(self) -> bool:
        catalog = self.catalog_source.catalog()
        if catalog is None:
            self.message = Message("journey.catalog_unavailable")
            return False
        self.catalog = catalog
        return True

    def _on_Browse(self, ev: Browse) -> None:
        if self._load_catalog():
            self.step = Step.BROWSE

    def _find_service(self, service_id: str) -> Service | None:
        if self.catalog is None and not self._load_catalog():
            return None
        assert self.catalog is not None
        for sv in self.catalog.services:
            if sv.id == service_id:
                return sv
        return None

    def _on_ChooseService(self, ev: ChooseService) -> None:
        service = self._find_service(ev.service_id)
        if service is None:
            self.message = Message("journey.service_unknown")
            return
        if not service.kiosk_completable:
            self.message = Message("journey.service_at_hall")
            self.service_points = self._points(service.id)
            self.step = Step.SERVICE_POINTS
            return
        ident = self.session.identity
        if ident is None:
            # Browsing: identify first, then continue with this service.
            self.session.pending_service_id = service.id
            self.message = Message("journey.identify_to_continue")
            self.step = Step.IDLE
            return
        self.session.service = service
        if service.identity_level > ident.level:
            if ident.hub_session is None or self.hub is None or not self.online():
                self.message = Message("journey.level2_needs_network")
                self.session.service = None
                return
            self.step = Step.LEVEL2_CODE
            self.message = Message("journey.level2_explain")
            return
        self._open_form()

    def _on_RequestCode(self, ev: RequestCode) -> None:
        ident = self.session.identity
        if self.step is not Step.LEVEL2_CODE or ident is None or ident.hub_session is None:
            return
        assert self.hub is not None
        try:
            self.session.code_sent = self.hub.request_code(ident.hub_session.session_id)
            self.message = Message("journey.code_sent",
                                   {"hint": self.session.code_sent.phone_hint})
        except HubError as exc:
            self.message = Message(exc.message_key)

    def _on_EnterCode(self, ev: EnterCode) -> None:
        ident = self.session.identity
        if self.step is not Step.LEVEL2_CODE or ident is None or ident.hub_session is None:
            return
        assert self.hub is not None
        try:
            ident.hub_session = self.hub.verify_code(ident.hub_session.session_id, ev.code.strip())
        except HubError as exc:
            self.message = Message(exc.message_key)
            return
        self.message = None
        self._open_form()

    def _open_form(self) -> None:
        s = self.session
        assert s.service is not None and s.identity is not None
        schema = self.catalog_source.form(s.service.id)
        if schema is None:
            self.message = Message("journey.catalog_unavailable")
            return
        hub_values: dict[str, str] = {}
        s.prefill = None
        sess = s.identity.hub_session
        if sess is not None and self.hub is not None and self.online():
            try:
                s.prefill = self.hub.prefill(sess.session_id, s.service.id)
                hub_values = dict(s.prefill.fields)
            except HubError as exc:
                if exc.kind is HubErrorKind.NOT_FOUND or exc.kind is HubErrorKind.AUTH:
                    self.message = Message(exc.message_key)
                else:
                    self.message = Message("journey.prefill_offline")
        s.form = forms.prefill(schema, s.identity.card, hub_values)
        if s.form.not_prefilled and self.message is None:
            self.message = Message("journey.fields_not_prefilled",
                                   {"count": str(len(s.form.not_prefilled))})
        self.timings["form_ready"] = self.clock.monotonic()
        self.step = Step.FORM

    def _on_SetField(self, ev: SetField) -> None:
        if self.step is Step.FORM and self.session.form is not None:
            try:
                forms.set_value(self.session.form, ev.name, ev.value)
            except KeyError:
                self.message = Message("form.unknown_field")

    def _on_SubmitForm(self, ev: SubmitForm) -> None:
        s = self.session
        if self.step is not Step.FORM or s.form is None or s.service is None:
            return
        errors = forms.validate(s.form)
        if errors:
            self.message = Message("form.fix_errors", {"count": str(len(errors))})
            return
        self.message = None
        self.step = Step.MATERIALS if s.service.materials else Step.REVIEW

    # --- materials ------------------------------------------------------------------

    def _material_spec_types(self) -> set[str]:
        return {m.type for m in self.session.service.materials} if self.session.service else set()

    def _on_AddPage(self, ev: AddPage) -> None:
        if self.step is not Step.MATERIALS or ev.material_type not in self._material_spec_types():
            return
        if ev.content_type not in ("image/jpeg", "image/png"):
            self.message = Message("journey.page_unreadable")
            return
        pages = self.session.pages.setdefault(ev.material_type, [])
        assert self.session.service is not None  # a known material type implies a service
        wanted = sum(m.pages for m in self.session.service.materials
                     if m.type == ev.material_type)
        if len(pages) >= wanted:
            return  # the material has all its pages; a retake deletes one first
        pages.append((ev.data, ev.content_type))
        self.message = None

    def _on_RemovePage(self, ev: RemovePage) -> None:
        pages = self.session.pages.get(ev.material_type, [])
        if 0 <= ev.index < len(pages):
            del pages[ev.index]

    def missing_materials(self) -> list[str]:
        """Required materials neither on file at the hub nor captured."""
        s = self.session
        if s.service is None:
            return []
        on_file = set(s.prefill.materials_on_file) if s.prefill else set()
        return [m.type for m in s.service.materials
                if m.required and m.type not in on_file and not s.pages.get(m.type)]

    def _on_MaterialsDone(self, ev: MaterialsDone) -> None:
        if self.step is not Step.MATERIALS:
            return
        missing = self.missing_materials()
        if missing:
            self.message = Message("journey.materials_missing", {"count": str(len(missing))})
            return
        self.message = None
        self.step = Step.REVIEW

    # --- submit and receipt -------------------------------------------------------------

    def _documents(self) -> tuple[DraftMaterial, ...]:
        docs = []
        for mtype, pages in self.session.pages.items():
            if not pages:
                continue
            if len(pages) == 1:
                data, ctype = pages[0]
                docs.append(DraftMaterial(mtype, ctype, 1, data))
            else:
                docs.append(DraftMaterial(mtype, "application/pdf", len(pages),
                                             _pages_to_pdf([p for p, _ in pages])))
        if self.session.signature_png:
            docs.append(DraftMaterial("signature", "image/png", 1, self.session.signature_png))
        return tuple(docs)

    def _on_ConfirmAndSubmit(self, ev: ConfirmAndSubmit) -> None:
        s = self.session
        if self.step is not Step.REVIEW or s.form is None or s.service is None:
            return
        if s.identity is None:
            return
        if not ev.agreed:
            self.message = Message("journey.consent_needed")
            return
        s.signature_png = ev.signature_png
        service = s.service
        result_mode = service.result_modes[0] if service.result_modes else "pickup"
        now = self.clock.now()
        draft = SubmissionDraft(
            service_id=service.id,
            identity_kind=s.identity.kind,
            id_number=s.identity.card.id_number,
            name=s.identity.card.name,
            level=s.identity.level,
            session_id=s.identity.hub_session.session_id if s.identity.hub_session else None,
            form=dict(s.form.values),
            materials=self._documents(),
            result_mode=result_mode,
            consent_version=self.config.consent_version,
            locale=self.locale.replace("_", "-"),
            created_at=now,
        )
        masked = idnumber.mask_name(s.identity.card.name)
        try:
            queued = self.sink.enqueue(draft, LocalReceipt(
                service.id, service.name_zh, service.name_en, masked, result_mode, now))
        except StorageFault as exc:
            self.message = Message(exc.message_key)
            return
        sent = self.sink.wait_sent(queued.client_id, self.config.hub.timeout_s) \
            if self.online() else False
        url = tracking.tracking_url(self.config.hub.tracking_base_url, queued.tracking_code)
        info = ReceiptInfo(service.name_zh, service.name_en, now, self.config.terminal.id,
                           masked, queued.tracking_code, url, result_mode, not sent, self.locale)
        s.receipt = {
            "client_id": queued.client_id,
            "tracking_code": queued.tracking_code,
            "tracking_display": tracking.display(queued.tracking_code),
            "tracking_url": url,
            "status": "sent" if sent else "queued",
            "result_mode": result_mode,
            "printed": False,
            "print_failure": None,
            "take_card": s.identity.kind == "id_card",
            "receipt_bytes": b"",
        }
        job = self.build_receipt(info, self.printer.width_mm)
        s.receipt["receipt_bytes"] = job
        status = self.printer.status()
        outcome = self.printer.print_job(job) if status.can_print else None
        if isinstance(outcome, Printed):
            s.receipt["printed"] = True
        else:
            # The receipt QR is shown on screen instead; the submission itself is safe.
            s.receipt["print_failure"] = (
                outcome.message_key if outcome is not None
                else _printer_key(status.value)
            )
        self.count("submitted_sent" if sent else "submitted_queued")
        if not s.receipt["printed"]:
            self.count("receipt_not_printed")
        self.message = Message("journey.submitted" if sent else "journey.queued_offline")
        self.step = Step.RECEIPT

    def _on_Finish(self, ev: Finish) -> None:
        self.end_session("finished")

    # --- no-identity paths ----------------------------------------------------------------

    def _points(self, service_id: str | None) -> list[ServicePoint]:
        if self.hub is None or not self.online():
            self.message = Message("journey.points_offline")
            return []
        try:
            return self.hub.service_points(self.config.terminal.lat, self.config.terminal.lon,
                                           service_id)
        except HubError as exc:
            self.message = Message(exc.message_key)
            return []

    def _on_ShowServicePoints(self, ev: ShowServicePoints) -> None:
        self.service_points = self._points(ev.service_id)
        self.step = Step.SERVICE_POINTS

    def _on_ShowTrackCase(self, ev: ShowTrackCase) -> None:
        self.case = None
        self.message = None
        self.step = Step.TRACK_CASE

    def _on_TrackCase(self, ev: TrackCase) -> None:
        self.step = Step.TRACK_CASE
        code = tracking.normalise(ev.code)
        if not tracking.is_valid(code):
            self.message = Message("journey.tracking_code_invalid")
            self.case = None
            return
        if self.hub is None or not self.online():
            # An earlier answer must not pass for this code's status.
            self.case = None
            self.message = Message("journey.tracking_offline")
            return
        try:
            self.case = self.hub.case_status(code)
            self.message = None
            if self.catalog is None:
                # Only to name the case's service; without a catalog the screen shows no name.
                self.catalog = self.catalog_source.catalog()
        except HubError as exc:
            self.case = None
            self.message = Message(
                "journey.case_not_found" if exc.kind is HubErrorKind.NOT_FOUND
                else exc.message_key)

    def _on_CallStaff(self, ev: CallStaff) -> None:
        self.step = Step.CALL_STAFF
        if self.hub is None or not self.online():
            self.message = Message("journey.staff_offline")
            return
        try:
            self.hub.call_staff(_CALL_REASONS.get(ev.reason, "other"),
                                elder_mode=self.elder_mode, locale=self.locale.replace("_", "-"))
            self.staff_called = True
            self.message = Message("journey.staff_coming")
        except HubError as exc:
            self.message = Message(exc.message_key)

    # --- settings and time --------------------------------------------------------------

    def _on_SetLocale(self, ev: SetLocale) -> None:
        if ev.locale in ("zh_CN", "en_US"):
            self.locale = ev.locale

    def _on_SetElderMode(self, ev: SetElderMode) -> None:
        self.elder_mode = ev.on

    def _on_ContinueSession(self, ev: ContinueSession) -> None:
        """Activity was already recorded by ``handle``."""

    def _on_Tick(self, ev: Tick) -> None:
        remaining = self.idle_remaining_s()
        if remaining is not None and remaining <= 0:
            self.end_session("timeout")


_CALL_REASONS: dict[str, CallReason] = {
    "help": "help", "accessibility": "accessibility", "device_fault": "device_fault",
    "document_problem": "document_problem",
}


def _printer_key(status: str) -> str:
    return {"paper_end": "printer.paper_out", "cover_open": "printer.cover_open",
            "disconnected": "printer.disconnected"}.get(status, "printer.error")


def _pages_to_pdf(pages: list[bytes]) -> bytes:
    """Join page images into one PDF (one page per image)."""
    from PIL import Image

    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in pages]
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=200)
    return out.getvalue()
