"""The simulated camera: playlists from files and folders, pushed images, distortions, config."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.camera.factory import open_camera
from devices.camera.protocol import DESK_GREY, Frame
from devices.camera.simulator import SimulatedCamera, distort
from devices.factory import SimulationControls
from kiosk.base.clock import ManualClock
from kiosk.base.config import ConfigError, parse_device


def page(value: int) -> np.ndarray:
    image = np.full((100, 80, 3), value, dtype=np.uint8)
    cv2.rectangle(image, (20, 20), (60, 80), (0, 0, 0), -1)
    return image


def grab(camera: object) -> Frame:
    frame = camera.grab()  # type: ignore[attr-defined]
    assert isinstance(frame, Frame), frame
    return frame


def test_folder_plays_in_name_order_holding_each_image(tmp_path: Path) -> None:
    for name, value in (("b.png", 200), ("a.png", 100), ("notes.txt", 0)):
        if name.endswith(".png"):
            cv2.imwrite(str(tmp_path / name), page(value))
        else:
            (tmp_path / name).write_text("not an image")
    clock = ManualClock()
    camera = open_camera(parse_device("camera", {
        "driver": "simulated", "source": str(tmp_path), "hold_s": 2, "width": 80, "height": 100,
    }), clock, SimulationControls())
    corner = [int(grab(camera).image[0, 0, 0])]
    clock.advance(2.1)
    corner.append(int(grab(camera).image[0, 0, 0]))
    clock.advance(2.0)
    corner.append(int(grab(camera).image[0, 0, 0]))
    assert corner == [100, 200, 100]


def test_pushed_image_overrides_the_playlist_until_cleared(tmp_path: Path) -> None:
    cv2.imwrite(str(tmp_path / "doc.png"), page(100))
    sim = SimulationControls()
    camera = open_camera(parse_device("camera", {
        "driver": "simulated", "source": str(tmp_path / "doc.png"), "width": 80, "height": 100,
    }), ManualClock(), sim)
    assert sim.show_to_camera is not None
    sim.show_to_camera(page(250))
    assert int(grab(camera).image[0, 0, 0]) == 250
    sim.show_to_camera(None)
    assert int(grab(camera).image[0, 0, 0]) == 100


def test_distortions_change_the_view_as_described() -> None:
    image = page(200)
    assert np.array_equal(distort(image), image)
    darker = distort(image, brightness=0.5)
    assert int(darker[0, 0, 0]) == 100
    lamp_left = distort(image, gradient=0.5)
    assert lamp_left[0, 0, 0] > lamp_left[0, -1, 0]
    blurred = distort(image, blur=3)
    edge_row = blurred[50, 15:25, 0].astype(int)
    assert 0 < edge_row.min() < edge_row.max() < 200  # the sharp edge became a ramp
    tilted = distort(image, perspective=0.2)
    assert int(tilted[0, 0, 0]) == 96  # desk showing where the page's top corner moved in
    letterboxed = distort(image, size=(320, 100))
    assert letterboxed.shape == (100, 320, 3)
    assert int(letterboxed[50, 0, 0]) == 96 and int(letterboxed[0, 160, 0]) == 200


def test_frames_are_copies_and_numbered() -> None:
    camera = SimulatedCamera(ManualClock())
    camera.show(page(10))
    first, second = grab(camera), grab(camera)
    first.image[:] = 255
    assert int(second.image[0, 0, 0]) == 10
    assert second.sequence == first.sequence + 1


@pytest.mark.parametrize(("options", "fragment"), [
    ({"fps": "fast"}, "devices.camera.fps must be a number"),
    ({"blur": 99}, "devices.camera.blur = 99 is out of range"),
    ({"fault": "melted"}, "devices.camera.fault = 'melted'"),
    ({"lens": 3}, "devices.camera.lens is not an option"),
    ({"source": "/nonexistent/folder"}, "no readable image"),
])
def test_bad_simulated_options_name_the_key_and_the_fix(options: dict[str, object],
                                                        fragment: str) -> None:
    with pytest.raises(ConfigError) as err:
        open_camera(parse_device("camera", {"driver": "simulated", **options}), ManualClock(),
                    SimulationControls())
    text = "; ".join(err.value.problems)
    assert fragment in text
    assert "Fix:" in text


def test_bad_opencv_options_are_refused() -> None:
    with pytest.raises(ConfigError) as err:
        open_camera(parse_device("camera", {"driver": "opencv", "device": 1.5, "width": 0}),
                    ManualClock(), SimulationControls())
    assert len(err.value.problems) == 2


def test_nothing_in_view_is_the_empty_plate_not_a_failure() -> None:
    """A camera with nothing under it keeps streaming its base plate."""
    camera = SimulatedCamera(ManualClock(), width=320, height=240)
    empty = grab(camera)
    assert empty.image.shape == (240, 320, 3)
    assert int(empty.image.min()) == int(empty.image.max()) == DESK_GREY
    camera.show(page(10))
    camera.show(None)
    assert grab(camera).sequence == empty.sequence + 1
