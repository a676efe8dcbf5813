"""Enrolment tokens and enrolled terminals: their signing secrets, algorithms and prefixes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from kiosk.base import tracking
from kiosk.hub import schema as s
from kiosk.hub.signing import SIGNATURE_ALGORITHMS, new_secret

from .database import HubDatabase, HubProblem, crockford, iso


@dataclass(frozen=True)
class TerminalKey:
    """What the hub checks a terminal's signed requests with."""

    secret: str
    signature_algorithm: str


def choose_algorithm(offered: list[str]) -> str:
    """The terminal's most preferred algorithm this hub supports; 422 when there is none."""
    for name in offered:
        if name in SIGNATURE_ALGORITHMS:
            return name
    raise HubProblem(422, "signature_algorithm_unsupported",
                     f"none of {', '.join(offered)} is supported; this hub signs with "
                     f"{', '.join(SIGNATURE_ALGORITHMS)}",
                     [s.Problem(code="unsupported", field="signature_algorithms",
                                message="no supported signature algorithm offered")])


class Terminals:
    """One-time enrolment tokens and the terminals that spent them."""

    def __init__(self, db: HubDatabase) -> None:
        self._db = db

    def mint_token(self, terminal_id: str) -> str:
        """A new one-time enrolment token, good only for ``terminal_id``."""
        token = secrets.token_urlsafe(18)
        # One that starts with "-" reads as an option on a command line
        # (`kiosk enroll --token -x…` is refused by argparse): draw again.
        while token.startswith("-"):
            token = secrets.token_urlsafe(18)
        with self._db.tx() as db:
            db.execute("INSERT INTO tokens (token, created_at, terminal_id) VALUES (?, ?, ?)",
                       (token, iso(self._db.now()), terminal_id))
        return token

    def revoke(self, terminal_id: str) -> bool:
        """Forget a terminal's secret and end its sessions; ``False`` if it is not enrolled.

        Its tracking prefix is kept for it: a re-enrolled terminal keeps its codes' prefix.
        """
        with self._db.tx() as db:
            gone = db.execute("UPDATE terminals SET secret = '' WHERE terminal_id = ? "
                              "AND secret != ''", (terminal_id,)).rowcount
            # Identity sessions die with the secret that opened them.
            db.execute("DELETE FROM sessions WHERE terminal_id = ?", (terminal_id,))
        return bool(gone)

    def tokens(self) -> list[dict[str, Any]]:
        """Every token and whether it was used."""
        return [dict(r) for r in self._db.all("SELECT * FROM tokens ORDER BY created_at")]

    def enroll(self, request: s.EnrollRequest) -> s.Enrollment:
        """Spend a token on credentials for the terminal it was minted for.

        An enrolled terminal is never enrolled again over itself: the admin revokes it
        first (its secret and sessions end), and it then keeps its tracking prefix.
        """
        with self._db.tx() as db:
            row = db.execute("SELECT used_at, terminal_id FROM tokens WHERE token = ?",
                             (request.token,)).fetchone()
            # Distinct reasons, so a technician learns whether to mint a new token or to
            # check terminal.id; a token reveals nothing more than that it exists.
            if row is None:
                raise HubProblem(401, "token_invalid", "enrolment token unknown")
            if row["terminal_id"] != request.terminal_id:
                raise HubProblem(401, "token_wrong_terminal",
                                 "enrolment token was not issued for this terminal")
            if row["used_at"] is not None:
                raise HubProblem(401, "token_used", "enrolment token already used")
            existing = db.execute("SELECT prefix, secret FROM terminals WHERE terminal_id = ?",
                                  (request.terminal_id,)).fetchone()
            if existing is not None and existing["secret"]:
                raise HubProblem(409, "terminal_enrolled",
                                 "this terminal is enrolled; an administrator revokes it first")
            algorithm = choose_algorithm(request.signature_algorithms)
            db.execute("UPDATE tokens SET used_at = ?, used_by = ? WHERE token = ?",
                       (iso(self._db.now()), request.terminal_id, request.token))
            secret = new_secret()
            if existing is not None:
                prefix = str(existing["prefix"])
                db.execute("UPDATE terminals SET secret = ?, description = ?, "
                           "signature_algorithm = ? WHERE terminal_id = ?",
                           (secret, request.description, algorithm, request.terminal_id))
            else:
                taken = {r["prefix"] for r in db.execute("SELECT prefix FROM terminals")}
                prefix = crockford(tracking.PREFIX_LEN)
                while prefix in taken:
                    prefix = crockford(tracking.PREFIX_LEN)
                db.execute("INSERT INTO terminals (terminal_id, secret, prefix, description, "
                           "enrolled_at, signature_algorithm) VALUES (?, ?, ?, ?, ?, ?)",
                           (request.terminal_id, secret, prefix, request.description,
                            iso(self._db.now()), algorithm))
        return s.Enrollment(terminal_id=request.terminal_id, secret=secret,
                            tracking_prefix=prefix, signature_algorithm=algorithm)

    def key(self, terminal_id: str) -> TerminalKey | None:
        """Secret and signature algorithm of an enrolled terminal (``None`` if unknown/revoked)."""
        row = self._db.one("SELECT secret, signature_algorithm FROM terminals "
                           "WHERE terminal_id = ?", terminal_id)
        if row is None or not row["secret"]:
            return None
        return TerminalKey(str(row["secret"]), str(row["signature_algorithm"]))

    def prefix(self, terminal_id: str) -> str | None:
        """The tracking prefix of an enrolled terminal."""
        row = self._db.one("SELECT prefix FROM terminals WHERE terminal_id = ?", terminal_id)
        return None if row is None else str(row["prefix"])
