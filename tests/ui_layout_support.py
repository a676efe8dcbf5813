"""Helpers for the UI layout and screenshot tests: load a QML snippet into an offscreen window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQuick import QQuickView


def load_snippet(qapp: QGuiApplication, tmp_path: Path, qml: str,
                 size: tuple[int, int] = (800, 600)) -> QQuickView:
    """Show ``qml`` (an ``Item`` root) in a window of ``size`` and let it lay out."""
    path = tmp_path / "Snippet.qml"
    path.write_text(qml, encoding="utf-8")
    view = QQuickView()
    view.setResizeMode(QQuickView.ResizeMode.SizeRootObjectToView)
    view.resize(*size)
    view.setSource(QUrl.fromLocalFile(str(path)))
    errors = [e.toString() for e in view.errors()]
    assert not errors, errors
    view.show()
    qapp.processEvents()
    return view
