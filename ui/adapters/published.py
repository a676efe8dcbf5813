"""The one way our adapters publish a value to QML: store it, and signal only a change."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject


def publish(owner: QObject, values: dict[str, Any], name: str, value: Any) -> None:
    """Set ``values[name]`` and emit ``owner.<name>Changed`` if the value is new.

    A name without its signal raises ``AttributeError``: a misspelt value fails loudly.
    """
    if values.get(name) != value:
        values[name] = value
        getattr(owner, name + "Changed").emit()
