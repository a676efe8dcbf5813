"""Ratings (好差评) of finished errands: stored once per client id, tied to their case."""

from __future__ import annotations

import json
import uuid
from typing import Any

from kiosk.base import tracking
from kiosk.hub import schema as s

from .database import HubDatabase, HubProblem, iso


class Ratings:
    """Residents' ratings, each of one case."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def put(self, client_id: uuid.UUID, rating: s.Rating,
            terminal_id: str) -> tuple[s.RatingResult, bool]:
        """Store a rating once; the same body again returns the first answer (``False``)."""
        if rating.client_id != client_id:
            raise HubProblem(422, "client_id_mismatch", "path and body client ids differ",
                             [s.Problem(code="client_id_mismatch", field="client_id",
                                        message="must equal the id in the path")])
        canonical = s.canonical_json(rating)
        code = tracking.normalise(rating.tracking_code)
        with self._db.tx() as db:
            row = db.execute("SELECT canonical, received_at FROM ratings WHERE client_id = ?",
                             (str(client_id),)).fetchone()
            if row is not None:
                if row["canonical"] != canonical:
                    raise HubProblem(409, "client_id_conflict",
                                     "a different rating already uses this client id")
                return _result(str(client_id), code, row["received_at"]), False
            problems = []
            if rating.terminal_id != terminal_id:
                problems.append(s.Problem(code="terminal_mismatch", field="terminal_id",
                                          message="must be the signing terminal"))
            case = db.execute("SELECT service_id FROM submissions WHERE tracking_code = ?",
                              (code,)).fetchone()
            if case is None:
                problems.append(s.Problem(code="case_unknown", field="tracking_code",
                                          message="no case with this tracking code"))
            elif case["service_id"] != rating.service_id:
                problems.append(s.Problem(code="service_mismatch", field="service_id",
                                          message="not the service of this case"))
            if problems:
                raise HubProblem(422, "rating_invalid", "the rating is not valid", problems)
            now = iso(self._db.now())
            db.execute("INSERT INTO ratings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (str(client_id), code, rating.service_id, terminal_id, rating.level,
                        json.dumps(list(rating.reasons)), rating.comment,
                        iso(rating.created_at), now, canonical))
        return _result(str(client_id), code, now), True

    def listing(self) -> list[dict[str, Any]]:
        """Every rating, oldest first (admin listing)."""
        return [{**dict(r), "reasons": json.loads(r["reasons"])} for r in self._db.all(
            "SELECT client_id, tracking_code, service_id, terminal_id, level, reasons, comment, "
            "created_at, received_at FROM ratings ORDER BY received_at, client_id")]


def _result(client_id: str, code: str, received_at: str) -> s.RatingResult:
    return s.RatingResult.model_validate({"client_id": client_id, "tracking_code": code,
                                          "received_at": received_at})
