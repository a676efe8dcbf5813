"""Finding 13: the idempotency body is RFC 8785 JSON with times in UTC, so the same submission
written another way is the same body, not a 409."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hubtools import Enrolled, hotline_submission, resident_where

from kiosk.hub import schema as s

pytest_plugins = ["hubfixtures"]


def _sub(**changes: object) -> s.Submission:
    base = {
        "client_id": "7b0f0b5e-1f43-4c1a-9d4e-0a9b7f1f0c11", "tracking_code": "K7Q40000000AB",
        "terminal_id": "T-TEST-01", "service_id": "hotline_12345",
        "created_at": "2026-12-05T10:00:00+08:00", "locale": "zh-CN",
        "identity": {"kind": "id_card", "id_number": "110101199003070037", "name": "示例",
                     "level": 1},
        "form": {"amount": 100}, "materials": [], "result_mode": "on_the_spot",
        "consent_version": "2026-01"}
    base.update(changes)
    return s.Submission.model_validate(base)


@pytest.mark.parametrize("other", [{"form": {"amount": 100.0}},
                                   {"created_at": "2026-12-05T02:00:00Z"},
                                   {"created_at": "2026-12-05T02:00:00.000+00:00"}])
def test_the_same_values_written_differently_are_one_body(other: dict[str, object]) -> None:
    assert s.canonical_json(_sub()) == s.canonical_json(_sub(**other))


def test_different_values_stay_different() -> None:
    assert s.canonical_json(_sub()) != s.canonical_json(_sub(form={"amount": 100.5}))
    assert s.canonical_json(_sub()) != s.canonical_json(
        _sub(created_at="2026-12-05T10:00:01+08:00"))


def test_it_is_rfc8785() -> None:
    text = s.canonical_json(_sub(form={"b": 1e21, "a": 0.1}))
    assert '"form":{"a":0.1,"b":1e+21}' in text  # ECMAScript number forms, sorted keys
    assert '"created_at":"2026-12-05T02:00:00Z"' in text


def test_hub_answers_200_for_the_same_submission_in_another_time_zone(
        enrolled: Enrolled) -> None:
    person = resident_where(lambda p: True)
    sub = hotline_submission(enrolled, person)
    first = enrolled.client.submit(sub)
    # The same instant written with the +08:00 offset instead of UTC.
    body = json.loads(sub.model_dump_json())
    local = sub.created_at.astimezone(dt.timezone(dt.timedelta(hours=8)))
    body["created_at"] = local.isoformat()
    again = enrolled.signed("PUT", f"/v1/submissions/{sub.client_id}",
                            body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
                            headers={"Content-Type": "application/json"})
    assert again.status_code == 200, again.text
    assert again.json()["case_id"] == first.case_id
