"""Service points near a terminal, their appointment slots and bookings."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from kiosk.devtools.refhub import demo, district
from kiosk.hub import schema as s

from .catalog import Catalog
from .database import LOCAL_TZ, HubDatabase, HubProblem, crockford, iso
from .sessions import Sessions

SLOT_LENGTH = dt.timedelta(minutes=30)
BOOKING_HORIZON_DAYS = 30
_LUNCH = (dt.time(12, 0), dt.time(13, 0))


class Appointments:
    """Service points, their free slots, and the appointments residents booked."""

    def __init__(self, db: HubDatabase, sessions: Sessions, catalog: Catalog) -> None:
        self._db = db
        self._sessions = sessions
        self._catalog = catalog

    def service_points(self, lat: float, lon: float, service_id: str | None) -> s.ServicePoints:
        """Points sorted by walking time along the streets from ``(lat, lon)``, with the route."""
        if service_id is not None:
            self._catalog.service(service_id)
        return district.service_points(lat, lon, service_id, self._db.now())

    def _bookable_point(self, point_id: str, service_id: str) -> demo.DemoPoint:
        p = demo.point(point_id)
        if p is None:
            raise HubProblem(404, "point_unknown", "no such service point")
        self._catalog.service(service_id)
        if not p.takes_appointments:
            raise HubProblem(422, "no_appointments", "this point does not take appointments")
        if service_id not in p.services:
            raise HubProblem(422, "service_not_offered", "this point does not offer the service")
        return p

    def slots(self, point_id: str, service_id: str, day: dt.date) -> s.Slots:
        """Future slots of one day with remaining capacity."""
        p = self._bookable_point(point_id, service_id)
        now = self._db.now()
        today = now.astimezone(LOCAL_TZ).date()
        result: list[s.Slot] = []
        if today <= day <= today + dt.timedelta(days=BOOKING_HORIZON_DAYS):
            booked = self._booked_counts(point_id, day)
            for start in _slot_starts(p, day):
                if start <= now:
                    continue
                taken = booked.get(iso(start), 0)
                result.append(s.Slot(start=start, end=start + SLOT_LENGTH, capacity=p.capacity,
                                     available=max(0, p.capacity - taken)))
        return s.Slots(point_id=point_id, service_id=service_id, date=day, slots=result)

    def _booked_counts(self, point_id: str, day: dt.date) -> dict[str, int]:
        start = dt.datetime.combine(day, dt.time(0), LOCAL_TZ)
        rows = self._db.all("SELECT slot_start, COUNT(*) AS n FROM appointments "
                            "WHERE point_id = ? AND status = 'booked' AND slot_start >= ? "
                            "AND slot_start < ? GROUP BY slot_start", point_id, iso(start),
                            iso(start + dt.timedelta(days=1)))
        return {r["slot_start"]: int(r["n"]) for r in rows}

    def book(self, req: s.AppointmentRequest, terminal_id: str) -> s.Appointment:
        """Book a slot; 409 when it is full."""
        row = self._sessions.live(req.session_id, terminal_id)
        p = self._bookable_point(req.point_id, req.service_id)
        if req.slot_start.tzinfo is None:
            raise HubProblem(422, "slot_unknown", "slot start needs a time zone")
        start = req.slot_start.astimezone(dt.UTC)
        day = start.astimezone(LOCAL_TZ).date()
        offered = {st.astimezone(dt.UTC) for st in _slot_starts(p, day)}
        if start not in offered:
            raise HubProblem(422, "slot_unknown", "no such slot at this point")
        if start <= self._db.now():
            raise HubProblem(422, "slot_past", "the slot has already started")
        with self._db.tx() as db:
            taken = db.execute("SELECT COUNT(*) FROM appointments WHERE point_id = ? AND "
                               "slot_start = ? AND status = 'booked'",
                               (p.id, iso(start))).fetchone()[0]
            if taken >= p.capacity:
                raise HubProblem(409, "slot_full", "this slot is fully booked")
            appt_id = "A" + secrets.token_hex(8)
            db.execute("INSERT INTO appointments VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?)",
                       (appt_id, crockford(6), p.id, req.service_id, iso(start),
                        iso(start + SLOT_LENGTH), terminal_id, row["resident_id"],
                        iso(self._db.now())))
        return self._appointment(appt_id)

    def _appointment(self, appt_id: str) -> s.Appointment:
        row = self._db.one("SELECT * FROM appointments WHERE id = ?", appt_id)
        assert row is not None
        return s.Appointment.model_validate({
            "id": row["id"], "code": row["code"], "point_id": row["point_id"],
            "service_id": row["service_id"], "slot_start": row["slot_start"],
            "slot_end": row["slot_end"], "status": row["status"], "created_at": row["created_at"]})

    def mine(self, session_id: str, terminal_id: str) -> s.Appointments:
        """The session's resident's appointments from every terminal, soonest first."""
        row = self._sessions.live(session_id, terminal_id)
        ids = [r["id"] for r in self._db.all(
            "SELECT id FROM appointments WHERE resident_id = ? ORDER BY slot_start, created_at",
            row["resident_id"])]
        return s.Appointments(appointments=[self._appointment(i) for i in ids])

    def cancel(self, appt_id: str, terminal_id: str,
               session_id: str | None = None) -> s.Appointment:
        """Cancel an appointment (idempotent); frees its place.

        The terminal that booked it may cancel it; so may any terminal for the resident
        who holds it, identified by ``session_id``.
        """
        resident_id = None
        if session_id is not None:
            resident_id = self._sessions.live(session_id, terminal_id)["resident_id"]
        with self._db.tx() as db:
            row = db.execute("SELECT status FROM appointments WHERE id = ? AND "
                             "(terminal_id = ? OR resident_id = ?)",
                             (appt_id, terminal_id, resident_id)).fetchone()
            if row is None:
                raise HubProblem(404, "appointment_unknown", "no such appointment")
            db.execute("UPDATE appointments SET status = 'cancelled' WHERE id = ?", (appt_id,))
        return self._appointment(appt_id)

    def listing(self) -> list[dict[str, Any]]:
        """Every appointment (admin listing, no personal data)."""
        return [dict(r) for r in self._db.all(
            "SELECT id, code, point_id, service_id, slot_start, status, terminal_id "
            "FROM appointments ORDER BY created_at")]


def _slot_starts(p: demo.DemoPoint, day: dt.date) -> list[dt.datetime]:
    starts: list[dt.datetime] = []
    for hours in p.hours:
        if day.isoweekday() not in hours.weekdays:
            continue
        opens = dt.datetime.combine(day, dt.time.fromisoformat(hours.opens), LOCAL_TZ)
        close_h, close_m = (int(x) for x in hours.closes.split(":"))
        closes = dt.datetime.combine(day, dt.time(0), LOCAL_TZ) + dt.timedelta(
            hours=close_h, minutes=close_m)
        start = opens
        while start + SLOT_LENGTH <= closes:
            local = start.timetz()
            if not (_LUNCH[0] <= local.replace(tzinfo=None) < _LUNCH[1]):
                starts.append(start)
            start += SLOT_LENGTH
    return sorted(set(starts))
