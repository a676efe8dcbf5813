"""A page still lying under the camera after its picture is never taken twice."""

from __future__ import annotations

from capture_support import card, desk, kiosk

from kiosk.app.capture import HINT_PAGE_TAKEN


def test_a_still_page_is_taken_once_by_itself_then_reported_as_taken() -> None:
    k = kiosk()
    shown = k.hold(card(), 5)
    assert [taken is not None for _, taken in shown] == [False] * 4 + [True]
    ready, _ = shown[-1]
    assert ready.ready and ready.hint == "document.ready" and len(ready.outline) == 8
    after = k.hold(card(), 12)  # far past the five still frames auto-capture needs
    assert all(taken is None and not s.capture_due for s, taken in after)
    assert {s.hint for s, _ in after} == {HINT_PAGE_TAKEN}
    assert k.pages("id_card") == 1 and k.added() == ["id_card"]


def test_the_next_material_does_not_take_the_page_that_filled_the_last_one() -> None:
    k = kiosk()
    k.hold(card(), 5)
    assert k.workflow.request_capture()
    _, second = k.show(card())
    assert second is not None and second.index == 1
    assert k.workflow.status().active == "lease_contract"
    after = k.hold(card(), 10)
    assert all(taken is None for _, taken in after) and after[-1][0].hint == HINT_PAGE_TAKEN
    assert k.pages("lease_contract") == 0


def test_once_the_page_goes_the_next_one_is_taken() -> None:
    k = kiosk()
    k.hold(card(), 5)
    gone, _ = k.show(desk())
    assert gone.hint == "document.not_found" and gone.outline == ()
    back = k.hold(card(seed=5), 5)
    assert back[-1][1] is not None and k.pages("id_card") == 2
