"""Images QML shows by URL: the camera preview, page thumbnails and on-screen QR codes.

QML asks for ``image://kiosk/<id>``; ids are ``preview/<serial>``,
``thumb/<key>/<index>`` and ``qr/<base64url text>``. The last part only changes
the URL so QML reloads; the provider returns the image stored under the rest
(for the preview: the latest frame). Stored QImages are handed out as they are
(Qt shares their pixels), never converted or copied per request.
"""

from __future__ import annotations

import base64
import threading

import cv2
import numpy as np
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage
from PySide6.QtQuick import QQuickImageProvider

from kiosk.base.qr import qr_grey

PROVIDER_ID = "kiosk"


def bgr_to_qimage(image: np.ndarray) -> QImage:
    """A deep-copied QImage from an OpenCV BGR (or grey) array."""
    if image.ndim == 2:
        h, w = image.shape
        arr = np.ascontiguousarray(image)
        return QImage(arr.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    h, w = image.shape[:2]
    arr = np.ascontiguousarray(image[:, :, :3])
    return QImage(arr.data, w, h, 3 * w, QImage.Format.Format_BGR888).copy()


def scaled_qimage(image: np.ndarray, size: tuple[int, int]) -> tuple[QImage, np.ndarray]:
    """A new BGR QImage of ``size`` (w, h) holding ``image`` resized, and a view of its pixels.

    The resize writes straight into the QImage's own buffer, so a camera frame becomes a
    preview with one pass over its pixels and no further copy. The returned array shares
    that buffer: keep the QImage alive while using it, and never write to either once the
    image has been handed to QML.
    """
    if image.ndim == 2:
        image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
    w, h = size
    qimage = QImage(w, h, QImage.Format.Format_BGR888)
    stride = qimage.bytesPerLine()
    rows = np.frombuffer(qimage.bits(), dtype=np.uint8).reshape(h, stride)
    pixels = rows[:, :3 * w].reshape(h, w, 3)
    interpolation = cv2.INTER_AREA if w < image.shape[1] else cv2.INTER_LINEAR
    if stride == 3 * w and (w, h) != (image.shape[1], image.shape[0]):
        cv2.resize(image[:, :, :3], (w, h), dst=pixels, interpolation=interpolation)
    else:
        # Padded rows (or no resize at all): OpenCV cannot write into a strided view.
        same = (w, h) == (image.shape[1], image.shape[0])
        np.copyto(pixels, image[:, :, :3] if same
                  else cv2.resize(image[:, :, :3], (w, h), interpolation=interpolation))
    return qimage, pixels


def qr_qimage(text: str, box_size: int = 10) -> QImage:
    """A black-on-white QR code of ``text`` with its quiet zone."""
    return bgr_to_qimage(qr_grey(text, box_size))


def qr_id(text: str) -> str:
    """The provider id that renders ``text`` as a QR code."""
    return "qr/" + base64.urlsafe_b64encode(text.encode("utf-8")).decode("ascii").rstrip("=")


class KioskImageProvider(QQuickImageProvider):
    """Serves the latest preview frame, thumbnails and QR codes to QML."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._lock = threading.Lock()
        self._images: dict[str, QImage] = {}

    def put(self, key: str, image: QImage) -> None:
        """Store an image under ``preview`` or ``thumb/<key>``."""
        with self._lock:
            self._images[key] = image

    def remove(self, key: str) -> None:
        """Forget the one image stored under exactly ``key``."""
        with self._lock:
            self._images.pop(key, None)

    def drop(self, prefix: str = "") -> None:
        """Forget stored images whose key starts with ``prefix`` (all by default)."""
        with self._lock:
            for key in [k for k in self._images if k.startswith(prefix)]:
                del self._images[key]

    def stored_keys(self) -> list[str]:
        """The stored keys (tests check the wipe)."""
        with self._lock:
            return sorted(self._images)

    def requestImage(self, image_id: str, size: QSize, requested: QSize) -> QImage:
        """The image for one URL id; a blank one when it is not (or no longer) there."""
        if image_id.startswith("qr/"):
            raw = image_id[3:]
            try:
                text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode("utf-8")
            except ValueError:
                text = ""
            image = qr_qimage(text) if text else QImage()
        else:
            parts = image_id.split("/")
            key = "/".join(parts[:-1]) if len(parts) > 1 else image_id
            with self._lock:
                image = self._images.get(key, QImage())
        if image.isNull():
            image = QImage(4, 4, QImage.Format.Format_RGB32)
            image.fill(QColor("#DDDDDD"))
        if requested.isValid() and requested.width() > 0 and requested.height() > 0:
            image = image.scaled(requested)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
