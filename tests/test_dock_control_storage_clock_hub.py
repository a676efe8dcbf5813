"""The dock's process-wide faults: a full or read-only disk, a clock jump, the hub and network.

A whole simulated kiosk (embedded reference hub, real store, memory devices) with
the dock in front of it, as ``kiosk dock serve`` runs it; faults are switched
through the typed client and checked on the store, the clock and the hub.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_support import senior_draft, seniors

from kiosk.app.runtime import Runtime, warm_cache
from kiosk.base.clock import JumpingClock, SystemClock
from kiosk.base.config import default_config
from kiosk.base.context import Context
from kiosk.devtools.control import DockControl
from kiosk.devtools.dock_host import open_dock
from kiosk.devtools.refhub.embedded import admin_of, open_simulated
from kiosk.devtools.refhub.faults import FaultSettings
from kiosk.devtools.storage_faults import StorageFaults
from offline_cache.db import StorageFault


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[tuple[Runtime, DockControl]]:
    ctx = Context(default_config(), tmp_path / "data", JumpingClock(SystemClock()))
    rt = open_simulated(ctx, start_sync=False)
    storage = StorageFaults()
    dock = open_dock(rt, storage=storage)
    dock.start()
    try:
        warm_cache(rt)
        yield rt, DockControl.http(dock.url)
    finally:
        dock.stop()
        storage.close()
        rt.close()


@pytest.mark.parametrize("kind", ["disk_full", "read_only"])
def test_storage_fault_refuses_the_write_and_loses_nothing(
        kiosk: tuple[Runtime, DockControl], kind: str) -> None:
    rt, control = kiosk
    person = seniors()[0]
    control.set_fault("storage", kind, times=1)
    assert control.status().faults == {"storage": {kind: 1}}
    before = rt.outbox.counts()
    with pytest.raises(StorageFault) as refused:
        rt.outbox.enqueue(senior_draft(person, rt.ctx.clock.now(), []))
    assert refused.value.kind == kind
    assert rt.outbox.counts() == before  # rolled back whole
    rt.outbox.enqueue(senior_draft(person, rt.ctx.clock.now(), []))  # the fault was used up
    assert rt.outbox.counts()["pending"] == before["pending"] + 1


def test_clock_jump_moves_wall_time_only(kiosk: tuple[Runtime, DockControl]) -> None:
    rt, control = kiosk
    wall, mono = rt.ctx.clock.now(), rt.ctx.clock.monotonic()
    control.set_fault("clock", "jump", value=-2 * 86400)
    assert rt.ctx.clock.now() < wall - dt.timedelta(days=1, hours=23)
    assert rt.ctx.clock.monotonic() >= mono
    assert control.status().faults == {"clock": {"offset_s": -172800.0}}
    control.clear_faults("clock")
    assert abs((rt.ctx.clock.now() - wall).total_seconds()) < 60


def test_hub_faults_and_network_mode_show_in_status(kiosk: tuple[Runtime, DockControl]) -> None:
    rt, control = kiosk
    admin = admin_of(rt.hub)
    assert admin is not None
    assert control.status().network == "ok"
    control.set_fault("hub", "error_status", value=429)
    settings = admin.faults()
    assert settings.error_status == 429 and settings.error_rate == 1.0
    assert control.status().network == "faulty"
    assert control.status().faults["hub"] == {"error_rate": 1.0, "error_status": 429}
    control.set_fault("network", "cut")
    assert admin.faults().down and control.status().network == "cut"
    assert control.network("slow", latency_s=0.5) == "slow"
    assert admin.faults().latency == 0.5
    control.clear_faults()
    assert admin.faults() == FaultSettings()
    assert control.status().network == "ok" and control.status().faults == {}
