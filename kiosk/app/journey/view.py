"""What a screen shows of the journey: typed, masked, and built fresh after every event.

``Journey.view()`` returns one :class:`JourneyView`: a header every screen uses
(step, language, message, idle countdown, who is identified) and one optional
section per part of the journey. A section is present exactly when its screen
can show it: ``services`` on the service list, ``materials`` on the materials
and review screens, ``home`` on the idle screen once the catalog is known,
``service_points`` and ``circle`` (the map) on their screen,
``details``, ``slots``, ``booked``, ``appointments`` and ``rating`` on theirs,
``delivery`` on the review screen, ``slip`` after a slip was printed on the
screen that printed it; ``form``, ``receipt`` and ``case`` from when they exist
until the session ends or they are replaced, since going back or calling staff
keeps them. The service-circle sections are in ``kiosk.app.circle.views``.
Readers (the Qt adapters, the headless runner, tests) use the fields by name, so
a renamed field fails mypy rather than a screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kiosk.app import forms
from kiosk.app.circle.views import (
    AppointmentBookedView,
    AppointmentSlotsView,
    CircleMapView,
    DeliveryOptionView,
    MyAppointmentsView,
    PointView,
    RatingView,
    ServiceDetailsView,
    SlipView,
)
from kiosk.app.journey.home import HomeView
from kiosk.app.journey.session import Identity, SubmitOutcome
from kiosk.app.journey.step import Step
from kiosk.base import idnumber, tracking
from kiosk.hub.schema import (
    CaseStatus,
    Catalog,
    CodeSent,
    FormValue,
    Prefill,
    SelectOption,
    Service,
    ServicePoint,
    Widget,
)


@dataclass(frozen=True)
class Message:
    """A resident-facing message: catalogue key plus parameters."""

    key: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PersonView:
    """The identified resident, masked for display."""

    masked_name: str
    masked_id: str
    level: int
    via: str  # "id_card" | "citizen_card" | "eid_qr"


@dataclass(frozen=True)
class CodeSentView:
    """Where the level-2 code went and when it may be sent again."""

    phone_hint: str
    resend_after_s: int


@dataclass(frozen=True)
class ServiceView:
    """The chosen service."""

    id: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class CatalogEntry:
    """One service on the service list (searchable by Chinese, English and pinyin)."""

    id: str
    name_zh: str
    name_en: str
    category: str
    pinyin_initials: str
    category_zh: str
    category_en: str
    pinyin: str
    keywords_en: tuple[str, ...]
    identity_level: int
    kiosk_completable: bool


@dataclass(frozen=True)
class FieldView:
    """One form field: its spec, current value, where the value came from, and its error."""

    name: str
    label_zh: str
    label_en: str
    widget: Widget
    required: bool
    value: FormValue
    source: forms.Source
    error: str | None  # a message key
    options: tuple[SelectOption, ...]
    help_zh: str
    help_en: str


@dataclass(frozen=True)
class FormView:
    """The form being filled in, fields in display order."""

    fields: tuple[FieldView, ...]
    not_prefilled: tuple[str, ...]


@dataclass(frozen=True)
class MaterialView:
    """One supporting document of the service: on file at the hub, pages captured, wanted."""

    type: str
    name_zh: str
    name_en: str
    required: bool
    pages_wanted: int
    width_mm: float
    height_mm: float
    on_file: bool
    pages: int


@dataclass(frozen=True)
class DeliveryView:
    """How the result reaches the resident, chosen on the review screen.

    ``options`` are the ones the hub allows for the service and ``mode`` the chosen
    one, ready by ``expected_by``. For ``pickup``: the halls (``pickup_points``) and
    the chosen ``pickup_point_id``. For ``mail`` (证照快递): ``mail_fields``, a small
    form (recipient_name, mail_phone, mail_address) prefilled from the hub at
    level 2, editable and masked on screen like the main form. Sends
    ``ChooseDelivery(mode, pickup_point_id)`` and ``SetDeliveryField(name, value)``.
    """

    options: tuple[DeliveryOptionView, ...]
    mode: str
    expected_by: dt.date
    pickup_points: tuple[PointView, ...]
    pickup_point_id: str | None
    mail_fields: tuple[FieldView, ...]


@dataclass(frozen=True)
class ReceiptView:
    """The receipt screen: tracking code, sent or queued, printed or why not.

    Also where the result comes from and by when: ``expected_by`` (from the legal
    time limit), the pickup hall's name, address and hours, or the masked postal
    address, and the 12345 hotline for questions.
    """

    tracking_code: str
    tracking_display: str
    tracking_url: str
    status: str  # "sent" | "queued"
    result_mode: str
    printed: bool
    print_failure: str | None  # a message key
    take_card: bool
    expected_by: dt.date | None = None
    pickup_name_zh: str = ""
    pickup_name_en: str = ""
    pickup_address_zh: str = ""
    pickup_address_en: str = ""
    pickup_hours_zh: str = ""
    pickup_hours_en: str = ""
    mail_to: str = ""  # the postal address, masked
    hotline: str = "12345"


@dataclass(frozen=True)
class CaseView:
    """A looked-up case, with its service's names when the catalog knows the service."""

    status: CaseStatus
    service_name_zh: str | None
    service_name_en: str | None


@dataclass(frozen=True)
class JourneyView:
    """Everything a screen needs to render, masked for display."""

    step: Step
    locale: str
    elder_mode: bool
    online: bool
    message: Message | None
    idle_remaining_s: float | None
    idle_warning: bool
    person: PersonView | None
    code_sent: CodeSentView | None
    service: ServiceView | None
    staff_called: bool
    services: tuple[CatalogEntry, ...] | None = None
    form: FormView | None = None
    materials: tuple[MaterialView, ...] | None = None
    receipt: ReceiptView | None = None
    service_points: tuple[ServicePoint, ...] | None = None
    case: CaseView | None = None
    details: ServiceDetailsView | None = None
    circle: CircleMapView | None = None
    slots: AppointmentSlotsView | None = None
    booked: AppointmentBookedView | None = None
    appointments: MyAppointmentsView | None = None
    delivery: DeliveryView | None = None
    rating: RatingView | None = None
    slip: SlipView | None = None
    home: HomeView | None = None


def person_view(identity: Identity) -> PersonView:
    """The resident as the screens show them."""
    return PersonView(idnumber.mask_name(identity.card.name),
                      idnumber.mask(identity.card.id_number), identity.level, identity.kind)


def code_sent_view(sent: CodeSent) -> CodeSentView:
    """The phone hint and resend cooldown of a sent code."""
    return CodeSentView(sent.phone_hint, sent.resend_after_s)


def service_view(service: Service) -> ServiceView:
    """The chosen service's id and names."""
    return ServiceView(service.id, service.name_zh, service.name_en)


def catalog_entries(catalog: Catalog) -> tuple[CatalogEntry, ...]:
    """The catalog's services, most used first."""
    return tuple(
        CatalogEntry(sv.id, sv.name_zh, sv.name_en, sv.category, sv.pinyin_initials,
                     sv.category_zh, sv.category_en, sv.pinyin, tuple(sv.keywords_en),
                     sv.identity_level, sv.kiosk_completable)
        for sv in sorted(catalog.services, key=lambda x: x.frequency_rank))


def form_view(form: forms.FormState) -> FormView:
    """The form's fields in the schema's order with their values, sources and errors."""
    fields = []
    for spec in (form.spec(n) for n in form.schema.field_order):
        fields.append(FieldView(
            spec.name, spec.label_zh, spec.label_en, spec.widget, spec.required,
            form.values.get(spec.name, ""), form.sources.get(spec.name, forms.Source.EMPTY),
            form.errors.get(spec.name), tuple(spec.options), spec.help_zh, spec.help_en))
    return FormView(tuple(fields), tuple(form.not_prefilled))


def material_views(service: Service, prefill: Prefill | None,
                   pages: Mapping[str, Sequence[object]]) -> tuple[MaterialView, ...]:
    """The service's materials: which the hub holds on file and how many pages are captured."""
    on_file = set(prefill.materials_on_file) if prefill else set()
    return tuple(
        MaterialView(m.type, m.name_zh, m.name_en, m.required, m.pages, m.width_mm,
                     m.height_mm, m.type in on_file, len(pages.get(m.type, [])))
        for m in service.materials)


def receipt_view(outcome: SubmitOutcome) -> ReceiptView:
    """What the receipt screen shows of a submission."""
    record = outcome.receipt
    return ReceiptView(record.tracking_code, tracking.display(record.tracking_code),
                       outcome.tracking_url, outcome.status, record.result_mode,
                       outcome.printed, outcome.print_failure, outcome.take_card,
                       record.expected_by, record.pickup_name_zh, record.pickup_name_en,
                       record.pickup_address_zh, record.pickup_address_en,
                       record.pickup_hours_zh, record.pickup_hours_en, record.mail_to)


def case_view(case: CaseStatus, catalog: Catalog | None) -> CaseView:
    """A case with its service's names, when the catalog names it."""
    named = [sv for sv in (catalog.services if catalog else ()) if sv.id == case.service_id]
    if named:
        return CaseView(case, named[0].name_zh, named[0].name_en)
    return CaseView(case, None, None)
