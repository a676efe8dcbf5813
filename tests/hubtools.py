"""Helpers for the hub tests: enrol against a real reference hub, build submissions."""

from __future__ import annotations

import datetime as dt
import socketserver
import threading
import uuid
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import requests

from kiosk.base import tracking
from kiosk.base.clock import ManualClock
from kiosk.devtools.refhub.embedded import EmbeddedHub, ensure_enrolled
from kiosk.devtools.residents import DemoResident, demo_residents
from kiosk.hub import schema as s
from kiosk.hub.client import HubClient, TerminalCredentials
from kiosk.hub.signing import signed_headers


class Enrolled:
    """A running hub plus an enrolled terminal's credentials and client."""

    def __init__(self, hub: EmbeddedHub, creds: TerminalCredentials, client: HubClient) -> None:
        self.hub = hub
        self.creds = creds
        self.client = client

    @property
    def url(self) -> str:
        """The hub's base URL."""
        return self.hub.base_url

    def signed(self, method: str, path: str, *, body: bytes = b"",
               headers: dict[str, str] | None = None,
               now: dt.datetime | None = None,
               algorithm: str | None = None) -> requests.Response:
        """A raw signed request (for contract checks below the client).

        Signed with the terminal's enrolled algorithm unless ``algorithm`` says otherwise.
        """
        prepared = requests.Request(method, self.url + path, data=body,
                                    headers=headers or {}).prepare()
        prepared.headers.update(signed_headers(
            self.creds.terminal_id, self.creds.key(), method, prepared.path_url, body=body,
            now=now or self.hub.clock.now(),
            algorithm=algorithm or self.creds.signature_algorithm))
        with requests.Session() as session:
            return session.send(prepared, timeout=10)


def start_enrolled(hub_dir: Path, tmp: Path, clock: ManualClock | None = None,
                   terminal_id: str = "T-TEST-01", timeout_s: float = 5.0,
                   signature_algorithms: tuple[str, ...] = ("hmac-sha256",)) -> Enrolled:
    """Start an embedded hub and enrol one terminal against it."""
    hub = EmbeddedHub(hub_dir, clock=clock)
    hub.start()
    creds = ensure_enrolled(hub.base_url, hub.admin, tmp / f"{terminal_id}.json", terminal_id,
                            clock=clock, signature_algorithms=signature_algorithms)
    return Enrolled(hub, creds, HubClient(hub.base_url, creds, clock=clock, timeout_s=timeout_s))


def resident_where(pred: Callable[[DemoResident], bool]) -> DemoResident:
    """The first demo resident matching a predicate."""
    return next(p for p in demo_residents() if pred(p))


def card_of(person: DemoResident) -> s.CardIdentity:
    """What the card reader would report for a demo resident."""
    return s.CardIdentity(kind="id_card", id_number=person.id_number, name=person.name)


def level2_session(env: Enrolled, person: DemoResident) -> s.IdentitySession:
    """Identify by card, then verify with the code from the hub's SMS outbox."""
    session = env.client.identify_card(card_of(person))
    env.client.request_code(session.session_id)
    return env.client.verify_code(session.session_id, env.hub.admin.latest_code(
        session.session_id))


def hotline_submission(env: Enrolled, person: DemoResident, **changes: Any) -> s.Submission:
    """A valid level-1 submission (12345 hotline) from this terminal."""
    data: dict[str, Any] = {
        "client_id": str(uuid.uuid4()),
        "tracking_code": tracking.new_code(env.creds.tracking_prefix),
        "terminal_id": env.creds.terminal_id,
        "service_id": "hotline_12345",
        "created_at": env.hub.clock.now().isoformat(),
        "locale": "zh-CN",
        "identity": {"kind": "id_card", "id_number": person.id_number, "name": person.name,
                     "level": 1},
        "form": {"name": person.name, "phone": "13900000000", "topic": "suggestion",
                 "category": "environment",
                 "description": "路灯不亮", "reply_needed": True},
        "materials": [],
        "result_mode": "on_the_spot",
        "consent_version": "2026-01",
    }
    data.update(changes)
    return s.Submission.model_validate(data)


class RawServer:
    """A tiny HTTP server that answers every request with a canned, possibly hostile reply."""

    def __init__(self, handler: Callable[[BaseHTTPRequestHandler, threading.Event], None]):
        self.stop_event = threading.Event()
        stop = self.stop_event

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                handler(self, stop)

            def do_POST(self) -> None:
                handler(self, stop)

            def log_message(self, format: str, *args: Any) -> None:
                """Keep test output quiet."""

        class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop serving."""
        self.stop_event.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
