"""OpenCV ``VideoCapture`` camera driver: a V4L2 index, a device path, or a video file.

A background thread owns the capture while streaming, so frames arrive off the
caller's thread. When reads fail (cable pulled, device node gone) the driver
releases the capture, reports ``DISCONNECTED`` and reopens it every
``reconnect_s`` until the camera is back; a video file that reaches its end is
reopened at once and plays again (that is also how the tests exercise the
driver without a camera).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from devices.camera.protocol import (
    CameraFailure,
    CameraFailureKind,
    CameraStatus,
    Frame,
    FrameCallback,
)
from kiosk.base.clock import Clock

# Stop requests are checked at least this often while waiting to reconnect or pace.
_PAUSE_SLICE_S = 0.05


def _cv2() -> Any:
    try:
        import cv2
    except ImportError:
        return None
    return cv2


class OpenCVCamera:
    """A camera read through OpenCV; every failure becomes a status or a ``CameraFailure``."""

    def __init__(
        self,
        device: int | str,
        clock: Clock,
        *,
        width: int | None = 1920,
        height: int | None = 1080,
        fps: float = 15.0,
        fourcc: str = "MJPG",
        reconnect_s: float = 2.0,
    ) -> None:
        self.device = device
        self._clock = clock
        self._width = width
        self._height = height
        self._fps = fps
        self._fourcc = fourcc
        self._reconnect_s = reconnect_s
        self._cv2 = _cv2()
        self._lock = threading.RLock()  # guards the capture: VideoCapture is not thread-safe
        self._cap: Any = None
        self._connected = False
        self._sequence = 0
        self._latest: Frame | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.reconnects = 0

    # -- opening -----------------------------------------------------------------------

    def _device_present(self) -> bool:
        """Whether the device node or file exists, checked so OpenCV is not asked to open
        (and warn about) something that is plainly not there."""
        if isinstance(self.device, int):
            node = Path(f"/dev/video{self.device}")
            return node.exists() if Path("/dev").is_dir() else True
        return os.path.exists(self.device)

    def _open(self) -> bool:
        cv2 = self._cv2
        if cv2 is None or not self._device_present():
            return False
        if isinstance(self.device, int):
            cap = cv2.VideoCapture(self.device, cv2.CAP_V4L2)
        else:
            cap = cv2.VideoCapture(self.device)
        if not cap.isOpened():
            cap.release()
            return False
        if self._fourcc and len(self._fourcc) == 4:
            cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*self._fourcc))
        if self._width and self._height:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, self._width)
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self._height)
        if self._fps > 0:
            cap.set(cv2.CAP_PROP_FPS, self._fps)
        self._cap = cap
        self._connected = True
        return True

    def _release(self) -> None:
        if self._cap is not None:
            self._cap.release()
        self._cap = None
        self._connected = False

    def _read(self) -> Frame | None:
        """One frame from the open capture, or ``None`` (capture released) on failure."""
        with self._lock:
            if self._cap is None and not self._open():
                return None
            ok, image = self._cap.read()
            if not ok or image is None:
                self._release()
                return None
            self._sequence += 1
            return Frame(np.asarray(image, dtype=np.uint8), self._clock.monotonic(),
                         self._sequence)

    # -- protocol ----------------------------------------------------------------------

    def status(self) -> CameraStatus:
        """``STREAMING`` while the thread delivers, ``READY`` when openable, else
        ``DISCONNECTED``; never raises."""
        if self._cv2 is None:
            return CameraStatus.DISCONNECTED
        if self._thread is not None:
            return CameraStatus.STREAMING if self._connected else CameraStatus.DISCONNECTED
        with self._lock:
            if self._cap is None and not self._open():
                return CameraStatus.DISCONNECTED
            return CameraStatus.READY

    def grab(self) -> Frame | CameraFailure:
        """The newest frame: the stream's latest while streaming, else one read now."""
        if self._thread is not None:
            latest = self._latest
            if not self._connected:
                return CameraFailure(CameraFailureKind.NO_CAMERA, "camera disconnected")
            if latest is None:
                return CameraFailure(CameraFailureKind.READ_FAILED, "no frame yet")
            return latest
        if self._cv2 is None:
            return CameraFailure(CameraFailureKind.NO_CAMERA, "OpenCV is not installed")
        frame = self._read()
        if frame is None:
            with self._lock:
                gone = not self._device_present()
            kind = CameraFailureKind.NO_CAMERA if gone else CameraFailureKind.READ_FAILED
            return CameraFailure(kind, f"cannot read from {self.device}")
        return frame

    def start(self, on_frame: FrameCallback) -> None:
        """Deliver frames to ``on_frame`` from a background thread until ``stop``."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, args=(on_frame,), name="opencv-camera", daemon=True
        )
        self._thread.start()

    def _pause(self, seconds: float) -> None:
        """Wait on the clock in short slices so ``stop`` is honoured promptly."""
        deadline = self._clock.monotonic() + seconds
        while not self._stop.is_set():
            left = deadline - self._clock.monotonic()
            if left <= 0:
                return
            self._clock.sleep(min(left, _PAUSE_SLICE_S))

    def _run(self, on_frame: FrameCallback) -> None:
        period = 1.0 / self._fps if self._fps > 0 else 0.0
        next_due = self._clock.monotonic()
        frames_since_open = 0
        was_connected = False
        while not self._stop.is_set():
            frame = self._read()
            if frame is None:
                if was_connected:
                    self.reconnects += 1
                # A capture that yields nothing right after opening (device gone, empty
                # file) is retried after the reconnect interval, not in a tight loop.
                if frames_since_open == 0:
                    self._pause(self._reconnect_s)
                frames_since_open = 0
                was_connected = False
                continue
            was_connected = True
            frames_since_open += 1
            self._latest = frame
            on_frame(frame)
            next_due += period
            now = self._clock.monotonic()
            if next_due > now:
                self._pause(next_due - now)
            else:
                next_due = now

    def stop(self) -> None:
        """Stop delivering frames and wait for the thread; keeps the capture open."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)
        self._latest = None

    def close(self) -> None:
        """Stop streaming and release the device."""
        self.stop()
        with self._lock:
            self._release()
