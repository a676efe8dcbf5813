"""The hub client under injected faults and hostile servers: typed errors, bounded time."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from hubtools import Enrolled, RawServer, hotline_submission, resident_where

from kiosk.devtools.refhub.faults import FaultAction, FaultController, parse_fault_spec
from kiosk.hub.client import HubClient
from kiosk.hub.errors import (
    HubBadResponse,
    HubError,
    HubRejected,
    HubServerError,
    HubTimeout,
    HubTooLarge,
    HubUnreachable,
)

pytest_plugins = ["hubfixtures"]

TIMEOUT_S = 0.5
MARGIN = 2.0


def timed(call: Callable[[], Any]) -> tuple[BaseException | None, float]:
    """Run a call; return what it raised (or None) and how long it took."""
    start = time.monotonic()
    try:
        call()
    except BaseException as exc:  # the test inspects whatever came out
        return exc, time.monotonic() - start
    return None, time.monotonic() - start


def short_client(env: Enrolled, **kwargs: Any) -> HubClient:
    """A client with a short overall deadline."""
    return HubClient(env.url, env.creds, timeout_s=TIMEOUT_S, **kwargs)


def calls(client: HubClient, env: Enrolled) -> dict[str, Callable[[], Any]]:
    """One call of each flavour: unsigned GET, signed GET, idempotent PUT, non-idempotent POST."""
    sub = hotline_submission(env, resident_where(lambda p: True))
    return {
        "health": client.health,
        "catalog": client.catalog,
        "submit": lambda: client.submit(sub),
        "call_staff": lambda: client.call_staff("help"),
    }


@pytest.mark.parametrize(("spec", "expected", "reason"), [
    ("latency=2.0", HubTimeout, None),
    ("error_rate=1,seed=1", HubServerError, "injected_error"),
    ("drop_rate=1", HubUnreachable, None),
    ("malformed_rate=1,seed=3", HubBadResponse, None),
    ("down=1", HubServerError, "hub_down"),
])
def test_each_fault_gives_a_typed_error_within_the_timeout(
        live: Enrolled, spec: str, expected: type[HubError], reason: str | None) -> None:
    live.hub.admin.set_faults(spec)
    with short_client(live) as client:
        for name, call in calls(client, live).items():
            error, elapsed = timed(call)
            assert isinstance(error, expected), (name, error)
            assert error.reason == reason, name
            assert elapsed < TIMEOUT_S * MARGIN, (name, elapsed)
    live.hub.admin.set_faults("")
    assert live.client.health().status == "ok"
    assert live.hub.admin.submissions() == []


def test_malformed_bodies_of_every_kind_are_bad_responses(live: Enrolled) -> None:
    live.hub.admin.set_faults("malformed_rate=1,seed=11")
    with short_client(live) as client:
        kinds = set()
        for _ in range(12):
            error, _ = timed(client.catalog)
            assert isinstance(error, HubBadResponse)
            assert error.retryable and error.message_key == "hub.bad_response"
            kinds.add(str(error.__cause__)[:40])
        assert len(kinds) >= 2  # invalid JSON and wrong shapes both seen


def _seed_with(first: FaultAction, second: FaultAction, spec: str) -> int:
    for seed in range(1000):
        controller = FaultController(parse_fault_spec(f"{spec},seed={seed}"))
        if controller.decide()[0] is first and controller.decide()[0] is second:
            return seed
    raise AssertionError("no seed gives that sequence")


def test_idempotent_calls_are_retried_and_posts_are_not(live: Enrolled) -> None:
    seed = _seed_with(FaultAction.DROP, FaultAction.PASS, "drop_rate=0.5")
    with HubClient(live.url, live.creds, timeout_s=5.0) as client:
        live.hub.admin.set_faults(f"drop_rate=0.5,seed={seed}")
        assert client.catalog().value is not None  # first attempt dropped, retry passed

        live.hub.admin.set_faults(f"drop_rate=0.5,seed={seed}")
        with pytest.raises(HubUnreachable):
            client.call_staff("help")
        live.hub.admin.set_faults("")
        assert live.hub.admin.call_staff_requests() == []  # no silent second attempt


def test_unreachable_hub_is_reported_quickly() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port now.
    with HubClient(f"http://127.0.0.1:{port}", None, timeout_s=TIMEOUT_S) as client:
        error, elapsed = timed(client.health)
    assert isinstance(error, HubUnreachable) and error.retryable
    assert error.message_key == "hub.unreachable"
    assert elapsed < TIMEOUT_S * MARGIN


@pytest.fixture
def raw_server(request: pytest.FixtureRequest) -> Iterator[RawServer]:
    """A hostile HTTP server whose behaviour the test picks via indirect parametrisation."""
    server = RawServer(request.param)
    try:
        yield server
    finally:
        server.close()


def _reply(status: int, body: bytes, headers: dict[str, str] | None = None
           ) -> Callable[[BaseHTTPRequestHandler, threading.Event], None]:
    def handle(h: BaseHTTPRequestHandler, _: threading.Event) -> None:
        h.send_response(status)
        for key, value in (headers or {"Content-Type": "application/json",
                                       "Content-Length": str(len(body))}).items():
            h.send_header(key, value)
        h.end_headers()
        h.wfile.write(body)
    return handle


def _huge_declared(h: BaseHTTPRequestHandler, _: threading.Event) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", str(50 * 1024 * 1024))
    h.end_headers()
    h.wfile.write(b"[" * 1024)


def _huge_undeclared(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Connection", "close")
    h.end_headers()
    chunk = b" " * 65536
    for _ in range(64):  # 4 MiB at most, bounded
        if stop.is_set():
            return
        try:
            h.wfile.write(chunk)
        except OSError:
            return


def _trickle(h: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "application/json")
    h.send_header("Content-Length", "400")
    h.end_headers()
    for _ in range(400):  # one byte every 50 ms keeps each read alive; bounded at 20 s
        try:
            h.wfile.write(b" ")
            h.wfile.flush()
        except OSError:
            return
        if stop.wait(0.05):
            return


WRONG_TYPES = json.dumps({"status": 5, "version": [], "server_time": "yesterday"}).encode()


@pytest.mark.parametrize(("raw_server", "expected"), [
    (_huge_declared, HubTooLarge),
    (_huge_undeclared, HubTooLarge),
    (_reply(200, WRONG_TYPES), HubBadResponse),
    (_reply(200, b"\x00\xffnot json at all"), HubBadResponse),
    (_reply(502, b"<html>Bad gateway</html>", {"Content-Type": "text/html"}), HubServerError),
    (_reply(418, b"{}"), HubRejected),
    (_trickle, HubTimeout),
], indirect=["raw_server"], ids=["declared-huge", "streamed-huge", "wrong-types", "binary",
                                 "html-502", "teapot", "trickle"])
def test_hostile_responses_become_typed_errors_in_time(raw_server: RawServer,
                                                       expected: type[HubError]) -> None:
    with HubClient(raw_server.url, None, timeout_s=TIMEOUT_S, max_response_bytes=256 * 1024,
                   max_retries=0) as client:
        error, elapsed = timed(client.health)
    assert isinstance(error, expected), error
    assert elapsed < TIMEOUT_S * MARGIN, elapsed


def test_submission_result_with_wrong_types_is_refused(live: Enrolled) -> None:
    # A 2xx whose body is valid JSON but not a SubmissionResult must not pass as success.
    live.hub.admin.set_faults("malformed_rate=1,seed=5")
    with short_client(live) as client, pytest.raises(HubBadResponse):
        client.submit(hotline_submission(live, resident_where(lambda p: True)))
    live.hub.admin.set_faults("")
    assert live.hub.admin.submissions() == []
