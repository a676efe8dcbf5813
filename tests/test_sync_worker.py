"""The sync worker against the reference hub: triggers, materials first, answer stored."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_support import HubFixture, material_bytes, senior_draft, seniors

from kiosk.base.clock import ManualClock
from kiosk.base.config import SyncConfig
from offline_cache.crypto import FileKeyProvider
from offline_cache.db import Store
from offline_cache.outbox import NEEDS_ATTENTION, PENDING, SENT, Outbox
from offline_cache.sync import SyncWorker, backoff_delay


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubFixture]:
    fixture = HubFixture(tmp_path_factory.mktemp("sync-hub"))
    yield fixture
    fixture.stop()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def outbox(tmp_path: Path, hub: HubFixture, clock: ManualClock) -> Iterator[Outbox]:
    store = Store.open(tmp_path, FileKeyProvider(tmp_path / "store.key"), clock)
    yield Outbox(store, "SIM-0001", hub.prefix)
    store.close()


CONFIG = SyncConfig(interval_s=3600, backoff_base_s=2, backoff_cap_s=60, retention_hours=24)


def test_enqueue_triggers_the_thread_and_the_answer_is_stored(
        outbox: Outbox, hub: HubFixture, clock: ManualClock) -> None:
    client = hub.client()
    worker = SyncWorker(outbox, client, clock, CONFIG, rng=random.Random(1))
    worker.start()
    try:
        mats = [material_bytes(10, 30_000), material_bytes(11, 25_000)]
        done = outbox.enqueue(senior_draft(seniors()[3], clock.now(), mats))
        # The interval is an hour: only the enqueue trigger can make this settle quickly.
        assert worker.wait_until_settled(done.client_id, timeout_s=30) == SENT
    finally:
        worker.stop()
        client.close()
    row = outbox.rows()[0]
    listing = {s["client_id"]: s for s in hub.submissions()}
    assert listing[done.client_id]["case_id"] == row.case_id and row.hub_status == "received"
    assert listing[done.client_id]["tracking_code"] == done.tracking_code
    for m in mats:
        assert hub.document(hashlib.sha256(m).hexdigest()) == m
    assert outbox.receipt(done.client_id).queued is False  # type: ignore[union-attr]


def test_invalid_submission_goes_to_needs_attention_and_stays(
        outbox: Outbox, hub: HubFixture, clock: ManualClock) -> None:
    client = hub.client()
    worker = SyncWorker(outbox, client, clock, CONFIG, rng=random.Random(2))
    bad = outbox.enqueue(senior_draft(seniors()[4], clock.now(), [material_bytes(12, 900)],
                                      phone="12"))  # the hub's form schema refuses this phone
    good = outbox.enqueue(senior_draft(seniors()[5], clock.now(), [material_bytes(13, 900)]))
    report = worker.sync_once()
    assert report.needs_attention == [bad.client_id] and report.sent == [good.client_id]
    row = next(r for r in outbox.rows() if r.client_id == bad.client_id)
    assert row.state == NEEDS_ATTENTION and row.last_error is not None
    assert row.last_error.startswith("rejected:422") and "@phone" in row.last_error
    assert "12" not in row.last_error.split("@phone")[0].split(":")[-1]
    clock.advance(7 * 24 * 3600)
    again = worker.sync_once()
    assert again.sent == [] and again.needs_attention == []
    assert outbox.state(bad.client_id) == NEEDS_ATTENTION
    assert outbox.submission(bad.client_id)["identity"]["name"] == seniors()[4].name
    assert bad.client_id not in {s["client_id"] for s in hub.submissions()}
    assert outbox.heartbeat_fields(clock.now())["needs_attention"] == [bad.client_id]
    client.close()


def test_hub_down_then_up_is_noticed_by_the_health_probe(
        outbox: Outbox, hub: HubFixture, clock: ManualClock) -> None:
    client = hub.client(timeout_s=2)
    worker = SyncWorker(outbox, client, clock, CONFIG, rng=random.Random(3))
    hub.hub.admin.set_faults("down=1")
    try:
        done = outbox.enqueue(senior_draft(seniors()[6], clock.now(), [material_bytes(14, 900)]))
        report = worker.sync_once()
        assert report.retried == [done.client_id] and not report.sent
        assert outbox.state(done.client_id) == PENDING
        assert not worker.probe() and worker.offline
    finally:
        hub.hub.admin.set_faults("none")
    # The backoff says later, but the regained network makes the row due now.
    assert outbox.due() == []
    assert worker.probe() and not worker.offline
    assert outbox.due() == [done.client_id]
    assert worker.sync_once().sent == [done.client_id]
    client.close()


def test_backoff_is_exponential_with_full_jitter_and_a_cap() -> None:
    rng = random.Random(4)
    for attempts in range(1, 12):
        ceiling = min(60.0, 2.0 * 2 ** (attempts - 1))
        draws = [backoff_delay(attempts, 2.0, 60.0, rng) for _ in range(400)]
        assert all(0.0 <= d <= ceiling for d in draws)
        assert max(draws) > 0.9 * ceiling and min(draws) < 0.1 * ceiling


def test_retention_purges_sent_rows_only(outbox: Outbox, hub: HubFixture,
                                         clock: ManualClock) -> None:
    client = hub.client()
    worker = SyncWorker(outbox, client, clock, CONFIG, rng=random.Random(5))
    sent = outbox.enqueue(senior_draft(seniors()[7], clock.now(), [material_bytes(15, 4000)]))
    assert worker.sync_once().sent == [sent.client_id]
    hub.hub.admin.set_faults("down=1")
    try:
        unsent = outbox.enqueue(senior_draft(seniors()[8], clock.now(),
                                             [material_bytes(16, 4000)]))
        assert worker.sync_once().retried == [unsent.client_id]
        clock.advance(23 * 3600)
        assert worker.sync_once().purged == 0
        clock.advance(3600 + 1)
        assert worker.sync_once().purged == 1
        clock.advance(365 * 24 * 3600)
        assert worker.sync_once().purged == 0
    finally:
        hub.hub.admin.set_faults("none")
    with pytest.raises(KeyError):
        outbox.submission(sent.client_id)
    assert outbox.submission(unsent.client_id)["identity"]["name"] == seniors()[8].name
    shas = {r["sha256"] for r in outbox.store.query("SELECT sha256 FROM materials")}
    assert shas == {hashlib.sha256(material_bytes(16, 4000)).hexdigest()}
    receipt = outbox.receipt(sent.tracking_code)
    assert receipt is not None and receipt.case_id is not None
    assert [r.purged for r in outbox.rows(SENT)] == [True]
    assert outbox.state(unsent.client_id) == PENDING
    client.close()


def test_thread_probes_a_down_hub_and_delivers_when_it_returns(
        tmp_path: Path, hub: HubFixture) -> None:
    from kiosk.base.clock import SystemClock

    clock = SystemClock()
    store = Store.open(tmp_path / "real", FileKeyProvider(tmp_path / "real" / "store.key"), clock)
    outbox = Outbox(store, "SIM-0001", hub.prefix)
    client = hub.client(timeout_s=2)
    fast = SyncConfig(interval_s=3600, backoff_base_s=0.02, backoff_cap_s=0.1, retention_hours=24)
    worker = SyncWorker(outbox, client, clock, fast, rng=random.Random(6), probe_interval_s=0.05)
    hub.hub.admin.set_faults("down=1")
    worker.start()
    try:
        ids = [outbox.enqueue(senior_draft(seniors()[30 + i], clock.now(),
                                           [material_bytes(300 + i, 700)])).client_id
               for i in range(4)]
        # Three 503s in a row trip the breaker; the worker then only probes health.
        assert worker.wait_until(lambda: worker.offline, timeout_s=30)
        assert outbox.counts()["sent"] == 0
        hub.hub.admin.set_faults("none")
        assert [worker.wait_until_settled(i, timeout_s=30) for i in ids] == [SENT] * 4
    finally:
        hub.hub.admin.set_faults("none")
        worker.stop()
        client.close()
        store.close()


def test_heartbeat_fields_are_accepted_by_the_hub(outbox: Outbox, hub: HubFixture,
                                                  clock: ManualClock) -> None:
    from kiosk.hub.schema import Heartbeat

    client = hub.client()
    bad = outbox.enqueue(senior_draft(seniors()[40], clock.now(), [], phone="12"))
    SyncWorker(outbox, client, clock, CONFIG).sync_once()
    outbox.store.record_fault("disk_full")
    fields = outbox.heartbeat_fields(clock.now().replace(hour=0, minute=0))
    beat = Heartbeat.model_validate({"sent_at": clock.now(), "app_version": "test",
                                     "devices": [], "journeys": {}, **fields})
    client.heartbeat(beat)
    stored = hub.hub.admin.heartbeats()[-1]["heartbeat"]
    assert [str(i) for i in stored["needs_attention"]] == [bad.client_id]
    assert any(f.startswith("disk_full@") for f in stored["storage_faults"])
    outbox.store.mark_faults_reported()
    assert outbox.store.storage_faults() == []
    client.close()
