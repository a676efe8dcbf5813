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

import contextlib
import dataclasses
import datetime as dt
import io
from collections.abc import Callable, Mapping
from typing import assert_never

from devices.idcard.protocol import CardKind
from devices.printer.protocol import Printed, ReceiptPrinter
from kiosk.app import forms
from kiosk.app.circle import delivery
from kiosk.app.circle.hours import hours_text
from kiosk.app.circle.mapping import Frame, map_lines, point_view, route
from kiosk.app.circle.slips import AppointmentSlip, PointSlip, appointment_qr
from kiosk.app.circle.time_limit import expected_by
from kiosk.app.circle.views import (
    LOW_RATING,
    RATING_LEVELS,
    RATING_REASONS,
    AppointmentBookedView,
    AppointmentSlotsView,
    AppointmentView,
    CircleMapView,
    DetailMaterialView,
    FeeView,
    MapLine,
    MyAppointmentsView,
    PointView,
    RatingView,
    ServiceDetailsView,
    ServiceFilter,
    SlipView,
    SlotView,
)
from kiosk.app.journey.collaborators import (
    CatalogSource,
    CircleSource,
    ErrandSink,
    HubAccess,
    RatingSink,
    ReceiptBuilder,
    SlipBuilder,
    SubmissionSink,
)
from kiosk.app.journey.events import (
    AddPage,
    Back,
    BookAppointment,
    Browse,
    CallStaff,
    CancelAppointment,
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
from kiosk.app.journey.events import CardReadFailed as CardReadFailedEvent
from kiosk.app.journey.home import home_view
from kiosk.app.journey.session import Identity, Session, SubmitOutcome
from kiosk.app.journey.step import Step
from kiosk.app.journey.view import (
    DeliveryView,
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
from kiosk.base.clock import CHINA_TIME, Clock
from kiosk.base.config import KioskConfig
from kiosk.base.events import ClientId, Ident, emit
from kiosk.base.events.catalogue import (
    CardReadFailed,
    JourneyEnded,
    JourneyStarted,
    JourneyStep,
    JourneySubmitFailed,
    JourneySubmitted,
    ReceiptNotPrinted,
)
from kiosk.base.receipt_record import ReceiptRecord
from kiosk.hub.errors import HubError, HubErrorKind
from kiosk.hub.schema import (
    Appointment,
    CallReason,
    CardIdentity,
    CaseStatus,
    Catalog,
    DistrictMap,
    IdentitySession,
    Service,
    ServicePoint,
    ServicePoints,
    Slot,
    Slots,
)
from offline_cache.cache import Cached
from offline_cache.db import StorageFault
from offline_cache.errands import ErrandRecord
from offline_cache.outbox import DeliveryDraft, DraftMaterial, SubmissionDraft
from offline_cache.ratings import RatingDraft

BOOKING_DAYS = 14  # how far ahead the slot picker offers days
MAX_ELSEWHERE = 5  # points listed on the details screen as "also done at"
MAX_COMMENT = 500
_OFFLINE_KINDS = (HubErrorKind.UNREACHABLE, HubErrorKind.TIMEOUT)


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
        circle: CircleSource | None = None,
        ratings: RatingSink | None = None,
        errands: ErrandSink | None = None,
        build_slip: SlipBuilder | None = None,
        step_changed: Callable[[Step], None] = lambda step: None,
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
        # Told the new step after every change (the activity marker of kiosk update-window).
        self.step_changed = step_changed
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
        # The service circle: map and points (no personal data), the slot picker, slips,
        # the rating after an errand and the errand's one-visit measures.
        self.circle = circle
        self.ratings = ratings
        self.errands = errands
        self.build_slip = build_slip
        self.came_from: dict[Step, Step] = {}
        self.details: Service | None = None
        self.points_copy: Cached[ServicePoints] | None = None
        self.map_copy: Cached[DistrictMap] | None = None
        self.map_filter: str | None = None
        self.selected_point: str | None = None
        self.booking: _Booking | None = None
        self.slip: SlipView | None = None
        self.rating: _Rating | None = None
        self.errand: _Errand | None = None
        self._lines_for: DistrictMap | None = None
        self._lines_frame: Frame | None = None
        self._lines: tuple[MapLine, ...] = ()
        # When the current step began (the step-duration events and metric).
        self._step_since = self.last_activity

    # --- public API ------------------------------------------------------------

    def handle(self, event: Event) -> Step:
        """Apply one event; returns the step the resident is now on."""
        if not isinstance(event, Tick):
            self.last_activity = self.clock.monotonic()
        before = self.step
        self._dispatch(event)
        if self.step is not before:
            now = self.clock.monotonic()
            emit(JourneyStep(step=Ident(self.step.value), previous=Ident(before.value),
                             seconds=now - self._step_since))
            self._step_since = now
            self.step_changed(self.step)
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
            case CardReadFailedEvent():
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
        """Seconds until the idle timeout, or ``None`` on the idle screen.

        Also on the idle screen while a choice waits for a card (a service, a booking):
        a resident who walks away must not leave it to the next one.
        """
        s = self.session
        if self.step is Step.IDLE and s.pending_service_id is None and s.pending_action is None:
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
        self._close_errand()
        started = self.timings.get("identity_read")
        s = self.session
        emit(JourneyEnded(
            reason=reason,  # type: ignore[arg-type]  # checked against the literal by emit
            step=Ident(self.step.value),
            service=None if s.service is None else Ident.of(s.service.id),
            identified=s.identity is not None, submitted=s.outcome is not None,
            seconds=0.0 if started is None or s.identity is None
            else self.clock.monotonic() - started))
        self.session.wipe()
        self.session = Session()
        self.service_points = []
        self.came_from = {}
        self.details = None
        self.points_copy = self.map_copy = None
        self.map_filter = self.selected_point = None
        self.booking = None
        self.slip = None
        self.rating = None
        self.errand = None
        self.timings = {}
        self.case = None
        self.staff_called = False
        self.ended_reason = reason
        self.step = Step.IDLE
        self.elder_mode = False
        self.locale = self.config.terminal.locale
        self.message = Message(f"session.ended_{reason}") if reason != "finished" else None

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
            details=self.details_view(),
            circle=self.circle_view(),
            slots=self.slots_view(),
            booked=self.booked_view(),
            appointments=self.my_appointments_view(),
            delivery=self.delivery_view(),
            rating=self.rating_view(),
            slip=self.slip if self.step in (Step.SERVICE_POINTS, Step.SERVICE_DETAILS,
                                            Step.APPOINTMENT_BOOKED) else None,
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
        emit(JourneyStarted(identity=kind,  # type: ignore[arg-type]  # id_card | citizen_card
                            online=hub_session is not None))
        self.step = Step.IDENTITY_CONFIRMED
        self._after_identity()

    def _after_identity(self) -> None:
        """Go on with what the resident asked for before identifying, if anything."""
        s = self.session
        if s.pending_service_id:
            # The resident chose a service while browsing; go straight on with it.
            pending, s.pending_service_id = s.pending_service_id, None
            self._on_choose_service(ChooseService(pending))
        elif s.pending_action == "book" and self.booking is not None \
                and self.booking.chosen is not None:
            s.pending_action = None
            self.step = Step.APPOINTMENT_SLOTS
            self._book()
        elif s.pending_action == "my_appointments":
            s.pending_action = None
            self.came_from[Step.MY_APPOINTMENTS] = Step.IDENTITY_CONFIRMED
            self.step = Step.MY_APPOINTMENTS
            self._load_my_appointments()

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
            self.message = Message(_offline_or(exc, "journey.qr_needs_network"))
            return
        p = sess.person
        facts = forms.CardFacts(name=p.name, sex=p.sex, nation=p.nation,
                                birth_date=p.birth_date, id_number=p.id_number, card_address="")
        self.timings["identity_read"] = self.clock.monotonic()
        self.message = None
        self.session.identity = Identity("eid_qr", facts, None, sess)
        emit(JourneyStarted(identity="eid_qr", online=True))
        self.step = Step.IDENTITY_CONFIRMED
        self._after_identity()

    def _on_card_read_failed(self, ev: CardReadFailedEvent) -> None:
        self.message = Message(ev.message_key)
        emit(CardReadFailed(reason=Ident.of(ev.message_key)))

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
        came_from = self.came_from.get(self.step)
        if self.step in _RETURNING and came_from in _RETURNING:
            # Details, map, slots and appointments lead to each other: retrace the steps.
            self.step = came_from
            return
        if self.step in (Step.SERVICE_DETAILS, Step.APPOINTMENT_SLOTS) and came_from in (
                Step.CHOOSE_SERVICE, Step.BROWSE):
            self.step = came_from
            return
        if self.step is Step.APPOINTMENT_BOOKED and self.session.identity is not None:
            self.step = Step.CHOOSE_SERVICE
            return
        if self.session.identity is None and self.step in (
            Step.BROWSE, Step.SERVICE_POINTS, Step.TRACK_CASE, Step.CALL_STAFF,
            Step.SERVICE_DETAILS, Step.APPOINTMENT_SLOTS
        ):
            self.end_session("exit")
            return
        if self.step in back:
            self.step = back[self.step]
        elif self.step in (Step.SERVICE_POINTS, Step.TRACK_CASE, Step.CALL_STAFF,
                           Step.SERVICE_DETAILS, Step.APPOINTMENT_SLOTS, Step.MY_APPOINTMENTS):
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
            # Said before identity: where it can be done, with a slip to take along.
            if self.session.identity is not None:
                self._start_errand(service)
            self.message = Message("journey.service_at_hall")
            self._open_details(service)
            return
        ident = self.session.identity
        if ident is None:
            # Browsing: identify first, then continue with this service.
            self.session.pending_service_id = service.id
            self.message = Message("journey.identify_to_continue")
            self.step = Step.IDLE
            return
        self.session.service = service
        self._start_errand(service)
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
            self.message = Message(_offline_or(exc, "journey.level2_needs_network"))

    def _on_enter_code(self, ev: EnterCode) -> None:
        ident = self.session.identity
        if self.step is not Step.LEVEL2_CODE or ident is None or ident.hub_session is None:
            return
        assert self.hub is not None
        try:
            ident.hub_session = self.hub.verify_code(ident.hub_session.session_id, ev.code.strip())
        except HubError as exc:
            self.message = Message(_offline_or(exc, "journey.level2_needs_network"))
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
        if s.service.materials:
            self.step = Step.MATERIALS
        else:
            self.step = Step.REVIEW
            self._start_delivery()

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
        self._start_delivery()

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
        self._start_delivery()
        chosen = self._delivery_draft()
        if chosen is None:
            return
        result_mode = chosen.mode
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
            delivery=chosen,
        )
        record = self._receipt_details(draft.receipt(service.name_zh, service.name_en), chosen)
        try:
            queued = self.sink.enqueue(draft, record)
        except StorageFault as exc:
            self.message = Message(exc.message_key)
            emit(JourneySubmitFailed(service=Ident.of(service.id),
                                     reason=Ident.of(exc.message_key)))
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
        if self.errand is not None:
            on_file = set(s.prefill.materials_on_file) if s.prefill else set()
            self.errand.receipt_at = self.clock.monotonic()
            self.errand.submitted = True
            self.errand.result_on_spot = result_mode == "on_the_spot"
            self.errand.one_visit = result_mode in ("on_the_spot", "mail")
            self.errand.materials_saved = sum(1 for m in service.materials
                                              if m.type in on_file and not s.pages.get(m.type))
        identified_at = self.timings.get("identity_read", self.clock.monotonic())
        emit(JourneySubmitted(service=Ident.of(service.id), status="sent" if sent else "queued",
                              client_id=ClientId(queued.client_id),
                              identity_to_receipt_s=self.clock.monotonic() - identified_at,
                              printed=printed))
        if not printed:
            self.count("receipt_not_printed")
            emit(ReceiptNotPrinted(reason=Ident.of(failure or "printer.error")))
        self.message = Message("journey.submitted" if sent else "journey.queued_offline")
        self.step = Step.RECEIPT

    def _on_finish(self, ev: Finish) -> None:
        outcome = self.session.outcome
        if self.step is Step.RECEIPT and outcome is not None and self.ratings is not None:
            # Ask for a rating with nothing personal left: the visit's data goes now.
            record = outcome.receipt
            self._close_errand()
            self.rating = _Rating(record.tracking_code, record.service_id,
                                  record.service_name_zh, record.service_name_en)
            self.session.wipe()
            self.session = Session()
            self.message = None
            self.step = Step.RATING
            return
        if self.step is Step.RATING:
            self.count("rating_skipped")
        self.end_session("finished")

    # --- no-identity paths ----------------------------------------------------------------

    def _on_show_service_points(self, ev: ShowServicePoints) -> None:
        self.message = None
        self.map_filter = ev.service_id
        self.selected_point = None
        self._load_points()
        if self.catalog is None:
            self.catalog = self.catalog_source.catalog()  # only to name the filters
        self.service_points = self._filtered_points()
        self._enter(Step.SERVICE_POINTS)

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
                else _offline_or(exc, "journey.tracking_offline"))

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
            self.message = Message(_offline_or(exc, "journey.staff_offline"))

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

    # The service details, the map, slips ------------------------------------------------

    def _enter(self, step: Step) -> None:
        """Go to ``step``, remembering where Back returns to."""
        if self.step is not step:
            self.came_from[step] = self.step
        self.step = step

    def _load_points(self) -> Cached[ServicePoints] | None:
        """The points around this terminal (and the map), fresh or kept; messages say which."""
        self.points_copy, self.map_copy = None, None
        if self.circle is not None:
            self.points_copy = self.circle.service_points()
            self.map_copy = self.circle.district_map()
        elif self.hub is not None and self.online():
            try:
                points = self.hub.service_points(self.config.terminal.lat,
                                                 self.config.terminal.lon)
            except HubError as exc:
                self.message = Message(exc.message_key)
            else:
                self.points_copy = Cached(ServicePoints(points=points), True, self.clock.now())
        if self.points_copy is None:
            if self.message is None or self.message.key != "journey.service_at_hall":
                self.message = Message("journey.points_offline")
        elif not self.points_copy.fresh:
            local = self.points_copy.fetched_at.astimezone(CHINA_TIME)
            self.message = Message("journey.points_cached",
                                   {"when": local.strftime("%Y-%m-%d %H:%M")})
        return self.points_copy

    def _all_points(self) -> list[ServicePoint]:
        return list(self.points_copy.value.points) if self.points_copy is not None else []

    def _point(self, point_id: str) -> ServicePoint | None:
        return next((p for p in self._all_points() if p.id == point_id), None)

    def _filtered_points(self) -> list[ServicePoint]:
        wanted = self.map_filter
        return [p for p in self._all_points() if wanted is None or wanted in p.services]

    def _on_show_service_details(self, ev: ShowServiceDetails) -> None:
        service = self._find_service(ev.service_id)
        if service is None:
            self.message = Message("journey.service_unknown")
            return
        self.message = None if service.kiosk_completable else Message("journey.service_at_hall")
        self._open_details(service)

    def _open_details(self, service: Service) -> None:
        self.details = service
        message = self.message
        self._load_points()
        if message is not None and message.key == "journey.service_at_hall":
            self.message = message  # what to do matters more than how fresh the list is
        s = self.session
        s.details_prefill = None
        ident = s.identity
        if (ident is not None and ident.level >= 2 and ident.hub_session is not None
                and self.hub is not None and self.online() and service.materials):
            # On a failure the client has logged the call; the details then show every
            # material as needed, without "on file for you".
            with contextlib.suppress(HubError):
                s.details_prefill = self.hub.prefill(ident.hub_session.session_id, service.id)
        self._enter(Step.SERVICE_DETAILS)

    def _on_select_point(self, ev: SelectPoint) -> None:
        if self.step is not Step.SERVICE_POINTS:
            return
        if ev.point_id is None or self._point(ev.point_id) is not None:
            self.selected_point = ev.point_id

    def _on_filter_points(self, ev: FilterPoints) -> None:
        if self.step is not Step.SERVICE_POINTS:
            return
        if ev.service_id is not None and self._find_service(ev.service_id) is None:
            self.message = Message("journey.service_unknown")
            return
        self.map_filter = ev.service_id
        self.service_points = self._filtered_points()
        chosen = self._point(self.selected_point) if self.selected_point else None
        if chosen is not None and ev.service_id is not None and ev.service_id not in chosen.services:
            self.selected_point = None

    def _print(self, job: bytes) -> str | None:
        """Print one job; the failure's message key, ``None`` when it printed."""
        status = self.printer.status()
        if not status.can_print:
            return _printer_key(status.value)
        outcome = self.printer.print_job(job)
        return None if isinstance(outcome, Printed) else outcome.message_key

    def _on_print_point_slip(self, ev: PrintPointSlip) -> None:
        if self.step not in (Step.SERVICE_POINTS, Step.SERVICE_DETAILS):
            return
        point = self._point(ev.point_id)
        if point is None or self.build_slip is None:
            self.message = Message("journey.point_unknown")
            return
        service = self.details if self.step is Step.SERVICE_DETAILS else (
            self._find_service(self.map_filter) if self.map_filter else None)
        hours_zh, hours_en = hours_text(point.opening_hours)
        slip = PointSlip(
            point.id, point.name_zh, point.name_en, point.address_zh, point.address_en,
            hours_zh, hours_en, point.walking_minutes, point.distance_m, point.lon, point.lat,
            (self.config.terminal.lon, self.config.terminal.lat),
            tuple(point.route.coordinates) if point.route is not None else (),
            self.map_copy.value if self.map_copy is not None else None,
            service.name_zh if service else "", service.name_en if service else "")
        failure = self._print(self.build_slip(slip, self.locale, self.printer.width_mm))
        self.slip = SlipView("point", failure is None, failure)
        self.count("point_slip_printed" if failure is None else "point_slip_not_printed")
        self.message = Message("journey.slip_printed" if failure is None else failure)

    # Appointments -----------------------------------------------------------------

    def _on_start_appointment(self, ev: StartAppointment) -> None:
        point = self._point(ev.point_id)
        service = self._find_service(ev.service_id)
        if point is None or service is None:
            self.message = Message("journey.point_unknown")
            return
        if not point.takes_appointments or service.id not in point.services:
            self.message = Message("journey.point_no_appointments")
            return
        today = self.clock.now().astimezone(CHINA_TIME).date()
        days = tuple(d for d in (today + dt.timedelta(days=n) for n in range(BOOKING_DAYS))
                     if any(d.isoweekday() in h.weekdays for h in point.opening_hours))
        self.booking = _Booking(point.id, service.id, days, None, None, None)
        self.message = None
        self._enter(Step.APPOINTMENT_SLOTS)
        if not self.online() or self.hub is None:
            self.message = Message("journey.booking_needs_network")
            return
        # The first day that still has a free place.
        for day in days[:7]:
            self._load_slots(day)
            if self.booking.slots is None or any(sl.available for sl in self.booking.slots.slots):
                break

    def _load_slots(self, day: dt.date) -> None:
        booking = self.booking
        assert booking is not None
        booking.day, booking.chosen = day, None
        booking.slots = None
        if self.hub is None or not self.online():
            self.message = Message("journey.booking_needs_network")
            return
        try:
            booking.slots = self.hub.slots(booking.point_id, booking.service_id, day)
        except HubError as exc:
            self.message = Message("journey.booking_needs_network"
                                   if exc.kind in _OFFLINE_KINDS else exc.message_key)

    def _on_choose_slot_day(self, ev: ChooseSlotDay) -> None:
        if self.step is Step.APPOINTMENT_SLOTS and self.booking is not None:
            self.message = None
            self._load_slots(ev.day)

    def _on_choose_slot(self, ev: ChooseSlot) -> None:
        booking = self.booking
        if self.step is not Step.APPOINTMENT_SLOTS or booking is None or booking.slots is None:
            return
        found = next((sl for sl in booking.slots.slots if sl.start == ev.start), None)
        if found is None or found.available <= 0:
            self.message = Message("hub.slot_full")
            return
        booking.chosen = found
        self.message = None

    def _on_book_appointment(self, ev: BookAppointment) -> None:
        booking = self.booking
        if self.step is not Step.APPOINTMENT_SLOTS or booking is None:
            return
        if booking.chosen is None:
            self.message = Message("journey.choose_slot")
            return
        if not self.online() or self.hub is None:
            self.message = Message("journey.booking_needs_network")
            return
        if self.session.identity is None:
            # Identify first; the booking goes on from there.
            self.session.pending_action = "book"
            self.message = Message("journey.identify_to_book")
            self.step = Step.IDLE
            return
        self._book()

    def _book(self) -> None:
        booking = self.booking
        ident = self.session.identity
        assert booking is not None and booking.chosen is not None and ident is not None
        if ident.hub_session is None or self.hub is None or not self.online():
            self.message = Message("journey.booking_needs_network")
            self.step = Step.APPOINTMENT_SLOTS
            return
        try:
            appointment = self.hub.book(ident.hub_session.session_id, booking.point_id,
                                        booking.service_id, booking.chosen.start)
        except HubError as exc:
            self.message = Message(exc.message_key)
            self.step = Step.APPOINTMENT_SLOTS
            if booking.day is not None:
                message = self.message
                self._load_slots(booking.day)
                self.message = message
            return
        self.session.booked = appointment
        self.count("appointment_booked")
        failure: str | None = "printer.error"
        if self.build_slip is not None:
            failure = self._print(self.build_slip(self._appointment_slip(appointment),
                                                  self.locale, self.printer.width_mm))
        self.slip = SlipView("appointment", failure is None, failure)
        self.message = Message("journey.appointment_booked" if failure is None
                               else "journey.appointment_booked_not_printed")
        self.came_from[Step.APPOINTMENT_BOOKED] = Step.APPOINTMENT_SLOTS
        self.step = Step.APPOINTMENT_BOOKED

    def _appointment_view(self, a: Appointment) -> AppointmentView:
        point = self._point(a.point_id)
        service = self._find_service(a.service_id) if self.catalog is not None else None
        return AppointmentView(
            a.id, a.code, a.point_id, point.name_zh if point else a.point_id,
            point.name_en if point else a.point_id, point.address_zh if point else "",
            point.address_en if point else "", a.service_id,
            service.name_zh if service else a.service_id,
            service.name_en if service else a.service_id,
            a.slot_start.astimezone(CHINA_TIME), a.slot_end.astimezone(CHINA_TIME), a.status)

    def _appointment_slip(self, a: Appointment) -> AppointmentSlip:
        v = self._appointment_view(a)
        return AppointmentSlip(a.code, v.point_name_zh, v.point_name_en, v.address_zh,
                               v.address_en, v.service_name_zh, v.service_name_en, v.start,
                               v.end, appointment_qr(a.code))

    def _on_show_my_appointments(self, ev: ShowMyAppointments) -> None:
        if self.session.identity is None:
            self.session.pending_action = "my_appointments"
            self.message = Message("journey.identify_for_appointments")
            self.step = Step.IDLE
            return
        self._enter(Step.MY_APPOINTMENTS)
        self._load_my_appointments()

    def _load_my_appointments(self) -> None:
        ident = self.session.identity
        self.session.appointments = []
        if ident is None or ident.hub_session is None or self.hub is None or not self.online():
            self.message = Message("journey.appointments_need_network")
            return
        if self.points_copy is None:
            self._load_points()
        if self.catalog is None:
            self._load_catalog()
        try:
            self.session.appointments = self.hub.my_appointments(ident.hub_session.session_id)
            self.message = None if self.session.appointments else Message(
                "journey.no_appointments")
        except HubError as exc:
            self.message = Message(exc.message_key)

    def _on_cancel_appointment(self, ev: CancelAppointment) -> None:
        ident = self.session.identity
        if self.step is not Step.MY_APPOINTMENTS or ident is None or ident.hub_session is None:
            return
        if not any(a.id == ev.appointment_id for a in self.session.appointments):
            return
        if self.hub is None or not self.online():
            self.message = Message("journey.appointments_need_network")
            return
        try:
            self.hub.cancel(ev.appointment_id, ident.hub_session.session_id)
        except HubError as exc:
            self.message = Message(exc.message_key)
            return
        self.count("appointment_cancelled")
        self._load_my_appointments()
        self.message = Message("journey.appointment_cancelled")

    # Result delivery ------------------------------------------------------------------

    def _start_delivery(self) -> None:
        """Arriving at the review: the hub's first option, the nearest hall, the prefilled
        postal form; a choice made earlier this visit stays."""
        s = self.session
        assert s.service is not None and s.identity is not None
        if s.delivery_mode is not None:
            return
        choices = delivery.options(s.service)
        s.delivery_mode = choices[0].mode if choices else "pickup"
        if self.points_copy is None:
            message = self.message
            self._load_points()
            self.message = message
        halls = self._pickup_halls()
        s.pickup_point_id = halls[0].id if halls else None
        if any(o.mode == "mail" for o in choices):
            hub_values = dict(s.prefill.fields) if s.prefill is not None else {}
            s.mail_form = forms.prefill(delivery.mail_form(), s.identity.card, hub_values)

    def _pickup_halls(self) -> list[ServicePoint]:
        """The halls that hand this service's result over, nearest walk first."""
        service = self.session.service
        if service is None:
            return []
        ids = [pid for o in delivery.options(service) if o.mode == "pickup"
               for pid in o.pickup_point_ids]
        points = self._all_points()
        if not ids:
            return [p for p in points if p.kind == "hall" and service.id in p.services]
        return [p for p in points if p.id in ids]

    def _on_choose_delivery(self, ev: ChooseDelivery) -> None:
        s = self.session
        if self.step is not Step.REVIEW or s.service is None:
            return
        modes = [o.mode for o in delivery.options(s.service)]
        if ev.mode not in modes:
            self.message = Message("journey.delivery_unavailable")
            return
        if ev.mode == "pickup" and ev.pickup_point_id is not None:
            if ev.pickup_point_id not in {p.id for p in self._pickup_halls()}:
                self.message = Message("journey.point_unknown")
                return
            s.pickup_point_id = ev.pickup_point_id
        s.delivery_mode = ev.mode
        self.message = None

    def _on_set_delivery_field(self, ev: SetDeliveryField) -> None:
        s = self.session
        if self.step is Step.REVIEW and s.mail_form is not None:
            try:
                forms.set_value(s.mail_form, ev.name, ev.value.strip())
            except KeyError:
                self.message = Message("form.unknown_field")

    def _delivery_draft(self) -> DeliveryDraft | None:
        """The chosen delivery, or ``None`` after telling the resident what is missing."""
        s = self.session
        mode = s.delivery_mode or "pickup"
        if mode == "pickup":
            return DeliveryDraft("pickup", pickup_point_id=s.pickup_point_id)
        if mode == "mail":
            if s.mail_form is None:
                self.message = Message("journey.delivery_unavailable")
                return None
            errors = forms.validate(s.mail_form)
            if errors:
                self.message = Message("journey.delivery_fix", {"count": str(len(errors))})
                return None
            v = s.mail_form.values
            return DeliveryDraft("mail", mail_recipient=str(v["recipient_name"]),
                                 mail_phone=str(v["mail_phone"]),
                                 mail_address=str(v["mail_address"]))
        return DeliveryDraft(mode)

    def _receipt_details(self, record: ReceiptRecord, chosen: DeliveryDraft) -> ReceiptRecord:
        """The record plus where and by when the result comes."""
        s = self.session
        assert s.service is not None
        today = self.clock.now().astimezone(CHINA_TIME).date()
        option = next((o for o in delivery.options(s.service) if o.mode == chosen.mode), None)
        days = option.days if option is not None else s.service.time_limit_days
        record = dataclasses.replace(
            record, expected_by=None if days is None else expected_by(today, days))
        hall = self._point(chosen.pickup_point_id) if chosen.pickup_point_id else None
        if hall is not None:
            hours_zh, hours_en = hours_text(hall.opening_hours)
            record = dataclasses.replace(
                record, pickup_name_zh=hall.name_zh, pickup_name_en=hall.name_en,
                pickup_address_zh=hall.address_zh, pickup_address_en=hall.address_en,
                pickup_hours_zh=hours_zh, pickup_hours_en=hours_en)
        if chosen.mail_address:
            record = dataclasses.replace(record,
                                         mail_to=delivery.mask_address(chosen.mail_address))
        return record

    # Rating and the errand's measures ---------------------------------------------------

    def _start_errand(self, service: Service) -> None:
        started = self.timings.get("identity_read", self.clock.monotonic())
        if self.errand is None or self.errand.recorded:
            self.errand = _Errand(service.id, started)
        else:
            self.errand.service_id = service.id

    def _close_errand(self) -> None:
        """Record the errand's measures once (at the end of the visit or before rating)."""
        errand = self.errand
        if errand is None or errand.recorded or self.errands is None:
            return
        errand.recorded = True
        duration = None if errand.receipt_at is None else errand.receipt_at - errand.started
        self.errands.record(ErrandRecord(
            errand.service_id, self.clock.now(), duration, errand.submitted,
            errand.result_on_spot, errand.one_visit, errand.materials_saved))

    def _on_rate(self, ev: Rate) -> None:
        if self.step is not Step.RATING or self.rating is None:
            return
        if ev.level not in RATING_LEVELS:
            return
        self.rating.level = ev.level
        if ev.level > LOW_RATING:
            self.rating.reasons = []
        self.message = None

    def _on_toggle_rating_reason(self, ev: ToggleRatingReason) -> None:
        r = self.rating
        if self.step is not Step.RATING or r is None or ev.reason not in RATING_REASONS:
            return
        if r.level is None or r.level > LOW_RATING:
            return
        if ev.reason in r.reasons:
            r.reasons.remove(ev.reason)
        else:
            r.reasons.append(ev.reason)
        self.message = None

    def _on_set_rating_comment(self, ev: SetRatingComment) -> None:
        if self.step is Step.RATING and self.rating is not None:
            self.rating.comment = ev.text.strip()[:MAX_COMMENT]

    def _on_submit_rating(self, ev: SubmitRating) -> None:
        r = self.rating
        if self.step is not Step.RATING or r is None:
            return
        if r.level is None:
            self.message = Message("rating.choose_level")
            return
        if r.level <= LOW_RATING and not r.reasons:
            self.message = Message("rating.choose_reason")
            return
        if self.ratings is not None:
            reasons = tuple(x for x in RATING_REASONS if x in r.reasons)
            try:
                self.ratings.enqueue_rating(RatingDraft(
                    r.tracking_code, r.service_id, r.level,
                    reasons if r.level <= LOW_RATING else (), r.comment, self.clock.now()))
            except StorageFault as exc:
                self.message = Message(exc.message_key)
                return
        self.count(f"rated_{r.level}")
        self.end_session("finished")
        self.message = Message("rating.thanks")

    def _on_skip_rating(self, ev: SkipRating) -> None:
        if self.step is Step.RATING:
            self.count("rating_skipped")
            self.end_session("finished")

    # Views of the circle screens ----------------------------------------------------------

    def _frame(self) -> Frame:
        return Frame(self.config.terminal.lon, self.config.terminal.lat)

    def _point_views(self, points: list[ServicePoint]) -> tuple[PointView, ...]:
        frame = self._frame() if self.map_copy is not None else None
        now = self.clock.now()
        return tuple(point_view(p, now, frame) for p in points)

    def circle_view(self) -> CircleMapView | None:
        """The map screen's section."""
        if self.step is not Step.SERVICE_POINTS:
            return None
        frame = self._frame()
        points = self._filtered_points()
        near = [p for p in points if p.within_half_hour]
        chosen = self._point(self.selected_point) if self.selected_point else None
        offered = {sid for p in self._all_points() for sid in p.services}
        filters = tuple(ServiceFilter(sv.id, sv.name_zh, sv.name_en)
                        for sv in sorted(self.catalog.services, key=lambda x: x.frequency_rank)
                        if sv.id in offered) if self.catalog is not None else ()
        have_map = self.map_copy is not None
        return CircleMapView(
            frame.side_m, frame.side_m,
            self._map_lines(frame),
            frame.xy((self.config.terminal.lon, self.config.terminal.lat)) if have_map else None,
            self._point_views(near), len(points) - len(near),
            self._point_views([chosen])[0] if chosen is not None else None,
            route(frame, chosen) if chosen is not None and have_map else (),
            self.map_filter, filters,
            self.points_copy is not None and not self.points_copy.fresh,
            self.points_copy.fetched_at if self.points_copy is not None else None)

    def _map_lines(self, frame: Frame) -> tuple[MapLine, ...]:
        """The streets on the picture, projected once per map copy (the view is rebuilt often)."""
        if self.map_copy is None:
            return ()
        value = self.map_copy.value
        if self._lines_for is not value or self._lines_frame != frame:
            self._lines = map_lines(frame, value)
            self._lines_for, self._lines_frame = value, frame
        return self._lines

    def details_view(self) -> ServiceDetailsView | None:
        """The service details screen's section."""
        sv = self.details
        if self.step is not Step.SERVICE_DETAILS or sv is None:
            return None
        pre = self.session.details_prefill
        known = pre is not None and pre.service_id == sv.id and pre.level >= 2
        on_file = set(pre.materials_on_file) if known and pre is not None else set()
        today = self.clock.now().astimezone(CHINA_TIME).date()
        elsewhere = [p for p in self._all_points() if sv.id in p.services][:MAX_ELSEWHERE]
        return ServiceDetailsView(
            sv.id, sv.name_zh, sv.name_en, sv.category_zh, sv.category_en, sv.identity_level,
            sv.kiosk_completable, "on_the_spot" in sv.result_modes, sv.time_limit_days,
            tuple(FeeView(f.name_zh, f.name_en, f.amount_cny) for f in sv.fees),
            delivery.option_views(sv, today),
            tuple(DetailMaterialView(m.type, m.name_zh, m.name_en, m.required, m.pages,
                                     m.type in on_file) for m in sv.materials),
            known, self._point_views(elsewhere))

    def slots_view(self) -> AppointmentSlotsView | None:
        """The slot picker's section."""
        b = self.booking
        if self.step is not Step.APPOINTMENT_SLOTS or b is None:
            return None
        point = self._point(b.point_id)
        service = self._find_service(b.service_id)
        if point is None or service is None:
            return None
        slots = tuple(SlotView(sl.start.astimezone(CHINA_TIME), sl.end.astimezone(CHINA_TIME),
                               sl.capacity, sl.available)
                      for sl in (b.slots.slots if b.slots is not None else []))
        chosen = next((v for v in slots if b.chosen is not None and v.start == b.chosen.start),
                      None)
        return AppointmentSlotsView(
            self._point_views([point])[0], ServiceFilter(service.id, service.name_zh,
                                                         service.name_en),
            b.days, b.day, slots, chosen, self.session.identity is None,
            self.online() and self.hub is not None)

    def booked_view(self) -> AppointmentBookedView | None:
        """The booking confirmation's section."""
        a = self.session.booked
        if self.step is not Step.APPOINTMENT_BOOKED or a is None or self.slip is None:
            return None
        return AppointmentBookedView(self._appointment_view(a), appointment_qr(a.code),
                                     self.slip)

    def my_appointments_view(self) -> MyAppointmentsView | None:
        """The resident's appointments' section."""
        if self.step is not Step.MY_APPOINTMENTS:
            return None
        return MyAppointmentsView(tuple(self._appointment_view(a)
                                        for a in self.session.appointments))

    def delivery_view(self) -> DeliveryView | None:
        """The review screen's delivery choice."""
        s = self.session
        if self.step is not Step.REVIEW or s.service is None or s.delivery_mode is None:
            return None
        today = self.clock.now().astimezone(CHINA_TIME).date()
        opts = delivery.option_views(s.service, today)
        chosen = next((o for o in opts if o.mode == s.delivery_mode), None)
        halls = self._pickup_halls()
        return DeliveryView(
            opts, s.delivery_mode, chosen.expected_by if chosen else today,
            self._point_views(halls), s.pickup_point_id,
            form_view(s.mail_form).fields if s.mail_form is not None else ())

    def rating_view(self) -> RatingView | None:
        """The rating screen's section."""
        r = self.rating
        if self.step is not Step.RATING or r is None:
            return None
        low = r.level is not None and r.level <= LOW_RATING
        return RatingView(r.tracking_code, r.service_name_zh, r.service_name_en, RATING_LEVELS,
                          r.level, low, RATING_REASONS if low else (),
                          tuple(x for x in RATING_REASONS if x in r.reasons), r.comment)


@dataclasses.dataclass
class _Booking:
    """The slot picker's state (no personal data): point, service, days, slots, the choice."""

    point_id: str
    service_id: str
    days: tuple[dt.date, ...]
    day: dt.date | None
    slots: Slots | None
    chosen: Slot | None


@dataclasses.dataclass
class _Rating:
    """The rating being given; tied to the case by its tracking code, nothing personal."""

    tracking_code: str
    service_id: str
    service_name_zh: str
    service_name_en: str
    level: int | None = None
    reasons: list[str] = dataclasses.field(default_factory=list)
    comment: str = ""


@dataclasses.dataclass
class _Errand:
    """One errand's one-visit measures while it runs (monotonic seconds; nothing personal)."""

    service_id: str
    started: float
    receipt_at: float | None = None
    submitted: bool = False
    result_on_spot: bool = False
    one_visit: bool = False
    materials_saved: int = 0
    recorded: bool = False


# Screens that lead to each other; Back retraces the way between them.
_RETURNING = frozenset({Step.SERVICE_DETAILS, Step.SERVICE_POINTS, Step.APPOINTMENT_SLOTS,
                        Step.MY_APPOINTMENTS, Step.APPOINTMENT_BOOKED})

_CALL_REASONS: dict[str, CallReason] = {
    "help": "help", "accessibility": "accessibility", "device_fault": "device_fault",
    "document_problem": "document_problem",
}


def _offline_or(exc: HubError, offline_key: str) -> str:
    """The message for a failed hub call: this action's "network is down" text when the hub
    could not be reached (``hub.unreachable`` speaks of an application kept for later, which
    is only true at submission), else the hub's own reason."""
    if exc.kind in (HubErrorKind.UNREACHABLE, HubErrorKind.TIMEOUT):
        return offline_key
    return exc.message_key


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
