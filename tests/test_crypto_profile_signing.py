"""The GM profile's request signing: HMAC-SM3, agreed at enrolment, checked per terminal by the hub."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import requests
from hubtools import Enrolled, RawServer, start_enrolled

from kiosk.base.clock import ManualClock, SystemClock
from kiosk.devtools.refhub.embedded import ensure_enrolled
from kiosk.devtools.refhub.store import HubStore
from kiosk.hub import schema as s
from kiosk.hub.client import HubClient, TerminalCredentials
from kiosk.hub.errors import HubAuthError, HubBadResponse
from kiosk.hub.signing import (
    HMAC_SHA256,
    HMAC_SM3,
    SignatureProblem,
    body_digest,
    sign,
    verify,
)

KEY = bytes(range(32))
NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def gm_terminal(tmp_path: Path) -> Iterator[Enrolled]:
    """A reference hub with one terminal enrolled for hmac-sm3."""
    clock = ManualClock(dt.datetime.now(dt.UTC).replace(microsecond=0))
    env = start_enrolled(tmp_path / "hub", tmp_path, clock=clock, terminal_id="T-GM-01",
                         signature_algorithms=(HMAC_SM3,))
    try:
        yield env
    finally:
        env.client.close()
        env.hub.stop()


def test_sm3_body_digest_is_the_standard_one() -> None:
    # GB/T 32905-2016, example 1: SM3("abc").
    assert body_digest(b"abc", HMAC_SM3) == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
    assert body_digest(b"abc") == body_digest(b"abc", HMAC_SHA256) != body_digest(b"abc", HMAC_SM3)


def test_an_sm3_signature_verifies_only_with_its_algorithm() -> None:
    body = b'{"reason":"help"}'
    stamp = int(NOW.timestamp())
    sm3 = sign(KEY, "POST", "/v1/call-staff", stamp, body, HMAC_SM3)
    sha = sign(KEY, "POST", "/v1/call-staff", stamp, body, HMAC_SHA256)
    assert sm3 != sha and len(sm3) == len(sha) == 64

    def check(signature: str, algorithm: str) -> SignatureProblem | None:
        return verify(KEY, method="POST", path_with_query="/v1/call-staff",
                      timestamp_header=str(stamp), signature_header=signature, body=body,
                      now=NOW, algorithm=algorithm)

    assert check(sm3, HMAC_SM3) is None
    assert check(sha, HMAC_SHA256) is None
    assert check(sm3, HMAC_SHA256) is SignatureProblem.MISMATCH
    assert check(sha, HMAC_SM3) is SignatureProblem.MISMATCH
    with pytest.raises(ValueError, match="hmac-sm3"):
        sign(KEY, "GET", "/v1/catalog", stamp, b"", "hmac-md5")


def test_the_hub_refuses_the_wrong_algorithm_for_a_terminal(gm_terminal: Enrolled) -> None:
    env = gm_terminal
    assert env.creds.signature_algorithm == HMAC_SM3
    assert env.client.catalog().value is not None  # the client signs with SM3
    assert env.signed("GET", "/v1/catalog").status_code == 200
    refused = env.signed("GET", "/v1/catalog", algorithm=HMAC_SHA256)
    assert refused.status_code == 401
    assert refused.json()["reason"] == "signature_mismatch"
    body = json.dumps({"reason": "help", "elder_mode": False, "locale": "zh-CN"}).encode()
    refused = env.signed("POST", "/v1/call-staff", body=body, algorithm=HMAC_SHA256,
                         headers={"Content-Type": "application/json"})
    assert refused.status_code == 401 and refused.json()["reason"] == "signature_mismatch"
    assert env.hub.admin.call_staff_requests() == []


def test_a_standard_terminal_signing_with_sm3_is_refused(tmp_path: Path) -> None:
    env = start_enrolled(tmp_path / "hub", tmp_path, clock=ManualClock(
        dt.datetime.now(dt.UTC).replace(microsecond=0)))
    try:
        assert env.creds.signature_algorithm == HMAC_SHA256
        refused = env.signed("GET", "/v1/catalog", algorithm=HMAC_SM3)
        assert refused.status_code == 401 and refused.json()["reason"] == "signature_mismatch"
        assert env.signed("GET", "/v1/catalog").status_code == 200
    finally:
        env.client.close()
        env.hub.stop()


def test_enrolment_picks_the_terminals_first_supported_algorithm(gm_terminal: Enrolled) -> None:
    hub = gm_terminal.hub

    def enroll(terminal_id: str, offered: list[str] | None) -> requests.Response:
        body: dict[str, object] = {"token": hub.admin.mint_token(terminal_id),
                                   "terminal_id": terminal_id}
        if offered is not None:
            body["signature_algorithms"] = offered
        return requests.post(hub.base_url + "/v1/terminals/enroll", json=body, timeout=10)

    assert enroll("T-GM-02", ["hmac-sha3", HMAC_SM3, HMAC_SHA256]).json()[
        "signature_algorithm"] == HMAC_SM3
    assert enroll("T-GM-03", None).json()["signature_algorithm"] == HMAC_SHA256
    refused = enroll("T-GM-04", ["hmac-sha3"])
    assert refused.status_code == 422
    assert refused.json()["reason"] == "signature_algorithm_unsupported"


def test_credentials_carry_the_algorithm_and_old_files_mean_sha256(tmp_path: Path) -> None:
    path = tmp_path / "credentials.json"
    TerminalCredentials("T-1", "a" * 44, "AB12", HMAC_SM3).save(path)
    assert TerminalCredentials.load(path).signature_algorithm == HMAC_SM3
    old = {"terminal_id": "T-1", "secret": "a" * 44, "tracking_prefix": "AB12"}
    path.write_text(json.dumps(old), encoding="utf-8")
    assert TerminalCredentials.load(path).signature_algorithm == HMAC_SHA256
    path.write_text(json.dumps({**old, "signature_algorithm": "hmac-md5"}), encoding="utf-8")
    with pytest.raises(ValueError, match="hmac-md5"):
        TerminalCredentials.load(path)


def test_a_changed_profile_enrols_again_through_the_admin_revoke(gm_terminal: Enrolled,
                                                                 tmp_path: Path) -> None:
    env = gm_terminal
    path = tmp_path / "T-GM-01.json"
    again = ensure_enrolled(env.url, env.hub.admin, path, "T-GM-01",
                            clock=env.hub.clock, signature_algorithms=(HMAC_SHA256,))
    assert again.signature_algorithm == HMAC_SHA256
    assert again.tracking_prefix == env.creds.tracking_prefix
    assert TerminalCredentials.load(path) == again
    # The old SM3 secret ended with the revocation.
    with pytest.raises(HubAuthError):
        env.client.catalog()
    with HubClient(env.url, again, clock=env.hub.clock) as client:
        assert client.catalog().value is not None
    # Asked for the same algorithm again, the saved credentials are kept.
    assert ensure_enrolled(env.url, env.hub.admin, path, "T-GM-01", clock=env.hub.clock,
                           signature_algorithms=(HMAC_SHA256,)) == again


def test_the_client_refuses_an_algorithm_it_did_not_offer() -> None:
    def downgrade(request: BaseHTTPRequestHandler, _stop: threading.Event) -> None:
        # A hub (or a man in the middle) that answers a GM terminal with SHA-256.
        answer = s.Enrollment(terminal_id="T-GM-06", secret="a" * 44, tracking_prefix="AB12",
                              signature_algorithm=HMAC_SHA256).model_dump_json().encode()
        request.send_response(200)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(answer)))
        request.end_headers()
        request.wfile.write(answer)

    server = RawServer(downgrade)
    try:
        with pytest.raises(HubBadResponse, match="did not offer"):
            HubClient.enroll(server.url, "token", "T-GM-06", signature_algorithms=(HMAC_SM3,))
    finally:
        server.close()


def test_a_hub_folder_from_before_keeps_its_terminals_on_sha256(tmp_path: Path) -> None:
    hub_dir = tmp_path / "hub"
    hub_dir.mkdir()
    old = sqlite3.connect(hub_dir / "hub.sqlite3")
    old.executescript("""
        CREATE TABLE terminals (
            terminal_id TEXT PRIMARY KEY, secret TEXT NOT NULL, prefix TEXT NOT NULL UNIQUE,
            description TEXT NOT NULL, enrolled_at TEXT NOT NULL);
        INSERT INTO terminals VALUES ('T-OLD-1', 'c2VjcmV0c2VjcmV0c2VjcmV0', 'QQ77', '',
                                      '2026-01-01T00:00:00+00:00');
    """)
    old.close()
    store = HubStore(hub_dir, SystemClock())
    try:
        key = store.terminal_key("T-OLD-1")
        assert key is not None and key.signature_algorithm == HMAC_SHA256
    finally:
        store.close()
