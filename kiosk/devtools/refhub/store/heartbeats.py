"""Terminal heartbeats, stored as received."""

from __future__ import annotations

import json
from typing import Any

from kiosk.hub import schema as s

from .database import HubDatabase, iso


class Heartbeats:
    """Every heartbeat the terminals sent."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def record(self, beat: s.Heartbeat, terminal_id: str) -> s.HeartbeatAck:
        """Store one heartbeat."""
        now = self._db.now()
        with self._db.tx() as db:
            db.execute("INSERT INTO heartbeats (terminal_id, received_at, body) VALUES (?, ?, ?)",
                       (terminal_id, iso(now), beat.model_dump_json()))
        return s.HeartbeatAck(server_time=now)

    def listing(self) -> list[dict[str, Any]]:
        """Every stored heartbeat, oldest first."""
        return [{"terminal_id": r["terminal_id"], "received_at": r["received_at"],
                 "heartbeat": json.loads(r["body"])}
                for r in self._db.all("SELECT * FROM heartbeats ORDER BY id")]
