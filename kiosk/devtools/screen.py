"""What the dev dock reads off a running UI, and how it taps: a Qt-free interface.

The UI's dev tools (``ui/devtools/screen_probe.py``) implement ``Screen`` over the
live QML window and attach it to the dock; production code never sees either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class TapRefused(LookupError):
    """Nothing visible and enabled matches what was asked to be tapped."""


@dataclass(frozen=True)
class ScreenItem:
    """One visible item: its text (if any), its object name (if any), whether it takes taps."""

    text: str
    object_name: str
    tappable: bool

    def as_json(self) -> dict[str, Any]:
        """The item as the dock answers it."""
        return {"text": self.text, "object_name": self.object_name, "tappable": self.tappable}


@dataclass(frozen=True)
class ScreenSnapshot:
    """The screen now: the journey's view name, its message and every visible item."""

    view: str
    message: str
    items: list[ScreenItem] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The snapshot as the dock answers it."""
        return {"view": self.view, "message": self.message,
                "texts": [i.text for i in self.items if i.text],
                "object_names": [i.object_name for i in self.items if i.object_name],
                "items": [i.as_json() for i in self.items]}


class Screen(Protocol):
    """A running UI the dock can read and tap; calls come from the dock's threads."""

    def snapshot(self) -> ScreenSnapshot:
        """What is on screen now."""
        ...

    def tap(self, *, text: str | None = None, object_name: str | None = None) -> ScreenItem:
        """Tap the visible item with this text or object name; ``TapRefused`` if none."""
        ...
