"""A full disk during enqueue: the resident is told to ask staff, nothing is half-written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_support import TERMINAL_ID, material_bytes, senior_draft, seniors

from kiosk.base.clock import ManualClock
from offline_cache.crypto import FileKeyProvider
from offline_cache.db import StorageFault, Store
from offline_cache.outbox import Outbox

ROOT = Path(__file__).resolve().parents[1]


def _open(data: Path, clock: ManualClock) -> Store:
    return Store.open(data, FileKeyProvider(data / "store.key"), clock)


def _table_counts(store: Store) -> dict[str, int]:
    return {t: store.query(f"SELECT count(*) AS n FROM {t}")[0]["n"]
            for t in ("outbox", "materials", "outbox_materials", "receipts")}


def test_page_limit_full_refuses_enqueue_whole(tmp_path: Path) -> None:
    clock = ManualClock()
    with _open(tmp_path, clock) as store:
        outbox = Outbox(store, TERMINAL_ID, "K7Q4")
        first = outbox.enqueue(senior_draft(seniors()[0], clock.now(), [material_bytes(1, 4000)]))
        before = _table_counts(store)
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 3}")
        big = [material_bytes(2, 200_000), material_bytes(3, 200_000)]
        with pytest.raises(StorageFault) as info:
            outbox.enqueue(senior_draft(seniors()[1], clock.now(), big))
        assert info.value.kind == "disk_full" and info.value.message_key == "store.ask_staff"
        assert _table_counts(store) == before
        assert outbox.submission(first.client_id)["identity"]["name"] == seniors()[0].name
        assert any(f.startswith("disk_full@") for f in store.storage_faults())
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        store.db.execute("PRAGMA max_page_count = 1073741823")
        again = outbox.enqueue(senior_draft(seniors()[1], clock.now(), big))
        assert outbox.state(again.client_id) == "pending"


_CHILD = textwrap.dedent("""
    import json, resource, signal, sys
    sys.path.insert(0, sys.argv[2])
    from pathlib import Path
    from kiosk.base.clock import ManualClock
    from offline_cache.crypto import FileKeyProvider
    from offline_cache.db import StorageFault, Store
    from offline_cache.outbox import Outbox
    from store_support import TERMINAL_ID, material_bytes, senior_draft, seniors
    data = Path(sys.argv[1])
    clock = ManualClock()
    store = Store.open(data, FileKeyProvider(data / "store.key"), clock)
    outbox = Outbox(store, TERMINAL_ID, "K7Q4")
    first = outbox.enqueue(senior_draft(seniors()[0], clock.now(), [material_bytes(1, 3000)]))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # Files may grow only a little more; the kernel then answers EFBIG instead of killing us.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limit = (store.path.stat().st_size + 64 * 1024)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        outbox.enqueue(senior_draft(seniors()[1], clock.now(),
                                    [material_bytes(2, 400_000)]))
        result = {"fault": None}
    except StorageFault as exc:
        result = {"fault": exc.kind, "key": exc.message_key}
    print(json.dumps({"first": first.client_id, **result}))
""")


def test_file_size_limit_refuses_enqueue_whole(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(tmp_path), str(ROOT / "tests")],
                         capture_output=True, text=True, timeout=120, cwd=ROOT, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["fault"] is not None and result["key"] == "store.ask_staff"
    with _open(tmp_path, ManualClock()) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        outbox = Outbox(store, TERMINAL_ID, "K7Q4")
        assert outbox.counts()["pending"] == 1
        assert outbox.submission(result["first"])["identity"]["name"] == seniors()[0].name


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB tmpfs (needs mount rights: root in the test sandbox)."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mnt)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root or no mount rights)")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


@pytest.mark.serial
def test_real_full_filesystem_refuses_enqueue_whole(tiny_disk: Path) -> None:
    clock = ManualClock()
    with _open(tiny_disk, clock) as store:
        outbox = Outbox(store, TERMINAL_ID, "K7Q4")
        accepted = []
        fault = None
        for i in range(40):
            try:
                accepted.append(outbox.enqueue(senior_draft(
                    seniors()[i % 20], clock.now(), [material_bytes(i, 120_000)])).client_id)
            except StorageFault as exc:
                fault = exc
                break
        assert fault is not None, "a 1 MiB disk cannot hold 40 x 120 kB"
        assert fault.message_key == "store.ask_staff"
        assert accepted
        before = {r.client_id for r in outbox.rows()}
        assert before == set(accepted)
    with _open(tiny_disk, clock) as store:
        outbox = Outbox(store, TERMINAL_ID, "K7Q4")
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert {r.client_id for r in outbox.rows()} == set(accepted)
        for cid in accepted:
            sub = outbox.submission(cid)
            assert [len(outbox.material(m["sha256"])) for m in sub["materials"]] == [120_000]
    assert os.statvfs(tiny_disk).f_bavail * os.statvfs(tiny_disk).f_frsize < 200_000
