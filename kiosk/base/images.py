"""Decoding pictures from outside (files, uploads) with a pixel cap checked before decoding."""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

# The document camera gives 8 MP and a phone photo 12–50 MP; a PNG or JPEG can claim any size
# in a few hundred bytes, and decoding 20000×20000 takes gigabytes. Checked from the header.
MAX_PIXELS = 60_000_000


class ImageRejected(ValueError):
    """The bytes are not a picture we decode: unreadable, or larger than the pixel cap."""


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height from the picture's header alone (nothing is decoded)."""
    try:
        with warnings.catch_warnings():
            # Pillow's own bomb warning: the cap below is the decision, not a warning.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as header:
                width, height = header.size
    except Image.DecompressionBombError:
        raise ImageRejected("the picture claims more pixels than any camera gives") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise ImageRejected(f"not a picture Pillow can read ({exc})") from None
    return int(width), int(height)


def decode_image(data: bytes, *, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """BGR pixels of PNG/JPEG/… ``data``; ``ImageRejected`` past ``max_pixels`` or unreadable."""
    width, height = image_size(data)
    if width * height > max_pixels:
        raise ImageRejected(f"the picture is {width}×{height}, more than {max_pixels:,} pixels")
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None or not image.size:
        raise ImageRejected("not a picture OpenCV can read")
    return np.asarray(image, dtype=np.uint8)


def read_image(path: str | os.PathLike[str], *, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """:func:`decode_image` of a file; ``ImageRejected`` also when the file cannot be read."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImageRejected(f"cannot read {path} ({exc.strerror})") from None
    return decode_image(data, max_pixels=max_pixels)
