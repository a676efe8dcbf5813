"""Contract tests against a real reference hub served by uvicorn on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
import requests
from hubtools import (
    Enrolled,
    card_of,
    hotline_submission,
    level2_session,
    resident_where,
    start_enrolled,
)

from kiosk.base import tracking
from kiosk.base.clock import ManualClock
from kiosk.devtools.refhub.store import LOCAL_TZ
from kiosk.hub import schema as s
from kiosk.hub.client import HubClient
from kiosk.hub.errors import (
    HubAuthError,
    HubConflict,
    HubError,
    HubNotFound,
    HubRejected,
)

pytest_plugins = ["hubfixtures"]

# --- signing -------------------------------------------------------------------


def test_signed_request_passes_and_unsigned_stale_tampered_get_401(enrolled: Enrolled) -> None:
    assert enrolled.signed("GET", "/v1/catalog").status_code == 200

    unsigned = requests.get(enrolled.url + "/v1/catalog", timeout=10)
    assert unsigned.status_code == 401
    assert unsigned.json()["reason"] == "signature_missing"

    stale_time = enrolled.hub.clock.now() - dt.timedelta(seconds=301)
    stale = enrolled.signed("GET", "/v1/catalog", now=stale_time)
    assert stale.status_code == 401 and stale.json()["reason"] == "timestamp_stale"
    assert enrolled.signed("GET", "/v1/catalog",
                           now=enrolled.hub.clock.now() - dt.timedelta(seconds=290)
                           ).status_code == 200

    # Sign one body, send another: the body digest no longer matches.
    body = json.dumps({"reason": "help", "elder_mode": False, "locale": "zh-CN"}).encode()
    prepared = requests.Request("POST", enrolled.url + "/v1/call-staff", data=body,
                                headers={"Content-Type": "application/json"}).prepare()
    from kiosk.hub.signing import signed_headers

    prepared.headers.update(signed_headers(enrolled.creds.terminal_id, enrolled.creds.key(),
                                           "POST", prepared.path_url, body=body,
                                           now=enrolled.hub.clock.now()))
    prepared.body = body.replace(b"help", b"other")
    with requests.Session() as session:
        tampered = session.send(prepared, timeout=10)
    assert tampered.status_code == 401 and tampered.json()["reason"] == "signature_mismatch"
    assert enrolled.hub.admin.call_staff_requests() == []

    # A tampered query string is caught too: the path-with-query is signed.
    prepared = requests.Request("GET", enrolled.url + "/v1/service-points?lat=30.28&lon=120.1"
                                ).prepare()
    prepared.headers.update(signed_headers(enrolled.creds.terminal_id, enrolled.creds.key(),
                                           "GET", prepared.path_url, body=b"",
                                           now=enrolled.hub.clock.now()))
    prepared.url = str(prepared.url).replace("lat=30.28", "lat=31.28")
    with requests.Session() as session:
        assert session.send(prepared, timeout=10).status_code == 401

    unknown = requests.get(enrolled.url + "/v1/catalog", timeout=10, headers={
        "X-Kiosk-Terminal": "nobody", "X-Kiosk-Timestamp": "1", "X-Kiosk-Signature": "0" * 64})
    assert unknown.status_code == 401 and unknown.json()["reason"] == "terminal_unknown"


def test_exact_replay_of_a_post_is_refused(enrolled: Enrolled) -> None:
    body = json.dumps({"reason": "help", "elder_mode": True, "locale": "en"}).encode()
    now = enrolled.hub.clock.now()
    headers = {"Content-Type": "application/json"}
    first = enrolled.signed("POST", "/v1/call-staff", body=body, headers=headers, now=now)
    again = enrolled.signed("POST", "/v1/call-staff", body=body, headers=headers, now=now)
    assert first.status_code == 200
    assert again.status_code == 409 and again.json()["reason"] == "signature_replayed"
    assert len(enrolled.hub.admin.call_staff_requests()) == 1


def test_every_response_has_a_date_header_from_the_hub_clock(tmp_path: Path) -> None:
    # A hub whose clock is 2 hours ahead: the kiosk must notice the skew.
    hub_clock = ManualClock(dt.datetime.now(dt.UTC) + dt.timedelta(hours=2))
    env = start_enrolled(tmp_path / "hub", tmp_path, clock=hub_clock)
    try:
        health = requests.get(env.url + "/v1/health", timeout=10)
        hub_date = email.utils.parsedate_to_datetime(health.headers["Date"])
        assert abs((hub_date - hub_clock.now()).total_seconds()) < 2
        assert requests.get(env.url + "/v1/catalog", timeout=10).headers["Date"]
        with HubClient(env.url, env.creds) as local:  # the real clock: 2 h behind the hub
            local.health()
            assert local.clock_skew_s is not None and 7190 < local.clock_skew_s < 7210
            assert local.clock_warning == "hub.clock_skew"
            # Signing in hub time keeps the terminal working despite its wrong clock.
            assert local.catalog().value is not None
    finally:
        env.client.close()
        env.hub.stop()


# --- enrolment -------------------------------------------------------------------


def test_enrolment_token_is_single_use_and_prefixes_are_unique(enrolled: Enrolled) -> None:
    token = enrolled.hub.admin.mint_token("T-TEST-02")
    creds = HubClient.enroll(enrolled.url, token, "T-TEST-02", "second terminal")
    assert tracking.is_valid_prefix(creds.tracking_prefix)
    assert creds.tracking_prefix != enrolled.creds.tracking_prefix
    with pytest.raises(HubAuthError):
        HubClient.enroll(enrolled.url, token, "T-TEST-02")
    with HubClient(enrolled.url, creds) as second:
        assert second.catalog().value is not None
    used = [t for t in enrolled.hub.admin.tokens() if t["token"] == token]
    assert used[0]["used_by"] == "T-TEST-02"


def test_enrolments_and_submissions_persist_across_restarts(tmp_path: Path) -> None:
    env = start_enrolled(tmp_path / "hub", tmp_path)
    person = resident_where(lambda p: True)
    sub = hotline_submission(env, person)
    first = env.client.submit(sub)
    env.client.close()
    env.hub.stop()
    env = start_enrolled(tmp_path / "hub", tmp_path)  # same folder, same credentials file
    try:
        assert env.client.submit(sub) == first
        assert len(env.hub.admin.submissions()) == 1
        assert env.client.case_status(sub.tracking_code).status == "received"
    finally:
        env.client.close()
        env.hub.stop()


# --- catalog and forms -------------------------------------------------------------


def test_catalog_and_forms_support_etags(enrolled: Enrolled) -> None:
    first = enrolled.client.catalog()
    assert first.value is not None and first.etag
    assert len(first.value.services) >= 12
    assert enrolled.client.catalog(first.etag).not_modified
    ids = {svc.id for svc in first.value.services}
    assert {"residence_permit", "social_insurance_certificate", "hotline_12345"} <= ids
    for svc in first.value.services:
        form = enrolled.client.form(svc.id)
        assert form.value is not None and form.value.service_id == svc.id
        assert form.value.field_order == [f.name for f in form.value.fields]
        assert enrolled.client.form(svc.id, form.etag).not_modified
    with pytest.raises(HubNotFound):
        enrolled.client.form("no_such_service")


# --- identity and prefill ------------------------------------------------------------


def test_level1_gets_no_hub_data_and_level2_via_sms_code_does(enrolled: Enrolled) -> None:
    person = resident_where(lambda p: "household_register" in p.materials_on_file)
    session = enrolled.client.identify_card(card_of(person))
    assert session.level == 1 and session.person.id_number == person.id_number

    low = enrolled.client.prefill(session.session_id, "birth_registration")
    assert low.fields == {} and low.materials_on_file == []
    assert "person.household_address" in low.withheld

    sent = enrolled.client.request_code(session.session_id)
    assert sent.phone_hint == person.phone[-4:]
    assert person.phone not in json.dumps(enrolled.hub.admin.sent_codes())
    code = enrolled.hub.admin.latest_code(session.session_id)
    raised = enrolled.client.verify_code(session.session_id, code)
    assert raised.level == 2 and raised.method == "card+sms"

    high = enrolled.client.prefill(session.session_id, "birth_registration")
    assert high.level == 2
    assert high.fields["person.household_address"] == person.household_address
    assert high.fields["person.household_id"] == person.household_id
    assert "household_register" in high.materials_on_file
    assert not set(high.fields) & s.CARD_BINDINGS


def test_residence_permit_prefills_at_least_five_fields_at_level2(enrolled: Enrolled) -> None:
    person = resident_where(lambda p: p.employer is not None)
    session = level2_session(enrolled, person)
    form = enrolled.client.form("residence_permit").value
    assert form is not None
    bound = {f.prefill for f in form.fields if f.prefill is not None}
    prefill = enrolled.client.prefill(session.session_id, "residence_permit")
    assert {"person.phone", "person.residence_address", "person.household_address",
            "person.employer"} <= set(prefill.fields)
    assert len(bound & (set(prefill.fields) | s.CARD_BINDINGS)) >= 5
    assert prefill.fields["person.phone"] == person.phone


def test_wrong_codes_lock_the_session_after_five(enrolled: Enrolled) -> None:
    person = resident_where(lambda p: True)
    session = enrolled.client.identify_card(card_of(person))
    enrolled.client.request_code(session.session_id)
    right = enrolled.hub.admin.latest_code(session.session_id)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    reasons = []
    for _ in range(5):
        with pytest.raises(HubRejected) as caught:
            enrolled.client.verify_code(session.session_id, wrong)
        reasons.append(caught.value.reason)
    assert reasons == ["code_wrong"] * 4 + ["code_locked"]
    with pytest.raises(HubRejected) as locked:
        enrolled.client.verify_code(session.session_id, right)
    assert locked.value.reason == "code_locked"
    assert locked.value.message_key == "hub.code_locked"


def test_card_identity_is_checked(enrolled: Enrolled) -> None:
    person = resident_where(lambda p: True)
    with pytest.raises(HubRejected) as mismatch:
        enrolled.client.identify_card(s.CardIdentity(kind="id_card", id_number=person.id_number,
                                                     name="某某某"))
    assert mismatch.value.reason == "identity_mismatch"
    with pytest.raises(HubRejected):
        enrolled.client.identify_card(s.CardIdentity(
            kind="citizen_card", id_number=person.id_number, name=person.name,
            card_number="A99999999"))
    ok = enrolled.client.identify_card(s.CardIdentity(
        kind="citizen_card", id_number=person.id_number, name=person.name,
        card_number=person.citizen_card_number))
    assert ok.level == 1
    with pytest.raises(HubNotFound) as unknown:
        enrolled.client.identify_card(s.CardIdentity(kind="id_card", id_number="11010519491231002X",
                                                     name="某某"))
    assert unknown.value.reason == "person_unknown"


def test_eid_qr_resolves_once_and_refuses_bad_payloads(enrolled: Enrolled,
                                                       hub_clock: ManualClock) -> None:
    payload = enrolled.hub.admin.eid_payload("R0007")
    assert payload.startswith("EID1:")
    session = enrolled.client.resolve_qr(payload)
    assert session.level == 2 and session.method == "eid_qr"
    assert session.person.id_number == resident_where(lambda p: p.resident_id == "R0007").id_number
    assert enrolled.client.prefill(session.session_id, "residence_certificate").fields

    reasons = {}
    for label, bad in (("reused", payload), ("malformed", "hello"),
                       ("unknown", "EID1:" + "A" * 32), ("garbage", "EID1:!!!")):
        with pytest.raises(HubRejected) as caught:
            enrolled.client.resolve_qr(bad)
        reasons[label] = caught.value.reason
    assert reasons == {"reused": "qr_used", "malformed": "qr_malformed",
                       "unknown": "qr_unknown", "garbage": "qr_malformed"}

    late = enrolled.hub.admin.eid_payload("R0008")
    hub_clock.advance(301)
    with pytest.raises(HubRejected) as expired:
        enrolled.client.resolve_qr(late)
    assert expired.value.reason == "qr_expired"


def test_sessions_belong_to_their_terminal(enrolled: Enrolled) -> None:
    person = resident_where(lambda p: True)
    session = enrolled.client.identify_card(card_of(person))
    other = HubClient.enroll(enrolled.url, enrolled.hub.admin.mint_token("T-OTHER"), "T-OTHER",
                             clock=enrolled.hub.clock)
    with HubClient(enrolled.url, other, clock=enrolled.hub.clock) as thief, \
            pytest.raises(HubNotFound):
        thief.prefill(session.session_id, "residence_permit")


# --- documents and submissions ---------------------------------------------------------


def test_documents_are_idempotent_hash_checked_and_capped(enrolled: Enrolled) -> None:
    data = b"%PDF-1.4 demo lease\n"
    digest = hashlib.sha256(data).hexdigest()
    assert not enrolled.client.has_document(digest)
    receipt = enrolled.client.put_document(digest, data, "application/pdf")
    assert receipt.size == len(data)
    assert enrolled.client.put_document(digest, data, "application/pdf") == receipt
    assert enrolled.client.has_document(digest)
    assert enrolled.signed("HEAD", f"/v1/documents/{digest}").status_code == 200
    assert enrolled.signed("HEAD", f"/v1/documents/{'0' * 64}").status_code == 404

    with pytest.raises(HubRejected) as mismatch:
        enrolled.client.put_document("ab" * 32, data, "application/pdf")
    assert mismatch.value.reason == "hash_mismatch"

    big = b"\xff" * (s.MAX_DOCUMENT_BYTES + 1)
    response = enrolled.signed("PUT", f"/v1/documents/{hashlib.sha256(big).hexdigest()}",
                               body=big, headers={"Content-Type": "image/jpeg"})
    assert response.status_code == 413


def test_submission_is_idempotent_and_conflicts_are_409(enrolled: Enrolled) -> None:
    person = resident_where(lambda p: True)
    sub = hotline_submission(enrolled, person)
    first = enrolled.client.submit(sub)
    assert first.status == "received" and first.tracking_code == sub.tracking_code
    again = enrolled.signed("PUT", f"/v1/submissions/{sub.client_id}",
                            body=s.canonical_json(sub).encode(),
                            headers={"Content-Type": "application/json"})
    assert again.status_code == 200
    assert s.SubmissionResult.model_validate_json(again.content) == first
    assert len(enrolled.hub.admin.submissions()) == 1

    changed = sub.model_copy(update={"form": {**sub.form, "description": "路灯还是不亮"}})
    with pytest.raises(HubConflict) as conflict:
        enrolled.client.submit(changed)
    assert conflict.value.reason == "client_id_conflict"

    reused_code = hotline_submission(enrolled, person, tracking_code=sub.tracking_code)
    with pytest.raises(HubConflict) as code_conflict:
        enrolled.client.submit(reused_code)
    assert code_conflict.value.reason == "tracking_code_conflict"
    assert len(enrolled.hub.admin.submissions()) == 1


def test_invalid_submissions_get_422_with_problems(enrolled: Enrolled) -> None:
    person = resident_where(lambda p: True)
    good = hotline_submission(enrolled, person)
    bad_code = good.tracking_code[:-1] + ("0" if good.tracking_code[-1] != "0" else "1")
    cases: dict[str, dict[str, Any]] = {
        "service_unknown": {"service_id": "no_such_service"},
        "tracking_code_invalid": {"tracking_code": bad_code},
        "required": {"form": {"name": person.name}},
        "pattern": {"form": {**good.form, "phone": "12345"}},
        "document_missing": {"materials": [{
            "type": "evidence_photo", "sha256": "cd" * 32, "pages": 1,
            "content_type": "image/jpeg", "size": 10}]},
        "identity_level_insufficient": {"service_id": "marriage_record_inquiry",
                                        "form": {"name": person.name,
                                                 "id_number": person.id_number,
                                                 "purpose": "loan"}},
    }
    for expected, change in cases.items():
        sub = hotline_submission(enrolled, person, **change)
        with pytest.raises(HubRejected) as caught:
            enrolled.client.submit(sub)
        assert caught.value.status == 422
        assert expected in {p.code for p in caught.value.problems}, expected
        # Problems name rules and fields, never the submitted values.
        assert person.name not in json.dumps([p.model_dump() for p in caught.value.problems],
                                             ensure_ascii=False)
    assert enrolled.hub.admin.submissions() == []


def test_level2_submission_with_materials_is_accepted(enrolled: Enrolled) -> None:
    person = resident_where(lambda p: p.employer is not None)
    session = level2_session(enrolled, person)
    materials = []
    for kind, data in (("id_card", b"\xff\xd8 card"), ("lease_contract", b"%PDF lease")):
        digest = hashlib.sha256(data).hexdigest()
        ctype = "image/jpeg" if kind == "id_card" else "application/pdf"
        enrolled.client.put_document(digest, data, ctype)
        materials.append({"type": kind, "sha256": digest, "pages": 1, "content_type": ctype,
                          "size": len(data)})
    prefill = enrolled.client.prefill(session.session_id, "residence_permit")
    sub = hotline_submission(
        enrolled, person, service_id="residence_permit", result_mode="pickup",
        identity={"kind": "id_card", "id_number": person.id_number, "name": person.name,
                  "level": 2, "session_id": session.session_id},
        materials=materials,
        form={"name": person.name, "sex": person.sex, "id_number": person.id_number,
              "phone": prefill.fields["person.phone"],
              "residence_address": prefill.fields["person.residence_address"],
              "household_address": prefill.fields["person.household_address"],
              "employer": prefill.fields["person.employer"], "residence_reason": "work",
              "residence_since": "2024-03-01"})
    assert enrolled.client.submit(sub).status == "received"


def test_case_status_moves_along_with_hub_time(enrolled: Enrolled,
                                              hub_clock: ManualClock) -> None:
    sub = hotline_submission(enrolled, resident_where(lambda p: True))
    enrolled.client.submit(sub)
    assert enrolled.client.case_status(sub.tracking_code).status == "received"
    hub_clock.advance(11 * 60)
    assert enrolled.client.case_status(sub.tracking_code).status == "accepted"
    hub_clock.advance(2 * 3600)
    done = enrolled.client.case_status(tracking.display(sub.tracking_code))
    assert [e.status for e in done.history] == ["received", "accepted", "completed"]
    with pytest.raises(HubNotFound):
        enrolled.client.case_status(tracking.new_code(enrolled.creds.tracking_prefix))

    other = hotline_submission(enrolled, resident_where(lambda p: True))
    enrolled.client.submit(other)
    assert enrolled.hub.admin.advance_case(other.tracking_code)["status"] == "accepted"


# --- service points, appointments, staff, telemetry ---------------------------------------


def _next_weekday(now: dt.datetime) -> dt.date:
    day = now.astimezone(LOCAL_TZ).date() + dt.timedelta(days=1)
    while day.isoweekday() > 5:
        day += dt.timedelta(days=1)
    return day


def test_service_points_are_sorted_by_walking_time(enrolled: Enrolled) -> None:
    points = enrolled.client.service_points(30.28, 120.10)
    assert len(points) >= 10
    minutes = [p.walking_minutes for p in points]
    assert minutes == sorted(minutes)
    assert points[0].within_half_hour and not points[-1].within_half_hour
    assert {p.kind for p in points} == {"hall", "kiosk", "24h_room"}
    # From the far end of town the order changes: the estimate really uses the position.
    far = enrolled.client.service_points(30.245, 120.131)
    assert far[0].id != points[0].id
    only = enrolled.client.service_points(30.28, 120.10, "birth_registration")
    assert only and all("birth_registration" in p.services for p in only)
    assert len(only) < len(points)


def test_slots_booking_full_slot_and_cancelling(enrolled: Enrolled) -> None:
    person = resident_where(lambda p: True)
    session = enrolled.client.identify_card(card_of(person))
    day = _next_weekday(enrolled.hub.clock.now())
    slots = enrolled.client.slots("P02", "residence_permit", day)
    assert slots.slots and all(sl.available == sl.capacity == 3 for sl in slots.slots)
    target = slots.slots[0]
    booked = [enrolled.client.book(session.session_id, "P02", "residence_permit", target.start)
              for _ in range(target.capacity)]
    assert all(b.status == "booked" for b in booked)
    after = enrolled.client.slots("P02", "residence_permit", day).slots[0]
    assert after.start == target.start and after.available == 0
    with pytest.raises(HubConflict) as full:
        enrolled.client.book(session.session_id, "P02", "residence_permit", target.start)
    assert full.value.message_key == "hub.slot_full"

    cancelled = enrolled.client.cancel(booked[0].id)
    assert cancelled.status == "cancelled"
    assert enrolled.client.cancel(booked[0].id).status == "cancelled"  # idempotent
    assert enrolled.client.slots("P02", "residence_permit", day).slots[0].available == 1
    assert enrolled.client.book(session.session_id, "P02", "residence_permit",
                                target.start).status == "booked"
    with pytest.raises(HubError):
        enrolled.client.book(session.session_id, "P02", "residence_permit",
                             target.start + dt.timedelta(minutes=7))
    with pytest.raises(HubRejected):
        enrolled.client.slots("P06", "residence_permit", day)  # a kiosk takes no appointments


def test_call_staff_and_heartbeat_are_stored(enrolled: Enrolled) -> None:
    result = enrolled.client.call_staff("accessibility", elder_mode=True, locale="zh-CN")
    assert result.status == "dispatched" and "工作人员" in result.message
    listed = enrolled.hub.admin.call_staff_requests()
    assert [(r["request_id"], r["reason"], r["elder_mode"]) for r in listed] == [
        (result.request_id, "accessibility", True)]

    attention = uuid.uuid4()
    beat = s.Heartbeat(
        sent_at=enrolled.hub.clock.now(), app_version="0.1.0",
        devices=[s.DeviceStatus(name="printer", state="degraded", detail="paper low")],
        queue=s.QueueCounts(pending=2, sending=0, needs_attention=1, sent_today=5),
        needs_attention=[attention], storage_faults=[], journeys={"started": 9, "submitted": 5})
    ack = enrolled.client.heartbeat(beat)
    assert abs((ack.server_time - enrolled.hub.clock.now()).total_seconds()) < 1
    stored = enrolled.hub.admin.heartbeats()
    assert stored[0]["terminal_id"] == enrolled.creds.terminal_id
    assert stored[0]["heartbeat"]["needs_attention"] == [str(attention)]
    assert stored[0]["heartbeat"]["devices"][0]["state"] == "degraded"


def test_admin_needs_the_admin_key(enrolled: Enrolled) -> None:
    assert requests.get(enrolled.url + "/admin/submissions", timeout=10).status_code == 401
    assert requests.get(enrolled.url + "/admin/submissions", timeout=10,
                        headers={"X-Admin-Key": "guess"}).status_code == 401
    key_file = enrolled.hub.hub_dir / "admin.key"
    assert key_file.stat().st_mode & 0o777 == 0o600
