"""Which material is captured: the first missing, then the next one, required ones first."""

from __future__ import annotations

from dataclasses import replace

from capture_support import EMPLOYMENT, ID_CARD, LEASE, Kiosk, card, kiosk

from kiosk.app.capture import WantedMaterial

OPTIONAL_FIRST = (EMPLOYMENT, ID_CARD, LEASE)


def _fill(k: Kiosk, material: WantedMaterial) -> None:
    """Choose ``material`` and tap "Take picture" for each page it wants."""
    assert k.workflow.select(material.type)
    for _ in range(material.pages_wanted):
        assert k.workflow.request_capture()
        k.show(card())


def test_required_materials_come_first_in_the_service_order() -> None:
    k = kiosk(*OPTIONAL_FIRST)
    assert k.workflow.status().active == "id_card"
    _fill(k, ID_CARD)
    assert k.workflow.status().active == "lease_contract"
    _fill(k, LEASE)
    assert k.workflow.status().active == "employment_contract"  # optional, still offered
    _fill(k, EMPLOYMENT)
    assert k.workflow.status().active == ""


def test_the_next_material_wraps_round_from_the_one_just_filled() -> None:
    k = kiosk()
    _fill(k, LEASE)  # chosen out of order
    assert k.workflow.status().active == "id_card"  # wrapped round: the first still missing


def test_a_material_on_file_is_skipped_and_cannot_be_chosen() -> None:
    k = kiosk(replace(ID_CARD, on_file=True), LEASE, EMPLOYMENT)
    assert k.workflow.status().active == "lease_contract"
    assert not k.workflow.select("id_card") and not k.workflow.select("passport")
    assert k.workflow.status().active == "lease_contract"


def test_new_materials_keep_the_active_one_unless_it_went_on_file() -> None:
    k = kiosk()
    assert k.workflow.select("lease_contract")
    k.workflow.set_materials([ID_CARD, LEASE, EMPLOYMENT])
    assert k.workflow.status().active == "lease_contract"
    k.workflow.set_materials([ID_CARD, replace(LEASE, on_file=True), EMPLOYMENT])
    assert k.workflow.status().active == "id_card"


def test_a_new_session_starts_with_nothing() -> None:
    k = kiosk()
    _fill(k, ID_CARD)
    k.workflow.reset()
    status = k.workflow.status()
    assert status.active == "" and status.pages == ()
    k.workflow.set_materials([ID_CARD, LEASE])
    assert k.workflow.status().active == "id_card"
