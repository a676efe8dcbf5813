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

import dataclasses
import io
import logging
from collections.abc import Callable, Mapping
from typing import assert_never

from devices.idcard.protocol import CardKind
from devices.printer.protocol import Printed, ReceiptPrinter
from kiosk.app import forms
from kiosk.app.journey.collaborators import (
    CatalogSource,
    HubAccess,
    ReceiptBuilder,
    SubmissionSink,
)
from kiosk.app.journey.events import (
    AddPage,
    Back,
    BookAppointment,
    Browse,
    CallStaff,
    CancelAppointment,
    CardReadFailed,
    ChooseDelivery,
    ChooseService,
    ChooseSlot,
    ChooseSlotDay,
    CitizenCardRead,
    CitizenCardRemoved,
    ConfirmAndSubmit,
    ConfirmIdentity,
    ContinueSession,
    EnterCode,
    Event,
    Exit,
    FilterPoints,
    Finish,
    IdCardRead,
    MaterialsDone,
    PrintPointSlip,
    QrScanned,
    Rate,
    RemovePage,
    RequestCode,
    SelectPoint,
    SetDeliveryField,
    SetElderMode,
    SetField,
    SetLocale,
    SetRatingComment,
    ShowMyAppointments,
    ShowServiceDetails,
    ShowServicePoints,
    ShowTrackCase,
    SkipRating,
    StartAppointment,
    SubmitForm,
    SubmitRating,
    Tick,
    ToggleRatingReason,
    TrackCase,
)
from kiosk.app.journey.home import home_view
from kiosk.app.journey.session import Identity, Session, SubmitOutcome
from kiosk.app.journey.step import Step
from kiosk.app.journey.view import (
    JourneyView,
    Message,
    case_view,
    catalog_entries,
    code_sent_view,
    form_view,
    material_views,
    person_view,
    receipt_view,
    service_view,
)
from kiosk.base import idnumber, tracking
from kiosk.base.clock import Clock
from kiosk.base.config import KioskConfig
from kiosk.hub.errors import HubError, HubErrorKind
from kiosk.hub.schema import (
    CallReason,
    CardIdentity,
    CaseStatus,
    Catalog,
    IdentitySession,
    Service,
    ServicePoint,
)
from offline_cache.db import StorageFault
from offline_cache.outbox import DraftMaterial, SubmissionDraft

log = logging.getLogger(__name__)


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
        usage: Callable[[], Mapping[str, int]] = dict,
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
        # Errands started here per service, for the home screen's "most used" order.
        self.usage = usage
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
        self._dispatch(event)
        return self.step

    def _dispatch(self, event: Event) -> None:
        # One case per event class; assert_never makes a missing one a mypy error.
        match event:
            case IdCardRead():
                self._on_id_card_read(event)
            case CitizenCardRead():
                self._on_citizen_card_read(event)
            case QrScanned():
                self._on_qr_scanned(event)
            case CardReadFailed():
                self._on_card_read_failed(event)
            case CitizenCardRemoved():
                self._on_citizen_card_removed(event)
            case ConfirmIdentity():
                self._on_confirm_identity(event)
            case Exit():
                self._on_exit(event)
            case Back():
                self._on_back(event)
            case Browse():
                self._on_browse(event)
            case ChooseService():
                self._on_choose_service(event)
            case RequestCode():
                self._on_request_code(event)
            case EnterCode():
                self._on_enter_code(event)
            case SetField():
                self._on_set_field(event)
            case SubmitForm():
                self._on_submit_form(event)
            case AddPage():
                self._on_add_page(event)
            case RemovePage():
                self._on_remove_page(event)
            case MaterialsDone():
                self._on_materials_done(event)
            case ConfirmAndSubmit():
                self._on_confirm_and_submit(event)
            case Finish():
                self._on_finish(event)
            case ShowServicePoints():
                self._on_show_service_points(event)
            case ShowTrackCase():
                self._on_show_track_case(event)
            case TrackCase():
                self._on_track_case(event)
            case CallStaff():
                self._on_call_staff(event)
            case SetLocale():
                self._on_set_locale(event)
            case SetElderMode():
                self._on_set_elder_mode(event)
            case ContinueSession():
                self._on_continue_session(event)
            case Tick():
                self._on_tick(event)
            case ShowServiceDetails():
                self._on_show_service_details(event)
            case SelectPoint():
                self._on_select_point(event)
            case FilterPoints():
                self._on_filter_points(event)
            case PrintPointSlip():
                self._on_print_point_slip(event)
            case StartAppointment():
                self._on_start_appointment(event)
            case ChooseSlotDay():
                self._on_choose_slot_day(event)
            case ChooseSlot():
                self._on_choose_slot(event)
            case BookAppointment():
                self._on_book_appointment(event)
            case ShowMyAppointments():
                self._on_show_my_appointments(event)
            case CancelAppointment():
                self._on_cancel_appointment(event)
            case ChooseDelivery():
                self._on_choose_delivery(event)
            case SetDeliveryField():
                self._on_set_delivery_field(event)
            case Rate():
                self._on_rate(event)
            case ToggleRatingReason():
                self._on_toggle_rating_reason(event)
            case SetRatingComment():
                self._on_set_rating_comment(event)
            case SubmitRating():
                self._on_submit_rating(event)
            case SkipRating():
                self._on_skip_rating(event)
            case _:
                assert_never(event)

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

    def view(self) -> JourneyView:
        """Everything a screen needs to render, masked for display."""
        s = self.session
        on_list = self.step in (Step.CHOOSE_SERVICE, Step.BROWSE)
        return JourneyView(
            step=self.step,
            locale=self.locale,
            elder_mode=self.elder_mode,
            online=self.online(),
            message=None if self.message is None else Message(
                self.message.key, dict(self.message.params)),
            idle_remaining_s=self.idle_remaining_s(),
            idle_warning=self.idle_warning(),
            person=None if s.identity is None else person_view(s.identity),
            code_sent=None if s.code_sent is None else code_sent_view(s.code_sent),
            service=None if s.service is None else service_view(s.service),
            staff_called=self.staff_called,
            services=catalog_entries(self.catalog)
            if on_list and self.catalog is not None else None,
            form=None if s.form is None else form_view(s.form),
            materials=material_views(s.service, s.prefill, s.pages)
            if s.service is not None and self.step in (Step.MATERIALS, Step.REVIEW) else None,
            receipt=None if s.outcome is None else receipt_view(s.outcome),
            service_points=tuple(self.service_points)
            if self.step is Step.SERVICE_POINTS else None,
            case=None if self.case is None else case_view(self.case, self.catalog),
            home=home_view(self.catalog, self.usage(), most_used=2 if self.elder_mode else 8)
            if self.step is Step.IDLE and self.catalog is not None else None,
        )

    # --- identity ----------------------------------------------------------------

    def _on_id_card_read(self, ev: IdCardRead) -> None:
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

    def _on_citizen_card_read(self, ev: CitizenCardRead) -> None:
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
            self._on_choose_service(ChooseService(pending))
            return
        self.step = Step.IDENTITY_CONFIRMED

    def _on_qr_scanned(self, ev: QrScanned) -> None:
        code = tracking.code_from_url(self.config.hub.tracking_base_url, ev.payload)
        if code is not None or self.step is Step.TRACK_CASE:
            # A receipt's QR is a case lookup, never an identity; on the track-case screen
            # any QR is read as a code (and refused with "check the code" if it is not one).
            self._on_track_case(TrackCase(code or ev.payload))
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

    def _on_card_read_failed(self, ev: CardReadFailed) -> None:
        self.message = Message(ev.message_key)

    def _on_citizen_card_removed(self, ev: CitizenCardRemoved) -> None:
        ident = self.session.identity
        if ident is not None and ident.kind == "citizen_card":
            self.end_session("card_removed")

    def _on_confirm_identity(self, ev: ConfirmIdentity) -> None:
        if self.step is not Step.IDENTITY_CONFIRMED:
            return
        if self._load_catalog():
            self.step = Step.CHOOSE_SERVICE

    def _on_exit(self, ev: Exit) -> None:
        self.end_session("exit")

    def _on_back(self, ev: Back) -> None:
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

    def _on_browse(self, ev: Browse) -> None:
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

    def _on_choose_service(self, ev: ChooseService) -> None:
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

    def _on_request_code(self, ev: RequestCode) -> None:
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

    def _on_enter_code(self, ev: EnterCode) -> None:
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

    def _on_set_field(self, ev: SetField) -> None:
        if self.step is Step.FORM and self.session.form is not None:
            try:
                forms.set_value(self.session.form, ev.name, ev.value)
            except KeyError:
                self.message = Message("form.unknown_field")

    def _on_submit_form(self, ev: SubmitForm) -> None:
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

    def _on_add_page(self, ev: AddPage) -> None:
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

    def _on_remove_page(self, ev: RemovePage) -> None:
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

    def _on_materials_done(self, ev: MaterialsDone) -> None:
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

    def _on_confirm_and_submit(self, ev: ConfirmAndSubmit) -> None:
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
        record = draft.receipt(service.name_zh, service.name_en)
        try:
            queued = self.sink.enqueue(draft, record)
        except StorageFault as exc:
            self.message = Message(exc.message_key)
            return
        sent = self.sink.wait_sent(queued.client_id, self.config.hub.timeout_s) \
            if self.online() else False
        receipt = dataclasses.replace(queued.receipt, queued=not sent)
        job = self.build_receipt(receipt, self.locale, self.printer.width_mm)
        status = self.printer.status()
        outcome = self.printer.print_job(job) if status.can_print else None
        # When it does not print, the receipt QR is shown on screen instead; the
        # submission itself is safe.
        failure: str | None
        if isinstance(outcome, Printed):
            failure = None
        elif outcome is not None:
            failure = outcome.message_key
        else:
            failure = _printer_key(status.value)
        printed = failure is None
        s.outcome = SubmitOutcome(
            receipt, tracking.tracking_url(self.config.hub.tracking_base_url,
                                           queued.tracking_code),
            printed, failure, s.identity.kind == "id_card", job)
        self.count("submitted_sent" if sent else "submitted_queued")
        if not printed:
            self.count("receipt_not_printed")
        self.message = Message("journey.submitted" if sent else "journey.queued_offline")
        self.step = Step.RECEIPT

    def _on_finish(self, ev: Finish) -> None:
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

    def _on_show_service_points(self, ev: ShowServicePoints) -> None:
        self.service_points = self._points(ev.service_id)
        self.step = Step.SERVICE_POINTS

    def _on_show_track_case(self, ev: ShowTrackCase) -> None:
        self.case = None
        self.message = None
        self.step = Step.TRACK_CASE

    def _on_track_case(self, ev: TrackCase) -> None:
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

    def _on_call_staff(self, ev: CallStaff) -> None:
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

    def _on_set_locale(self, ev: SetLocale) -> None:
        if ev.locale in ("zh_CN", "en_US"):
            self.locale = ev.locale

    def _on_set_elder_mode(self, ev: SetElderMode) -> None:
        self.elder_mode = ev.on

    def _on_continue_session(self, ev: ContinueSession) -> None:
        """Activity was already recorded by ``handle``."""

    def _on_tick(self, ev: Tick) -> None:
        if self.step is Step.IDLE and self.catalog is None:
            # The home screen's tiles: from the cache (or the hub), without a message if
            # neither has it yet; the next session's start tries again.
            self.catalog = self.catalog_source.catalog()
        remaining = self.idle_remaining_s()
        if remaining is not None and remaining <= 0:
            self.end_session("timeout")


    # --- service circle -------------------------------------------------------------

    def _on_show_service_details(self, ev: ShowServiceDetails) -> None:
        """Behaviour follows in the next commit."""

    def _on_select_point(self, ev: SelectPoint) -> None:
        """Behaviour follows in the next commit."""

    def _on_filter_points(self, ev: FilterPoints) -> None:
        """Behaviour follows in the next commit."""

    def _on_print_point_slip(self, ev: PrintPointSlip) -> None:
        """Behaviour follows in the next commit."""

    def _on_start_appointment(self, ev: StartAppointment) -> None:
        """Behaviour follows in the next commit."""

    def _on_choose_slot_day(self, ev: ChooseSlotDay) -> None:
        """Behaviour follows in the next commit."""

    def _on_choose_slot(self, ev: ChooseSlot) -> None:
        """Behaviour follows in the next commit."""

    def _on_book_appointment(self, ev: BookAppointment) -> None:
        """Behaviour follows in the next commit."""

    def _on_show_my_appointments(self, ev: ShowMyAppointments) -> None:
        """Behaviour follows in the next commit."""

    def _on_cancel_appointment(self, ev: CancelAppointment) -> None:
        """Behaviour follows in the next commit."""

    def _on_choose_delivery(self, ev: ChooseDelivery) -> None:
        """Behaviour follows in the next commit."""

    def _on_set_delivery_field(self, ev: SetDeliveryField) -> None:
        """Behaviour follows in the next commit."""

    def _on_rate(self, ev: Rate) -> None:
        """Behaviour follows in the next commit."""

    def _on_toggle_rating_reason(self, ev: ToggleRatingReason) -> None:
        """Behaviour follows in the next commit."""

    def _on_set_rating_comment(self, ev: SetRatingComment) -> None:
        """Behaviour follows in the next commit."""

    def _on_submit_rating(self, ev: SubmitRating) -> None:
        """Behaviour follows in the next commit."""

    def _on_skip_rating(self, ev: SkipRating) -> None:
        """Behaviour follows in the next commit."""


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
