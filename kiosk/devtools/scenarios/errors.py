"""How a step fails: it could not be done, or what it expected did not hold."""

from __future__ import annotations


class ScenarioError(Exception):
    """A step could not be carried out (no such button, a screen never reached, bad value)."""


class ExpectationFailed(AssertionError):
    """An expectation did not hold: what the scenario expected and what the kiosk showed."""

    def __init__(self, expected: str, seen: str) -> None:
        super().__init__(f"expected: {expected}\nseen: {seen}")
        self.expected = expected
        self.seen = seen
