"""The technician-card sign-in against a real reference hub on 127.0.0.1.

An active technician's card gets an 8-hour grant; a resident's card and a suspended
technician's card are ``HubNotFound`` (never an auth error, which would mean
"re-enrol this terminal"); an unsigned request is refused; every attempt is recorded.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import requests
from hubtools import Enrolled

from kiosk.base.clock import ManualClock
from kiosk.base.i18n import translate
from kiosk.devtools.residents import resident
from kiosk.devtools.technicians import technician
from kiosk.hub import schema as s
from kiosk.hub.errors import HubAuthError, HubNotFound

pytest_plugins = ["hubfixtures"]


def _card(code: str) -> s.TechnicianCard:
    tech = technician(code)
    return s.TechnicianCard(card_identifier=tech.card_identifier, card_number=tech.card_number)


def test_active_technician_card_gets_an_eight_hour_grant(
        enrolled: Enrolled, hub_clock: ManualClock) -> None:
    grant = enrolled.client.technician_card(_card("T0001"))
    assert grant.staff_id == "TECH-0001"
    assert grant.role == "technician"
    assert grant.expires_at == hub_clock.now() + dt.timedelta(hours=8)


def test_resident_card_is_technician_unknown_not_an_auth_error(enrolled: Enrolled) -> None:
    person = resident("R0001")
    card = s.TechnicianCard(card_identifier=person.citizen_card_id,
                            card_number=person.citizen_card_number)
    with pytest.raises(HubNotFound) as caught:
        enrolled.client.technician_card(card)
    assert not isinstance(caught.value, HubAuthError)
    assert caught.value.status == 404
    assert caught.value.reason == "technician_unknown"
    assert caught.value.message_key == "hub.technician_unknown"
    for locale in ("zh_CN", "en_US"):
        assert translate(caught.value.message_key, locale) != caught.value.message_key


def test_technician_card_with_a_wrong_identifier_is_unknown(enrolled: Enrolled) -> None:
    # The number alone does not open the screen: the chip's identifier must match too.
    card = s.TechnicianCard(card_identifier="330500E100000099",
                            card_number=technician("T0001").card_number)
    with pytest.raises(HubNotFound) as caught:
        enrolled.client.technician_card(card)
    assert caught.value.reason == "technician_unknown"


def test_suspended_technician_is_refused_with_its_own_reason(enrolled: Enrolled) -> None:
    with pytest.raises(HubNotFound) as caught:
        enrolled.client.technician_card(_card("T0002"))
    assert caught.value.reason == "technician_suspended"
    assert caught.value.message_key == "hub.technician_suspended"
    for locale in ("zh_CN", "en_US"):
        assert translate(caught.value.message_key, locale) != caught.value.message_key


def test_unsigned_request_is_refused_before_any_record(enrolled: Enrolled) -> None:
    body = _card("T0001").model_dump_json()
    reply = requests.post(enrolled.url + "/v1/technicians/card", data=body,
                          headers={"Content-Type": "application/json"}, timeout=10)
    assert reply.status_code == 401
    assert reply.json()["reason"] == "signature_missing"
    assert enrolled.hub.admin.technician_signins() == []


def test_malformed_card_is_rejected_with_problems(enrolled: Enrolled) -> None:
    body = json.dumps({"card_identifier": "not hex", "card_number": ""}).encode()
    reply = enrolled.signed("POST", "/v1/technicians/card", body=body,
                            headers={"Content-Type": "application/json"})
    assert reply.status_code == 422
    fields = {p["field"] for p in reply.json()["problems"]}
    assert fields == {"body.card_identifier", "body.card_number"}


def test_every_sign_in_is_recorded_with_terminal_time_and_outcome(
        enrolled: Enrolled, hub_clock: ManualClock) -> None:
    enrolled.client.technician_card(_card("T0001"))
    for code in ("T0002",):
        with pytest.raises(HubNotFound):
            enrolled.client.technician_card(_card(code))
    person = resident("R0002")
    with pytest.raises(HubNotFound):
        enrolled.client.technician_card(s.TechnicianCard(
            card_identifier=person.citizen_card_id, card_number=person.citizen_card_number))
    rows = enrolled.hub.admin.technician_signins()
    assert [(r["staff_id"], r["outcome"]) for r in rows] == [
        ("TECH-0001", "granted"), ("TECH-0002", "suspended"), (None, "unknown")]
    assert {r["terminal_id"] for r in rows} == {enrolled.creds.terminal_id}
    assert {dt.datetime.fromisoformat(r["at"]) for r in rows} == {hub_clock.now()}
    # Nothing of a resident's card is kept.
    assert person.citizen_card_number not in json.dumps(rows)
