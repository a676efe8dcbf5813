"""Technicians: the registry of technician cards, and every sign-in attempt at a terminal.

The registry holds staff ids, card numbers and card identifiers only (seeded from the
demo technicians); a sign-in records staff id, terminal, time and outcome, nothing
else of the card.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kiosk.devtools.technicians import DEMO_TECHNICIANS
from kiosk.hub import schema as s

from .database import HubDatabase, HubProblem, iso

GRANT_TTL = dt.timedelta(hours=8)


class Technicians:
    """Which cards carry a technician role, and who signed in where."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db
        with db.tx() as conn:
            for tech in DEMO_TECHNICIANS:
                conn.execute(
                    "INSERT OR IGNORE INTO technicians (staff_id, card_number, card_identifier, "
                    "status) VALUES (?, ?, ?, ?)",
                    (tech.staff_id, tech.card_number, tech.card_identifier,
                     "suspended" if tech.suspended else "active"))

    def sign_in(self, card: s.TechnicianCard, terminal_id: str) -> s.TechnicianGrant:
        """A grant for an active technician's card; 404 for any other card, recorded either way."""
        row = self._db.one("SELECT staff_id, status FROM technicians "
                           "WHERE card_number = ? AND card_identifier = ?",
                           card.card_number, card.card_identifier)
        now = self._db.now()
        if row is None:
            self._record(None, terminal_id, now, "unknown")
            raise HubProblem(404, "technician_unknown", "this card has no technician role")
        if row["status"] != "active":
            self._record(row["staff_id"], terminal_id, now, "suspended")
            raise HubProblem(404, "technician_suspended", "this technician is suspended")
        self._record(row["staff_id"], terminal_id, now, "granted")
        return s.TechnicianGrant(staff_id=row["staff_id"], role="technician",
                                 expires_at=now + GRANT_TTL)

    def _record(self, staff_id: str | None, terminal_id: str, now: dt.datetime,
                outcome: str) -> None:
        with self._db.tx() as conn:
            conn.execute("INSERT INTO technician_signins (staff_id, terminal_id, at, outcome) "
                         "VALUES (?, ?, ?, ?)", (staff_id, terminal_id, iso(now), outcome))

    def signins(self) -> list[dict[str, Any]]:
        """Every sign-in attempt, oldest first (admin listing)."""
        return [dict(r) for r in self._db.all(
            "SELECT staff_id, terminal_id, at, outcome FROM technician_signins ORDER BY id")]
