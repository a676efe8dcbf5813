"""The reference hub's state and rules, persisted in SQLite inside the hub folder.

Enrolments, sessions, documents, submissions, cases, appointments, call-staff
requests and heartbeats survive restarts. Document bytes live as files named
by their SHA-256 beside the database. Time always comes from the injected
clock, so tests can move a case along or expire a code without waiting.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import os
import secrets
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from kiosk.base import tracking
from kiosk.base.clock import Clock
from kiosk.base.idnumber import validate as validate_id_number
from kiosk.devtools.refhub import demo
from kiosk.devtools.residents import DemoResident, by_id_number, resident
from kiosk.hub import schema as s
from kiosk.hub.signing import new_secret

SESSION_TTL = dt.timedelta(minutes=15)
CODE_TTL = dt.timedelta(minutes=5)
CODE_RESEND_AFTER = dt.timedelta(seconds=60)
MAX_CODE_ATTEMPTS = 5
EID_TTL = dt.timedelta(minutes=5)
EID_PREFIX = "EID1:"
EID_TOKEN_BYTES = 24
ACCEPT_AFTER = dt.timedelta(minutes=10)
FINISH_AFTER = dt.timedelta(minutes=110)
SLOT_LENGTH = dt.timedelta(minutes=30)
BOOKING_HORIZON_DAYS = 30
LOCAL_TZ = dt.timezone(dt.timedelta(hours=8))
_LUNCH = (dt.time(12, 0), dt.time(13, 0))

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, created_at TEXT NOT NULL, used_at TEXT, used_by TEXT);
CREATE TABLE IF NOT EXISTS terminals (
    terminal_id TEXT PRIMARY KEY, secret TEXT NOT NULL, prefix TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL, enrolled_at TEXT NOT NULL);
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
CREATE TABLE IF NOT EXISTS heartbeats (
    id INTEGER PRIMARY KEY, terminal_id TEXT NOT NULL, received_at TEXT NOT NULL,
    body TEXT NOT NULL);
"""

_CASE_NOTES = {
    "received": ("已收到申请", "Application received"),
    "accepted": ("已受理，正在审核", "Accepted and under review"),
    "ready": ("已办结，请按约定方式领取", "Done; ready for collection or posted"),
    "completed": ("已办结", "Completed"),
    "rejected": ("未予受理", "Not accepted"),
}
_NEXT_STATE = {"received": "accepted"}

_STAFF_MESSAGES = {
    (False, "zh"): "已通知工作人员，请稍候，马上为您服务。",
    (True, "zh"): "工作人员马上就到，请您坐下稍等，不用着急。",
    (False, "en"): "A member of staff has been called and will be with you shortly.",
    (True, "en"): "Someone is coming to help you. Please take a seat; there is no hurry.",
}


class HubProblem(Exception):
    """A request the hub refuses; the app turns it into an ``ErrorBody`` response."""

    def __init__(self, status: int, reason: str, message: str,
                 problems: Sequence[s.Problem] = ()) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason
        self.message = message
        self.problems = list(problems)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat()


def _parse(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _crockford(n: int) -> str:
    return "".join(secrets.choice(tracking.ALPHABET) for _ in range(n))


def _b64url_decode(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


class HubStore:
    """All reference-hub state behind one lock (the hub is small; simplicity wins)."""

    def __init__(self, hub_dir: Path, clock: Clock) -> None:
        self.hub_dir = hub_dir
        self.clock = clock
        hub_dir.mkdir(parents=True, exist_ok=True)
        self.documents_dir = hub_dir / "documents"
        self.documents_dir.mkdir(exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(hub_dir / "hub.sqlite3", check_same_thread=False,
                                   isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        self._validators = {
            sid: Draft202012Validator(d.form.json_schema)
            for sid, d in demo.services_by_id().items()
        }

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._db.execute(sql, args).fetchone()
            return row

    def _all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._db.execute(sql, args).fetchall())

    def now(self) -> dt.datetime:
        """The hub's current time (UTC)."""
        return self.clock.now().astimezone(dt.UTC)

    # --- enrolment -----------------------------------------------------------

    def mint_token(self) -> str:
        """A new one-time enrolment token."""
        token = secrets.token_urlsafe(18)
        with self._tx() as db:
            db.execute("INSERT INTO tokens (token, created_at) VALUES (?, ?)",
                       (token, _iso(self.now())))
        return token

    def tokens(self) -> list[dict[str, Any]]:
        """Every token and whether it was used."""
        return [dict(r) for r in self._all("SELECT * FROM tokens ORDER BY created_at")]

    def enroll(self, request: s.EnrollRequest) -> s.Enrollment:
        """Spend a token on credentials; re-enrolling a terminal keeps its prefix."""
        with self._tx() as db:
            row = db.execute("SELECT used_at FROM tokens WHERE token = ?",
                             (request.token,)).fetchone()
            if row is None or row["used_at"] is not None:
                raise HubProblem(401, "token_invalid", "enrolment token unknown or already used")
            db.execute("UPDATE tokens SET used_at = ?, used_by = ? WHERE token = ?",
                       (_iso(self.now()), request.terminal_id, request.token))
            secret = new_secret()
            existing = db.execute("SELECT prefix FROM terminals WHERE terminal_id = ?",
                                  (request.terminal_id,)).fetchone()
            if existing is not None:
                prefix = str(existing["prefix"])
                db.execute("UPDATE terminals SET secret = ?, description = ? "
                           "WHERE terminal_id = ?",
                           (secret, request.description, request.terminal_id))
            else:
                taken = {r["prefix"] for r in db.execute("SELECT prefix FROM terminals")}
                prefix = _crockford(tracking.PREFIX_LEN)
                while prefix in taken:
                    prefix = _crockford(tracking.PREFIX_LEN)
                db.execute("INSERT INTO terminals VALUES (?, ?, ?, ?, ?)",
                           (request.terminal_id, secret, prefix, request.description,
                            _iso(self.now())))
        return s.Enrollment(terminal_id=request.terminal_id, secret=secret,
                            tracking_prefix=prefix)

    def terminal_secret(self, terminal_id: str) -> str | None:
        """The base64 secret of an enrolled terminal."""
        row = self._one("SELECT secret FROM terminals WHERE terminal_id = ?", terminal_id)
        return None if row is None else str(row["secret"])

    def terminal_prefix(self, terminal_id: str) -> str | None:
        """The tracking prefix of an enrolled terminal."""
        row = self._one("SELECT prefix FROM terminals WHERE terminal_id = ?", terminal_id)
        return None if row is None else str(row["prefix"])

    # --- identity ------------------------------------------------------------

    def _new_session(self, person: DemoResident, terminal_id: str, level: int,
                     method: str) -> s.IdentitySession:
        session_id = secrets.token_urlsafe(18)
        expires = self.now() + SESSION_TTL
        with self._tx() as db:
            db.execute("INSERT INTO sessions (session_id, resident_id, terminal_id, level, "
                       "method, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                       (session_id, person.resident_id, terminal_id, level, method,
                        _iso(expires)))
        return self._session_model(session_id, person, level, method, expires)

    @staticmethod
    def _session_model(session_id: str, person: DemoResident, level: int, method: str,
                       expires: dt.datetime) -> s.IdentitySession:
        return s.IdentitySession.model_validate({
            "session_id": session_id, "level": level, "method": method, "expires_at": expires,
            "person": {"name": person.name, "id_number": person.id_number, "sex": person.sex,
                       "nation": person.nation, "birth_date": person.birth_date},
        })

    def identify_card(self, card: s.CardIdentity, terminal_id: str) -> s.IdentitySession:
        """A level-1 session for a card the kiosk read."""
        problem = validate_id_number(card.id_number)
        if problem is not None:
            raise HubProblem(422, "id_number_invalid", "identity number is not valid",
                             [s.Problem(code=problem.key, field="id_number",
                                        message=problem.detail)])
        person = by_id_number(card.id_number)
        if person is None:
            raise HubProblem(404, "person_unknown", "no record for this identity number")
        if card.name.strip() != person.name:
            raise HubProblem(422, "identity_mismatch", "card details do not match the record")
        if card.kind == "citizen_card" and card.card_number != person.citizen_card_number:
            raise HubProblem(422, "identity_mismatch", "card number does not match the record")
        return self._new_session(person, terminal_id, 1, "card")

    def _session_row(self, session_id: str, terminal_id: str) -> sqlite3.Row:
        row = self._one("SELECT * FROM sessions WHERE session_id = ? AND terminal_id = ?",
                        session_id, terminal_id)
        if row is None:
            raise HubProblem(404, "session_unknown", "no such identity session")
        return row

    def _live_session(self, session_id: str, terminal_id: str) -> sqlite3.Row:
        row = self._session_row(session_id, terminal_id)
        if _parse(row["expires_at"]) <= self.now():
            raise HubProblem(422, "session_expired", "identity session expired")
        return row

    def send_code(self, session_id: str, terminal_id: str) -> s.CodeSent:
        """Text a one-time code to the resident's registered phone."""
        row = self._live_session(session_id, terminal_id)
        if row["locked"]:
            raise HubProblem(423, "code_locked", "too many wrong codes; session locked")
        now = self.now()
        if row["code_sent_at"] and now < _parse(row["code_sent_at"]) + CODE_RESEND_AFTER:
            raise HubProblem(422, "code_too_soon", "a code was sent moments ago")
        person = resident(row["resident_id"])
        code = f"{secrets.randbelow(1_000_000):06d}"
        hint = person.phone[-4:]
        with self._tx() as db:
            db.execute("UPDATE sessions SET code = ?, code_sent_at = ?, code_expires_at = ? "
                       "WHERE session_id = ?",
                       (code, _iso(now), _iso(now + CODE_TTL), session_id))
            db.execute("INSERT INTO sent_codes (session_id, phone_hint, code, sent_at) "
                       "VALUES (?, ?, ?, ?)", (session_id, hint, code, _iso(now)))
        return s.CodeSent(session_id=session_id, phone_hint=hint,
                          resend_after_s=int(CODE_RESEND_AFTER.total_seconds()),
                          expires_in_s=int(CODE_TTL.total_seconds()))

    def verify_code(self, session_id: str, code: str, terminal_id: str) -> s.IdentitySession:
        """Raise the session to level 2 if the code is right; lock it after 5 wrong ones."""
        row = self._live_session(session_id, terminal_id)
        if row["locked"]:
            raise HubProblem(423, "code_locked", "too many wrong codes; session locked")
        if row["code"] is None:
            raise HubProblem(422, "code_not_sent", "no code was requested for this session")
        if _parse(row["code_expires_at"]) <= self.now():
            raise HubProblem(422, "code_expired", "the code expired; request a new one")
        if not secrets.compare_digest(str(row["code"]), code):
            wrong = int(row["wrong_codes"]) + 1
            locked = wrong >= MAX_CODE_ATTEMPTS
            with self._tx() as db:
                db.execute("UPDATE sessions SET wrong_codes = ?, locked = ? WHERE session_id = ?",
                           (wrong, int(locked), session_id))
            if locked:
                raise HubProblem(423, "code_locked", "too many wrong codes; session locked")
            raise HubProblem(422, "code_wrong", "wrong code",
                             [s.Problem(code="code_wrong", field="code",
                                        message=f"{MAX_CODE_ATTEMPTS - wrong} attempts left")])
        expires = self.now() + SESSION_TTL
        with self._tx() as db:
            db.execute("UPDATE sessions SET level = 2, method = 'card+sms', expires_at = ?, "
                       "code = NULL WHERE session_id = ?", (_iso(expires), session_id))
        return self._session_model(session_id, resident(row["resident_id"]), 2, "card+sms",
                                   expires)

    def sent_codes(self) -> list[dict[str, Any]]:
        """The reference SMS gateway's outbox (codes and phone hints only)."""
        return [dict(r) for r in self._all("SELECT session_id, phone_hint, code, sent_at "
                                           "FROM sent_codes ORDER BY id")]

    def mint_eid(self, resident_id: str) -> tuple[str, dt.datetime]:
        """An e-ID QR payload for a demo resident, valid for 5 minutes, single use."""
        try:
            person = resident(resident_id)
        except KeyError:
            raise HubProblem(404, "person_unknown", "no such demo resident") from None
        token = secrets.token_bytes(EID_TOKEN_BYTES)
        text = base64.urlsafe_b64encode(token).decode("ascii").rstrip("=")
        expires = self.now() + EID_TTL
        with self._tx() as db:
            db.execute("INSERT INTO eid_tokens VALUES (?, ?, ?, NULL)",
                       (text, person.resident_id, _iso(expires)))
        return EID_PREFIX + text, expires

    def resolve_qr(self, payload: str, terminal_id: str) -> s.IdentitySession:
        """A level-2 session from an e-ID QR payload."""
        payload = payload.strip()
        raw = _b64url_decode(payload[len(EID_PREFIX):]) if payload.startswith(EID_PREFIX) else None
        if raw is None or len(raw) != EID_TOKEN_BYTES:
            raise HubProblem(422, "qr_malformed", "not an e-ID payload")
        token = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
        with self._tx() as db:
            row = db.execute("SELECT * FROM eid_tokens WHERE token = ?", (token,)).fetchone()
            if row is None:
                raise HubProblem(422, "qr_unknown", "e-ID payload not issued by this hub")
            if row["used_at"] is not None:
                raise HubProblem(422, "qr_used", "e-ID payload already used")
            if _parse(row["expires_at"]) <= self.now():
                raise HubProblem(422, "qr_expired", "e-ID payload expired")
            db.execute("UPDATE eid_tokens SET used_at = ? WHERE token = ?",
                       (_iso(self.now()), token))
        return self._new_session(resident(row["resident_id"]), terminal_id, 2, "eid_qr")

    # --- prefill -------------------------------------------------------------

    @staticmethod
    def _service(service_id: str) -> demo.DemoService:
        found = demo.services_by_id().get(service_id)
        if found is None:
            raise HubProblem(404, "service_unknown", "no such service")
        return found

    def prefill(self, request: s.PrefillRequest, terminal_id: str) -> s.Prefill:
        """Hub-held values for a service's form; nothing hub-only below level 2."""
        row = self._live_session(request.session_id, terminal_id)
        svc = self._service(request.service_id)
        person = resident(row["resident_id"])
        held = _hub_values(person)
        bindings: list[str] = [f.prefill for f in svc.form.fields
                    if f.prefill is not None and f.prefill in s.HUB_BINDINGS]
        level = int(row["level"])
        if level >= 2:
            fields: dict[str, str] = {b: held[b] for b in bindings if b in held}
            wanted = {m.type for m in svc.service.materials}
            on_file = [m for m in person.materials_on_file if m in wanted]
            withheld: list[str] = []
        else:
            fields, on_file = {}, []
            withheld = [b for b in bindings if b in held]
        return s.Prefill(session_id=request.session_id, service_id=request.service_id,
                         level=2 if level >= 2 else 1, fields=fields,
                         materials_on_file=on_file, withheld=withheld)

    # --- documents -----------------------------------------------------------

    def _document_path(self, sha256: str) -> Path:
        return self.documents_dir / sha256[:2] / sha256

    def put_document(self, sha256: str, data: bytes, content_type: str) -> bool:
        """Store a document; ``False`` when it was already there (idempotent)."""
        if self.document(sha256) is not None:
            return False
        path = self._document_path(sha256)
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO documents VALUES (?, ?, ?, ?)",
                       (sha256, len(data), content_type, _iso(self.now())))
        return True

    def document(self, sha256: str) -> s.DocumentReceipt | None:
        """A stored document's receipt."""
        row = self._one("SELECT * FROM documents WHERE sha256 = ?", sha256)
        if row is None:
            return None
        return s.DocumentReceipt.model_validate(
            {"sha256": row["sha256"], "size": row["size"], "content_type": row["content_type"]})

    # --- submissions and cases -----------------------------------------------

    def submit(self, client_id: uuid.UUID, sub: s.Submission,
               terminal_id: str) -> tuple[s.SubmissionResult, bool]:
        """Accept a submission once; a repeat returns the first result (``False``)."""
        if sub.client_id != client_id:
            raise HubProblem(422, "client_id_mismatch", "path and body client ids differ",
                             [s.Problem(code="client_id_mismatch", field="client_id",
                                        message="must equal the id in the path")])
        canonical = s.canonical_json(sub)
        code = tracking.normalise(sub.tracking_code)
        with self._tx() as db:
            row = db.execute("SELECT * FROM submissions WHERE client_id = ?",
                             (str(client_id),)).fetchone()
            if row is not None:
                if row["canonical"] != canonical:
                    raise HubProblem(409, "client_id_conflict",
                                     "a different submission already uses this client id")
                return _result(row), False
            other = db.execute("SELECT client_id FROM submissions WHERE tracking_code = ?",
                               (code,)).fetchone()
            if other is not None:
                raise HubProblem(409, "tracking_code_conflict",
                                 "this tracking code belongs to another submission")
            problems = self._submission_problems(sub, terminal_id)
            if problems:
                raise HubProblem(422, "submission_invalid", "the submission is not valid",
                                 problems)
            now = self.now()
            count = db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
            case_id = f"C{now.astimezone(LOCAL_TZ):%Y%m%d}-{count + 1:06d}"
            db.execute("INSERT INTO submissions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (str(client_id), code, terminal_id, sub.service_id, sub.result_mode,
                        canonical, case_id, _iso(now)))
            db.execute("INSERT INTO case_events (tracking_code, status, at) VALUES (?, ?, ?)",
                       (code, "received", _iso(now)))
            row = db.execute("SELECT * FROM submissions WHERE client_id = ?",
                             (str(client_id),)).fetchone()
        return _result(row), True

    def _submission_problems(self, sub: s.Submission, terminal_id: str) -> list[s.Problem]:
        problems: list[s.Problem] = []

        def add(code: str, field: str | None, message: str) -> None:
            problems.append(s.Problem(code=code, field=field, message=message))

        if sub.terminal_id != terminal_id:
            add("terminal_mismatch", "terminal_id", "must be the signing terminal")
        if not tracking.is_valid(sub.tracking_code):
            add("tracking_code_invalid", "tracking_code", "check character does not match")
        elif tracking.normalise(sub.tracking_code)[:4] != self.terminal_prefix(terminal_id):
            add("tracking_prefix_mismatch", "tracking_code", "not this terminal's prefix")
        id_problem = validate_id_number(sub.identity.id_number)
        if id_problem is not None:
            add(id_problem.key, "identity.id_number", id_problem.detail)
        svc = demo.services_by_id().get(sub.service_id)
        if svc is None:
            add("service_unknown", "service_id", "no such service")
            return problems
        for error in self._validators[sub.service_id].iter_errors(dict(sub.form)):
            problems.extend(_schema_problems(error.validator, error.validator_value,
                                             list(error.path), error.instance))
        if sub.result_mode not in svc.service.result_modes:
            add("result_mode_unsupported", "result_mode",
                f"choose one of {', '.join(svc.service.result_modes)}")
        person = by_id_number(sub.identity.id_number)
        if svc.service.identity_level == 2 and not self._proved_level2(sub, terminal_id):
            add("identity_level_insufficient", "identity",
                "this service needs a verified (level 2) identity session")
        if svc.min_age is not None and id_problem is None:
            born = dt.date(int(sub.identity.id_number[6:10]), int(sub.identity.id_number[10:12]),
                           int(sub.identity.id_number[12:14]))
            today = self.now().astimezone(LOCAL_TZ).date()
            age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            if age < svc.min_age:
                add("age_below_minimum", "identity", f"applicants must be {svc.min_age} or older")
        # The journey attaches the resident's finger signature to any service.
        known = {m.type for m in svc.service.materials} | {"signature"}
        given = set()
        for i, ref in enumerate(sub.materials):
            stored = self.document(ref.sha256)
            if ref.type not in known:
                add("material_unknown", f"materials.{i}.type", "not a material of this service")
            if stored is None:
                add("document_missing", f"materials.{i}.sha256", "document not uploaded")
            elif stored.size != ref.size or stored.content_type != ref.content_type:
                add("document_mismatch", f"materials.{i}", "size or type differs from upload")
            given.add(ref.type)
        on_file = set(person.materials_on_file) if person is not None else set()
        for spec in svc.service.materials:
            if spec.required and spec.type not in given and spec.type not in on_file:
                add("material_missing", "materials", f"required material {spec.type} missing")
        return problems

    def _proved_level2(self, sub: s.Submission, terminal_id: str) -> bool:
        # An expired session still proves the check happened: offline submissions arrive late.
        if sub.identity.level != 2 or sub.identity.session_id is None:
            return False
        row = self._one("SELECT resident_id, level FROM sessions WHERE session_id = ? "
                        "AND terminal_id = ?", sub.identity.session_id, terminal_id)
        if row is None or int(row["level"]) < 2:
            return False
        return resident(row["resident_id"]).id_number == sub.identity.id_number

    def submissions(self) -> list[dict[str, Any]]:
        """Received submissions (admin listing, without the form contents)."""
        return [dict(r) for r in self._all(
            "SELECT client_id, tracking_code, terminal_id, service_id, result_mode, case_id, "
            "received_at FROM submissions ORDER BY received_at, case_id")]

    def case_status(self, tracking_code: str) -> s.CaseStatus:
        """A case's status, moved along by elapsed hub time."""
        code = tracking.normalise(tracking_code)
        sub = self._one("SELECT service_id, result_mode FROM submissions WHERE tracking_code = ?",
                        code)
        if sub is None:
            raise HubProblem(404, "case_unknown", "no case with this tracking code")
        events = [(r["status"], _parse(r["at"])) for r in self._all(
            "SELECT status, at FROM case_events WHERE tracking_code = ? ORDER BY id", code)]
        final = "completed" if sub["result_mode"] == "on_the_spot" else "ready"
        now = self.now()
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

    def advance_case(self, tracking_code: str) -> s.CaseStatus:
        """Move a case to its next state now (admin)."""
        current = self.case_status(tracking_code)
        sub = self._one("SELECT result_mode FROM submissions WHERE tracking_code = ?",
                        current.tracking_code)
        assert sub is not None
        final = "completed" if sub["result_mode"] == "on_the_spot" else "ready"
        nxt = _NEXT_STATE.get(current.status, final if current.status == "accepted" else None)
        if nxt is None:
            raise HubProblem(409, "case_final", "the case is already finished")
        with self._tx() as db:
            # Persist the implied timed steps first, so history stays in order.
            stored = db.execute("SELECT COUNT(*) FROM case_events WHERE tracking_code = ?",
                                (current.tracking_code,)).fetchone()[0]
            for event in current.history[stored:]:
                db.execute("INSERT INTO case_events (tracking_code, status, at) VALUES (?, ?, ?)",
                           (current.tracking_code, event.status, _iso(event.at)))
            db.execute("INSERT INTO case_events (tracking_code, status, at) VALUES (?, ?, ?)",
                       (current.tracking_code, nxt, _iso(self.now())))
        return self.case_status(current.tracking_code)

    # --- service points and appointments --------------------------------------

    def service_points(self, lat: float, lon: float, service_id: str | None) -> s.ServicePoints:
        """Points sorted by walking time from ``(lat, lon)``."""
        if service_id is not None:
            self._service(service_id)
        out = []
        for p in demo.service_points():
            if service_id is not None and service_id not in p.services:
                continue
            metres, minutes = demo.walking(lat, lon, p.lat, p.lon)
            out.append(s.ServicePoint.model_validate({
                "id": p.id, "kind": p.kind, "name_zh": p.name_zh, "name_en": p.name_en,
                "address_zh": p.address_zh, "address_en": p.address_en, "lat": p.lat,
                "lon": p.lon, "opening_hours": list(p.hours), "services": list(p.services),
                "takes_appointments": p.takes_appointments, "distance_m": metres,
                "walking_minutes": minutes, "within_half_hour": minutes <= 30}))
        out.sort(key=lambda sp: (sp.walking_minutes, sp.distance_m, sp.id))
        return s.ServicePoints(points=out)

    def _bookable_point(self, point_id: str, service_id: str) -> demo.DemoPoint:
        p = demo.point(point_id)
        if p is None:
            raise HubProblem(404, "point_unknown", "no such service point")
        self._service(service_id)
        if not p.takes_appointments:
            raise HubProblem(422, "no_appointments", "this point does not take appointments")
        if service_id not in p.services:
            raise HubProblem(422, "service_not_offered", "this point does not offer the service")
        return p

    def slots(self, point_id: str, service_id: str, day: dt.date) -> s.Slots:
        """Future slots of one day with remaining capacity."""
        p = self._bookable_point(point_id, service_id)
        now = self.now()
        today = now.astimezone(LOCAL_TZ).date()
        result: list[s.Slot] = []
        if today <= day <= today + dt.timedelta(days=BOOKING_HORIZON_DAYS):
            booked = self._booked_counts(point_id, day)
            for start in _slot_starts(p, day):
                if start <= now:
                    continue
                taken = booked.get(_iso(start), 0)
                result.append(s.Slot(start=start, end=start + SLOT_LENGTH, capacity=p.capacity,
                                     available=max(0, p.capacity - taken)))
        return s.Slots(point_id=point_id, service_id=service_id, date=day, slots=result)

    def _booked_counts(self, point_id: str, day: dt.date) -> dict[str, int]:
        start = dt.datetime.combine(day, dt.time(0), LOCAL_TZ)
        rows = self._all("SELECT slot_start, COUNT(*) AS n FROM appointments WHERE point_id = ? "
                         "AND status = 'booked' AND slot_start >= ? AND slot_start < ? "
                         "GROUP BY slot_start", point_id, _iso(start),
                         _iso(start + dt.timedelta(days=1)))
        return {r["slot_start"]: int(r["n"]) for r in rows}

    def book(self, req: s.AppointmentRequest, terminal_id: str) -> s.Appointment:
        """Book a slot; 409 when it is full."""
        row = self._live_session(req.session_id, terminal_id)
        p = self._bookable_point(req.point_id, req.service_id)
        if req.slot_start.tzinfo is None:
            raise HubProblem(422, "slot_unknown", "slot start needs a time zone")
        start = req.slot_start.astimezone(dt.UTC)
        day = start.astimezone(LOCAL_TZ).date()
        offered = {st.astimezone(dt.UTC) for st in _slot_starts(p, day)}
        if start not in offered:
            raise HubProblem(422, "slot_unknown", "no such slot at this point")
        if start <= self.now():
            raise HubProblem(422, "slot_past", "the slot has already started")
        with self._tx() as db:
            taken = db.execute("SELECT COUNT(*) FROM appointments WHERE point_id = ? AND "
                               "slot_start = ? AND status = 'booked'",
                               (p.id, _iso(start))).fetchone()[0]
            if taken >= p.capacity:
                raise HubProblem(409, "slot_full", "this slot is fully booked")
            appt_id = "A" + secrets.token_hex(8)
            db.execute("INSERT INTO appointments VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?)",
                       (appt_id, _crockford(6), p.id, req.service_id, _iso(start),
                        _iso(start + SLOT_LENGTH), terminal_id, row["resident_id"],
                        _iso(self.now())))
        return self._appointment(appt_id)

    def _appointment(self, appt_id: str) -> s.Appointment:
        row = self._one("SELECT * FROM appointments WHERE id = ?", appt_id)
        assert row is not None
        return s.Appointment.model_validate({
            "id": row["id"], "code": row["code"], "point_id": row["point_id"],
            "service_id": row["service_id"], "slot_start": row["slot_start"],
            "slot_end": row["slot_end"], "status": row["status"], "created_at": row["created_at"]})

    def cancel(self, appt_id: str, terminal_id: str) -> s.Appointment:
        """Cancel an appointment (idempotent); frees its place."""
        with self._tx() as db:
            row = db.execute("SELECT status FROM appointments WHERE id = ? AND terminal_id = ?",
                             (appt_id, terminal_id)).fetchone()
            if row is None:
                raise HubProblem(404, "appointment_unknown", "no such appointment")
            db.execute("UPDATE appointments SET status = 'cancelled' WHERE id = ?", (appt_id,))
        return self._appointment(appt_id)

    def appointments(self) -> list[dict[str, Any]]:
        """Every appointment (admin listing, no personal data)."""
        return [dict(r) for r in self._all(
            "SELECT id, code, point_id, service_id, slot_start, status, terminal_id "
            "FROM appointments ORDER BY created_at")]

    # --- staff and telemetry -------------------------------------------------

    def call_staff(self, req: s.CallStaffRequest, terminal_id: str) -> s.CallStaffResult:
        """Record a call for help and answer in the resident's language."""
        request_id = "S" + secrets.token_hex(8)
        with self._tx() as db:
            db.execute("INSERT INTO call_staff VALUES (?, ?, ?, ?, ?, ?)",
                       (request_id, terminal_id, req.reason, int(req.elder_mode), req.locale,
                        _iso(self.now())))
        lang = "zh" if req.locale.startswith("zh") else "en"
        return s.CallStaffResult(request_id=request_id, status="dispatched",
                                 message=_STAFF_MESSAGES[(req.elder_mode, lang)])

    def call_staff_requests(self) -> list[dict[str, Any]]:
        """Every call-staff request."""
        return [dict(r) | {"elder_mode": bool(r["elder_mode"])}
                for r in self._all("SELECT * FROM call_staff ORDER BY created_at")]

    def heartbeat(self, beat: s.Heartbeat, terminal_id: str) -> s.HeartbeatAck:
        """Store one heartbeat."""
        now = self.now()
        with self._tx() as db:
            db.execute("INSERT INTO heartbeats (terminal_id, received_at, body) VALUES (?, ?, ?)",
                       (terminal_id, _iso(now), beat.model_dump_json()))
        return s.HeartbeatAck(server_time=now)

    def heartbeats(self) -> list[dict[str, Any]]:
        """Every stored heartbeat, oldest first."""
        return [{"terminal_id": r["terminal_id"], "received_at": r["received_at"],
                 "heartbeat": json.loads(r["body"])}
                for r in self._all("SELECT * FROM heartbeats ORDER BY id")]


def _result(row: sqlite3.Row) -> s.SubmissionResult:
    return s.SubmissionResult.model_validate({
        "client_id": row["client_id"], "tracking_code": row["tracking_code"],
        "case_id": row["case_id"], "status": "received", "received_at": row["received_at"]})


def _hub_values(person: DemoResident) -> dict[str, str]:
    values = {
        "person.phone": person.phone,
        "person.household_address": person.household_address,
        "person.residence_address": person.residence_address,
        "person.household_id": person.household_id,
        "person.household_head_name": resident(person.household_head).name,
        "person.relation_to_head": person.relation_to_head,
        "person.citizen_card_number": person.citizen_card_number,
    }
    if person.employer is not None:
        values["person.employer"] = person.employer
    if person.social_insurance_since is not None:
        values["person.social_insurance_since"] = person.social_insurance_since.isoformat()
    return values


def _schema_problems(validator: object, expected: object, path: list[str | int],
                     instance: object) -> list[s.Problem]:
    # Messages name the rule, never the value: form values are personal data.
    field = ".".join(str(p) for p in path) or None
    rule = str(validator)
    if rule == "required" and isinstance(expected, list) and isinstance(instance, dict):
        return [s.Problem(code="required", field=str(name), message="this field is required")
                for name in expected if name not in instance]
    if rule == "additionalProperties" and isinstance(instance, dict):
        return [s.Problem(code="unknown_field", field=None, message="the form has unknown fields")]
    detail = {
        "pattern": "does not have the expected format",
        "enum": "is not one of the allowed choices",
        "maxLength": f"is longer than {expected} characters",
        "minLength": "must not be empty",
        "type": f"must be of type {expected}",
        "minimum": f"must be at least {expected}",
        "maximum": f"must be at most {expected}",
    }.get(rule, f"fails the {rule} rule")
    return [s.Problem(code=rule, field=field, message=detail)]


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
