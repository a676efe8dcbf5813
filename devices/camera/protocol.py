"""Camera interface: document camera (高拍仪) or webcam frames as numpy arrays."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]

DESK_GREY = 96
"""The simulated base plate's grey: around a page, or the whole view with nothing on it."""
EMPTY_SIZE = (1920, 1080)
"""Size of a simulated empty view when nothing says what the sensor gives."""


def empty_plate(size: tuple[int, int] | None = None) -> Image:
    """What a document camera with nothing under it sees: its plain base plate.

    A real camera keeps streaming when the plate is empty; the simulated and in-memory
    cameras show this rather than failing, so "no page" and "no frame" stay apart.
    """
    width, height = size or EMPTY_SIZE
    return np.full((height, width, 3), DESK_GREY, dtype=np.uint8)


class CameraStatus(enum.Enum):
    """Closed set of camera states."""

    READY = "ready"
    STREAMING = "streaming"
    FAULT = "fault"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True)
class Frame:
    """One BGR frame and when it was taken (clock monotonic seconds)."""

    image: Image
    timestamp: float
    sequence: int


class CameraFailureKind(enum.Enum):
    """Expected ways grabbing a frame can fail."""

    NO_CAMERA = "no_camera"
    READ_FAILED = "read_failed"


@dataclass(frozen=True)
class CameraFailure:
    """A frame that could not be taken, as a value."""

    kind: CameraFailureKind
    detail: str = ""

    @property
    def message_key(self) -> str:
        """The catalogue key of the resident-facing message."""
        return "camera.unavailable"


FrameCallback = Callable[[Frame], None]


class Camera(Protocol):
    """What the journey and the preview need from a camera."""

    def status(self) -> CameraStatus:
        """Current state; never raises."""

    def grab(self) -> Frame | CameraFailure:
        """Take one frame now (blocking; call off the UI thread)."""

    def start(self, on_frame: FrameCallback) -> None:
        """Deliver frames to ``on_frame`` from a background thread until ``stop``."""

    def stop(self) -> None:
        """Stop delivering frames."""

    def close(self) -> None:
        """Release the device."""
