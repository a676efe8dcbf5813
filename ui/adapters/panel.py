"""The side panel slot beside the kiosk's screens: empty on a terminal, the dev dock's in a demo."""

from __future__ import annotations

from PySide6.QtCore import QObject


class SidePanel(QObject):
    """A QObject that QML's ``DockPanel`` binds to as ``dock``; ``shutdown`` stops its workers."""

    def shutdown(self) -> None:
        """Stop whatever the panel runs, before the window goes."""
