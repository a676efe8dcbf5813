"""Finding 5: ``queue status`` on a damaged store reports it and changes nothing; ``queue repair``
keeps the damaged file and salvages the queued submissions and their receipts."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from store_support import TERMINAL_ID, material_bytes, senior_draft, seniors

from kiosk.base.clock import ManualClock
from offline_cache.crypto import KEY_FILE_NAME, FileKeyProvider
from offline_cache.db import Store, repair
from offline_cache.outbox import Outbox


def _kiosk(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", "--data-dir", str(data), *args],
                          capture_output=True, text=True, timeout=120)


def _queue_three(data: Path) -> list[str]:
    """Three queued submissions with receipt records, checkpointed into the main file."""
    clock = ManualClock()
    with Store.open(data, FileKeyProvider(data / KEY_FILE_NAME), clock) as store:
        outbox = Outbox(store, TERMINAL_ID, "K7Q4")
        codes = [outbox.enqueue(senior_draft(seniors()[i], clock.now(),
                                             [material_bytes(i, 3000)])).tracking_code
                 for i in range(3)]
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return codes


def _damage_outbox_root(data: Path) -> bytes:
    """Scribble over the outbox table's root page, as a failing sector would."""
    path = data / "store" / "kiosk.db"
    import sqlite3

    with sqlite3.connect(path) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'outbox'"
                            ).fetchone()[0]
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    raw = bytearray(path.read_bytes())
    start = (root - 1) * page
    raw[start:start + 64] = b"\x0d\xff" * 32
    path.write_bytes(bytes(raw))
    return bytes(raw)


def test_status_reports_the_damage_and_changes_nothing(tmp_path: Path) -> None:
    _queue_three(tmp_path)
    damaged = _damage_outbox_root(tmp_path)
    before = sorted(p.name for p in (tmp_path / "store").iterdir())

    done = _kiosk(tmp_path, "queue", "status", "--json")
    assert done.returncode == 5, done.stderr
    answer = json.loads(done.stdout)
    assert answer["error"] == "store_corrupt" and "kiosk queue repair" in answer["detail"]
    assert "Traceback" not in done.stderr
    # Nothing moved, nothing rewritten.
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == before
    assert hashlib.sha256((tmp_path / "store" / "kiosk.db").read_bytes()).digest() \
        == hashlib.sha256(damaged).digest()


def test_repair_salvages_the_queued_submissions(tmp_path: Path) -> None:
    codes = _queue_three(tmp_path)
    damaged = _damage_outbox_root(tmp_path)

    done = _kiosk(tmp_path, "queue", "repair", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["repaired"] is True
    kept = Path(report["moved_to"]) / "kiosk.db"
    assert hashlib.sha256(kept.read_bytes()).digest() == hashlib.sha256(damaged).digest()
    # Every row of the intact tables came over (the three documents). The outbox rows behind
    # the damaged root page come back only through .recover, which needs an SQLite built
    # with sqlite_dbpage (Debian 12's is not).
    assert report["salvaged"]["materials"] == 3
    expected = 3 if report["method"] == "sqlite3 .recover" else 0
    assert report["salvaged"]["outbox"] == expected
    assert report["salvaged"]["receipts"] == expected

    status = _kiosk(tmp_path, "queue", "status", "--json")
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["pending"] == report["salvaged"]["outbox"]
    clock = ManualClock()
    with Store.open(tmp_path, FileKeyProvider(tmp_path / KEY_FILE_NAME), clock) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        outbox = Outbox(store, TERMINAL_ID, "K7Q4")
        salvaged = [r for r in (outbox.receipt(code) for code in codes) if r is not None]
        assert len(salvaged) == expected
        for receipt in salvaged:
            # A salvaged row's sealed payload still opens with the same key.
            assert outbox.submission(receipt.client_id)["service_id"] == "senior_card"


def test_repair_without_the_sqlite3_tool_reads_what_it_can(tmp_path: Path) -> None:
    _queue_three(tmp_path)
    _damage_outbox_root(tmp_path)
    clock = ManualClock()
    report = repair(tmp_path, FileKeyProvider(tmp_path / KEY_FILE_NAME), clock,
                    sqlite_cli="/nonexistent/sqlite3")
    assert report.needed and report.method == "read"
    # The outbox's own pages are unreachable without .recover; the intact tables come over
    # and nothing that lost its parent row is let in.
    assert report.salvaged["outbox"] == 0 and report.salvaged["receipts"] == 0
    assert report.salvaged["materials"] == 3
    with Store.open(tmp_path, FileKeyProvider(tmp_path / KEY_FILE_NAME), clock) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_repair_leaves_a_healthy_store_alone(tmp_path: Path) -> None:
    _queue_three(tmp_path)
    before = (tmp_path / "store" / "kiosk.db").read_bytes()
    done = _kiosk(tmp_path, "queue", "repair", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["repaired"] is False
    assert (tmp_path / "store" / "kiosk.db").read_bytes() == before
