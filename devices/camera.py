"""Camera interface: document camera (高拍仪) or webcam frames as numpy arrays."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]


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
