"""Draws the vendored SVG icons for QML in any theme colour and size.

QML asks for ``image://icons/<name>/<RRGGBB>`` with a ``sourceSize``; the
provider swaps the SVG's ``currentColor`` for the colour, renders it with
QtSvg at the requested size and keeps the result, since the same few icons are
drawn again on every screen. An unknown name draws the fallback icon, so a
typo shows a generic picture instead of a hole.
"""

from __future__ import annotations

import re
import threading

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider
from PySide6.QtSvg import QSvgRenderer

from ui.icons import FALLBACK, ICONS, icon_path

PROVIDER_ID = "icons"
DEFAULT_PX = 96
_COLOUR = re.compile(r"^[0-9A-Fa-f]{6}$")


def icon_url(name: str, colour: str) -> str:
    """The URL QML loads to draw ``name`` in ``colour`` (``#RRGGBB``)."""
    return f"image://{PROVIDER_ID}/{name}/{colour.lstrip('#')}"


def render_icon(name: str, colour: str, size: QSize) -> QImage:
    """One icon in ``colour`` (``RRGGBB``) at ``size``, transparent around its strokes."""
    if name not in ICONS:
        name = FALLBACK
    if not _COLOUR.match(colour):
        colour = "000000"
    svg = icon_path(name).read_text(encoding="utf-8").replace("currentColor", f"#{colour}")
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


class IconProvider(QQuickImageProvider):
    """``image://icons/<name>/<RRGGBB>``: a vendored icon, recoloured and sized."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str, int, int], QImage] = {}

    def requestImage(self, image_id: str, size: QSize, requested: QSize) -> QImage:
        """The icon for one URL id at the requested size (96 px square when none is asked)."""
        name, _, colour = image_id.partition("/")
        w = requested.width() if requested.width() > 0 else DEFAULT_PX
        h = requested.height() if requested.height() > 0 else w
        key = (name, colour, w, h)
        with self._lock:
            image = self._cache.get(key)
        if image is None:
            image = render_icon(name, colour, QSize(w, h))
            with self._lock:
                self._cache[key] = image
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
