"""The home screen's "most used" order follows this terminal's errands, from a real store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.app.journey.home import home_view
from kiosk.base.clock import ManualClock
from kiosk.devtools.refhub.demo import catalog as demo_catalog
from offline_cache.crypto import FileKeyProvider
from offline_cache.db import Store
from offline_cache.errands import ErrandLog, ErrandRecord


def _errand(service_id: str, ended_at: dt.datetime) -> ErrandRecord:
    return ErrandRecord(service_id, ended_at, 600.0, True, False, True, 0)


def test_counts_per_service_since_a_moment_reorder_the_home_screen(tmp_path: Path) -> None:
    clock = ManualClock()
    store = Store.open(tmp_path, FileKeyProvider(tmp_path / "store.key"), clock)
    try:
        log = ErrandLog(store)
        assert log.service_counts() == {}
        now = clock.now()
        for _ in range(3):
            log.record(_errand("disability_subsidy", now))
        log.record(_errand("senior_card", now))
        log.record(_errand("senior_card", now - dt.timedelta(days=200)))
        assert log.service_counts() == {"disability_subsidy": 3, "senior_card": 2}
        recent = log.service_counts(now - dt.timedelta(days=90))
        assert recent == {"disability_subsidy": 3, "senior_card": 1}
        most_used = home_view(demo_catalog(), recent).groups[0]
        assert [t.service_id for t in most_used.tiles][:2] == ["disability_subsidy",
                                                               "senior_card"]
    finally:
        store.close()
