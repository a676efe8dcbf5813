"""The committed OpenAPI document is exactly what the reference hub generates."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.devtools.refhub.app import openapi_document, openapi_text

DOC = Path(__file__).resolve().parent.parent / "docs" / "hub-api.json"


def test_committed_openapi_document_matches_the_generated_one() -> None:
    generated = openapi_text()
    committed = DOC.read_text(encoding="utf-8")
    assert committed == generated, (
        "docs/hub-api.json is stale; regenerate with: kiosk hub openapi --out docs/hub-api.json")


def test_contract_is_v1_only_and_hides_admin_routes() -> None:
    doc = openapi_document()
    assert doc["info"]["version"].startswith("1.")
    assert doc["paths"] and all(path.startswith("/v1/") for path in doc["paths"])
    assert "admin" not in json.dumps(doc["paths"])
    # Every operation documents the shared error body for refusals.
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if method != "head":
                assert "422" in op["responses"] or path == "/v1/health", (method, path)
