"""``HubStore``: every reference-hub resource behind the one object the app and CLI use."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from kiosk.base.clock import Clock
from kiosk.devtools.refhub import district
from kiosk.hub import schema as s

from .appointments import Appointments
from .cases import Cases
from .catalog import Catalog
from .database import HubDatabase
from .documents import Documents
from .eid import EidTokens
from .heartbeats import Heartbeats
from .prefill import Prefill
from .ratings import Ratings
from .sessions import Sessions
from .staff import StaffCalls
from .submissions import Submissions
from .technicians import Technicians
from .terminals import TerminalKey, Terminals


class HubStore:
    """The reference hub's state and rules; each method hands over to its resource."""

    def __init__(self, hub_dir: Path, clock: Clock) -> None:
        self.hub_dir = hub_dir
        self.clock = clock
        hub_dir.mkdir(parents=True, exist_ok=True)
        self.documents_dir = hub_dir / "documents"
        self._db = HubDatabase(hub_dir / "hub.sqlite3", clock)
        self._catalog = Catalog()
        self._terminals = Terminals(self._db)
        self._sessions = Sessions(self._db)
        self._eid = EidTokens(self._db, self._sessions)
        self._prefill = Prefill(self._sessions, self._catalog)
        self._documents = Documents(self._db, self.documents_dir)
        self._submissions = Submissions(self._db, self._terminals, self._sessions,
                                        self._catalog, self._documents)
        self._cases = Cases(self._db)
        self._appointments = Appointments(self._db, self._sessions, self._catalog)
        self._staff = StaffCalls(self._db)
        self._heartbeats = Heartbeats(self._db)
        self._ratings = Ratings(self._db)
        self._technicians = Technicians(self._db)

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def now(self) -> dt.datetime:
        """The hub's current time (UTC)."""
        return self._db.now()

    # --- terminals and enrolment ----------------------------------------------

    def mint_token(self, terminal_id: str) -> str:
        """A new one-time enrolment token, good only for ``terminal_id``."""
        return self._terminals.mint_token(terminal_id)

    def revoke_terminal(self, terminal_id: str) -> bool:
        """End a terminal's secret and sessions so it can be enrolled again."""
        return self._terminals.revoke(terminal_id)

    def tokens(self) -> list[dict[str, Any]]:
        """Every token and whether it was used."""
        return self._terminals.tokens()

    def enroll(self, request: s.EnrollRequest) -> s.Enrollment:
        """Spend a token on credentials for the terminal it was minted for."""
        return self._terminals.enroll(request)

    def terminal_key(self, terminal_id: str) -> TerminalKey | None:
        """Secret and signature algorithm of an enrolled terminal."""
        return self._terminals.key(terminal_id)

    def terminal_prefix(self, terminal_id: str) -> str | None:
        """The tracking prefix of an enrolled terminal."""
        return self._terminals.prefix(terminal_id)

    # --- identity ---------------------------------------------------------------

    def identify_card(self, card: s.CardIdentity, terminal_id: str) -> s.IdentitySession:
        """A level-1 session for a card the kiosk read."""
        return self._sessions.identify_card(card, terminal_id)

    def send_code(self, session_id: str, terminal_id: str) -> s.CodeSent:
        """Text a one-time code to the resident's registered phone."""
        return self._sessions.send_code(session_id, terminal_id)

    def verify_code(self, session_id: str, code: str, terminal_id: str) -> s.IdentitySession:
        """Raise the session to level 2 if the code is right; lock it after 5 wrong ones."""
        return self._sessions.verify_code(session_id, code, terminal_id)

    def sent_codes(self) -> list[dict[str, Any]]:
        """The reference SMS gateway's outbox (codes and phone hints only)."""
        return self._sessions.sent_codes()

    def mint_eid(self, resident_id: str) -> tuple[str, dt.datetime]:
        """An e-ID QR payload for a demo resident, valid for 5 minutes, single use."""
        return self._eid.mint(resident_id)

    def resolve_qr(self, payload: str, terminal_id: str) -> s.IdentitySession:
        """A level-2 session from an e-ID QR payload."""
        return self._eid.resolve(payload, terminal_id)

    def prefill(self, request: s.PrefillRequest, terminal_id: str) -> s.Prefill:
        """Hub-held values for a service's form; nothing hub-only below level 2."""
        return self._prefill.prefill(request, terminal_id)

    # --- documents, submissions and cases --------------------------------------

    def put_document(self, sha256: str, data: bytes, content_type: str) -> bool:
        """Store a document; ``False`` when it was already there (idempotent)."""
        return self._documents.put(sha256, data, content_type)

    def document(self, sha256: str) -> s.DocumentReceipt | None:
        """A stored document's receipt."""
        return self._documents.receipt(sha256)

    def submit(self, client_id: uuid.UUID, sub: s.Submission,
               terminal_id: str) -> tuple[s.SubmissionResult, bool]:
        """Accept a submission once; a repeat returns the first result (``False``)."""
        return self._submissions.submit(client_id, sub, terminal_id)

    def submissions(self) -> list[dict[str, Any]]:
        """Received submissions (admin listing, without the form contents)."""
        return self._submissions.listing()

    def case_status(self, tracking_code: str) -> s.CaseStatus:
        """A case's status, moved along by elapsed hub time."""
        return self._cases.status(tracking_code)

    def advance_case(self, tracking_code: str) -> s.CaseStatus:
        """Move a case to its next state now (admin)."""
        return self._cases.advance(tracking_code)

    # --- service points and appointments ----------------------------------------

    def service_points(self, lat: float, lon: float, service_id: str | None) -> s.ServicePoints:
        """Points sorted by walking time from ``(lat, lon)``."""
        return self._appointments.service_points(lat, lon, service_id)

    def slots(self, point_id: str, service_id: str, day: dt.date) -> s.Slots:
        """Future slots of one day with remaining capacity."""
        return self._appointments.slots(point_id, service_id, day)

    def book(self, req: s.AppointmentRequest, terminal_id: str) -> s.Appointment:
        """Book a slot; 409 when it is full."""
        return self._appointments.book(req, terminal_id)

    def cancel(self, appt_id: str, terminal_id: str,
               session_id: str | None = None) -> s.Appointment:
        """Cancel an appointment (idempotent); frees its place."""
        return self._appointments.cancel(appt_id, terminal_id, session_id)

    def my_appointments(self, session_id: str, terminal_id: str) -> s.Appointments:
        """The session's resident's appointments, booked at any terminal."""
        return self._appointments.mine(session_id, terminal_id)

    def district_map(self) -> s.DistrictMap:
        """The demo district's streets and points as GeoJSON."""
        return district.district_map()

    # --- ratings ----------------------------------------------------------------

    def rate(self, client_id: uuid.UUID, rating: s.Rating,
             terminal_id: str) -> tuple[s.RatingResult, bool]:
        """Store a rating once; a repeat returns the first answer (``False``)."""
        return self._ratings.put(client_id, rating, terminal_id)

    def ratings(self) -> list[dict[str, Any]]:
        """Every rating (admin listing)."""
        return self._ratings.listing()

    def appointments(self) -> list[dict[str, Any]]:
        """Every appointment (admin listing, no personal data)."""
        return self._appointments.listing()

    # --- staff and telemetry ------------------------------------------------------

    def call_staff(self, req: s.CallStaffRequest, terminal_id: str) -> s.CallStaffResult:
        """Record a call for help and answer in the resident's language."""
        return self._staff.call(req, terminal_id)

    def call_staff_requests(self) -> list[dict[str, Any]]:
        """Every call-staff request."""
        return self._staff.requests()

    def heartbeat(self, beat: s.Heartbeat, terminal_id: str) -> s.HeartbeatAck:
        """Store one heartbeat."""
        return self._heartbeats.record(beat, terminal_id)

    def heartbeats(self) -> list[dict[str, Any]]:
        """Every stored heartbeat, oldest first."""
        return self._heartbeats.listing()

    # --- technicians --------------------------------------------------------------

    def technician_card(self, card: s.TechnicianCard, terminal_id: str) -> s.TechnicianGrant:
        """An 8-hour grant for an active technician's card; 404 for any other (recorded)."""
        return self._technicians.sign_in(card, terminal_id)

    def technician_signins(self) -> list[dict[str, Any]]:
        """Every technician sign-in attempt, oldest first (admin listing)."""
        return self._technicians.signins()
