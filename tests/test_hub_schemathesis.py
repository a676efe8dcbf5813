"""Property-based run of the committed OpenAPI document against the reference hub.

Every operation in ``docs/hub-api.json`` gets generated requests, signed so they
reach the handlers; no response may be a 5xx and every response must match the
status codes and schemas the document promises. The quick test takes 12 examples
per operation; the ``slow``-marked one 1,000 (both run in the test command).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hubtools import Enrolled, start_enrolled
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from kiosk.hub.client import SigningAuth

DOC = Path(__file__).resolve().parent.parent / "docs" / "hub-api.json"
schema = schemathesis.openapi.from_path(DOC)


@schemathesis.serializer("application/pdf")
def _pdf_bytes(_ctx: Any, value: Any) -> bytes:
    """Send generated binary bodies as they are (documents are opaque bytes)."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8")


@pytest.fixture(scope="module")
def signed_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Enrolled,
                                                                          requests.Session]]:
    """One hub for the whole run and a session that signs every request."""
    tmp = tmp_path_factory.mktemp("schemathesis")
    env = start_enrolled(tmp / "hub", tmp)
    session = requests.Session()
    session.auth = SigningAuth(env.creds)
    try:
        yield env, session
    finally:
        session.close()
        env.client.close()
        env.hub.stop()


def _call(case: schemathesis.Case[Any], signed_hub: tuple[Enrolled, requests.Session]) -> None:
    env, session = signed_hub
    case.call_and_validate(
        base_url=env.url, session=session, timeout=10,
        checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                response_schema_conformance])


# The health checks that would fire here say nothing about the hub: each example is a real
# HTTP round trip (too_slow), and the documents operation's 20 MiB bodies are large
# (data_too_large). Every other check stays on.
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large]


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True, database=None,
          suppress_health_check=_HEALTH)
def test_hub_honours_its_openapi_document(case: schemathesis.Case[Any],
                                          signed_hub: tuple[Enrolled, requests.Session]) -> None:
    _call(case, signed_hub)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=1000, deadline=None, derandomize=True, database=None,
          suppress_health_check=_HEALTH)
def test_hub_survives_a_thousand_examples_per_operation(
        case: schemathesis.Case[Any], signed_hub: tuple[Enrolled, requests.Session]) -> None:
    _call(case, signed_hub)
