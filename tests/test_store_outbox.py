"""The outbox on real SQLite files: enqueue, sealing, recovery, migrations, retry, status."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_support import TERMINAL_ID, material_bytes, senior_draft, seniors

from kiosk.app.receipt import ReceiptData, default_next_steps, layout
from kiosk.base import tracking
from kiosk.base.clock import ManualClock
from kiosk.base.receipt_record import ReceiptRecord
from offline_cache import faults
from offline_cache.crypto import FileKeyProvider, UnsealError
from offline_cache.db import SCHEMA_VERSION, Store
from offline_cache.outbox import (
    NEEDS_ATTENTION,
    PENDING,
    SENDING,
    SENT,
    Outbox,
    mask_name,
)

PREFIX = "K7Q4"
settings.register_profile("store", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])


def open_store(data: Path, clock: ManualClock) -> Store:
    return Store.open(data, FileKeyProvider(data / "store.key"), clock)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def store(tmp_path: Path, clock: ManualClock) -> Store:
    s = open_store(tmp_path, clock)
    yield s
    s.close()


def test_open_creates_wal_database_with_pragmas_and_schema(store: Store) -> None:
    assert store.path.name == "kiosk.db" and store.path.parent.name == "store"
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.owner
    key = store.path.parent.parent / "store.key"
    assert key.stat().st_mode & 0o777 == 0o600 and key.stat().st_size == 32


def test_enqueue_writes_row_materials_and_receipt_together(store: Store,
                                                           clock: ManualClock) -> None:
    person = seniors()[0]
    outbox = Outbox(store, TERMINAL_ID, PREFIX)
    mats = [material_bytes(1, 5000), material_bytes(2, 7000)]
    draft = senior_draft(person, clock.now(), mats)
    done = outbox.enqueue(draft, draft.receipt("老年优待证", "Senior citizen card"))
    assert tracking.is_valid(done.tracking_code) and done.tracking_code.startswith(PREFIX)
    assert outbox.state(done.client_id) == PENDING
    sub = outbox.submission(done.client_id)
    assert sub["identity"]["name"] == person.name and sub["tracking_code"] == done.tracking_code
    assert [m["size"] for m in sub["materials"]] == [5000, 7000]
    assert [outbox.material(u.sha256) for u in outbox.pending_uploads(done.client_id)] == mats
    receipt = outbox.receipt(done.tracking_code)
    assert receipt is not None and receipt.queued
    assert receipt.masked_name == mask_name(person.name) != person.name
    assert (receipt.service_name_zh, receipt.service_name_en) == ("老年优待证", "Senior citizen card")
    assert receipt == done.receipt
    assert outbox.counts() == {PENDING: 1, SENDING: 0, SENT: 0, NEEDS_ATTENTION: 0}


def test_a_receipt_for_another_submission_is_refused(store: Store, clock: ManualClock) -> None:
    outbox = Outbox(store, TERMINAL_ID, PREFIX)
    draft = senior_draft(seniors()[0], clock.now(), [])
    other = dataclasses.replace(draft.receipt(), service_id="residence_permit")
    with pytest.raises(ValueError, match="another submission"):
        outbox.enqueue(draft, other)
    assert outbox.counts()[PENDING] == 0


def test_a_receipt_row_without_service_names_reads_back_and_reprints(
        store: Store, clock: ManualClock) -> None:
    outbox = Outbox(store, TERMINAL_ID, PREFIX)
    done = outbox.enqueue(senior_draft(seniors()[0], clock.now(), []))
    # Rows written before the service names were kept hold an empty extra object.
    assert store.query("SELECT extra FROM receipts")[0]["extra"] == "{}"
    record = outbox.receipt(done.client_id)
    assert record == ReceiptRecord(
        "senior_card", "", "", mask_name(seniors()[0].name), "pickup", clock.now(),
        done.client_id, done.tracking_code, queued=True, case_id=None)
    job = layout(ReceiptData(record, TERMINAL_ID, "https://track.example.invalid/t/x",
                             default_next_steps("pickup")))
    assert tracking.display(done.tracking_code).encode() in job


def test_crash_inside_enqueue_leaves_nothing(store: Store, clock: ManualClock) -> None:
    outbox = Outbox(store, TERMINAL_ID, PREFIX)
    first = outbox.enqueue(senior_draft(seniors()[0], clock.now(), [material_bytes(1, 900)]))

    def boom(name: str) -> None:
        if name == faults.ENQUEUE_MID:
            raise RuntimeError("power cut")

    faults.set_injector(boom)
    try:
        with pytest.raises(RuntimeError):
            outbox.enqueue(senior_draft(seniors()[1], clock.now(), [material_bytes(2, 900)]))
    finally:
        faults.set_injector(None)
    for table, n in (("outbox", 1), ("materials", 1), ("outbox_materials", 1), ("receipts", 1)):
        assert store.query(f"SELECT count(*) AS n FROM {table}")[0]["n"] == n, table
    assert outbox.submission(first.client_id)["identity"]["name"] == seniors()[0].name


def test_sealed_payload_is_bound_to_its_row(store: Store, clock: ManualClock) -> None:
    outbox = Outbox(store, TERMINAL_ID, PREFIX)
    a = outbox.enqueue(senior_draft(seniors()[0], clock.now(), []))
    b = outbox.enqueue(senior_draft(seniors()[1], clock.now(), []))
    with store.atomic() as db:
        db.execute("UPDATE outbox SET payload = (SELECT payload FROM outbox WHERE client_id = ?) "
                   "WHERE client_id = ?", [a.client_id, b.client_id])
    with pytest.raises(UnsealError):
        outbox.submission(b.client_id)


def test_reopen_sets_sending_back_to_pending(tmp_path: Path, clock: ManualClock) -> None:
    store = open_store(tmp_path, clock)
    outbox = Outbox(store, TERMINAL_ID, PREFIX)
    done = outbox.enqueue(senior_draft(seniors()[0], clock.now(), []))
    assert outbox.mark_sending(done.client_id)
    assert outbox.state(done.client_id) == SENDING
    store.close()
    again = open_store(tmp_path, clock)
    try:
        assert Outbox(again, TERMINAL_ID, PREFIX).state(done.client_id) == PENDING
    finally:
        again.close()


def test_second_process_opens_as_guest_without_repairs(tmp_path: Path,
                                                       clock: ManualClock) -> None:
    owner = open_store(tmp_path, clock)
    outbox = Outbox(owner, TERMINAL_ID, PREFIX)
    done = outbox.enqueue(senior_draft(seniors()[0], clock.now(), []))
    outbox.mark_sending(done.client_id)
    guest = open_store(tmp_path, clock)
    try:
        assert not guest.owner
        assert Outbox(guest, TERMINAL_ID, PREFIX).state(done.client_id) == SENDING
    finally:
        guest.close()
        owner.close()


def test_migration_from_an_older_version_runs_on_open(tmp_path: Path, clock: ManualClock) -> None:
    (tmp_path / "store").mkdir()
    sqlite3.connect(tmp_path / "store" / "kiosk.db").close()  # version 0: an empty file
    store = open_store(tmp_path, clock)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {"outbox", "materials", "receipts", "meta"} <= set(store.db.table_names())
    finally:
        store.close()


def test_state_changes_retry_and_status(store: Store, clock: ManualClock) -> None:
    outbox = Outbox(store, TERMINAL_ID, PREFIX)
    a = outbox.enqueue(senior_draft(seniors()[0], clock.now(), [material_bytes(3, 2000)]))
    clock.advance(90)
    b = outbox.enqueue(senior_draft(seniors()[1], clock.now(), []))
    assert outbox.due() == [a.client_id, b.client_id]
    outbox.mark_sending(a.client_id)
    outbox.mark_retry(a.client_id, "server_error:503", clock.now() + dt.timedelta(seconds=30))
    assert outbox.due() == [b.client_id] and outbox.attempts(a.client_id) == 1
    outbox.mark_sending(b.client_id)
    outbox.mark_attention(b.client_id, "rejected:422:submission_invalid")
    assert outbox.needs_attention_ids() == [b.client_id]
    status = outbox.status().as_json()
    assert status["pending"] == 1 and status["needs_attention"] == 1
    assert status["oldest_pending_age_s"] == pytest.approx(90)
    assert status["bytes"] > 0
    assert outbox.retry_all_attention() == 1 and outbox.state(b.client_id) == PENDING
    clock.advance(31)
    assert set(outbox.due()) == {a.client_id, b.client_id}


@settings(settings.get_profile("store"))
@given(name=st.text(st.characters(blacklist_characters="*"), min_size=1, max_size=12)
       .filter(lambda s: s.strip() != ""))
def test_masked_name_never_contains_more_than_the_first_character(name: str) -> None:
    masked = mask_name(name)
    stripped = name.strip()
    assert masked[0] == stripped[0] and set(masked[1:]) == {"*"}
    if len(stripped) >= 2:
        assert stripped not in masked
