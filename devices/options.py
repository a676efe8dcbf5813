"""Typed, validated access to a device's free-form ``[devices.<name>]`` options.

Each driver factory lists the options its drivers take; every problem is
collected with the key and the fix, and ``check()`` raises them together as a
``ConfigError`` so a technician fixes the whole section in one go.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from kiosk.base.config import ConfigError, DeviceConfig


class DeviceOptions:
    """Reads one device's options against the option names its driver allows."""

    def __init__(self, dev: DeviceConfig, allowed: Mapping[str, tuple[str, ...]]) -> None:
        self.prefix = f"devices.{dev.name}"
        self.options: Mapping[str, Any] = dev.options
        self.problems: list[str] = []
        names = allowed.get(dev.driver)
        if names is None:
            self.problems.append(f"{self.prefix}.driver = {dev.driver!r} is not handled here. "
                                 f"Fix: use {' or '.join(allowed)}")
            names = ()
        for key in self.options:
            if key not in names:
                self.problems.append(
                    f"{self.prefix}.{key} is not an option of the {dev.driver} driver. "
                    f"Fix: remove it, or use one of {', '.join(names)}")

    def number(self, key: str, default: float, low: float, high: float) -> float:
        """A number within ``[low, high]``."""
        value = self.options.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problems.append(f"{self.prefix}.{key} must be a number. "
                                 f"Fix: write e.g. {key} = {default:g}")
            return default
        if not low <= value <= high:
            self.problems.append(f"{self.prefix}.{key} = {value!r} is out of range. "
                                 f"Fix: use a number from {low:g} to {high:g}")
            return default
        return float(value)

    def integer(self, key: str, default: int | None, low: int, high: int) -> int:
        """A whole number within ``[low, high]``; ``"0x0416"``-style strings count too.

        ``default=None`` makes the option required.
        """
        value = self.options.get(key, default)
        if value is None:
            self.problems.append(f"{self.prefix}.{key} is missing. "
                                 f"Fix: set a whole number from {low} to {high}")
            return low
        if isinstance(value, str):
            # USB ids are written in hex in every datasheet.
            with contextlib.suppress(ValueError):
                value = int(value, 0)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.problems.append(f"{self.prefix}.{key} = {value!r} is not allowed. "
                                 f"Fix: use a whole number from {low} to {high}")
            return low if default is None else default
        return value

    def choice(self, key: str, default: Any, allowed: tuple[Any, ...]) -> Any:
        """One of ``allowed``."""
        value = self.options.get(key, default)
        if isinstance(value, bool) or value not in allowed:
            shown = ", ".join(str(a) for a in allowed)
            self.problems.append(f"{self.prefix}.{key} = {value!r} is not allowed. "
                                 f"Fix: use one of {shown}")
            return default
        return value

    def flag(self, key: str, default: bool) -> bool:
        """true or false."""
        value = self.options.get(key, default)
        if not isinstance(value, bool):
            self.problems.append(f"{self.prefix}.{key} must be true or false. "
                                 f"Fix: write {key} = {str(default).lower()}")
            return default
        return value

    def text(self, key: str, fix: str, required: bool = False) -> str | None:
        """A non-empty string, or ``None`` when absent (a problem if ``required``)."""
        value = self.options.get(key)
        if value is None:
            if required:
                self.problems.append(f"{self.prefix}.{key} is missing. Fix: {fix}")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"{self.prefix}.{key} must be a non-empty string. Fix: {fix}")
            return None
        return value.strip()

    def check(self) -> None:
        """Raise every collected problem at once."""
        if self.problems:
            raise ConfigError(self.prefix, self.problems)
