"""The kiosk's client for the city data hub (contract v1).

One ``requests.Session``; every call has a (connect, read) timeout and an
overall deadline (``timeout_s``) that also bounds retries and a slowly
trickled body; requests are HMAC-signed; only idempotent calls (GET, PUT,
DELETE) are retried, with exponential backoff through the injected clock; TLS
verification is always on (a private CA bundle may be given). Every response is
validated against the shared contract models, and every failure becomes a
``HubError`` — garbage from the network never crashes the caller.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import json
import socket
import threading
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, TypeVar

import requests
import urllib3
from pydantic import BaseModel, ValidationError

from kiosk.base.clock import Clock, SystemClock
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import (
    HubCallFailed,
    HubClockSkew,
    HubEnrolFailed,
    HubEnrolled,
    HubRequest,
)
from kiosk.base.private_files import private_file_problem, write_private_file
from kiosk.base.urls import hub_url_problem
from kiosk.hub import schema as s
from kiosk.hub.errors import (
    HubBadResponse,
    HubError,
    HubNotFound,
    HubTimeout,
    HubTooLarge,
    HubUnreachable,
    error_for_status,
)
from kiosk.hub.signing import (
    DEFAULT_SIGNATURE_ALGORITHM,
    check_algorithm,
    decode_secret,
    signed_headers,
)

M = TypeVar("M", bound=BaseModel)

SKEW_WARNING_S = 60.0
CLOCK_SKEW_WARNING_KEY = "hub.clock_skew"
# How far a burst of POSTs may run its strictly increasing timestamps ahead of the clock.
POST_STAMP_LEAD_S = 30
DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024
_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE"})
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class TerminalCredentials:
    """What a terminal got at enrolment; stored in a 0600 JSON file."""

    terminal_id: str
    secret: str
    tracking_prefix: str
    signature_algorithm: str = DEFAULT_SIGNATURE_ALGORITHM

    def key(self) -> bytes:
        """The HMAC key bytes."""
        return decode_secret(self.secret)

    @classmethod
    def from_enrollment(cls, enrollment: s.Enrollment) -> TerminalCredentials:
        """Credentials from the hub's enrolment answer."""
        return cls(enrollment.terminal_id, enrollment.secret, enrollment.tracking_prefix,
                   check_algorithm(enrollment.signature_algorithm))

    @classmethod
    def load(cls, path: Path) -> TerminalCredentials:
        """Read a credentials file; ``ValueError`` if it is not one or others can read it."""
        problem = private_file_problem(path)
        if problem is not None:
            raise ValueError(problem)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            # Files written before the GM profile have no algorithm: they are hmac-sha256.
            creds = cls(str(data["terminal_id"]), str(data["secret"]),
                        str(data["tracking_prefix"]),
                        check_algorithm(str(data.get("signature_algorithm",
                                                     DEFAULT_SIGNATURE_ALGORITHM))))
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError(f"not a terminal credentials file: {path.name}") from exc
        creds.key()
        return creds

    def save(self, path: Path) -> None:
        """Write atomically, readable by the owner only."""
        path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"terminal_id": self.terminal_id, "secret": self.secret,
                           "tracking_prefix": self.tracking_prefix,
                           "signature_algorithm": self.signature_algorithm})
        write_private_file(path, body.encode("utf-8"))


T = TypeVar("T")


@dataclass(frozen=True)
class Versioned(Generic[T]):
    """A cacheable answer: the value and its ETag, or ``not_modified`` (value ``None``)."""

    value: T | None
    etag: str | None
    not_modified: bool


@dataclass(frozen=True)
class _Reply:
    status: int
    body: bytes
    etag: str | None


class HubClient:
    """Signed, bounded, validating calls to the city data hub."""

    def __init__(
        self,
        base_url: str,
        credentials: TerminalCredentials | None,
        *,
        clock: Clock | None = None,
        timeout_s: float = 10.0,
        connect_timeout_s: float = 3.0,
        ca_bundle: Path | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_retries: int = 2,
        backoff_s: float = 0.2,
    ) -> None:
        problem = hub_url_problem(base_url)
        if problem is not None:
            raise ValueError(f"hub URL {problem}")
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self._key = credentials.key() if credentials is not None else None
        self._clock = clock or SystemClock()
        self.timeout_s = timeout_s
        self._connect_timeout_s = connect_timeout_s
        # Verification stays on; a private CA bundle replaces the system roots, never disables.
        self._verify: str | bool = str(ca_bundle) if ca_bundle is not None else True
        self._max_bytes = max_response_bytes
        self._max_retries = max_retries
        self._backoff_s = backoff_s
        self._session = requests.Session()
        self._session.trust_env = False
        self._session.headers.update({"Accept": "application/json",
                                      "Accept-Encoding": "identity",
                                      "User-Agent": "neighbourhood-kiosk-hub-client/1"})
        self.clock_skew_s: float | None = None
        self._last_post_stamp = 0
        self._taken_post_stamp = 0  # the last POST stamp the hub did not refuse as stale
        self._stamp_lock = threading.Lock()

    # --- lifecycle -----------------------------------------------------------

    def close(self) -> None:
        """Release pooled connections."""
        self._session.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @property
    def clock_warning(self) -> str | None:
        """``"hub.clock_skew"`` when the local clock is more than 60 s off the hub's."""
        if self.clock_skew_s is not None and abs(self.clock_skew_s) > SKEW_WARNING_S:
            return CLOCK_SKEW_WARNING_KEY
        return None

    # --- transport -----------------------------------------------------------

    def _signing_now(self, method: str) -> dt.datetime:
        now = self._clock.now()
        # A clock known to be far off would have every request refused as stale; sign in hub time.
        if self.clock_skew_s is not None and abs(self.clock_skew_s) > SKEW_WARNING_S:
            now += dt.timedelta(seconds=self.clock_skew_s)
        if method not in _IDEMPOTENT:
            # The hub refuses an exact replay of a POST; two identical POSTs in one second
            # (a resident retyping the same code) must still differ, so POST timestamps
            # strictly increase. Bursts run ahead by a few seconds, well inside the window.
            with self._stamp_lock:
                stamp, floor = int(now.timestamp()), self._last_post_stamp + 1
                if floor - stamp > POST_STAMP_LEAD_S:
                    # The last stamp came from a clock since found wrong (or set back): keeping
                    # above it would sign every later POST in the future the hub refuses.
                    # Above the last one the hub took is enough to never look like a replay.
                    floor = self._taken_post_stamp + 1
                stamp = max(stamp, floor)
                self._last_post_stamp = stamp
            now = dt.datetime.fromtimestamp(stamp, dt.UTC)
        return now

    def _call(self, method: str, path: str, *, body: bytes | None = None,
              content_type: str | None = None, params: dict[str, str] | None = None,
              headers: dict[str, str] | None = None, signed: bool = True,
              ok: frozenset[int] = frozenset({200, 201})) -> _Reply:
        deadline = self._clock.monotonic() + self.timeout_s
        attempt = 0
        skew_retried = False
        operation = operation_name(path)
        while True:
            started = self._clock.monotonic()
            number = attempt + 1
            status = 0
            try:
                reply = self._attempt(method, path, body=body, content_type=content_type,
                                      params=params, headers=headers, signed=signed,
                                      deadline=deadline)
                status = reply.status
                if reply.status in ok or reply.status == 304:
                    return reply
                raise _status_error(reply)
            except HubError as exc:
                if exc.reason == "timestamp_stale" and not skew_retried:
                    # Refused before any effect, so safe even for POST; the refusal's Date has
                    # just re-measured the skew (a clock set right again needs none any more).
                    skew_retried = True
                    continue
                if not (exc.retryable and method in _IDEMPOTENT and attempt < self._max_retries
                        and not isinstance(exc, HubBadResponse)):
                    emit(HubCallFailed(operation=operation, kind=Ident.of(exc.kind.value),
                                       status=exc.status, reason=Ident.maybe(exc.reason)))
                    raise
                delay = self._backoff_s * (2 ** attempt)
                if self._clock.monotonic() + delay >= deadline:
                    emit(HubCallFailed(operation=operation, kind=Ident.of(exc.kind.value),
                                       status=exc.status, reason=Ident.maybe(exc.reason)))
                    raise
                self._clock.sleep(delay)
                attempt += 1
            finally:
                emit(HubRequest(operation=operation, method=Ident(method), status=status,
                                duration_s=self._clock.monotonic() - started, attempt=number))

    def _attempt(self, method: str, path: str, *, body: bytes | None, content_type: str | None,
                 params: dict[str, str] | None, headers: dict[str, str] | None, signed: bool,
                 deadline: float) -> _Reply:
        remaining = deadline - self._clock.monotonic()
        if remaining <= 0:
            raise HubTimeout("deadline passed before the request was sent")
        request_headers = dict(headers or {})
        if content_type is not None:
            request_headers["Content-Type"] = content_type
        prepared = self._session.prepare_request(requests.Request(
            method, self.base_url + path, data=body or b"", params=params,
            headers=request_headers))
        if signed:
            if self.credentials is None or self._key is None:
                raise ValueError("this call needs terminal credentials")
            raw = prepared.body if isinstance(prepared.body, bytes) else b""
            signed_at = self._signing_now(method)
            prepared.headers.update(signed_headers(
                self.credentials.terminal_id, self._key, method, prepared.path_url, body=raw,
                now=signed_at, algorithm=self.credentials.signature_algorithm))
        try:
            response = self._session.send(
                prepared, timeout=(min(self._connect_timeout_s, remaining), remaining),
                stream=True, verify=self._verify, allow_redirects=False)
        except requests.exceptions.ConnectTimeout as exc:
            raise HubUnreachable(f"connect timed out: {type(exc).__name__}") from exc
        except requests.exceptions.Timeout as exc:
            raise HubTimeout(f"no answer in time: {type(exc).__name__}") from exc
        except requests.exceptions.RequestException as exc:
            raise HubUnreachable(f"connection failed: {type(exc).__name__}") from exc
        if signed and method not in _IDEMPOTENT and response.status_code != 401:
            with self._stamp_lock:
                self._taken_post_stamp = max(self._taken_post_stamp,
                                             int(signed_at.timestamp()))
        try:
            self._record_skew(response.headers.get("Date"))
            data = self._read_body(response, deadline)
        finally:
            response.close()
        return _Reply(response.status_code, data, response.headers.get("ETag"))

    def _read_body(self, response: requests.Response, deadline: float) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self._max_bytes:
            raise HubTooLarge(f"response of {declared} bytes exceeds the limit")
        raw = response.raw
        chunks: list[bytes] = []
        total = 0
        while True:
            remaining = deadline - self._clock.monotonic()
            if remaining <= 0:
                raise HubTimeout("response body arrived too slowly")
            _limit_socket_wait(raw, remaining)
            try:
                chunk = raw.read1(_CHUNK)
            except urllib3.exceptions.ReadTimeoutError as exc:
                raise HubTimeout("response body stalled") from exc
            except (urllib3.exceptions.HTTPError, OSError) as exc:
                raise HubUnreachable(f"connection broke: {type(exc).__name__}") from exc
            if not chunk:
                return b"".join(chunks)
            total += len(chunk)
            if total > self._max_bytes:
                raise HubTooLarge("response exceeds the size limit")
            chunks.append(chunk)

    def _record_skew(self, date_header: str | None) -> None:
        if not date_header:
            return
        try:
            hub_time = email.utils.parsedate_to_datetime(date_header)
        except (TypeError, ValueError, IndexError):
            return
        if hub_time.tzinfo is None:
            hub_time = hub_time.replace(tzinfo=dt.UTC)
        warned = self.clock_warning is not None
        self.clock_skew_s = (hub_time - self._clock.now()).total_seconds()
        if self.clock_warning is not None and not warned:
            emit(HubClockSkew(skew_s=self.clock_skew_s))

    def _json(self, model: type[M], reply: _Reply) -> M:
        try:
            return model.model_validate_json(reply.body)
        except ValidationError as exc:
            raise HubBadResponse(f"answer is not a valid {model.__name__}",
                                 status=reply.status) from exc

    def _get(self, model: type[M], path: str, params: dict[str, str] | None = None) -> M:
        return self._json(model, self._call("GET", path, params=params))

    def _send(self, method: str, model: type[M], path: str, payload: BaseModel | None) -> M:
        body = payload.model_dump_json().encode("utf-8") if payload is not None else b""
        ctype = "application/json" if payload is not None else None
        return self._json(model, self._call(method, path, body=body, content_type=ctype))

    def _versioned(self, model: type[M], path: str, etag: str | None) -> Versioned[M]:
        headers = {"If-None-Match": etag} if etag else None
        reply = self._call("GET", path, headers=headers)
        if reply.status == 304:
            return Versioned(None, etag, True)
        return Versioned(self._json(model, reply), reply.etag, False)

    # --- contract calls ------------------------------------------------------

    def health(self) -> s.Health:
        """Unsigned liveness check."""
        return self._json(s.Health, self._call("GET", "/v1/health", signed=False))

    @classmethod
    def enroll(cls, base_url: str, token: str, terminal_id: str, description: str = "", *,
               clock: Clock | None = None, timeout_s: float = 10.0,
               ca_bundle: Path | None = None,
               signature_algorithms: Sequence[str] = (DEFAULT_SIGNATURE_ALGORITHM,),
               ) -> TerminalCredentials:
        """Trade a one-time enrolment token for this terminal's credentials.

        ``signature_algorithms`` are the ones this terminal accepts, most preferred first;
        the hub's choice outside them is refused as a bad answer.
        """
        with cls(base_url, None, clock=clock, timeout_s=timeout_s, ca_bundle=ca_bundle) as c:
            body = s.EnrollRequest(token=token, terminal_id=terminal_id,
                                   description=description,
                                   signature_algorithms=list(signature_algorithms))
            try:
                reply = c._call("POST", "/v1/terminals/enroll", signed=False,
                                body=body.model_dump_json().encode("utf-8"),
                                content_type="application/json")
                enrollment = c._json(s.Enrollment, reply)
                if enrollment.signature_algorithm not in signature_algorithms:
                    raise HubBadResponse(
                        f"the hub chose {enrollment.signature_algorithm!r}, which this terminal "
                        f"did not offer ({', '.join(signature_algorithms)})", status=reply.status)
            except HubError as exc:
                emit(HubEnrolFailed(kind=Ident.of(exc.kind.value), status=exc.status,
                                    reason=Ident.maybe(exc.reason)))
                raise
            creds = TerminalCredentials.from_enrollment(enrollment)
            emit(HubEnrolled(terminal=Ident.of(creds.terminal_id),
                             signature_algorithm=Ident.of(creds.signature_algorithm)))
            return creds

    def catalog(self, etag: str | None = None) -> Versioned[s.Catalog]:
        """The service catalog, or ``not_modified`` when ``etag`` is current."""
        return self._versioned(s.Catalog, "/v1/catalog", etag)

    def form(self, service_id: str, etag: str | None = None) -> Versioned[s.FormSchema]:
        """A service's form schema, or ``not_modified`` when ``etag`` is current."""
        return self._versioned(s.FormSchema, f"/v1/forms/{_seg(service_id)}", etag)

    def identify_card(self, card: s.CardIdentity) -> s.IdentitySession:
        """Open a level-1 session from a card read."""
        return self._send("POST", s.IdentitySession, "/v1/identity/card", card)

    def technician_card(self, card: s.TechnicianCard) -> s.TechnicianGrant:
        """Ask whether a card opens the technician screen (``POST /v1/technicians/card``).

        A card without an active technician behind it is ``HubNotFound`` with reason
        ``technician_unknown`` or ``technician_suspended``, never an auth error: a 401/403
        is about this terminal's own credentials.
        """
        return self._send("POST", s.TechnicianGrant, "/v1/technicians/card", card)

    def request_code(self, session_id: str) -> s.CodeSent:
        """Have the hub text a one-time code to the resident's phone."""
        return self._send("POST", s.CodeSent, f"/v1/identity/{_seg(session_id)}/code", None)

    def verify_code(self, session_id: str, code: str) -> s.IdentitySession:
        """Check the typed code; the returned session is level 2 on success."""
        return self._send("POST", s.IdentitySession, f"/v1/identity/{_seg(session_id)}/verify",
                          s.CodeCheck.model_construct(code=code))

    def resolve_qr(self, payload: str) -> s.IdentitySession:
        """Open a level-2 session from an e-ID QR payload."""
        return self._send("POST", s.IdentitySession, "/v1/identity/qr",
                          s.QrPayload.model_construct(payload=payload))

    def prefill(self, session_id: str, service_id: str) -> s.Prefill:
        """Hub-held values for a service's form."""
        return self._send("POST", s.Prefill, "/v1/prefill",
                          s.PrefillRequest.model_construct(session_id=session_id,
                                                           service_id=service_id))

    def put_document(self, sha256: str, data: bytes, content_type: str) -> s.DocumentReceipt:
        """Upload a document (idempotent, retried)."""
        reply = self._call("PUT", f"/v1/documents/{_seg(sha256)}", body=data,
                           content_type=content_type)
        return self._json(s.DocumentReceipt, reply)

    def has_document(self, sha256: str) -> bool:
        """Whether the hub already holds a document."""
        try:
            self._get(s.DocumentReceipt, f"/v1/documents/{_seg(sha256)}")
        except HubNotFound:
            return False
        return True

    def submit(self, submission: s.Submission) -> s.SubmissionResult:
        """Submit (idempotent by ``client_id``; a repeat returns the first result)."""
        body = s.canonical_json(submission).encode("utf-8")
        reply = self._call("PUT", f"/v1/submissions/{submission.client_id}", body=body,
                           content_type="application/json")
        return self._json(s.SubmissionResult, reply)

    def case_status(self, tracking_code: str) -> s.CaseStatus:
        """A case's status by tracking code."""
        return self._get(s.CaseStatus, f"/v1/cases/{_seg(tracking_code)}")

    def service_points(self, lat: float, lon: float,
                       service_id: str | None = None) -> list[s.ServicePoint]:
        """Service points sorted by walking time from ``(lat, lon)``."""
        params = {"lat": repr(float(lat)), "lon": repr(float(lon))}
        if service_id is not None:
            params["service_id"] = service_id
        return self._get(s.ServicePoints, "/v1/service-points", params).points

    def slots(self, point_id: str, service_id: str, day: dt.date) -> s.Slots:
        """Bookable slots of one point, service and day."""
        return self._get(s.Slots, f"/v1/service-points/{_seg(point_id)}/slots",
                         {"service_id": service_id, "date": day.isoformat()})

    def book(self, session_id: str, point_id: str, service_id: str,
             slot_start: dt.datetime) -> s.Appointment:
        """Book a slot (not retried: a lost answer is settled by the resident's SMS)."""
        request = s.AppointmentRequest(session_id=session_id, point_id=point_id,
                                       service_id=service_id, slot_start=slot_start)
        return self._send("POST", s.Appointment, "/v1/appointments", request)

    def cancel(self, appointment_id: str, session_id: str | None = None) -> s.Appointment:
        """Cancel an appointment (idempotent); with ``session_id``, as that resident."""
        path = f"/v1/appointments/{_seg(appointment_id)}"
        if session_id is not None:
            path += "?" + urllib.parse.urlencode({"session_id": session_id})
        return self._send("DELETE", s.Appointment, path, None)

    def my_appointments(self, session_id: str) -> list[s.Appointment]:
        """The identified resident's appointments, booked at any terminal."""
        return self._get(s.Appointments, "/v1/appointments",
                         {"session_id": session_id}).appointments

    def district_map(self, etag: str | None = None) -> Versioned[s.DistrictMap]:
        """The district's streets and points (GeoJSON), or ``not_modified``."""
        return self._versioned(s.DistrictMap, "/v1/district-map", etag)

    def rate(self, rating: s.Rating) -> s.RatingResult:
        """Send a rating (idempotent by ``client_id``; a repeat returns the first answer)."""
        body = s.canonical_json(rating).encode("utf-8")
        reply = self._call("PUT", f"/v1/ratings/{rating.client_id}", body=body,
                           content_type="application/json")
        return self._json(s.RatingResult, reply)

    def call_staff(self, reason: s.CallReason, *, elder_mode: bool = False,
                   locale: str = "zh-CN") -> s.CallStaffResult:
        """Ask for a member of staff."""
        return self._send("POST", s.CallStaffResult, "/v1/call-staff",
                          s.CallStaffRequest(reason=reason, elder_mode=elder_mode,
                                             locale=locale))

    def heartbeat(self, beat: s.Heartbeat) -> s.HeartbeatAck:
        """Send telemetry."""
        return self._send("POST", s.HeartbeatAck, "/v1/telemetry/heartbeat", beat)


class SigningAuth(requests.auth.AuthBase):
    """``requests`` auth that signs each prepared request (for tools and contract tests)."""

    def __init__(self, credentials: TerminalCredentials, clock: Clock | None = None) -> None:
        self._credentials = credentials
        self._key = credentials.key()
        self._clock = clock or SystemClock()

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        """Add the three signing headers to a fully prepared request."""
        body = request.body if isinstance(request.body, bytes) else (
            request.body.encode("utf-8") if isinstance(request.body, str) else b"")
        request.headers.update(signed_headers(
            self._credentials.terminal_id, self._key, request.method or "GET",
            request.path_url, body=body, now=self._clock.now(),
            algorithm=self._credentials.signature_algorithm))
        return request


# Path segments that name an operation; every other segment is an id and is left out.
_OPERATION_WORDS = frozenset({
    "terminals", "enroll", "catalog", "forms", "identity", "card", "code", "verify", "qr",
    "prefill", "documents", "submissions", "cases", "service-points", "slots", "appointments",
    "call-staff", "telemetry", "heartbeat", "health"})


def operation_name(path: str) -> Ident:
    """The operation a request path names, without its ids: ``/v1/identity/abc/code`` →
    ``identity.code`` (log events and metrics labels)."""
    words = [w for w in path.split("?", maxsplit=1)[0].split("/") if w in _OPERATION_WORDS]
    return Ident.of(".".join(words) or "unknown")


def _seg(value: str) -> str:
    # Path segments come from the hub or the resident; keep them from changing the path.
    return urllib.parse.quote(value, safe="")


def _status_error(reply: _Reply) -> HubError:
    reason: str | None = None
    problems: list[s.Problem] = []
    detail = f"hub answered HTTP {reply.status}"
    try:
        parsed = s.ErrorBody.model_validate_json(reply.body)
    except ValidationError:
        pass  # Error bodies from proxies are often HTML; the status alone decides the kind.
    else:
        reason, problems = parsed.reason, list(parsed.problems)
        detail = f"{detail}: {parsed.reason}"
    return error_for_status(reply.status, detail, reason, problems)


def _limit_socket_wait(raw: Any, remaining: float) -> None:
    # A server trickling bytes resets the read timeout on every byte; shrink the wait
    # to what is left of the deadline so the whole call stays bounded.
    conn = getattr(raw, "connection", None) or getattr(raw, "_connection", None)
    sock = getattr(conn, "sock", None)
    if isinstance(sock, socket.socket):
        # A closed socket refuses; the read that follows reports it.
        with contextlib.suppress(OSError):
            sock.settimeout(max(0.01, remaining))
