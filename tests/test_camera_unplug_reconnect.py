"""Camera fault: unplugged while streaming, then plugged back in (real OpenCV driver).

The driver reads a real video file written with ``cv2.VideoWriter``; renaming the
file away is the unplug (the capture fails and cannot be reopened), renaming it
back is the replug.
"""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import numpy as np

from devices.camera.factory import open_camera
from devices.camera.protocol import CameraStatus, Frame
from devices.factory import SimulationControls
from kiosk.base.clock import SystemClock
from kiosk.base.config import parse_device

WIDTH, HEIGHT, FRAMES = 160, 120, 12


def write_video(path: Path) -> None:
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30, (WIDTH, HEIGHT))
    assert writer.isOpened()
    for i in range(FRAMES):
        writer.write(np.full((HEIGHT, WIDTH, 3), 10 + i * 15, dtype=np.uint8))
    writer.release()


class Collector:
    """Frames delivered by the camera thread, with an event per new frame."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.frames: list[Frame] = []
        self.threads: set[str] = set()
        self.new = threading.Event()

    def __call__(self, frame: Frame) -> None:
        with self.lock:
            self.frames.append(frame)
            self.threads.add(threading.current_thread().name)
        self.new.set()

    def count(self) -> int:
        with self.lock:
            return len(self.frames)

    def wait_for(self, n: int, timeout_s: float = 10) -> bool:
        deadline = SystemClock().monotonic() + timeout_s
        while self.count() < n:
            if not self.new.wait(max(0.0, deadline - SystemClock().monotonic())):
                return False
            self.new.clear()
        return True


def wait_status(camera: object, wanted: CameraStatus, timeout_s: float = 10) -> bool:
    stop = threading.Event()
    deadline = SystemClock().monotonic() + timeout_s
    while SystemClock().monotonic() < deadline:
        if camera.status() is wanted:  # type: ignore[attr-defined]
            return True
        stop.wait(0.01)
    return False


def test_opencv_driver_reads_real_frames_off_the_caller_thread(tmp_path: Path) -> None:
    video = tmp_path / "cam.avi"
    write_video(video)
    camera = open_camera(parse_device("camera", {
        "driver": "opencv", "required": True, "device": str(video), "fps": 120, "fourcc": "",
        "reconnect_s": 0.1,
    }), SystemClock(), SimulationControls())
    assert camera.status() is CameraStatus.READY
    still = camera.grab()
    assert isinstance(still, Frame)
    assert still.image.shape == (HEIGHT, WIDTH, 3)
    got = Collector()
    camera.start(got)
    try:
        assert got.wait_for(FRAMES + 3), "the stream stalled"
        assert threading.current_thread().name not in got.threads
        sequences = [f.sequence for f in got.frames]
        assert sequences == sorted(sequences)
        # The file is played again after its end, as a camera keeps streaming: the
        # brightness ramp of the video drops back once.
        brightness = [int(f.image.mean()) for f in got.frames[: FRAMES + 3]]
        drops = [i for i in range(1, len(brightness)) if brightness[i] < brightness[i - 1]]
        assert len(drops) == 1
    finally:
        camera.close()


def test_unplug_then_replug_reconnects(tmp_path: Path) -> None:
    video = tmp_path / "cam.avi"
    gone = tmp_path / "unplugged.avi"
    write_video(video)
    camera = open_camera(parse_device("camera", {
        "driver": "opencv", "required": True, "device": str(video), "fps": 120, "fourcc": "",
        "reconnect_s": 0.1,
    }), SystemClock(), SimulationControls())
    got = Collector()
    camera.start(got)
    try:
        assert got.wait_for(3)
        video.rename(gone)  # unplug: the next reopen finds no device
        assert wait_status(camera, CameraStatus.DISCONNECTED), "unplug not noticed"
        stalled_at = got.count()
        gone.rename(video)  # plug back in
        assert wait_status(camera, CameraStatus.STREAMING), "did not reconnect"
        assert got.wait_for(stalled_at + 3), "no frames after reconnecting"
        assert camera.reconnects >= 1  # type: ignore[attr-defined]
    finally:
        camera.close()
