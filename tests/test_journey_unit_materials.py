"""Unit tier: supporting documents, those on file at the hub and those captured."""

from __future__ import annotations

from fakes import PAGE_JPEG, Kit, fill_required, to_form

from kiosk.app import journey as j
from kiosk.devtools.residents import resident


def _to_materials(kit: Kit, resident_id: str, service_id: str) -> None:
    to_form(kit, resident_id, service_id)
    fill_required(kit, resident(resident_id))
    kit.journey.handle(j.SubmitForm())
    assert kit.journey.step is j.Step.MATERIALS


def test_materials_on_file_are_not_asked_for(kit: Kit) -> None:
    # R0001's employment contract is on file at the hub; the residence permit lists it.
    _to_materials(kit, "R0001", "residence_permit")
    view = kit.journey.view()
    assert view.materials is not None
    assert [(m.type, m.on_file, m.pages) for m in view.materials] == [
        ("id_card", False, 0), ("lease_contract", False, 0), ("employment_contract", True, 0)]
    assert kit.journey.missing_materials() == ["id_card", "lease_contract"]


def test_a_required_material_on_file_needs_no_capture(kit: Kit) -> None:
    _to_materials(kit, "R0001", "employment_registration")
    assert kit.journey.missing_materials() == []
    kit.journey.handle(j.MaterialsDone())
    assert kit.journey.step is j.Step.REVIEW


def test_done_with_missing_materials_is_refused(kit: Kit) -> None:
    _to_materials(kit, "R0010", "residence_permit")  # nothing on file
    kit.journey.handle(j.AddPage("id_card", PAGE_JPEG))
    kit.journey.handle(j.MaterialsDone())
    assert kit.journey.step is j.Step.MATERIALS
    assert kit.journey.message == j.Message("journey.materials_missing", {"count": "1"})


def test_pages_stop_at_what_the_material_wants_and_a_retake_frees_one(kit: Kit) -> None:
    _to_materials(kit, "R0010", "residence_permit")
    for _ in range(3):
        kit.journey.handle(j.AddPage("id_card", PAGE_JPEG))
    assert len(kit.journey.session.pages["id_card"]) == 2  # an ID card has two sides
    kit.journey.handle(j.RemovePage("id_card", 0))
    kit.journey.handle(j.RemovePage("id_card", 5))  # no such page: nothing happens
    assert len(kit.journey.session.pages["id_card"]) == 1
    view = kit.journey.view()
    assert view.materials is not None and view.materials[0].pages == 1


def test_unknown_materials_and_unreadable_pages_are_not_kept(kit: Kit) -> None:
    _to_materials(kit, "R0010", "residence_permit")
    kit.journey.handle(j.AddPage("passport", PAGE_JPEG))
    assert "passport" not in kit.journey.session.pages
    kit.journey.handle(j.AddPage("id_card", b"GIF89a", "image/gif"))
    assert kit.journey.message == j.Message("journey.page_unreadable")
    assert "id_card" not in kit.journey.session.pages


def test_materials_show_only_on_materials_and_review(kit: Kit) -> None:
    _to_materials(kit, "R0001", "employment_registration")
    kit.journey.handle(j.Back())
    assert kit.journey.step is j.Step.FORM
    assert kit.journey.view().materials is None
