"""Only a camera that is gone changes the hint; it takes nothing and forgets nothing."""

from __future__ import annotations

from capture_support import ID_CARD, card, kiosk

from devices.camera.protocol import CameraFailure, CameraFailureKind
from devices.memory import MemoryCamera
from kiosk.app.capture import HINT_MATERIAL_COMPLETE, HINT_PAGE_TAKEN, CameraGone, failed_grab


def test_an_unplugged_camera_is_gone_whatever_the_failure() -> None:
    camera = MemoryCamera()
    camera.connected = False
    for kind in CameraFailureKind:
        assert failed_grab(CameraFailure(kind), camera) == CameraGone("camera.unavailable")
    camera.connected = True
    assert failed_grab(CameraFailure(CameraFailureKind.NO_CAMERA), camera) is not None


def test_camera_gone_shows_its_message_and_cancels_take_picture() -> None:
    k = kiosk()
    assert k.workflow.request_capture()
    gone = k.workflow.see(CameraGone("camera.unavailable"))
    assert gone.hint == "camera.unavailable"
    assert gone.outline == () and not gone.ready and not gone.capture_due
    assert gone.state is None and k.workflow.take(card(), gone) is None
    assert not k.workflow.capture_requested  # nothing to take a picture of
    assert k.posted == []


def test_a_camera_back_again_does_not_retake_the_page_still_there() -> None:
    k = kiosk()
    k.hold(card(), 5)
    assert k.pages("id_card") == 1
    for _ in range(3):
        assert k.workflow.see(CameraGone("camera.unavailable")).hint == "camera.unavailable"
    after = k.hold(card(), 8)
    assert all(taken is None for _, taken in after)
    assert after[-1][0].hint == HINT_PAGE_TAKEN and k.pages("id_card") == 1


def test_camera_gone_yields_to_the_capture_state() -> None:
    k = kiosk(ID_CARD)
    assert k.workflow.request_capture()
    k.show(card())
    k.workflow.select("id_card")
    assert k.workflow.request_capture()
    k.show(card())
    assert k.workflow.status().active == ""  # everything is in: the screen says so
    assert k.workflow.see(CameraGone("camera.unavailable")).hint == ""
    k.workflow.select("id_card")
    assert k.workflow.see(CameraGone("camera.unavailable")).hint == HINT_MATERIAL_COMPLETE
