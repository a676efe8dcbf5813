"""A terminal whose clock is an hour off the hub's: ``kiosk enroll`` stops before it spends the
token (exit 6) and says how to set the time; a few seconds off is fine."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from ops_support import kiosk, no_traceback, reference_hub, terminal_config

from kiosk.base.clock import ManualClock


def _hub_clock(offset_s: float) -> ManualClock:
    return ManualClock(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=offset_s))


@pytest.mark.parametrize("offset_s", [3600.0, -900.0])
def test_a_clock_far_off_the_hubs_is_refused_before_the_token_is_spent(
        tmp_path: Path, offset_s: float) -> None:
    with reference_hub(tmp_path / "hub", clock=_hub_clock(offset_s)) as hub:
        token = hub.admin.mint_token("T-OPS-01")
        config = terminal_config(tmp_path / "kiosk.toml", hub.url)
        done = kiosk("enroll", "--token", token, "--json", data_dir=tmp_path / "data",
                     config=config)
        assert [t["used_at"] for t in hub.admin.tokens()] == [None]
    no_traceback(done)
    assert done.returncode == 6
    result = json.loads(done.stdout)
    assert result["outcome"] == "clock_skew"
    assert abs(result["clock_skew_s"] - offset_s) < 30
    assert "timedatectl set-ntp true" in result["fix"]


def test_a_small_offset_enrols(tmp_path: Path) -> None:
    with reference_hub(tmp_path / "hub", clock=_hub_clock(90.0)) as hub:
        token = hub.admin.mint_token("T-OPS-01")
        config = terminal_config(tmp_path / "kiosk.toml", hub.url)
        done = kiosk("enroll", "--token", token, data_dir=tmp_path / "data", config=config)
    assert done.returncode == 0, done.stderr
