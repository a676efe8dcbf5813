""""Take picture" takes the next frame, page found or not, while the material wants pages."""

from __future__ import annotations

import cv2
import numpy as np
from capture_support import LEASE, card, desk, kiosk, sheet

from kiosk.app import journey as j
from kiosk.app.capture import HINT_MATERIAL_COMPLETE


def _decoded(event: j.AddPage | j.RemovePage) -> np.ndarray:
    assert isinstance(event, j.AddPage) and event.content_type == "image/jpeg"
    image = cv2.imdecode(np.frombuffer(event.data, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    return image


def test_take_picture_takes_the_very_next_frame_cut_to_the_page() -> None:
    k = kiosk()
    assert k.workflow.request_capture() and k.workflow.capture_requested
    first, taken = k.show(card())  # one frame: far from the still time auto-capture needs
    assert not first.ready and first.capture_due
    assert taken is not None and (taken.material, taken.index) == ("id_card", 0)
    assert not k.workflow.capture_requested
    page = _decoded(k.posted[0])
    assert abs(page.shape[1] / page.shape[0] - 85.6 / 54) < 0.02  # the card, not the desk


def test_with_no_page_found_the_whole_frame_is_taken() -> None:
    k = kiosk(LEASE)
    assert k.workflow.request_capture()
    empty, taken = k.show(desk())
    assert empty.state is not None and empty.state.quad is None and taken is not None
    page = _decoded(k.posted[0])
    assert abs(page.shape[1] / page.shape[0] - 210 / 297) < 0.02  # rectified to the paper
    assert float(page.std()) < 5  # the bare desk, whitened like paper: no page content


def test_take_picture_does_nothing_once_the_material_has_its_pages() -> None:
    k = kiosk(LEASE)
    for _ in range(2):
        assert k.workflow.request_capture()
        k.show(sheet())
    k.workflow.select("lease_contract")
    assert not k.workflow.request_capture() and not k.workflow.capture_requested
    full, taken = k.show(sheet())
    assert full.hint == HINT_MATERIAL_COMPLETE and not full.capture_due and taken is None
    assert k.added() == ["lease_contract", "lease_contract"]


def test_a_picture_taken_while_the_screen_changed_is_not_kept() -> None:
    k = kiosk()
    assert k.workflow.request_capture()
    view = card()
    sighting = k.workflow.see(view)
    shot = k.workflow.take(view, sighting)
    assert shot is not None
    k.workflow.restart_tracking()  # the resident went on to the review meanwhile
    assert k.workflow.keep(shot) is None
    assert k.posted == [] and k.workflow.status().pages == ()
