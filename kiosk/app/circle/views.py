"""The service-circle sections of the journey's view: details, map, appointments, rating.

"半小时便民服务圈" (a place that can serve every resident within a half-hour walk)
and "最多跑一次" (at most one trip per errand) as typed sections of
:class:`~kiosk.app.journey.view.JourneyView`. Each section's docstring says what
its screen shows and which events (``kiosk.app.journey.events``) it sends.
Positions on the map picture are fractions of its width and height (0 at the
left and the top), so a screen of any size draws them without knowing metres
or degrees. Nothing here holds personal data. (The delivery choice, whose postal
address is personal, is ``kiosk.app.journey.view.DeliveryView``, beside the form
it resembles.) The journey package re-exports all of them (``j.PointView``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The rating scale, best first: 5 非常满意 … 1 非常不满意 (message keys ``rating.level.N``).
RATING_LEVELS: tuple[int, ...] = (5, 4, 3, 2, 1)
# At this level and below the resident is asked why (message keys ``rating.reason.R``).
LOW_RATING = 2
RATING_REASONS: tuple[str, ...] = ("slow", "unclear", "materials", "attitude", "device", "other")


@dataclass(frozen=True)
class MapXY:
    """A position on the map picture: ``x`` from the left, ``y`` from the top, both 0…1."""

    x: float
    y: float


@dataclass(frozen=True)
class MapLine:
    """A street or waterway drawn as a polyline on the map picture."""

    kind: str  # "street" | "water"
    name_zh: str
    name_en: str
    points: tuple[MapXY, ...]


@dataclass(frozen=True)
class PointView:
    """One service point as every circle screen lists it.

    ``open_now`` with ``closes_at``, or closed with ``opens_at`` (the next opening,
    local time); ``hours_zh``/``hours_en`` are the opening hours in words;
    ``queue_length`` is ``None`` when the point does not report one; ``at`` is its
    place on the map picture (``None`` when the map is not known).
    """

    id: str
    kind: str  # "hall" | "kiosk" | "24h_room"
    name_zh: str
    name_en: str
    address_zh: str
    address_en: str
    distance_m: int
    walking_minutes: int
    within_half_hour: bool
    open_now: bool
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    hours_zh: str
    hours_en: str
    queue_length: int | None
    takes_appointments: bool
    services: tuple[str, ...]
    at: MapXY | None


@dataclass(frozen=True)
class ServiceFilter:
    """A service the points on the map can be filtered by."""

    id: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class CircleMapView:
    """The half-hour circle (step ``service_points``): a street map with this terminal,
    the points within 30 minutes' walk in walking order, and the walk to the chosen one.

    Shows ``lines`` (streets, the canal), ``here``, ``points`` (within 30 minutes,
    nearest walk first; ``beyond`` more are farther), the ``selected`` point and its
    ``route``. ``from_cache``: the hub is out of reach and this is the copy kept for
    offline use, from ``fetched_at``. Sends ``SelectPoint(point_id)``,
    ``FilterPoints(service_id or None)``, ``PrintPointSlip(point_id)``,
    ``StartAppointment(point_id, service_id)`` and ``Back``.
    """

    width_m: float
    height_m: float
    lines: tuple[MapLine, ...]
    here: MapXY | None
    points: tuple[PointView, ...]
    beyond: int
    selected: PointView | None
    route: tuple[MapXY, ...]
    service_filter: str | None
    filters: tuple[ServiceFilter, ...]
    from_cache: bool
    fetched_at: dt.datetime | None


@dataclass(frozen=True)
class FeeView:
    """One fee of a service, in yuan."""

    name_zh: str
    name_en: str
    amount_cny: float


@dataclass(frozen=True)
class DeliveryOptionView:
    """One way the result can come: ``on_the_spot`` (printed now), ``pickup`` or ``mail``,
    with its fee and the date it is expected by if the resident applies today."""

    mode: str
    days: int
    fee_cny: float
    expected_by: dt.date


@dataclass(frozen=True)
class DetailMaterialView:
    """A material the service needs; ``on_file`` once a level-2 identity showed the hub has it."""

    type: str
    name_zh: str
    name_en: str
    required: bool
    pages: int
    on_file: bool


@dataclass(frozen=True)
class ServiceDetailsView:
    """The service details (step ``service_details``), read before starting.

    What to bring (``materials``; ``on_file_known`` once identified at level 2, and
    then ``on_file`` marks what the hub holds so it need not be brought), whether
    this kiosk can complete it (``completable_here``) and whether the result comes
    on the spot, the legal time limit in working days (``time_limit_days``, 0 = on
    the spot, ``None`` unknown), ``fees`` (none: free), the ``delivery`` options, and
    ``elsewhere``: the nearest points that offer it, walking order. When this kiosk
    cannot complete it, that is said here, before identity. Sends
    ``ChooseService(id)`` (start: identify first if needed), ``ShowServicePoints(id)``,
    ``PrintPointSlip(point_id)``, ``StartAppointment(point_id, id)`` and ``Back``.
    """

    id: str
    name_zh: str
    name_en: str
    category_zh: str
    category_en: str
    identity_level: int
    completable_here: bool
    on_the_spot: bool
    time_limit_days: int | None
    fees: tuple[FeeView, ...]
    delivery: tuple[DeliveryOptionView, ...]
    materials: tuple[DetailMaterialView, ...]
    on_file_known: bool
    elsewhere: tuple[PointView, ...]


@dataclass(frozen=True)
class SlipView:
    """A slip the printer was asked for (a point's directions, an appointment)."""

    kind: str  # "point" | "appointment"
    printed: bool
    print_failure: str | None  # a message key


@dataclass(frozen=True)
class SlotView:
    """A bookable half hour; ``available`` places are left of ``capacity``."""

    start: dt.datetime
    end: dt.datetime
    capacity: int
    available: int


@dataclass(frozen=True)
class AppointmentSlotsView:
    """Picking a slot (step ``appointment_slots``) at one hall for one service.

    Shows the ``point``, the ``service``, the bookable ``days`` (weekdays the hall
    opens, next 14 days), the chosen ``day``'s ``slots`` and the ``chosen`` one.
    ``needs_identity``: booking asks for a card (or e-ID) first, then comes back.
    ``online`` is false when the hub is out of reach: booking needs the network,
    and the screen says so. Sends ``ChooseSlotDay(day)``, ``ChooseSlot(start)``,
    ``BookAppointment()`` and ``Back``.
    """

    point: PointView
    service: ServiceFilter
    days: tuple[dt.date, ...]
    day: dt.date | None
    slots: tuple[SlotView, ...]
    chosen: SlotView | None
    needs_identity: bool
    online: bool


@dataclass(frozen=True)
class AppointmentView:
    """One appointment: where, for what, when, its code and whether it still stands."""

    id: str
    code: str
    point_id: str
    point_name_zh: str
    point_name_en: str
    address_zh: str
    address_en: str
    service_id: str
    service_name_zh: str
    service_name_en: str
    start: dt.datetime
    end: dt.datetime
    status: str  # "booked" | "cancelled"


@dataclass(frozen=True)
class AppointmentBookedView:
    """The booking confirmation (step ``appointment_booked``): the appointment, its QR text
    (the code the hall scans) and whether the slip printed. Sends ``ShowMyAppointments()``,
    ``Finish()`` (done) and ``Exit``."""

    appointment: AppointmentView
    qr_text: str
    slip: SlipView


@dataclass(frozen=True)
class MyAppointmentsView:
    """The identified resident's appointments, made at any terminal (step
    ``my_appointments``), soonest first; cancelled ones stay listed as cancelled.
    Sends ``CancelAppointment(appointment_id)`` and ``Back``."""

    appointments: tuple[AppointmentView, ...]


@dataclass(frozen=True)
class RatingView:
    """The rating (好差评) after an errand (step ``rating``); nothing personal is left.

    ``levels`` best first (message keys ``rating.level.5`` … ``rating.level.1``), the
    chosen ``level``; at 2 or below ``reasons_wanted`` and the ``reasons`` to tick
    (keys ``rating.reason.<r>``), the ``chosen_reasons`` and an optional ``comment``.
    Sends ``Rate(level)``, ``ToggleRatingReason(reason)``, ``SetRatingComment(text)``,
    ``SubmitRating()`` and ``SkipRating()`` (or ``Finish()``).
    """

    tracking_code: str
    service_name_zh: str
    service_name_en: str
    levels: tuple[int, ...]
    level: int | None
    reasons_wanted: bool
    reasons: tuple[str, ...]
    chosen_reasons: tuple[str, ...]
    comment: str
