"""Fixtures for the hub tests (register with ``pytest_plugins = ["hubfixtures"]``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from hubtools import Enrolled, start_enrolled

from kiosk.base.clock import ManualClock


@pytest.fixture
def hub_clock() -> ManualClock:
    """The hub's (and client's) clock: starts at the real time, moves only when told."""
    return ManualClock(dt.datetime.now(dt.UTC).replace(microsecond=0))


@pytest.fixture
def enrolled(tmp_path: Path, hub_clock: ManualClock) -> Iterator[Enrolled]:
    """A reference hub on a free port with one enrolled terminal."""
    env = start_enrolled(tmp_path / "hub", tmp_path, clock=hub_clock)
    try:
        yield env
    finally:
        env.client.close()
        env.hub.stop()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Enrolled]:
    """A reference hub on the real clock, for tests that measure elapsed time."""
    env = start_enrolled(tmp_path / "hub", tmp_path)
    try:
        yield env
    finally:
        env.hub.admin.set_faults("")
        env.client.close()
        env.hub.stop()
