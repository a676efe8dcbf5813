"""The reference hub's FastAPI app: contract v1 routes, admin routes and the ASGI guard.

``create_app`` builds the app over a hub folder. One pure-ASGI middleware sits
in front of the routes and does, in order: fault injection (``/v1`` only),
the admin-key check (``/admin``), the body size cap, the HMAC signature check,
and a ``Date`` header from the hub's clock on every response (so kiosks can
measure their clock skew against the hub). Doing this below FastAPI means an
unsigned request is refused before its body is parsed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import hashlib
import hmac
import json
import os
import secrets
import socket
import struct
import threading
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk.base.clock import Clock, SystemClock
from kiosk.devtools.refhub.faults import FaultAction, FaultController, FaultSettings
from kiosk.devtools.refhub.store import HubProblem, HubStore
from kiosk.hub import schema as s
from kiosk.hub import signing

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

ADMIN_KEY_FILE = "admin.key"
# The store's SQLite file inside the hub folder (HubStore opens it by this name).
DB_FILE = "hub.sqlite3"
ADMIN_HEADER = "X-Admin-Key"
MAX_JSON_BYTES = 1024 * 1024
# A client gets this long to send a whole request body; one that trickles or holds back its
# last byte is cut off instead of holding the hub's memory and a connection.
BODY_TIMEOUT_S = 30.0
TRANSPORT_SCOPE_KEY = "refhub.transport"
TERMINAL_SCOPE_KEY = "refhub.terminal"
_UNSIGNED = frozenset({("GET", "/v1/health"), ("HEAD", "/v1/health"),
                       ("POST", "/v1/terminals/enroll")})
# POSTs that only read (a body carries the query): repeating them is harmless.
_READ_POSTS = frozenset({"/v1/prefill"})
_GARBAGE: tuple[tuple[bytes, bytes], ...] = (
    (b'{"status": "ok", "server_ti', b"application/json"),
    (b'{"unexpected": true, "version": 42, "services": "none"}', b"application/json"),
    (b"<html><body>Gateway says hello</body></html>", b"text/html"),
    (b"[1, 2, 3]", b"application/json"),
)


def make_private(hub_dir: Path) -> None:
    """Create ``hub_dir`` (0700) and its database file (0600) before SQLite opens it.

    The folder holds the demo residents' data and every terminal's secret; SQLite gives
    its -wal and -shm files the database file's mode, so they stay private too.
    """
    hub_dir.mkdir(parents=True, exist_ok=True)
    hub_dir.chmod(0o700)
    db = hub_dir / DB_FILE
    os.close(os.open(db, os.O_CREAT | os.O_RDWR, 0o600))
    db.chmod(0o600)


def load_admin_key(hub_dir: Path) -> str:
    """The hub's admin key, generated (mode 0600) at first start."""
    hub_dir.mkdir(parents=True, exist_ok=True)
    path = hub_dir / ADMIN_KEY_FILE
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_text(secrets.token_urlsafe(32) + "\n", encoding="ascii")
        tmp.chmod(0o600)
        tmp.replace(path)
    return path.read_text(encoding="ascii").strip()


class HubState:
    """Everything the routes and the guard share."""

    def __init__(self, hub_dir: Path, clock: Clock, faults: FaultSettings | None, *,
                 admin: bool = True, body_timeout_s: float = BODY_TIMEOUT_S) -> None:
        self.hub_dir = hub_dir
        self.clock = clock
        make_private(hub_dir)
        self.store = HubStore(hub_dir, clock)
        # /admin mints codes and e-IDs and injects faults: off when served beyond loopback.
        self.admin_enabled = admin
        self.body_timeout_s = body_timeout_s
        self.faults = FaultController(faults)
        self.admin_key = load_admin_key(hub_dir)
        self._seen_lock = threading.Lock()
        self._seen: dict[str, float] = {}

    def seen_before(self, signature: str, now: float) -> bool:
        """Remember a POST signature for the replay window; ``True`` if already seen."""
        with self._seen_lock:
            horizon = now - 2 * signing.MAX_SKEW_S
            for old in [k for k, t in self._seen.items() if t < horizon]:
                del self._seen[old]
            if signature in self._seen:
                return True
            self._seen[signature] = now
            return False


def _error_body(reason: str, message: str, problems: list[s.Problem] | None = None) -> bytes:
    body = s.ErrorBody(reason=reason, message=message, problems=problems or [])
    return body.model_dump_json().encode("utf-8")


class HubGuard:
    """Pure-ASGI guard: faults, admin key, size cap, signatures and the Date header."""

    def __init__(self, app: ASGIApp, state: HubState) -> None:
        self.app = app
        self.state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        send = self._dated(send)
        if path.startswith("/admin"):
            if not self.state.admin_enabled:
                await _respond(send, 404, _error_body("not_found", "no such endpoint"))
                return
            if not self._admin_ok(scope):
                await _respond(send, 401, _error_body("admin_key_invalid", "admin key required"))
                return
            await self.app(scope, receive, send)
            return
        if not path.startswith("/v1/"):
            await _respond(send, 404, _error_body("not_found", "no such endpoint"))
            return
        if await self._inject_fault(scope, send):
            return
        method: str = scope["method"]
        signed = (method, path) not in _UNSIGNED
        if signed:
            # Who is asking, and when, is known from the headers alone: refuse a stranger
            # before reading (and holding) a body of up to 20 MiB.
            early = self._check_headers(scope)
            if early is not None:
                await _respond(send, 401, _error_body(early.value, "request not authenticated"))
                return
        body = await self._read_body(scope, receive, send)
        if body is None:
            return
        if signed:
            problem = self._check_signature(scope, body)
            if problem is signing.SignatureProblem.REPLAYED:
                # Authentic but already seen: a duplicate, not an attacker's forgery.
                await _respond(send, 409, _error_body(problem.value, "request already received"))
                return
            if problem is not None:
                await _respond(send, 401, _error_body(problem.value, "request not authenticated"))
                return
        await self.app(scope, _replay(body, receive), send)

    def _dated(self, send: Send) -> Send:
        clock = self.state.clock

        async def dated_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                date = email.utils.format_datetime(clock.now().astimezone(dt.UTC), usegmt=True)
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"date"]
                headers.append((b"date", date.encode("ascii")))
                message["headers"] = headers
            await send(message)

        return dated_send

    def _admin_ok(self, scope: Scope) -> bool:
        given = _header(scope, ADMIN_HEADER) or ""
        return hmac.compare_digest(given.encode("utf-8"), self.state.admin_key.encode("utf-8"))

    async def _inject_fault(self, scope: Scope, send: Send) -> bool:
        action, latency = self.state.faults.decide()
        if action is FaultAction.DOWN:
            await _respond(send, 503, _error_body("hub_down", "the hub is down for maintenance"),
                           extra=[(b"retry-after", b"30")])
            return True
        if latency > 0:
            await asyncio.sleep(latency)
        if action is FaultAction.DROP:
            await _drop_connection(scope)
            return True
        if action is FaultAction.FAIL:
            await _respond(send, 500, _error_body("injected_error", "injected server error"))
            return True
        if action is FaultAction.ERROR:
            fixed = self.state.faults.settings.error_status
            status = fixed if fixed is not None else (500, 502, 503)[self.state.faults.choice(3)]
            await _respond(send, status, _error_body("injected_error", "injected server error"))
            return True
        if action is FaultAction.MALFORMED:
            body, ctype = _GARBAGE[self.state.faults.choice(len(_GARBAGE))]
            await _respond(send, 200, body, content_type=ctype)
            return True
        return False

    async def _read_body(self, scope: Scope, receive: Receive, send: Send) -> bytes | None:
        path: str = scope["path"]
        limit = s.MAX_DOCUMENT_BYTES if path.startswith("/v1/documents/") else MAX_JSON_BYTES
        declared = _header(scope, "content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _respond(send, 413, _error_body("too_large", f"body above {limit} bytes"))
            return None
        chunks: list[bytes] = []
        size = 0
        deadline = asyncio.get_running_loop().time() + self.state.body_timeout_s
        while True:
            remaining = deadline - asyncio.get_running_loop().time()
            try:
                message = await asyncio.wait_for(receive(), max(remaining, 0.0))
            except TimeoutError:
                await _respond(send, 408, _error_body("body_timeout",
                                                      "the request body did not arrive in time"),
                               extra=[(b"connection", b"close")])
                return None
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _respond(send, 413, _error_body("too_large", f"body above {limit} bytes"))
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _check_headers(self, scope: Scope) -> signing.SignatureProblem | None:
        """What the signing headers alone reveal: missing, malformed, stale or unknown."""
        terminal = _header(scope, signing.HEADER_TERMINAL)
        timestamp = _header(scope, signing.HEADER_TIMESTAMP)
        signature = _header(scope, signing.HEADER_SIGNATURE)
        if not terminal or not timestamp or not signature:
            return signing.SignatureProblem.MISSING
        if self.state.store.terminal_key(terminal) is None:
            return signing.SignatureProblem.UNKNOWN_TERMINAL
        stamp = signing.parse_timestamp(timestamp)
        if stamp is None or not signing.well_formed_signature(signature):
            return signing.SignatureProblem.MALFORMED
        if abs(self.state.clock.now().timestamp() - stamp) > signing.MAX_SKEW_S:
            return signing.SignatureProblem.STALE
        return None

    def _check_signature(self, scope: Scope, body: bytes) -> signing.SignatureProblem | None:
        terminal = _header(scope, signing.HEADER_TERMINAL)
        timestamp = _header(scope, signing.HEADER_TIMESTAMP)
        signature = _header(scope, signing.HEADER_SIGNATURE)
        if not terminal or not timestamp or not signature:
            return signing.SignatureProblem.MISSING
        key = self.state.store.terminal_key(terminal)
        if key is None:
            return signing.SignatureProblem.UNKNOWN_TERMINAL
        target = scope.get("raw_path") or scope["path"].encode("utf-8")
        query: bytes = scope.get("query_string", b"")
        path = target.decode("latin-1") + ("?" + query.decode("latin-1") if query else "")
        now = self.state.clock.now()
        # Each terminal is checked with the algorithm it enrolled with, never the one a
        # request might claim, so a GM terminal's key is not usable with SHA-256 signatures.
        problem = signing.verify(signing.decode_secret(key.secret), method=scope["method"],
                                 path_with_query=path, timestamp_header=timestamp,
                                 signature_header=signature, body=body, now=now,
                                 algorithm=key.signature_algorithm)
        if (problem is None and scope["method"] == "POST" and scope["path"] not in _READ_POSTS
                and self.state.seen_before(signature.lower(), now.timestamp())):
            problem = signing.SignatureProblem.REPLAYED
        if problem is None:
            scope[TERMINAL_SCOPE_KEY] = terminal
        return problem


def _header(scope: Scope, name: str) -> str | None:
    key = name.lower().encode("latin-1")
    for k, v in scope.get("headers", []):
        if k.lower() == key:
            return bytes(v).decode("latin-1")
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _respond(send: Send, status: int, body: bytes, *,
                   content_type: bytes = b"application/json",
                   extra: list[tuple[bytes, bytes]] | None = None) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status,
                "headers": headers + (extra or [])})
    await send({"type": "http.response.body", "body": body})


async def _drop_connection(scope: Scope) -> None:
    transport = scope.get(TRANSPORT_SCOPE_KEY)
    if transport is None:
        raise RuntimeError("dropping connections needs the refhub HTTP protocol")
    sock = transport.get_extra_info("socket")
    if sock is not None:
        # Linger 0 turns the close into a TCP reset, like a crashed upstream.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    transport.abort()
    # Let the server see the connection is gone before this request finishes.
    for _ in range(3):
        await asyncio.sleep(0)


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": s.ErrorBody, "description": text} for code, text in (
        (400, "Body is not parseable"),
        (401, "Unsigned, stale or tampered request"),
        (404, "Not found"),
        (409, "Conflict, or an exact replay of a signed request"),
        (422, "Invalid request; see problems"),
        (503, "Hub unavailable"),
    )
}


def _errors(*extra: int) -> dict[int | str, dict[str, Any]]:
    texts = {304: "Not modified", 413: "Body too large", 423: "Locked",
             200: "Already stored", 415: "Unsupported content type"}
    out = dict(_ERRORS)
    for code in extra:
        out[code] = ({"description": texts[code]} if code == 304
                     else {"model": s.ErrorBody, "description": texts[code]})
    return out


def _terminal(request: Request) -> str:
    terminal = request.scope.get(TERMINAL_SCOPE_KEY)
    if not isinstance(terminal, str):
        raise HubProblem(401, signing.SignatureProblem.MISSING.value, "request not authenticated")
    return terminal


def _etag(model: BaseModel) -> str:
    return '"' + hashlib.sha256(s.canonical_json(model).encode("utf-8")).hexdigest()[:32] + '"'


def _cached(request: Request, model: BaseModel) -> Response:
    tag = _etag(model)
    wanted = request.headers.get("if-none-match", "")
    if tag in {t.strip() for t in wanted.split(",")} or wanted.strip() == "*":
        return Response(status_code=304, headers={"ETag": tag})
    return Response(content=model.model_dump_json(), media_type="application/json",
                    headers={"ETag": tag})


ShaPath = Annotated[str, PathParam(pattern=s.SHA256_PATTERN)]
OpaquePath = Annotated[str, PathParam(pattern=s.OPAQUE_ID_PATTERN)]


class MintToken(BaseModel):
    """``POST /admin/tokens``: the terminal the token is for."""

    terminal_id: str = Field(pattern=s.TERMINAL_ID_PATTERN)


def create_app(hub_dir: Path, clock: Clock | None = None,
               faults: FaultSettings | None = None, *, admin: bool = True,
               body_timeout_s: float = BODY_TIMEOUT_S) -> FastAPI:
    """Build the reference hub over ``hub_dir`` (created if missing, private).

    ``admin=False`` answers 404 on every ``/admin`` route (a hub served beyond loopback).
    """
    state = HubState(hub_dir, clock or SystemClock(), faults, admin=admin,
                     body_timeout_s=body_timeout_s)
    store = state.store
    app = FastAPI(
        title="City data hub — kiosk contract",
        version=s.API_VERSION,
        description="Contract v1 between neighbourhood kiosks and the city data hub. "
                    "Changes within v1 are additive only. See docs/hub-api.md.",
        docs_url=None, redoc_url=None, openapi_url=None,
    )
    app.state.hub = state

    @app.exception_handler(HubProblem)
    async def on_problem(_: Request, exc: HubProblem) -> Response:
        return Response(_error_body(exc.reason, exc.message, exc.problems),
                        status_code=exc.status, media_type="application/json")

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(_: Request, exc: StarletteHTTPException) -> Response:
        reason = {400: "body_unparseable", 404: "not_found", 405: "method_not_allowed"}.get(
            exc.status_code, "http_error")
        return Response(_error_body(reason, str(exc.detail)), status_code=exc.status_code,
                        media_type="application/json", headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(_: Request, exc: RequestValidationError) -> Response:
        # Pydantic's messages can echo the input; report the rule and location only.
        problems = [s.Problem(code=str(e.get("type", "invalid")),
                              field=".".join(str(p) for p in e.get("loc", ())) or None,
                              message=str(e.get("type", "invalid")).replace("_", " "))
                    for e in exc.errors()]
        return Response(_error_body("request_invalid", "request is not valid", problems[:50]),
                        status_code=422, media_type="application/json")

    # --- v1 -------------------------------------------------------------------

    @app.get("/v1/health", response_model=s.Health, tags=["health"],
             responses={503: {"model": s.ErrorBody, "description": "Hub down"}})
    def health() -> s.Health:
        """Liveness (unsigned)."""
        return s.Health(status="ok", version=s.API_VERSION, server_time=store.now())

    @app.head("/v1/health", tags=["health"], response_class=Response,
              responses={503: {"description": "Hub down"}})
    def health_head() -> Response:
        """Liveness without a body (unsigned)."""
        return Response(status_code=200)

    @app.post("/v1/terminals/enroll", response_model=s.Enrollment, tags=["terminals"],
              responses=_errors())
    def enroll(body: s.EnrollRequest) -> s.Enrollment:
        """Trade a one-time token for terminal credentials (unsigned)."""
        return store.enroll(body)

    @app.get("/v1/catalog", response_model=s.Catalog, tags=["catalog"], responses=_errors(304))
    def get_catalog(request: Request) -> Response:
        """The service catalog; supports ``If-None-Match``."""
        from kiosk.devtools.refhub import demo

        _terminal(request)
        return _cached(request, demo.catalog())

    @app.get("/v1/forms/{service_id}", response_model=s.FormSchema, tags=["catalog"],
             responses=_errors(304))
    def get_form(request: Request,
                 service_id: Annotated[str, PathParam(pattern=s.SNAKE_ID_PATTERN)]) -> Response:
        """A service's form schema; supports ``If-None-Match``."""
        from kiosk.devtools.refhub import demo

        _terminal(request)
        found = demo.services_by_id().get(service_id)
        if found is None:
            raise HubProblem(404, "service_unknown", "no such service")
        return _cached(request, found.form)

    @app.post("/v1/identity/card", response_model=s.IdentitySession, tags=["identity"],
              responses=_errors())
    def identify_card(request: Request, body: s.CardIdentity) -> s.IdentitySession:
        """Open a level-1 session from a card read."""
        return store.identify_card(body, _terminal(request))

    @app.post("/v1/identity/qr", response_model=s.IdentitySession, tags=["identity"],
              responses=_errors())
    def identify_qr(request: Request, body: s.QrPayload) -> s.IdentitySession:
        """Open a level-2 session from an e-ID QR payload."""
        return store.resolve_qr(body.payload, _terminal(request))

    @app.post("/v1/identity/{session_id}/code", response_model=s.CodeSent, tags=["identity"],
              responses=_errors(423))
    def request_code(request: Request, session_id: OpaquePath) -> s.CodeSent:
        """Text a one-time code to the resident's registered phone."""
        return store.send_code(session_id, _terminal(request))

    @app.post("/v1/identity/{session_id}/verify", response_model=s.IdentitySession,
              tags=["identity"], responses=_errors(423))
    def verify_code(request: Request, session_id: OpaquePath,
                    body: s.CodeCheck) -> s.IdentitySession:
        """Check the one-time code; raises the session to level 2."""
        return store.verify_code(session_id, body.code, _terminal(request))

    @app.post("/v1/prefill", response_model=s.Prefill, tags=["identity"], responses=_errors())
    def prefill(request: Request, body: s.PrefillRequest) -> s.Prefill:
        """Hub-held values for a form (none below level 2)."""
        return store.prefill(body, _terminal(request))

    @app.put("/v1/documents/{sha256}", response_model=s.DocumentReceipt, status_code=201,
             tags=["documents"], responses=_errors(200, 413, 415),
             openapi_extra={"requestBody": {"required": True, "content": {
                 t: {"schema": {"type": "string", "format": "binary"}}
                 for t in s.DOCUMENT_TYPES}}})
    async def put_document(request: Request, sha256: ShaPath) -> Response:
        """Store a document under the SHA-256 of its bytes (idempotent)."""
        _terminal(request)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype not in s.DOCUMENT_TYPES:
            raise HubProblem(415, "content_type_unsupported",
                             "send image/jpeg, image/png or application/pdf")
        data = await request.body()
        if not data:
            raise HubProblem(422, "document_empty", "empty document")
        if hashlib.sha256(data).hexdigest() != sha256:
            raise HubProblem(422, "hash_mismatch", "body SHA-256 differs from the path",
                             [s.Problem(code="hash_mismatch", field="sha256",
                                        message="body hash does not match")])
        created = await run_in_threadpool(store.put_document, sha256, data, ctype)
        receipt = store.document(sha256)
        assert receipt is not None
        return Response(receipt.model_dump_json(), status_code=201 if created else 200,
                        media_type="application/json")

    @app.get("/v1/documents/{sha256}", response_model=s.DocumentReceipt, tags=["documents"],
             responses=_errors())
    def get_document(request: Request, sha256: ShaPath) -> s.DocumentReceipt:
        """Whether the hub holds a document (metadata only, never the bytes)."""
        _terminal(request)
        found = store.document(sha256)
        if found is None:
            raise HubProblem(404, "document_unknown", "no such document")
        return found

    @app.head("/v1/documents/{sha256}", tags=["documents"], response_class=Response,
              responses={404: {"description": "Not held"}, 401: {"description": "Unsigned"}})
    def head_document(request: Request, sha256: ShaPath) -> Response:
        """Whether the hub holds a document: 200 or 404, no body."""
        _terminal(request)
        return Response(status_code=200 if store.document(sha256) is not None else 404)

    @app.put("/v1/submissions/{client_id}", response_model=s.SubmissionResult, status_code=201,
             tags=["submissions"], responses=_errors(200))
    def put_submission(request: Request, client_id: uuid.UUID,
                       body: s.Submission) -> Response:
        """Submit once; an identical repeat returns 200 with the first result."""
        result, created = store.submit(client_id, body, _terminal(request))
        return Response(result.model_dump_json(), status_code=201 if created else 200,
                        media_type="application/json")

    @app.get("/v1/cases/{tracking_code}", response_model=s.CaseStatus, tags=["submissions"],
             responses=_errors())
    def case_status(request: Request,
                    tracking_code: Annotated[str, PathParam(max_length=32)]) -> s.CaseStatus:
        """A case's status by tracking code."""
        _terminal(request)
        return store.case_status(tracking_code)

    @app.get("/v1/service-points", response_model=s.ServicePoints, tags=["service points"],
             responses=_errors())
    def service_points(
        request: Request,
        lat: Annotated[float, Query(ge=-90, le=90, allow_inf_nan=False)],
        lon: Annotated[float, Query(ge=-180, le=180, allow_inf_nan=False)],
        service_id: Annotated[str | None, Query(pattern=s.SNAKE_ID_PATTERN)] = None,
    ) -> s.ServicePoints:
        """Service points sorted by walking time from the given position."""
        _terminal(request)
        return store.service_points(lat, lon, service_id)

    @app.get("/v1/district-map", response_model=s.DistrictMap, tags=["service points"],
             responses=_errors(304))
    def district_map(request: Request) -> Response:
        """The district's streets and service points (GeoJSON); supports ``If-None-Match``."""
        _terminal(request)
        return _cached(request, store.district_map())

    @app.get("/v1/service-points/{point_id}/slots", response_model=s.Slots,
             tags=["service points"], responses=_errors())
    def slots(request: Request, point_id: OpaquePath,
              service_id: Annotated[str, Query(pattern=s.SNAKE_ID_PATTERN)],
              date: dt.date) -> s.Slots:
        """Bookable slots of one point, service and day."""
        _terminal(request)
        return store.slots(point_id, service_id, date)

    @app.post("/v1/appointments", response_model=s.Appointment, status_code=201,
              tags=["service points"], responses=_errors())
    def book(request: Request, body: s.AppointmentRequest) -> s.Appointment:
        """Book a slot for the identified resident."""
        return store.book(body, _terminal(request))

    @app.get("/v1/appointments", response_model=s.Appointments, tags=["service points"],
             responses=_errors())
    def my_appointments(
        request: Request,
        session_id: Annotated[str, Query(pattern=s.OPAQUE_ID_PATTERN)],
    ) -> s.Appointments:
        """The identified resident's appointments, booked at any terminal."""
        return store.my_appointments(session_id, _terminal(request))

    @app.delete("/v1/appointments/{appointment_id}", response_model=s.Appointment,
                tags=["service points"], responses=_errors())
    def cancel(
        request: Request, appointment_id: OpaquePath,
        session_id: Annotated[str | None, Query(pattern=s.OPAQUE_ID_PATTERN)] = None,
    ) -> s.Appointment:
        """Cancel an appointment (idempotent): the booking terminal, or the resident's session."""
        return store.cancel(appointment_id, _terminal(request), session_id)

    @app.put("/v1/ratings/{client_id}", response_model=s.RatingResult, status_code=201,
             tags=["ratings"], responses=_errors(200))
    def put_rating(request: Request, client_id: uuid.UUID, body: s.Rating) -> Response:
        """Rate a finished errand once; an identical repeat returns 200 with the first answer."""
        result, created = store.rate(client_id, body, _terminal(request))
        return Response(result.model_dump_json(), status_code=201 if created else 200,
                        media_type="application/json")

    @app.post("/v1/call-staff", response_model=s.CallStaffResult, tags=["staff"],
              responses=_errors())
    def call_staff(request: Request, body: s.CallStaffRequest) -> s.CallStaffResult:
        """Ask for a member of staff to come to the terminal."""
        return store.call_staff(body, _terminal(request))

    @app.post("/v1/technicians/card", response_model=s.TechnicianGrant, tags=["technicians"],
              responses=_errors())
    def technician_card(request: Request, body: s.TechnicianCard) -> s.TechnicianGrant:
        """Whether a card opens the technician screen: a grant, or 404 with the reason."""
        return store.technician_card(body, _terminal(request))

    @app.post("/v1/telemetry/heartbeat", response_model=s.HeartbeatAck, tags=["telemetry"],
              responses=_errors())
    def heartbeat(request: Request, body: s.Heartbeat) -> s.HeartbeatAck:
        """Store terminal telemetry."""
        return store.heartbeat(body, _terminal(request))

    _add_admin_routes(app, state)
    app.add_middleware(_GuardFactory, state=state)
    return app


class _GuardFactory:
    """Adapter so Starlette's ``add_middleware`` can build ``HubGuard``."""

    def __init__(self, app: ASGIApp, state: HubState) -> None:
        self._guard = HubGuard(app, state)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._guard(scope, receive, send)


def _add_admin_routes(app: FastAPI, state: HubState) -> None:
    store = state.store

    @app.get("/admin/submissions", include_in_schema=False)
    def admin_submissions() -> list[dict[str, Any]]:
        return store.submissions()

    @app.get("/admin/codes", include_in_schema=False)
    def admin_codes() -> list[dict[str, Any]]:
        return store.sent_codes()

    @app.get("/admin/tokens", include_in_schema=False)
    def admin_tokens() -> list[dict[str, Any]]:
        return store.tokens()

    @app.post("/admin/tokens", include_in_schema=False)
    def admin_mint_token(body: MintToken) -> dict[str, str]:
        return {"token": store.mint_token(body.terminal_id), "terminal_id": body.terminal_id}

    @app.post("/admin/terminals/{terminal_id}/revoke", include_in_schema=False)
    def admin_revoke(terminal_id: str) -> dict[str, Any]:
        if not store.revoke_terminal(terminal_id):
            raise HubProblem(404, "terminal_unknown", "no enrolled terminal with that id")
        return {"terminal_id": terminal_id, "revoked": True}

    @app.post("/admin/eid/{resident_id}", include_in_schema=False)
    def admin_eid(resident_id: str) -> dict[str, str]:
        payload, expires = store.mint_eid(resident_id)
        return {"payload": payload, "expires_at": expires.isoformat()}

    @app.get("/admin/faults", include_in_schema=False)
    def admin_get_faults() -> FaultSettings:
        return state.faults.settings

    @app.post("/admin/faults", include_in_schema=False)
    def admin_set_faults(body: FaultSettings) -> FaultSettings:
        state.faults.update(body)
        return state.faults.settings

    @app.get("/admin/faults/counts", include_in_schema=False)
    def admin_fault_counts() -> dict[str, int]:
        return state.faults.counts()

    @app.get("/admin/call-staff", include_in_schema=False)
    def admin_call_staff() -> list[dict[str, Any]]:
        return store.call_staff_requests()

    @app.get("/admin/heartbeats", include_in_schema=False)
    def admin_heartbeats() -> list[dict[str, Any]]:
        return store.heartbeats()

    @app.get("/admin/appointments", include_in_schema=False)
    def admin_appointments() -> list[dict[str, Any]]:
        return store.appointments()

    @app.get("/admin/ratings", include_in_schema=False)
    def admin_ratings() -> list[dict[str, Any]]:
        return store.ratings()

    @app.get("/admin/technician-signins", include_in_schema=False)
    def admin_technician_signins() -> list[dict[str, Any]]:
        return store.technician_signins()

    @app.post("/admin/cases/{tracking_code}/advance", include_in_schema=False)
    def admin_advance(tracking_code: str) -> s.CaseStatus:
        return store.advance_case(tracking_code)


def openapi_document(app: FastAPI | None = None) -> dict[str, Any]:
    """The v1 OpenAPI document (admin routes excluded), as committed in docs/hub-api.json."""
    if app is None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            built = create_app(Path(tmp))
            doc = built.openapi()
            built.state.hub.store.close()
            return doc
    return app.openapi()


def openapi_text(doc: dict[str, Any] | None = None) -> str:
    """The committed rendering: 2-space indent, UTF-8, trailing newline."""
    return json.dumps(doc if doc is not None else openapi_document(), indent=2,
                      ensure_ascii=False) + "\n"
