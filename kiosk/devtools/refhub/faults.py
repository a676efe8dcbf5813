"""Fault injection for the reference hub: latency, errors, drops, garbage, down.

A spec string such as
``"latency=0.5,error_rate=0.3,drop_rate=0.1,malformed_rate=0.2,error_status=429,down=0,seed=7"``
sets them; unknown keys or bad values are refused. Decisions come from one
seeded random generator, so a seeded run is reproducible request by request.
"""

from __future__ import annotations

import enum
import random
import threading

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class FaultSettings(BaseModel):
    """What the reference hub does wrong on purpose (only to ``/v1``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    latency: float = Field(default=0.0, ge=0.0, le=120.0)
    error_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    drop_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    malformed_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    # The status of injected errors; unset, each is one of 500, 502 and 503 at random.
    error_status: int | None = Field(default=None, ge=400, le=599)
    down: bool = False
    seed: int | None = None


class FaultAction(enum.Enum):
    """What to do with one request."""

    PASS = "pass"
    DOWN = "down"
    ERROR = "error"
    DROP = "drop"
    MALFORMED = "malformed"


def parse_fault_spec(spec: str) -> FaultSettings:
    """Parse ``key=value,…``; ``""`` or ``"none"`` means no faults. ``ValueError`` if bad."""
    spec = spec.strip()
    if spec in ("", "none", "off"):
        return FaultSettings()
    values: dict[str, str] = {}
    for part in spec.split(","):
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"fault spec item {part!r} is not key=value")
        values[key.strip()] = value.strip()
    try:
        return FaultSettings.model_validate(values)
    except ValidationError as exc:
        raise ValueError(f"bad fault spec: {exc.errors()[0]['msg']}") from exc


class FaultController:
    """Thread-safe current fault settings plus the generator that applies them."""

    def __init__(self, settings: FaultSettings | None = None) -> None:
        self._lock = threading.Lock()
        self._settings = FaultSettings()
        self._rng = random.Random()
        self._counts = {action.value: 0 for action in FaultAction}
        self.update(settings or FaultSettings())

    def counts(self) -> dict[str, int]:
        """How many ``/v1`` requests met each action since the hub started."""
        with self._lock:
            return dict(self._counts)

    @property
    def settings(self) -> FaultSettings:
        """The settings in force."""
        with self._lock:
            return self._settings

    def update(self, settings: FaultSettings) -> None:
        """Replace the settings (and reseed when a seed is given)."""
        with self._lock:
            self._settings = settings
            self._rng = random.Random(settings.seed)

    def decide(self) -> tuple[FaultAction, float]:
        """The action for the next request and the latency to add before it."""
        action, latency = self._decide()
        with self._lock:
            self._counts[action.value] += 1
        return action, latency

    def _decide(self) -> tuple[FaultAction, float]:
        with self._lock:
            s = self._settings
            if s.down:
                return FaultAction.DOWN, 0.0
            # Draw every rate on every request so one setting does not shift the others' sequence.
            drop, error, malformed = self._rng.random(), self._rng.random(), self._rng.random()
            if drop < s.drop_rate:
                return FaultAction.DROP, s.latency
            if error < s.error_rate:
                return FaultAction.ERROR, s.latency
            if malformed < s.malformed_rate:
                return FaultAction.MALFORMED, s.latency
            return FaultAction.PASS, s.latency

    def choice(self, count: int) -> int:
        """A reproducible index in ``range(count)`` (which error, which garbage)."""
        with self._lock:
            return self._rng.randrange(count)
