"""Identity sessions: level 1 from a card the kiosk read, level 2 after an SMS code."""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from typing import Any

from kiosk.base.idnumber import validate as validate_id_number
from kiosk.devtools.residents import DemoResident, by_id_number, resident
from kiosk.hub import schema as s

from .database import HubDatabase, HubProblem, iso, parse

SESSION_TTL = dt.timedelta(minutes=15)
CODE_TTL = dt.timedelta(minutes=5)
CODE_RESEND_AFTER = dt.timedelta(seconds=60)
MAX_CODE_ATTEMPTS = 5


class Sessions:
    """Identity sessions of residents at terminals, and the SMS codes that raise them."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def new(self, person: DemoResident, terminal_id: str, level: int,
            method: str) -> s.IdentitySession:
        """Open a session for ``person`` at ``terminal_id``."""
        session_id = secrets.token_urlsafe(18)
        expires = self._db.now() + SESSION_TTL
        with self._db.tx() as db:
            db.execute("INSERT INTO sessions (session_id, resident_id, terminal_id, level, "
                       "method, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                       (session_id, person.resident_id, terminal_id, level, method,
                        iso(expires)))
        return _session_model(session_id, person, level, method, expires)

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
        return self.new(person, terminal_id, 1, "card")

    def _row(self, session_id: str, terminal_id: str) -> sqlite3.Row:
        row = self._db.one("SELECT * FROM sessions WHERE session_id = ? AND terminal_id = ?",
                           session_id, terminal_id)
        if row is None:
            raise HubProblem(404, "session_unknown", "no such identity session")
        return row

    def live(self, session_id: str, terminal_id: str) -> sqlite3.Row:
        """The session's row; refused when unknown at this terminal or expired."""
        row = self._row(session_id, terminal_id)
        if parse(row["expires_at"]) <= self._db.now():
            raise HubProblem(422, "session_expired", "identity session expired")
        return row

    def send_code(self, session_id: str, terminal_id: str) -> s.CodeSent:
        """Text a one-time code to the resident's registered phone."""
        row = self.live(session_id, terminal_id)
        if row["locked"]:
            raise HubProblem(423, "code_locked", "too many wrong codes; session locked")
        now = self._db.now()
        if row["code_sent_at"] and now < parse(row["code_sent_at"]) + CODE_RESEND_AFTER:
            raise HubProblem(422, "code_too_soon", "a code was sent moments ago")
        person = resident(row["resident_id"])
        code = f"{secrets.randbelow(1_000_000):06d}"
        hint = person.phone[-4:]
        with self._db.tx() as db:
            db.execute("UPDATE sessions SET code = ?, code_sent_at = ?, code_expires_at = ? "
                       "WHERE session_id = ?",
                       (code, iso(now), iso(now + CODE_TTL), session_id))
            db.execute("INSERT INTO sent_codes (session_id, phone_hint, code, sent_at) "
                       "VALUES (?, ?, ?, ?)", (session_id, hint, code, iso(now)))
        return s.CodeSent(session_id=session_id, phone_hint=hint,
                          resend_after_s=int(CODE_RESEND_AFTER.total_seconds()),
                          expires_in_s=int(CODE_TTL.total_seconds()))

    def verify_code(self, session_id: str, code: str, terminal_id: str) -> s.IdentitySession:
        """Raise the session to level 2 if the code is right; lock it after 5 wrong ones."""
        row = self.live(session_id, terminal_id)
        if row["locked"]:
            raise HubProblem(423, "code_locked", "too many wrong codes; session locked")
        if row["code"] is None:
            raise HubProblem(422, "code_not_sent", "no code was requested for this session")
        if parse(row["code_expires_at"]) <= self._db.now():
            raise HubProblem(422, "code_expired", "the code expired; request a new one")
        if not secrets.compare_digest(str(row["code"]), code):
            # Counted in one statement: concurrent wrong codes each see the count the one
            # before left, so no more than MAX_CODE_ATTEMPTS - 1 of them answer code_wrong.
            with self._db.tx() as db:
                counted = db.execute(
                    "UPDATE sessions SET wrong_codes = wrong_codes + 1, "
                    "locked = (wrong_codes + 1 >= ?) WHERE session_id = ? AND locked = 0 "
                    "RETURNING wrong_codes, locked", (MAX_CODE_ATTEMPTS, session_id)).fetchone()
            if counted is None or counted["locked"]:
                raise HubProblem(423, "code_locked", "too many wrong codes; session locked")
            left = MAX_CODE_ATTEMPTS - int(counted["wrong_codes"])
            raise HubProblem(422, "code_wrong", "wrong code",
                             [s.Problem(code="code_wrong", field="code",
                                        message=f"{left} attempts left")])
        expires = self._db.now() + SESSION_TTL
        with self._db.tx() as db:
            # A right code that arrives after the lock stays refused.
            raised = db.execute("UPDATE sessions SET level = 2, method = 'card+sms', "
                                "expires_at = ?, code = NULL WHERE session_id = ? AND locked = 0",
                                (iso(expires), session_id)).rowcount
        if not raised:
            raise HubProblem(423, "code_locked", "too many wrong codes; session locked")
        return _session_model(session_id, resident(row["resident_id"]), 2, "card+sms", expires)

    def sent_codes(self) -> list[dict[str, Any]]:
        """The reference SMS gateway's outbox (codes and phone hints only)."""
        return [dict(r) for r in self._db.all("SELECT session_id, phone_hint, code, sent_at "
                                              "FROM sent_codes ORDER BY id")]

    def proved_level2(self, identity: s.SubmissionIdentity, terminal_id: str) -> bool:
        """Whether ``identity`` names a level-2 session at this terminal for its number."""
        # An expired session still proves the check happened: offline submissions arrive late.
        if identity.level != 2 or identity.session_id is None:
            return False
        row = self._db.one("SELECT resident_id, level FROM sessions WHERE session_id = ? "
                           "AND terminal_id = ?", identity.session_id, terminal_id)
        if row is None or int(row["level"]) < 2:
            return False
        return resident(row["resident_id"]).id_number == identity.id_number


def _session_model(session_id: str, person: DemoResident, level: int, method: str,
                   expires: dt.datetime) -> s.IdentitySession:
    return s.IdentitySession.model_validate({
        "session_id": session_id, "level": level, "method": method, "expires_at": expires,
        "person": {"name": person.name, "id_number": person.id_number, "sex": person.sex,
                   "nation": person.nation, "birth_date": person.birth_date},
    })
