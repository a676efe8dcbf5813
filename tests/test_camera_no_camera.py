"""Camera fault: no camera at all (simulated "no camera" fault, missing OpenCV device)."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from devices.camera.factory import open_camera
from devices.camera.opencv import OpenCVCamera
from devices.camera.protocol import CameraFailure, CameraFailureKind, CameraStatus, Frame
from devices.factory import SimulationControls
from kiosk.base.clock import ManualClock, SystemClock
from kiosk.base.config import parse_device


def test_simulated_camera_configured_with_no_camera_fault_reports_disconnected() -> None:
    sim = SimulationControls()
    camera = open_camera(parse_device("camera", {"driver": "simulated", "fault": "no_camera"}),
                         ManualClock(), sim)
    assert sim.show_to_camera is not None
    sim.show_to_camera(np.full((40, 60, 3), 200, dtype=np.uint8))
    assert camera.status() is CameraStatus.DISCONNECTED
    failure = camera.grab()
    assert isinstance(failure, CameraFailure)
    assert failure.kind is CameraFailureKind.NO_CAMERA
    assert failure.message_key == "camera.unavailable"

    sim.unplug["camera"](False)
    assert camera.status() is CameraStatus.READY
    frame = camera.grab()
    assert isinstance(frame, Frame)
    assert frame.image.shape == (1080, 1920, 3)  # letterboxed onto the default sensor size


def test_simulated_camera_unplugged_while_streaming_delivers_nothing() -> None:
    sim = SimulationControls()
    camera = open_camera(parse_device("camera", {"driver": "simulated", "fps": 60, "width": 64,
                                                 "height": 48}),
                         SystemClock(), sim)
    assert sim.show_to_camera is not None
    sim.show_to_camera(np.zeros((48, 64, 3), dtype=np.uint8))
    got_frame = threading.Event()
    frames: list[Frame] = []

    def on_frame(frame: Frame) -> None:
        frames.append(frame)
        got_frame.set()

    sim.unplug["camera"](True)
    camera.start(on_frame)
    try:
        assert camera.status() is CameraStatus.DISCONNECTED
        assert isinstance(camera.grab(), CameraFailure)
        sim.unplug["camera"](False)
        assert got_frame.wait(5), "no frame after plugging the camera back in"
        assert camera.status() is CameraStatus.STREAMING
    finally:
        camera.close()


def test_opencv_camera_without_device_is_disconnected(tmp_path: Path) -> None:
    camera = OpenCVCamera(str(tmp_path / "video-nowhere"), SystemClock())
    assert camera.status() is CameraStatus.DISCONNECTED
    failure = camera.grab()
    assert isinstance(failure, CameraFailure)
    assert failure.kind is CameraFailureKind.NO_CAMERA
    camera.close()


def test_opencv_camera_index_without_v4l_node_is_disconnected() -> None:
    # /dev/video9 does not exist in the test container (nor on a kiosk with one camera).
    camera = OpenCVCamera(9, SystemClock())
    if Path("/dev/video9").exists():  # pragma: no cover - a machine with ten cameras
        return
    assert camera.status() is CameraStatus.DISCONNECTED
    assert isinstance(camera.grab(), CameraFailure)
    camera.close()
