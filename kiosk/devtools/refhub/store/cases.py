"""Cases and their tracking: each submission's status, moved along by elapsed hub time."""

from __future__ import annotations

import datetime as dt

from kiosk.base import tracking
from kiosk.hub import schema as s

from .database import HubDatabase, HubProblem, iso, parse

ACCEPT_AFTER = dt.timedelta(minutes=10)
FINISH_AFTER = dt.timedelta(minutes=110)

_CASE_NOTES = {
    "received": ("已收到申请", "Application received"),
    "accepted": ("已受理，正在审核", "Accepted and under review"),
    "ready": ("已办结，请按约定方式领取", "Done; ready for collection or posted"),
    "completed": ("已办结", "Completed"),
    "rejected": ("未予受理", "Not accepted"),
}
_NEXT_STATE = {"received": "accepted"}


class Cases:
    """Case histories, keyed by tracking code."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def status(self, tracking_code: str) -> s.CaseStatus:
        """A case's status, moved along by elapsed hub time."""
        code = tracking.normalise(tracking_code)
        sub = self._db.one("SELECT service_id, result_mode FROM submissions "
                           "WHERE tracking_code = ?", code)
        if sub is None:
            raise HubProblem(404, "case_unknown", "no case with this tracking code")
        events = [(r["status"], parse(r["at"])) for r in self._db.all(
            "SELECT status, at FROM case_events WHERE tracking_code = ? ORDER BY id", code)]
        final = "completed" if sub["result_mode"] == "on_the_spot" else "ready"
        now = self._db.now()
        while True:
            status, at = events[-1]
            if status == "received" and now >= at + ACCEPT_AFTER:
                events.append(("accepted", at + ACCEPT_AFTER))
            elif status == "accepted" and now >= at + FINISH_AFTER:
                events.append((final, at + FINISH_AFTER))
            else:
                break
        history = [s.CaseEvent(status=st, at=at, note_zh=_CASE_NOTES[st][0],
                               note_en=_CASE_NOTES[st][1]) for st, at in events]
        return s.CaseStatus(tracking_code=code, service_id=sub["service_id"],
                            status=history[-1].status, updated_at=history[-1].at, history=history)

    def advance(self, tracking_code: str) -> s.CaseStatus:
        """Move a case to its next state now (admin)."""
        current = self.status(tracking_code)
        sub = self._db.one("SELECT result_mode FROM submissions WHERE tracking_code = ?",
                           current.tracking_code)
        assert sub is not None
        final = "completed" if sub["result_mode"] == "on_the_spot" else "ready"
        nxt = _NEXT_STATE.get(current.status, final if current.status == "accepted" else None)
        if nxt is None:
            raise HubProblem(409, "case_final", "the case is already finished")
        with self._db.tx() as db:
            # Persist the implied timed steps first, so history stays in order.
            stored = db.execute("SELECT COUNT(*) FROM case_events WHERE tracking_code = ?",
                                (current.tracking_code,)).fetchone()[0]
            for event in current.history[stored:]:
                db.execute("INSERT INTO case_events (tracking_code, status, at) VALUES (?, ?, ?)",
                           (current.tracking_code, event.status, iso(event.at)))
            db.execute("INSERT INTO case_events (tracking_code, status, at) VALUES (?, ?, ?)",
                       (current.tracking_code, nxt, iso(self._db.now())))
        return self.status(current.tracking_code)
