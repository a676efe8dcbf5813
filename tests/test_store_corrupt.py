"""A corrupt database is never changed on opening; ``repair`` keeps it and starts a new store."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest
from store_support import TERMINAL_ID, material_bytes, senior_draft, seniors

from kiosk.base.clock import ManualClock
from offline_cache.crypto import FileKeyProvider
from offline_cache.db import StorageFault, Store, repair
from offline_cache.outbox import Outbox


def _open(data: Path, clock: ManualClock) -> Store:
    return Store.open(data, FileKeyProvider(data / "store.key"), clock)


def _fill(data: Path, clock: ManualClock, n: int) -> None:
    with _open(data, clock) as store:
        outbox = Outbox(store, TERMINAL_ID, "K7Q4")
        for i in range(n):
            outbox.enqueue(senior_draft(seniors()[i], clock.now(), [material_bytes(i, 20_000)]))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _check(data: Path, clock: ManualClock, original: bytes,
           caplog: pytest.LogCaptureFixture) -> None:
    path = data / "store" / "kiosk.db"
    for guest in (False, True):
        with pytest.raises(StorageFault) as info:
            Store.open(data, FileKeyProvider(data / "store.key"), clock, guest=guest)
        assert info.value.kind == "corrupt" and "kiosk queue repair" in info.value.detail
        assert path.read_bytes() == original
    with caplog.at_level(logging.CRITICAL, logger="offline_cache.db"):
        report = repair(data, FileKeyProvider(data / "store.key"), clock)
    assert report.needed and report.moved_to is not None
    moved = report.moved_to / "kiosk.db"
    assert hashlib.sha256(moved.read_bytes()).digest() == hashlib.sha256(original).digest()
    assert any(r.getMessage() == "store.damaged" for r in caplog.records)
    with _open(data, clock) as store:
        outbox = Outbox(store, TERMINAL_ID, "K7Q4")
        done = outbox.enqueue(senior_draft(seniors()[0], clock.now(), []))
        assert outbox.state(done.client_id) == "pending"
        assert any(f.startswith("corrupt_db_repaired@") for f in store.storage_faults())


def test_garbage_file_is_kept_and_replaced_on_repair(tmp_path: Path,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    (tmp_path / "store").mkdir()
    garbage = b"this is not an SQLite database at all" * 200
    (tmp_path / "store" / "kiosk.db").write_bytes(garbage)
    FileKeyProvider(tmp_path / "store.key").sealer(create=True)
    _check(tmp_path, clock, garbage, caplog)


def test_damaged_pages_fail_the_integrity_check(tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    _fill(tmp_path, clock, 6)
    path = tmp_path / "store" / "kiosk.db"
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    assert len(data) > 6 * page
    # Scribble over the b-tree headers of pages 2..5, keeping the file header valid.
    for n in range(1, 5):
        data[n * page : n * page + 40] = b"\x0d\xff" * 20
    path.write_bytes(bytes(data))
    _check(tmp_path, clock, bytes(data), caplog)
