"""The technician's camera check: a dark, a blurred and a good picture, and a QR in view.

The pictures go through the simulated kiosk's memory camera and the configured
QR decoder; the good one is a real photograph from ``bench/realdocs`` (its
licence is in that folder).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np

from kiosk.app.technician.checks import CheckName, Outcome, camera_check
from kiosk.devtools.dock import qr_image

PHOTO = Path(__file__).resolve().parents[1] / "bench" / "realdocs" / \
    "receipt-B-lidl_02032020_02_00716_B.jpg"


def _show(rt: Any, image: np.ndarray) -> None:
    assert rt.devices.sim.show_to_camera is not None
    rt.devices.sim.show_to_camera(image)


def test_a_real_document_photo_passes(kiosk_runtime: Any) -> None:
    photo = cv2.imread(str(PHOTO))
    assert photo is not None
    _show(kiosk_runtime, photo)
    result = camera_check(kiosk_runtime.devices)
    assert result.check is CheckName.CAMERA
    assert result.outcome is Outcome.PASSED, result
    assert result.params["width"] == str(photo.shape[1])


def test_a_blurred_picture_fails_with_the_fix(kiosk_runtime: Any) -> None:
    photo = cv2.imread(str(PHOTO))
    _show(kiosk_runtime, cv2.GaussianBlur(photo, (0, 0), 12))
    result = camera_check(kiosk_runtime.devices)
    assert result.outcome is Outcome.FAILED
    assert result.key == "technician.check.camera_blurred"


def test_a_dark_picture_fails(kiosk_runtime: Any) -> None:
    photo = cv2.imread(str(PHOTO))
    _show(kiosk_runtime, (photo // 8).astype(np.uint8))
    result = camera_check(kiosk_runtime.devices)
    assert result.key == "technician.check.camera_too_dark"


def test_a_qr_code_in_view_is_counted(kiosk_runtime: Any) -> None:
    code = qr_image("kiosk camera check", box_size=10)
    plate = np.full((900, 1200, 3), 200, dtype=np.uint8)
    plate[200:200 + code.shape[0], 300:300 + code.shape[1]] = code
    _show(kiosk_runtime, plate)
    result = camera_check(kiosk_runtime.devices)
    assert result.params["qr"] == "1"
