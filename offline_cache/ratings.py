"""Ratings (好差评) waiting for the hub: written once, delivered exactly once.

A rating gets its client id (uuid4) when it is written, in one transaction with
its sealed payload (the comment is free text, so it may be personal). The sync
worker sends it with an idempotent ``PUT`` by that id after the rated
submission itself reached the hub, so a crash between the hub's answer and
``mark_sent`` only repeats a ``PUT`` the hub answers with its first result.
The payload is dropped once the hub holds the rating.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from kiosk.base import tracking
from offline_cache.db import StorageFault, Store, iso, parse_iso

PENDING = "pending"
SENT = "sent"
NEEDS_ATTENTION = "needs_attention"
STATES: tuple[str, ...] = (PENDING, SENT, NEEDS_ATTENTION)


@dataclass(frozen=True)
class RatingDraft:
    """A resident's rating of one errand as the journey hands it over."""

    tracking_code: str
    service_id: str
    level: int
    reasons: tuple[str, ...]
    comment: str
    created_at: dt.datetime

    def __repr__(self) -> str:
        return (f"RatingDraft(service_id={self.service_id!r}, level={self.level}, "
                f"reasons={self.reasons!r}, comment=<{len(self.comment)} chars>)")


def _aad(client_id: str) -> bytes:
    return b"rating:" + client_id.encode("ascii")


class RatingOutbox:
    """Ratings waiting for (or done with) the hub."""

    def __init__(self, store: Store, terminal_id: str) -> None:
        self.store = store
        self.terminal_id = terminal_id

    def enqueue(self, draft: RatingDraft) -> str:
        """Write a rating durably and return its client id; ``StorageFault`` if the disk refuses."""
        if not 1 <= draft.level <= 5:
            raise ValueError("a rating's level runs from 1 to 5")
        client_id = str(uuid.uuid4())
        code = tracking.normalise(draft.tracking_code)
        payload = {"client_id": client_id, "tracking_code": code,
                   "service_id": draft.service_id, "terminal_id": self.terminal_id,
                   "level": draft.level, "reasons": list(draft.reasons),
                   "comment": draft.comment,
                   "created_at": draft.created_at.astimezone(dt.UTC).isoformat()}
        sealed = self.store.seal(json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                                 _aad(client_id))
        now = iso(self.store.clock.now())
        try:
            with self.store.atomic() as db:
                db.execute("INSERT INTO ratings (client_id, tracking_code, service_id, state, "
                           "next_attempt_at, created_at, payload) VALUES (?, ?, ?, 'pending', "
                           "?, ?, ?)", [client_id, code, draft.service_id, now,
                                        iso(draft.created_at), sealed])
        except StorageFault as fault:
            self.store.record_fault(fault.kind)
            raise
        return client_id

    def due(self, limit: int = 50) -> list[str]:
        """Pending ratings whose time has come and whose submission the hub already holds.

        A rating of a submission still in this terminal's outbox waits for it: the hub
        refuses a rating of a case it does not know yet.
        """
        return [r["client_id"] for r in self.store.query(
            "SELECT r.client_id FROM ratings r LEFT JOIN outbox o "
            "ON o.tracking_code = r.tracking_code WHERE r.state = 'pending' "
            "AND r.next_attempt_at <= ? AND (o.state IS NULL OR o.state = 'sent') "
            "ORDER BY r.created_at LIMIT ?", [iso(self.store.clock.now()), limit])]

    def payload(self, client_id: str) -> dict[str, Any]:
        """The rating as sent to the hub (``kiosk.hub.schema.Rating``'s fields)."""
        rows = self.store.query("SELECT payload FROM ratings WHERE client_id = ?", [client_id])
        if not rows or rows[0]["payload"] is None:
            raise KeyError(f"no unsent rating {client_id}")
        data: dict[str, Any] = json.loads(self.store.unseal(bytes(rows[0]["payload"]),
                                                            _aad(client_id)))
        return data

    def state(self, client_id: str) -> str | None:
        """The rating's state, ``None`` if there is no such rating."""
        rows = self.store.query("SELECT state FROM ratings WHERE client_id = ?", [client_id])
        return str(rows[0]["state"]) if rows else None

    def counts(self) -> dict[str, int]:
        """How many ratings are in each state."""
        out = dict.fromkeys(STATES, 0)
        for r in self.store.query("SELECT state, count(*) AS n FROM ratings GROUP BY state"):
            out[r["state"]] = int(r["n"])
        return out

    def mark_sent(self, client_id: str) -> None:
        """The hub holds the rating: keep the row for counts, drop the payload."""
        now = iso(self.store.clock.now())
        with self.store.atomic() as db:
            db.execute("UPDATE ratings SET state = 'sent', sent_at = ?, payload = NULL, "
                       "last_error = NULL WHERE client_id = ?", [now, client_id])

    def attempts(self, client_id: str) -> int:
        """How many attempts have failed so far."""
        rows = self.store.query("SELECT attempts FROM ratings WHERE client_id = ?", [client_id])
        return int(rows[0]["attempts"]) if rows else 0

    def mark_retry(self, client_id: str, error: str, next_attempt_at: dt.datetime) -> None:
        """The attempt failed in a way that may pass later: try again at ``next_attempt_at``."""
        with self.store.atomic() as db:
            db.execute("UPDATE ratings SET attempts = attempts + 1, last_error = ?, "
                       "next_attempt_at = ? WHERE client_id = ? AND state = 'pending'",
                       [error[:200], iso(next_attempt_at), client_id])

    def mark_attention(self, client_id: str, error: str) -> None:
        """The hub refuses this rating as it is: kept for staff, never retried blindly."""
        with self.store.atomic() as db:
            db.execute("UPDATE ratings SET state = 'needs_attention', last_error = ? "
                       "WHERE client_id = ?", [error[:200], client_id])

    def created_at(self, client_id: str) -> dt.datetime | None:
        """When the rating was made."""
        rows = self.store.query("SELECT created_at FROM ratings WHERE client_id = ?",
                                [client_id])
        return parse_iso(rows[0]["created_at"]) if rows else None
