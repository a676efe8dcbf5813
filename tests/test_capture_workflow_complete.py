"""The two "done" facts: the journey's rule for Next, and every wanted page taken."""

from __future__ import annotations

from dataclasses import replace

from capture_support import EMPLOYMENT, ID_CARD, LEASE, Kiosk, card, kiosk


def _take(k: Kiosk, material: str) -> None:
    """Choose ``material`` and tap "Take picture" once."""
    assert k.workflow.select(material) and k.workflow.request_capture()
    k.show(card())


def test_one_page_per_required_material_meets_the_journey_but_is_not_all_pages() -> None:
    k = kiosk()
    assert k.workflow.missing_required() == ["id_card", "lease_contract"]
    _take(k, "id_card")
    _take(k, "lease_contract")
    status = k.workflow.status()
    assert k.workflow.missing_required() == [] and status.required_met
    assert not status.all_required_pages_taken  # "Take picture" stays the main button
    _take(k, "id_card")
    _take(k, "lease_contract")
    status = k.workflow.status()
    assert status.required_met and status.all_required_pages_taken
    # The optional material is still offered, but it is not needed for either fact.
    assert status.active == "employment_contract" and status.capture_enabled


def test_materials_on_file_count_as_done() -> None:
    k = kiosk(replace(ID_CARD, on_file=True), replace(LEASE, on_file=True), EMPLOYMENT)
    status = k.workflow.status()
    assert status.required_met and status.all_required_pages_taken
    assert status.active == "employment_contract"


def test_with_no_materials_nothing_is_complete_and_nothing_can_be_taken() -> None:
    k = kiosk()
    k.workflow.set_materials([])
    status = k.workflow.status()
    assert status.active == "" and not status.capture_enabled
    assert not status.all_required_pages_taken
    assert not k.workflow.request_capture()


def test_when_every_page_is_in_there_is_no_active_material_and_no_hint() -> None:
    k = kiosk(ID_CARD)
    _take(k, "id_card")
    _take(k, "id_card")
    status = k.workflow.status()
    assert status.active == "" and not status.capture_enabled
    assert status.all_required_pages_taken
    seen, taken = k.show(card())
    assert seen.hint == "" and taken is None
