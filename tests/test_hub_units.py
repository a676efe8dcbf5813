"""Unit behaviour of the hub building blocks: signing, fault specs, errors, credentials."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest

from kiosk.base.i18n import catalogue
from kiosk.devtools.refhub import demo, district
from kiosk.devtools.refhub.faults import FaultAction, FaultController, parse_fault_spec
from kiosk.hub import signing
from kiosk.hub.client import TerminalCredentials
from kiosk.hub.errors import HubErrorKind, error_for_status

MESSAGES = catalogue("zh_CN")

NOW = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def test_signature_verifies_and_detects_every_change() -> None:
    key = signing.decode_secret(signing.new_secret())
    headers = signing.signed_headers("T1", key, "POST", "/v1/prefill?x=1", body=b"{}", now=NOW)
    ts, sig = headers[signing.HEADER_TIMESTAMP], headers[signing.HEADER_SIGNATURE]

    def check(**changes: object) -> signing.SignatureProblem | None:
        args: dict[str, object] = {"method": "POST", "path_with_query": "/v1/prefill?x=1",
                                   "timestamp_header": ts, "signature_header": sig,
                                   "body": b"{}", "now": NOW}
        args.update(changes)
        return signing.verify(key, **args)  # type: ignore[arg-type]

    assert check() is None
    assert check(method="PUT") is signing.SignatureProblem.MISMATCH
    assert check(path_with_query="/v1/prefill?x=2") is signing.SignatureProblem.MISMATCH
    assert check(body=b"{ }") is signing.SignatureProblem.MISMATCH
    assert check(now=NOW + dt.timedelta(seconds=301)) is signing.SignatureProblem.STALE
    assert check(now=NOW - dt.timedelta(seconds=301)) is signing.SignatureProblem.STALE
    assert check(now=NOW + dt.timedelta(seconds=299)) is None
    assert check(signature_header=None) is signing.SignatureProblem.MISSING
    assert check(timestamp_header="soon") is signing.SignatureProblem.MALFORMED
    other = signing.decode_secret(signing.new_secret())
    assert signing.verify(other, method="POST", path_with_query="/v1/prefill?x=1",
                          timestamp_header=ts, signature_header=sig, body=b"{}",
                          now=NOW) is signing.SignatureProblem.MISMATCH


def test_string_to_sign_is_the_documented_one() -> None:
    expected = (b"GET\n/v1/catalog\n1772438400\n"
                b"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    assert signing.string_to_sign("get", "/v1/catalog", 1772438400, b"") == expected


def test_fault_specs_parse_and_refuse_nonsense() -> None:
    spec = parse_fault_spec("latency=0.5,error_rate=0.3,drop_rate=0.1,malformed_rate=0.2,"
                            "down=0,seed=7")
    assert (spec.latency, spec.error_rate, spec.drop_rate, spec.malformed_rate, spec.down,
            spec.seed) == (0.5, 0.3, 0.1, 0.2, False, 7)
    assert parse_fault_spec("") == parse_fault_spec("none")
    for bad in ("latency", "error_rate=2", "explode=1", "latency=-1"):
        with pytest.raises(ValueError):
            parse_fault_spec(bad)


def test_seeded_faults_repeat_and_rates_hold() -> None:
    settings = parse_fault_spec("error_rate=0.3,seed=7")
    first = FaultController(settings).decide()[0]
    a, b = FaultController(settings), FaultController(settings)
    seq_a = [a.decide()[0] for _ in range(400)]
    assert seq_a == [b.decide()[0] for _ in range(400)]
    assert first is seq_a[0]
    share = seq_a.count(FaultAction.ERROR) / len(seq_a)
    assert 0.2 < share < 0.4
    assert FaultController(parse_fault_spec("down=1")).decide()[0] is FaultAction.DOWN


def test_status_codes_map_to_kinds_and_every_key_has_text() -> None:
    kinds = {code: error_for_status(code, "x", None).kind for code in
             (401, 403, 404, 409, 413, 422, 400, 429, 500, 503)}
    assert kinds == {401: HubErrorKind.AUTH, 403: HubErrorKind.AUTH, 404: HubErrorKind.NOT_FOUND,
                     409: HubErrorKind.CONFLICT, 413: HubErrorKind.TOO_LARGE,
                     422: HubErrorKind.REJECTED, 400: HubErrorKind.REJECTED,
                     429: HubErrorKind.SERVER_ERROR, 500: HubErrorKind.SERVER_ERROR,
                     503: HubErrorKind.SERVER_ERROR}
    for kind in HubErrorKind:
        assert f"hub.{kind.value}" in MESSAGES
    assert error_for_status(422, "x", "code_wrong").message_key == "hub.code_wrong"
    assert error_for_status(401, "x", "timestamp_stale").message_key == "hub.clock"
    assert not error_for_status(409, "x", None).retryable
    assert error_for_status(503, "x", None).retryable
    english = catalogue("en_US")
    assert all(MESSAGES[k] and english[k] for k in MESSAGES if k.startswith("hub."))


def test_credentials_file_is_private_and_round_trips(tmp_path: Path) -> None:
    creds = TerminalCredentials("T1", signing.new_secret(), "K7Q4")
    path = tmp_path / "sub" / "hub-credentials.json"
    creds.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert TerminalCredentials.load(path) == creds
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError):
        TerminalCredentials.load(path)


def test_demo_data_is_rich_enough() -> None:
    services = demo.catalog().services
    assert len(services) >= 12
    assert sorted(s.frequency_rank for s in services) == list(range(1, len(services) + 1))
    for svc in services:
        assert svc.pinyin_initials == "".join(w[0] for w in svc.pinyin.split())
        form = demo.services_by_id()[svc.id].form
        assert set(form.json_schema["required"]) <= set(form.field_order)
        assert all(f.prefill is None or f.prefill.startswith("person.") for f in form.fields)
    sizes = {m.type: (m.width_mm, m.height_mm) for s in services for m in s.materials}
    assert sizes["id_card"] == (85.6, 54.0)
    assert sizes["household_register"] == (143.0, 105.0)
    assert sizes["lease_contract"] == (210.0, 297.0)
    assert len(demo.service_points()) >= 10
    # 1.11 km due north along 和睦街, at 75 m/min.
    metres, minutes = district.walking(30.28, 120.10, 30.29, 120.10)
    assert metres == 1112 and minutes == 15
