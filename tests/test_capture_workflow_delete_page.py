"""Deleting a page sends RemovePage, renumbers the rest and re-arms for the retake."""

from __future__ import annotations

from capture_support import card, kiosk

from kiosk.app import journey as j


def test_delete_renumbers_and_makes_the_material_active_again() -> None:
    k = kiosk()
    for _ in range(2):
        assert k.workflow.request_capture()
        k.show(card())
    assert k.workflow.status().active == "lease_contract"
    first = k.workflow.status().pages[0]
    gone = k.workflow.delete_page("id_card", 0)
    assert gone == first
    assert k.posted[-1] == j.RemovePage("id_card", 0)
    status = k.workflow.status()
    assert status.active == "id_card" and status.capture_enabled
    assert [(p.material, p.index) for p in status.pages] == [("id_card", 0)]
    assert status.pages[0].page_id != gone.page_id


def test_after_a_delete_the_page_still_there_is_taken_again_by_itself() -> None:
    k = kiosk()
    k.hold(card(), 5)
    assert k.pages("id_card") == 1 and k.hold(card(), 6)[-1][1] is None
    assert k.workflow.delete_page("id_card", 0) is not None
    retake = k.hold(card(), 5)
    assert retake[-1][1] is not None and k.pages("id_card") == 1
    assert k.added() == ["id_card", "id_card"]


def test_deleting_a_page_that_is_not_there_changes_nothing() -> None:
    k = kiosk()
    assert k.workflow.request_capture()
    k.show(card())
    assert k.workflow.request_capture()  # pending, and kept: nothing was deleted
    assert k.workflow.delete_page("id_card", 1) is None
    assert k.workflow.delete_page("lease_contract", 0) is None
    assert k.workflow.capture_requested and len(k.posted) == 1
