"""e-ID QR payloads: minted for a demo resident, spent once for a level-2 session."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import secrets

from kiosk.devtools.residents import resident
from kiosk.hub import schema as s

from .database import HubDatabase, HubProblem, iso, parse
from .sessions import Sessions

EID_TTL = dt.timedelta(minutes=5)
EID_PREFIX = "EID1:"
EID_TOKEN_BYTES = 24


class EidTokens:
    """Single-use e-ID tokens, as a resident's phone would show them in a QR code."""

    def __init__(self, db: HubDatabase, sessions: Sessions) -> None:
        self._db = db
        self._sessions = sessions

    def mint(self, resident_id: str) -> tuple[str, dt.datetime]:
        """An e-ID QR payload for a demo resident, valid for 5 minutes, single use."""
        try:
            person = resident(resident_id)
        except KeyError:
            raise HubProblem(404, "person_unknown", "no such demo resident") from None
        token = secrets.token_bytes(EID_TOKEN_BYTES)
        text = base64.urlsafe_b64encode(token).decode("ascii").rstrip("=")
        expires = self._db.now() + EID_TTL
        with self._db.tx() as db:
            db.execute("INSERT INTO eid_tokens VALUES (?, ?, ?, NULL)",
                       (text, person.resident_id, iso(expires)))
        return EID_PREFIX + text, expires

    def resolve(self, payload: str, terminal_id: str) -> s.IdentitySession:
        """A level-2 session from an e-ID QR payload."""
        payload = payload.strip()
        raw = _b64url_decode(payload[len(EID_PREFIX):]) if payload.startswith(EID_PREFIX) else None
        if raw is None or len(raw) != EID_TOKEN_BYTES:
            raise HubProblem(422, "qr_malformed", "not an e-ID payload")
        token = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
        with self._db.tx() as db:
            row = db.execute("SELECT * FROM eid_tokens WHERE token = ?", (token,)).fetchone()
            if row is None:
                raise HubProblem(422, "qr_unknown", "e-ID payload not issued by this hub")
            if row["used_at"] is not None:
                raise HubProblem(422, "qr_used", "e-ID payload already used")
            if parse(row["expires_at"]) <= self._db.now():
                raise HubProblem(422, "qr_expired", "e-ID payload expired")
            db.execute("UPDATE eid_tokens SET used_at = ? WHERE token = ?",
                       (iso(self._db.now()), token))
        return self._sessions.new(resident(row["resident_id"]), terminal_id, 2, "eid_qr")


def _b64url_decode(text: str) -> bytes | None:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
