"""A read-only file system during enqueue: ask staff, nothing half-written, nothing damaged."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_support import TERMINAL_ID, material_bytes, senior_draft, seniors

from kiosk.base.clock import ManualClock
from offline_cache import faults
from offline_cache.crypto import FileKeyProvider
from offline_cache.db import StorageFault, Store
from offline_cache.outbox import Outbox


def _open(data: Path, clock: ManualClock) -> Store:
    return Store.open(data, FileKeyProvider(data / "store.key"), clock)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "disk"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m,mode=0700", "tmpfs", str(mnt)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root or no mount rights)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


@pytest.mark.serial
def test_read_only_mount_refuses_to_open_and_keeps_the_data(small_disk: Path,
                                                           tmp_path: Path) -> None:
    clock = ManualClock()
    with _open(small_disk, clock) as store:
        outbox = Outbox(store, TERMINAL_ID, "K7Q4")
        first = outbox.enqueue(senior_draft(seniors()[0], clock.now(), [material_bytes(1, 9000)]))
    ro = tmp_path / "ro"
    ro.mkdir()
    subprocess.run(["mount", "--bind", str(small_disk), str(ro)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(ro)], check=True)
        with pytest.raises(StorageFault) as info:
            _open(ro, clock)
        assert info.value.kind == "read_only" and info.value.message_key == "store.ask_staff"
    finally:
        subprocess.run(["umount", str(ro)], check=False)
    with _open(small_disk, clock) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert Outbox(store, TERMINAL_ID, "K7Q4").submission(first.client_id)["service_id"] \
            == "senior_card"


def test_database_turning_read_only_refuses_enqueue(tmp_path: Path) -> None:
    clock = ManualClock()
    with _open(tmp_path, clock) as store:
        outbox = Outbox(store, TERMINAL_ID, "K7Q4")
        first = outbox.enqueue(senior_draft(seniors()[0], clock.now(), [material_bytes(1, 9000)]))
        # SQLite now answers every write with SQLITE_READONLY, as on a read-only mount.
        store.db.execute("PRAGMA query_only = 1")
        with pytest.raises(StorageFault) as info:
            outbox.enqueue(senior_draft(seniors()[1], clock.now(), [material_bytes(2, 50_000)]))
        assert info.value.kind == "read_only" and info.value.message_key == "store.ask_staff"
        assert any(f.startswith("read_only@") for f in store.storage_faults())
        store.db.execute("PRAGMA query_only = 0")
        assert [r.client_id for r in outbox.rows()] == [first.client_id]
        assert store.query("SELECT count(*) AS n FROM materials")[0]["n"] == 1
        outbox.enqueue(senior_draft(seniors()[1], clock.now(), [material_bytes(2, 50_000)]))
        assert outbox.counts()["pending"] == 2


def test_injected_read_only_error_mid_enqueue_rolls_back(tmp_path: Path) -> None:
    clock = ManualClock()

    def read_only(name: str) -> None:
        if name == faults.ENQUEUE_MID:
            raise OSError(30, "Read-only file system")

    with _open(tmp_path, clock) as store:
        outbox = Outbox(store, TERMINAL_ID, "K7Q4")
        first = outbox.enqueue(senior_draft(seniors()[0], clock.now(), []))
        faults.set_injector(read_only)
        try:
            with pytest.raises(StorageFault) as info:
                outbox.enqueue(senior_draft(seniors()[1], clock.now(), [material_bytes(3, 100)]))
        finally:
            faults.set_injector(None)
        assert info.value.kind == "read_only"
        assert [r.client_id for r in outbox.rows()] == [first.client_id]
        assert store.query("SELECT count(*) AS n FROM materials")[0]["n"] == 0
