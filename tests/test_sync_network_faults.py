"""Network fault matrix against the reference hub: 0 lost, 0 duplicated, backoff observed."""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_support import HubFixture, material_bytes, senior_draft, seniors

from kiosk.base.clock import ManualClock
from kiosk.base.config import SyncConfig
from offline_cache.crypto import FileKeyProvider
from offline_cache.db import Store
from offline_cache.outbox import SENT, Outbox
from offline_cache.sync import SyncWorker

CONFIG = SyncConfig(interval_s=30, backoff_base_s=1, backoff_cap_s=20, retention_hours=24)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubFixture]:
    fixture = HubFixture(tmp_path_factory.mktemp("faults-hub"))
    yield fixture
    fixture.stop()


def _settle(worker: SyncWorker, clock: ManualClock, ids: list[str], passes: int = 300) -> int:
    """Run passes, moving the manual clock past every backoff, until all are sent."""
    for n in range(passes):
        if all(worker.outbox.state(i) == SENT for i in ids):
            return n
        if worker.offline:
            worker.probe()
        worker.sync_once()
        clock.advance(CONFIG.backoff_cap_s + 0.5)
    raise AssertionError(f"not settled: {worker.outbox.counts()}")


def _check_delivered(hub: HubFixture, outbox: Outbox, ids: list[str]) -> None:
    listing = Counter(s["client_id"] for s in hub.submissions())
    assert [i for i in ids if listing[i] != 1] == []  # 0 lost, 0 duplicated
    for i in ids:
        for ref in outbox.submission(i)["materials"]:
            data = hub.document(ref["sha256"])
            assert data is not None and hashlib.sha256(data).hexdigest() == ref["sha256"]


SPECS = {
    "server_errors_30pct": "error_rate=0.3,seed=11",
    "connection_resets": "drop_rate=0.3,seed=12",
    "malformed_bodies": "malformed_rate=0.3,seed=13",
    "latency_10s": "latency=10",
    "mixed": "error_rate=0.2,drop_rate=0.1,malformed_rate=0.1,seed=14",
}


@pytest.mark.parametrize("name", list(SPECS))
def test_fault_matrix(name: str, hub: HubFixture, tmp_path: Path) -> None:
    clock = ManualClock()
    store = Store.open(tmp_path, FileKeyProvider(tmp_path / "store.key"), clock)
    outbox = Outbox(store, "SIM-0001", hub.prefix)
    timeout = 0.4 if name == "latency_10s" else 5.0
    client = hub.client(timeout_s=timeout)
    worker = SyncWorker(outbox, client, clock, CONFIG, rng=random.Random(name))
    base = sum(map(ord, name)) % 50
    ids = [outbox.enqueue(senior_draft(seniors()[(base + i) % 100], clock.now(),
                                       [material_bytes(base * 100 + i, 3000)])).client_id
           for i in range(8)]
    hub.hub.admin.set_faults(SPECS[name])
    try:
        first = worker.sync_once()
        assert first.retried, "the faults should make some attempts fail"
        # Backoff: the failed rows are not due again until the clock moves on.
        assert not set(first.retried) & set(outbox.due())
        assert worker.backoffs and all(0 <= d <= CONFIG.backoff_cap_s for d in worker.backoffs)
        if name == "latency_10s":
            assert worker.offline and len(first.retried) == 1
            assert not worker.probe()
            hub.hub.admin.set_faults("none")
        _settle(worker, clock, ids)
    finally:
        hub.hub.admin.set_faults("none")
        client.close()
    _check_delivered(hub, outbox, ids)
    store.close()


def test_hub_down_for_the_whole_run_then_up(hub: HubFixture, tmp_path: Path) -> None:
    clock = ManualClock()
    store = Store.open(tmp_path, FileKeyProvider(tmp_path / "store.key"), clock)
    outbox = Outbox(store, "SIM-0001", hub.prefix)
    client = hub.client()
    worker = SyncWorker(outbox, client, clock, CONFIG, rng=random.Random(9))
    hub.hub.admin.set_faults("down=1")
    try:
        ids = [outbox.enqueue(senior_draft(seniors()[60 + i], clock.now(),
                                           [material_bytes(9000 + i, 2000)])).client_id
               for i in range(10)]
        for _ in range(12):
            report = worker.sync_once()
            # The breaker ends each pass after a few failures instead of trying every row.
            assert len(report.retried) <= 3 and not report.sent
            assert not worker.probe()
            clock.advance(CONFIG.backoff_cap_s + 0.5)
        assert outbox.counts()["pending"] == 10
        attempts = [outbox.attempts(i) for i in ids]
        assert max(attempts) >= 2
    finally:
        hub.hub.admin.set_faults("none")
    assert worker.probe() and not worker.offline  # network regained: everything due now
    assert set(outbox.due()) == set(ids)
    worker.sync_once()
    _check_delivered(hub, outbox, ids)
    client.close()
    store.close()
