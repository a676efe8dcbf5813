"""The reference hub's SQLite database, the error it refuses requests with, and time helpers.

Every resource module keeps its rows here; one lock serialises all access (the hub
is small; simplicity wins). Time always comes from the injected clock, so tests can
move a case along or expire a code without waiting.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.base import tracking
from kiosk.base.clock import Clock
from kiosk.hub import schema as s

LOCAL_TZ = dt.timezone(dt.timedelta(hours=8))
"""The hub's local time: case ids, ages and appointment days are China dates."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, created_at TEXT NOT NULL, used_at TEXT, used_by TEXT,
    terminal_id TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS terminals (
    terminal_id TEXT PRIMARY KEY, secret TEXT NOT NULL, prefix TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL, enrolled_at TEXT NOT NULL,
    signature_algorithm TEXT NOT NULL DEFAULT 'hmac-sha256');
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY, resident_id TEXT NOT NULL, terminal_id TEXT NOT NULL,
    level INTEGER NOT NULL, method TEXT NOT NULL, expires_at TEXT NOT NULL,
    code TEXT, code_sent_at TEXT, code_expires_at TEXT,
    wrong_codes INTEGER NOT NULL DEFAULT 0, locked INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS sent_codes (
    id INTEGER PRIMARY KEY, session_id TEXT NOT NULL, phone_hint TEXT NOT NULL,
    code TEXT NOT NULL, sent_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS eid_tokens (
    token TEXT PRIMARY KEY, resident_id TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT);
CREATE TABLE IF NOT EXISTS documents (
    sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, content_type TEXT NOT NULL,
    received_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS submissions (
    client_id TEXT PRIMARY KEY, tracking_code TEXT NOT NULL UNIQUE, terminal_id TEXT NOT NULL,
    service_id TEXT NOT NULL, result_mode TEXT NOT NULL, canonical TEXT NOT NULL,
    case_id TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS case_events (
    id INTEGER PRIMARY KEY, tracking_code TEXT NOT NULL, status TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS appointments (
    id TEXT PRIMARY KEY, code TEXT NOT NULL, point_id TEXT NOT NULL, service_id TEXT NOT NULL,
    slot_start TEXT NOT NULL, slot_end TEXT NOT NULL, terminal_id TEXT NOT NULL,
    resident_id TEXT NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS call_staff (
    request_id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, reason TEXT NOT NULL,
    elder_mode INTEGER NOT NULL, locale TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ratings (
    client_id TEXT PRIMARY KEY, tracking_code TEXT NOT NULL, service_id TEXT NOT NULL,
    terminal_id TEXT NOT NULL, level INTEGER NOT NULL, reasons TEXT NOT NULL,
    comment TEXT NOT NULL, created_at TEXT NOT NULL, received_at TEXT NOT NULL,
    canonical TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS technicians (
    staff_id TEXT PRIMARY KEY, card_number TEXT NOT NULL, card_identifier TEXT NOT NULL,
    status TEXT NOT NULL, UNIQUE (card_number, card_identifier));
CREATE TABLE IF NOT EXISTS technician_signins (
    id INTEGER PRIMARY KEY, staff_id TEXT, terminal_id TEXT NOT NULL, at TEXT NOT NULL,
    outcome TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS heartbeats (
    id INTEGER PRIMARY KEY, terminal_id TEXT NOT NULL, received_at TEXT NOT NULL,
    body TEXT NOT NULL);
"""


class HubProblem(Exception):
    """A request the hub refuses; the app turns it into an ``ErrorBody`` response."""

    def __init__(self, status: int, reason: str, message: str,
                 problems: Sequence[s.Problem] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.message = message
        self.problems = list(problems)


def iso(moment: dt.datetime) -> str:
    """``moment`` as stored: ISO 8601 in UTC."""
    return moment.astimezone(dt.UTC).isoformat()


def parse(text: str) -> dt.datetime:
    """A stored time back as a ``datetime``."""
    return dt.datetime.fromisoformat(text)


def crockford(n: int) -> str:
    """``n`` random characters of the tracking-code alphabet."""
    return "".join(secrets.choice(tracking.ALPHABET) for _ in range(n))


class HubDatabase:
    """The hub's SQLite file and its lock, with the hub's clock."""

    def __init__(self, path: Path, clock: Clock) -> None:
        self.clock = clock
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        columns = {r["name"] for r in self._db.execute("PRAGMA table_info(tokens)")}
        if "terminal_id" not in columns:
            # A hub folder from before tokens were bound: its unused tokens bind to nothing.
            self._db.execute("ALTER TABLE tokens ADD COLUMN terminal_id TEXT NOT NULL DEFAULT ''")
        columns = {r["name"] for r in self._db.execute("PRAGMA table_info(terminals)")}
        if "signature_algorithm" not in columns:
            # A hub folder from before the GM profile: its terminals all signed with SHA-256.
            self._db.execute("ALTER TABLE terminals ADD COLUMN signature_algorithm TEXT "
                             "NOT NULL DEFAULT 'hmac-sha256'")

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``), rolled back if the block raises."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        """The first row of a query, ``None`` if there is none."""
        with self._lock:
            cursor = self._db.execute(sql, args)
            try:
                row: sqlite3.Row | None = cursor.fetchone()
            finally:
                # A statement left unfinished keeps its read snapshot open, and the server
                # would never see tokens that kiosk hub token create adds from outside.
                cursor.close()
            return row

    def all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        """Every row of a query."""
        with self._lock:
            return list(self._db.execute(sql, args).fetchall())

    def now(self) -> dt.datetime:
        """The hub's current time (UTC)."""
        return self.clock.now().astimezone(dt.UTC)
