"""Finding 7: a non-ASCII ``X-Kiosk-Signature`` is a malformed signature (401), not a 500."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
from hubtools import Enrolled

from kiosk.hub import signing

pytest_plugins = ["hubfixtures"]


@pytest.mark.parametrize("signature", ["é" * 64, "z" * 64, "ä" + "0" * 63])
def test_hub_answers_401_signature_malformed(live: Enrolled, signature: str) -> None:
    now = int(dt.datetime.now(dt.UTC).timestamp())
    # Header values go out as latin-1 bytes, as any HTTP client may send them.
    headers = {signing.HEADER_TERMINAL: live.creds.terminal_id.encode("latin-1"),
               signing.HEADER_TIMESTAMP: str(now).encode("latin-1"),
               signing.HEADER_SIGNATURE: signature.encode("latin-1")}
    reply = requests.get(live.url + "/v1/catalog", headers=headers, timeout=10)
    assert reply.status_code == 401
    assert reply.json()["reason"] == "signature_malformed"


def test_verify_calls_a_non_ascii_signature_malformed() -> None:
    problem = signing.verify(b"k" * 32, method="GET", path_with_query="/v1/catalog",
                             timestamp_header="1700000000", signature_header="é" * 64,
                             body=b"", now=dt.datetime.fromtimestamp(1700000000, dt.UTC))
    assert problem is signing.SignatureProblem.MALFORMED
