"""Unit tier: tracking a case by its code or its receipt QR."""

from __future__ import annotations

from fakes import FakeOutbox, Kit, card_for

from kiosk.app import journey as j
from kiosk.base import tracking
from kiosk.devtools.residents import resident

CODE = FakeOutbox.code_for(7)


def test_a_known_case_is_shown_with_its_service_name(kit: Kit) -> None:
    case = kit.hub.add_case(CODE, "residence_permit")
    kit.journey.handle(j.ShowTrackCase())
    kit.journey.handle(j.TrackCase(tracking.display(CODE).lower()))
    assert kit.journey.step is j.Step.TRACK_CASE and kit.journey.message is None
    assert kit.journey.view().case == j.CaseView(case, "居住证申领", "Residence permit application")


def test_a_case_without_a_catalog_has_no_service_name(kit: Kit) -> None:
    kit.catalog.available = False
    case = kit.hub.add_case(CODE, "residence_permit")
    kit.journey.handle(j.TrackCase(CODE))
    assert kit.journey.view().case == j.CaseView(case, None, None)


def test_a_mistyped_code_is_refused_before_asking_the_hub(kit: Kit) -> None:
    kit.journey.handle(j.TrackCase(CODE[:-1] + ("0" if CODE[-1] != "0" else "1")))
    assert kit.journey.message == j.Message("journey.tracking_code_invalid")
    assert kit.hub.calls == []


def test_an_unknown_case_is_explained(kit: Kit) -> None:
    kit.journey.handle(j.TrackCase(CODE))
    assert kit.journey.message == j.Message("journey.case_not_found")
    assert kit.journey.view().case is None


def test_offline_clears_an_earlier_answer(kit: Kit) -> None:
    kit.hub.add_case(CODE, "residence_permit")
    kit.journey.handle(j.TrackCase(CODE))
    kit.online = False
    kit.journey.handle(j.TrackCase(CODE))
    assert kit.journey.message == j.Message("journey.tracking_offline")
    assert kit.journey.view().case is None


def test_a_receipt_qr_is_a_lookup_never_an_identity(kit: Kit) -> None:
    kit.hub.add_case(CODE, "residence_permit")
    kit.journey.handle(card_for("R0010"))
    kit.journey.handle(j.QrScanned(tracking.tracking_url(kit.config.hub.tracking_base_url, CODE)))
    assert kit.journey.step is j.Step.TRACK_CASE
    case = kit.journey.view().case
    assert case is not None and case.status.tracking_code == CODE
    assert "resolve_qr" not in kit.hub.calls


def test_on_the_track_screen_any_qr_is_read_as_a_code(kit: Kit) -> None:
    kit.hub.qr_payloads["eid:R0012"] = resident("R0012")
    kit.journey.handle(j.ShowTrackCase())
    kit.journey.handle(j.QrScanned("eid:R0012"))
    assert kit.journey.message == j.Message("journey.tracking_code_invalid")
    assert kit.journey.session.identity is None and "resolve_qr" not in kit.hub.calls
