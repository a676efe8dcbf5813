"""A frame a working camera drops changes nothing: the page taken stays taken."""

from __future__ import annotations

from capture_support import card, kiosk

from devices.camera.protocol import CameraFailure, CameraFailureKind
from devices.memory import MemoryCamera
from kiosk.app.capture import HINT_PAGE_TAKEN, failed_grab


def test_a_dropped_frame_is_not_news() -> None:
    camera = MemoryCamera()
    dropped = CameraFailure(CameraFailureKind.READ_FAILED, "frame dropped")
    assert failed_grab(dropped, camera) is None
    camera.start(lambda frame: None)  # streaming: a dropped frame all the same
    try:
        assert failed_grab(dropped, camera) is None
    finally:
        camera.stop()


def test_the_page_under_the_camera_is_not_taken_again_after_dropped_frames() -> None:
    k = kiosk()
    k.hold(card(), 5)
    assert k.pages("id_card") == 1
    # Three frames dropped: the workflow hears nothing, and time passes.
    k.clock.advance(3 * 0.2)
    after = k.hold(card(), 12)
    assert all(taken is None for _, taken in after)
    assert after[-1][0].hint == HINT_PAGE_TAKEN and k.pages("id_card") == 1


def test_a_pending_take_picture_survives_a_dropped_frame() -> None:
    k = kiosk()
    assert k.workflow.request_capture()
    k.clock.advance(0.2)  # the frame that was to be taken was dropped
    assert k.workflow.capture_requested
    _, taken = k.show(card())
    assert taken is not None and not k.workflow.capture_requested
