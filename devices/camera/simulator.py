"""Simulated document camera: plays image files, a folder, or pushed images, with distortions.

What a real 高拍仪 adds to a document — a tilted view (perspective), soft focus
(blur), dim or uneven light and mains flicker — can be switched on so the
decoders and the document pipeline see realistic frames. Distortions are worked
out once per source image (they are what the camera "sees" of a still page),
flicker is applied per frame. ``set_unplugged(True)`` is the "no camera" fault.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from pathlib import Path

import cv2
import numpy as np

from devices.camera.protocol import (
    DESK_GREY,
    CameraFailure,
    CameraFailureKind,
    CameraStatus,
    Frame,
    FrameCallback,
    Image,
    empty_plate,
)
from devices.simulation import CAMERA_FAULTS, FaultSwitches
from kiosk.base.clock import Clock
from kiosk.base.images import ImageRejected, read_image

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff")



def image_files(source: Path) -> list[Path]:
    """The images a source names: the file itself, or a folder's images in name order."""
    if source.is_dir():
        return sorted(p for p in source.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    return [source] if source.is_file() else []


def load_images(paths: Sequence[Path]) -> list[Image]:
    """Read BGR images, skipping files OpenCV cannot read."""
    images: list[Image] = []
    for path in paths:
        try:
            images.append(read_image(path))
        except ImageRejected:
            continue
    return images


def distort(
    image: Image,
    *,
    size: tuple[int, int] | None = None,
    perspective: float = 0.0,
    blur: float = 0.0,
    brightness: float = 1.0,
    gradient: float = 0.0,
) -> Image:
    """The image as the simulated lens sees it.

    ``size`` is (width, height) of the sensor; the page is letterboxed onto a grey
    desk so its aspect ratio survives. ``perspective`` pulls the top corners in
    by that fraction of the width (a camera looking down at an angle); ``blur``
    is a Gaussian sigma in pixels; ``brightness`` a gain; ``gradient`` darkens
    the right side by that fraction (a lamp on the left).
    """
    if image.ndim == 2:
        image = np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    out = image
    if size is not None and (out.shape[1], out.shape[0]) != size:
        width, height = size
        scale = min(width / out.shape[1], height / out.shape[0])
        new_w, new_h = max(1, round(out.shape[1] * scale)), max(1, round(out.shape[0] * scale))
        resized = cv2.resize(out, (new_w, new_h), interpolation=cv2.INTER_AREA)
        canvas = np.full((height, width, 3), DESK_GREY, dtype=np.uint8)
        x, y = (width - new_w) // 2, (height - new_h) // 2
        canvas[y:y + new_h, x:x + new_w] = resized
        out = canvas
    if perspective > 0:
        h, w = out.shape[:2]
        inset = perspective * w
        src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
        dst = np.array([[inset, 0], [w - inset, 0], [w, h], [0, h]], dtype=np.float32)
        matrix = cv2.getPerspectiveTransform(src, dst)
        out = np.asarray(
            cv2.warpPerspective(out, matrix, (w, h), borderMode=cv2.BORDER_CONSTANT,
                                borderValue=(DESK_GREY, DESK_GREY, DESK_GREY)),
            dtype=np.uint8,
        )
    if blur > 0:
        out = np.asarray(cv2.GaussianBlur(out, (0, 0), blur), dtype=np.uint8)
    if brightness != 1.0 or gradient > 0:
        w = out.shape[1]
        gain = brightness * (1.0 - gradient * np.linspace(0.0, 1.0, w, dtype=np.float32))
        out = np.clip(out.astype(np.float32) * gain[None, :, None], 0, 255).astype(np.uint8)
    if out is image:
        out = image.copy()
    return out


class SimulatedCamera:
    """A camera whose view is a playlist of images or an image pushed by the dev dock."""

    def __init__(
        self,
        clock: Clock,
        *,
        images: Sequence[Image] = (),
        fps: float = 15.0,
        width: int | None = None,
        height: int | None = None,
        hold_s: float = 2.0,
        perspective: float = 0.0,
        blur: float = 0.0,
        brightness: float = 1.0,
        gradient: float = 0.0,
        flicker: float = 0.0,
        unplugged: bool = False,
    ) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._period = 1.0 / fps if fps > 0 else 0.0
        self._size = (width, height) if width and height else None
        self._hold_s = hold_s
        self._effects = {"perspective": perspective, "blur": blur, "brightness": brightness,
                         "gradient": gradient}
        self._flicker = flicker
        self._playlist: list[Image] = [self._see(image) for image in images]
        # A real camera with nothing under it streams its empty base plate.
        self._empty = self._see(empty_plate(self._size))
        self._pushed: Image | None = None
        self._started_at = clock.monotonic()
        self._unplugged = unplugged
        self._sequence = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.faults = FaultSwitches("camera", CAMERA_FAULTS)

    def _see(self, image: Image) -> Image:
        size = self._size
        return distort(image, size=size, **self._effects)

    def show(self, image: Image | None) -> None:
        """Hold an image (BGR or grey) under the lens, or take it away (back to the playlist)."""
        seen = self._see(image) if image is not None else None
        with self._lock:
            self._pushed = seen

    def set_unplugged(self, unplugged: bool) -> None:
        """Pull the USB cable out (the "no camera" fault) or plug it back in."""
        with self._lock:
            self._unplugged = unplugged

    def status(self) -> CameraStatus:
        """``DISCONNECTED`` while unplugged, else streaming or ready."""
        with self._lock:
            if self._unplugged:
                return CameraStatus.DISCONNECTED
            return CameraStatus.STREAMING if self._thread is not None else CameraStatus.READY

    def grab(self) -> Frame | CameraFailure:
        """The current view as a frame (the empty base plate when nothing is in view)."""
        with self._lock:
            if self._unplugged:
                return CameraFailure(CameraFailureKind.NO_CAMERA, "camera unplugged")
            if self.faults.take("dropped_frames"):
                return CameraFailure(CameraFailureKind.READ_FAILED, "frame dropped")
            view = self._pushed
            if view is None and self._playlist:
                elapsed = self._clock.monotonic() - self._started_at
                step = int(elapsed / self._hold_s) if self._hold_s > 0 else 0
                view = self._playlist[step % len(self._playlist)]
            if view is None:
                view = self._empty
            self._sequence += 1
            sequence = self._sequence
        now = self._clock.monotonic()
        if self._flicker > 0:
            # Mains flicker beats against the frame rate: a slow sinusoidal gain change.
            gain = 1.0 + self._flicker * math.sin(2 * math.pi * 0.5 * now)
            image = np.asarray(cv2.convertScaleAbs(view, alpha=gain), dtype=np.uint8)
        else:
            image = view.copy()
        return Frame(image, now, sequence)

    def start(self, on_frame: FrameCallback) -> None:
        """Deliver frames to ``on_frame`` from a background thread, paced by the clock."""
        with self._lock:
            if self._thread is not None:
                return
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._run, args=(on_frame,), name="sim-camera", daemon=True
            )
            self._thread.start()

    def _run(self, on_frame: FrameCallback) -> None:
        next_due = self._clock.monotonic()
        while not self._stop.is_set():
            frame = self.grab()
            if isinstance(frame, Frame):
                on_frame(frame)
            next_due += self._period
            now = self._clock.monotonic()
            if next_due > now:
                self._clock.sleep(next_due - now)
            else:
                # Fell behind (slow consumer): skip missed slots instead of bursting.
                next_due = now

    def stop(self) -> None:
        """Stop delivering frames and wait for the delivery thread."""
        self._stop.set()
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)

    def close(self) -> None:
        """Stop streaming; nothing else to release."""
        self.stop()
