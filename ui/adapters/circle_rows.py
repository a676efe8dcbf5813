"""The service-circle views as QML reads them: plain maps and lists, times in China time.

One function per section of the journey view (``kiosk.app.circle.views``): the
map, the service details, the slot picker, the booking, the resident's
appointments, the delivery choice and the rating. They only reshape and format
(dates and times for reading, message keys translated into the view's language,
personal values masked); what is shown, in which order and what may be chosen
is decided by the journey.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kiosk.app.circle.views import (
    AppointmentBookedView,
    AppointmentSlotsView,
    AppointmentView,
    CircleMapView,
    DeliveryOptionView,
    MapXY,
    MyAppointmentsView,
    PointView,
    RatingView,
    ServiceDetailsView,
    SlipView,
    SlotView,
)
from kiosk.app.journey.view import DeliveryView, FieldView
from kiosk.base.clock import CHINA_TIME
from kiosk.base.i18n import translate
from ui.adapters.images import PROVIDER_ID, qr_id

FieldRow = Callable[[FieldView, str], dict[str, Any]]


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(CHINA_TIME)


def time_text(moment: dt.datetime | None) -> str:
    """``14:30`` in China time (empty for none)."""
    return "" if moment is None else _local(moment).strftime("%H:%M")


def day_text(day: dt.date, locale: str) -> str:
    """``12-07 周一`` / ``12-07 Mon``: a day as a resident picks it."""
    return f"{day:%m-%d} {translate(f'weekday.{day.isoweekday()}', locale)}"


def when_text(moment: dt.datetime | None, locale: str, today: dt.date | None = None) -> str:
    """``14:30`` today, else ``12-07 周一 14:30`` (China time; empty for none)."""
    if moment is None:
        return ""
    local = _local(moment)
    if today is not None and local.date() == today:
        return local.strftime("%H:%M")
    return f"{day_text(local.date(), locale)} {local:%H:%M}"


def _xy(at: MapXY | None) -> dict[str, float] | None:
    return None if at is None else {"x": at.x, "y": at.y}


def point_row(point: PointView, locale: str, today: dt.date | None = None) -> dict[str, Any]:
    """One service point: names, walk, open now or when it opens, queue, place on the map."""
    return {
        "id": point.id, "kind": point.kind, "name_zh": point.name_zh, "name_en": point.name_en,
        "address_zh": point.address_zh, "address_en": point.address_en,
        "distance_m": point.distance_m, "walking_minutes": point.walking_minutes,
        "within_half_hour": point.within_half_hour, "open_now": point.open_now,
        "opens_at": when_text(point.opens_at, locale, today),
        "closes_at": time_text(point.closes_at),
        "hours_zh": point.hours_zh, "hours_en": point.hours_en,
        # -1: the point does not report its queue.
        "queue_length": -1 if point.queue_length is None else point.queue_length,
        "takes_appointments": point.takes_appointments,
        "services": list(point.services), "at": _xy(point.at),
    }


def circle_map(view: CircleMapView | None, locale: str,
               today: dt.date | None = None) -> dict[str, Any]:
    """The map screen: streets as 0…1 polylines, here, the points, the chosen one's route."""
    if view is None:
        return {}
    return {
        "aspect": view.width_m / view.height_m if view.height_m > 0 else 1.0,
        "lines": [{"kind": line.kind, "name_zh": line.name_zh, "name_en": line.name_en,
                   "points": [[p.x, p.y] for p in line.points]} for line in view.lines],
        "here": _xy(view.here),
        "points": [point_row(p, locale, today) for p in view.points],
        "beyond": view.beyond,
        "selected": view.selected.id if view.selected is not None else "",
        "route": [[p.x, p.y] for p in view.route],
        "filter": view.service_filter or "",
        "filters": [{"id": f.id, "name_zh": f.name_zh, "name_en": f.name_en}
                    for f in view.filters],
        "from_cache": view.from_cache,
        "fetched_at": when_text(view.fetched_at, locale, today),
    }


def money_text(amount_cny: float) -> str:
    """``¥12.50``; whole yuan without decimals (``¥20``)."""
    return f"¥{amount_cny:.0f}" if float(amount_cny).is_integer() else f"¥{amount_cny:.2f}"


def _delivery_option(option: DeliveryOptionView) -> dict[str, Any]:
    return {"mode": option.mode, "days": option.days, "fee": option.fee_cny,
            "fee_text": money_text(option.fee_cny) if option.fee_cny > 0 else "",
            "expected_by": option.expected_by.isoformat()}


def service_details(view: ServiceDetailsView | None, locale: str,
                    today: dt.date | None = None) -> dict[str, Any]:
    """The service details screen: materials, time limit, fees, delivery, where else."""
    if view is None:
        return {}
    return {
        "id": view.id, "name_zh": view.name_zh, "name_en": view.name_en,
        "category_zh": view.category_zh, "category_en": view.category_en,
        "identity_level": view.identity_level, "completable_here": view.completable_here,
        "on_the_spot": view.on_the_spot,
        # -1: the hub does not say.
        "time_limit_days": -1 if view.time_limit_days is None else view.time_limit_days,
        "fees": [{"name_zh": f.name_zh, "name_en": f.name_en,
                  "amount": money_text(f.amount_cny)} for f in view.fees],
        "delivery": [_delivery_option(o) for o in view.delivery],
        "materials": [{"type": m.type, "name_zh": m.name_zh, "name_en": m.name_en,
                       "required": m.required, "pages": m.pages, "on_file": m.on_file}
                      for m in view.materials],
        "on_file_known": view.on_file_known,
        "elsewhere": [point_row(p, locale, today) for p in view.elsewhere],
    }


def _slot(slot: SlotView) -> dict[str, Any]:
    return {"start": slot.start.isoformat(), "text": f"{time_text(slot.start)}–"
            f"{time_text(slot.end)}", "available": slot.available, "capacity": slot.capacity}


def appointment_slots(view: AppointmentSlotsView | None, locale: str,
                      today: dt.date | None = None) -> dict[str, Any]:
    """The slot picker: the hall, the service, the days, the chosen day's slots."""
    if view is None:
        return {}
    return {
        "point": point_row(view.point, locale, today),
        "service": {"id": view.service.id, "name_zh": view.service.name_zh,
                    "name_en": view.service.name_en},
        "days": [{"date": d.isoformat(), "text": day_text(d, locale)} for d in view.days],
        "day": view.day.isoformat() if view.day else "",
        "slots": [_slot(s) for s in view.slots],
        "chosen": view.chosen.start.isoformat() if view.chosen else "",
        "chosen_text": (f"{day_text(_local(view.chosen.start).date(), locale)} "
                        f"{_slot(view.chosen)['text']}") if view.chosen else "",
        "needs_identity": view.needs_identity, "online": view.online,
    }


def appointment_row(appointment: AppointmentView, locale: str) -> dict[str, Any]:
    """One appointment: where, what, when (China time), its code, booked or cancelled."""
    start = _local(appointment.start)
    return {
        "id": appointment.id, "code": appointment.code,
        "point_name_zh": appointment.point_name_zh, "point_name_en": appointment.point_name_en,
        "address_zh": appointment.address_zh, "address_en": appointment.address_en,
        "service_name_zh": appointment.service_name_zh,
        "service_name_en": appointment.service_name_en,
        "when": f"{day_text(start.date(), locale)} {time_text(appointment.start)}–"
                f"{time_text(appointment.end)}",
        "status": appointment.status,
    }


def _slip(slip: SlipView | None, locale: str) -> dict[str, Any]:
    if slip is None:
        return {}
    return {"kind": slip.kind, "printed": slip.printed,
            "failure": translate(slip.print_failure, locale) if slip.print_failure else ""}


def appointment_booked(view: AppointmentBookedView | None, locale: str) -> dict[str, Any]:
    """The booking confirmation with its QR (the code the hall scans) and the slip's fate."""
    if view is None:
        return {}
    return {"appointment": appointment_row(view.appointment, locale),
            "qrSource": f"image://{PROVIDER_ID}/{qr_id(view.qr_text)}" if view.qr_text else "",
            "slip": _slip(view.slip, locale)}


def my_appointments(view: MyAppointmentsView | None, locale: str) -> list[dict[str, Any]]:
    """The resident's appointments, soonest first (the journey's order)."""
    return [] if view is None else [appointment_row(a, locale) for a in view.appointments]


def slip_info(slip: SlipView | None, locale: str) -> dict[str, Any]:
    """A printed (or not) slip on the screen that asked for it."""
    return _slip(slip, locale)


def delivery(view: DeliveryView | None, locale: str, field_row: FieldRow,
             today: dt.date | None = None) -> dict[str, Any]:
    """The delivery choice on the review screen; the postal fields masked like the form's."""
    if view is None:
        return {}
    return {
        "options": [_delivery_option(o) for o in view.options],
        "mode": view.mode, "expected_by": view.expected_by.isoformat(),
        "pickup_points": [point_row(p, locale, today) for p in view.pickup_points],
        "pickup_point_id": view.pickup_point_id or "",
        "mail_fields": [field_row(f, locale) for f in view.mail_fields],
    }


def rating(view: RatingView | None, locale: str) -> dict[str, Any]:
    """The rating screen: the levels best first, and the reasons for a low one, translated."""
    if view is None:
        return {}
    return {
        "tracking_code": view.tracking_code,
        "service_name_zh": view.service_name_zh, "service_name_en": view.service_name_en,
        "levels": [{"level": n, "text": translate(f"rating.level.{n}", locale)}
                   for n in view.levels],
        "level": view.level if view.level is not None else 0,
        "reasons_wanted": view.reasons_wanted,
        "reasons": [{"id": r, "text": translate(f"rating.reason.{r}", locale),
                     "chosen": r in view.chosen_reasons} for r in view.reasons],
        "comment": view.comment,
    }
