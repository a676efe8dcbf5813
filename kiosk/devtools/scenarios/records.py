"""What one scenario run leaves behind for the report: its steps, outcomes, times, pictures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class StepRecord:
    """One step as it ran."""

    keyword: str
    text: str
    line: int
    outcome: str = "not run"  # passed | failed | not run
    duration_ms: float = 0.0
    expected: str | None = None
    seen: str | None = None
    error: str | None = None
    screenshot: Path | None = None


@dataclass
class ScenarioRecord:
    """One scenario as it ran, on one driver."""

    feature: str
    feature_path: str
    name: str
    line: int
    tags: tuple[str, ...]
    driver: str
    outcome: str = "not run"  # passed | failed | skipped | error
    duration_ms: float = 0.0
    steps: list[StepRecord] = field(default_factory=list)
    receipts: list[Path] = field(default_factory=list)
    error: str | None = None  # a failure outside any step (set-up, teardown)
