"""Offline store speed: enqueue latency, sync throughput, raw SQLite inserts; prints JSON.

Usage: ``python bench/offline.py [--enqueues 100] [--sync 30] [--material-kb 300] [--dir DIR]``

- ``enqueue_ms``: one ``Outbox.enqueue`` (two sealed materials of ``--material-kb``
  each, the sealed payload and the receipt record in one transaction, fsynced:
  WAL with ``synchronous=FULL``), p50/p99 over ``--enqueues`` calls.
- ``sync``: submissions per second delivered by ``SyncWorker.sync_once`` to the
  reference hub on loopback (each: two material uploads, then the submission).
- ``raw_sqlite``: the same disk, same run: plain inserts of an equally large blob,
  one committed transaction each under the same pragmas, and small-row inserts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from kiosk.base.clock import SystemClock  # noqa: E402
from kiosk.base.config import SyncConfig  # noqa: E402
from kiosk.devtools.refhub.embedded import EmbeddedHub, ensure_enrolled  # noqa: E402
from kiosk.devtools.residents import demo_residents  # noqa: E402
from kiosk.hub.client import HubClient  # noqa: E402
from offline_cache.crypto import FileKeyProvider  # noqa: E402
from offline_cache.db import Store  # noqa: E402
from offline_cache.outbox import DraftMaterial, Outbox, SubmissionDraft  # noqa: E402
from offline_cache.sync import SyncWorker  # noqa: E402


def _draft(rng: random.Random, material_bytes: int, clock: SystemClock) -> SubmissionDraft:
    """A senior-card application the reference hub accepts."""
    today = clock.now().date()
    people = [r for r in demo_residents() if (today - r.birth_date).days > 61 * 366]
    p = rng.choice(people)
    form: dict[str, str | bool | int | float] = {
        "name": p.name, "sex": p.sex, "birth_date": p.birth_date.isoformat(),
        "id_number": p.id_number, "card_address": p.card_address, "phone": p.phone}
    mats = [DraftMaterial("id_card", "image/jpeg", 2, b"\xff\xd8" + rng.randbytes(material_bytes))
            for _ in range(2)]
    return SubmissionDraft("senior_card", "id_card", p.id_number, p.name, 1, None, form, mats,
                           "pickup", "2026-01", "zh-CN", clock.now())


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def raw_sqlite(folder: Path, n: int, blob_bytes: int) -> dict[str, Any]:
    """Committed single-row inserts with the store's pragmas, big and small rows."""
    conn = sqlite3.connect(folder / "raw.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body BLOB)")
    rng = random.Random(1)
    out: dict[str, Any] = {}
    for label, size in (("blob_inserts_per_s", blob_bytes), ("small_inserts_per_s", 200)):
        payload = rng.randbytes(size)
        start = time.perf_counter()
        for _ in range(n):
            conn.execute("BEGIN")
            conn.execute("INSERT INTO t (body) VALUES (?)", [payload])
            conn.execute("COMMIT")
        out[label] = round(n / (time.perf_counter() - start), 1)
    out["blob_bytes"] = blob_bytes
    conn.close()
    return out


def main() -> None:
    """Run all three measurements and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enqueues", type=int, default=100)
    parser.add_argument("--sync", type=int, default=30)
    parser.add_argument("--material-kb", type=int, default=300)
    parser.add_argument("--dir", type=Path, default=None, help="where to put the files")
    parser.add_argument("--keep", action="store_true", help="keep the files afterwards")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-offline-", dir=args.dir))
    clock = SystemClock()
    rng = random.Random(2026)
    size = args.material_kb * 1024

    hub = EmbeddedHub(folder / "hubside" / "hub")
    url = hub.start()
    try:
        creds = ensure_enrolled(url, hub.admin, folder / "hubside" / "credentials.json",
                                "SIM-0001")
        data = folder / "kiosk"
        store = Store.open(data, FileKeyProvider(data / "store.key"), clock)
        outbox = Outbox(store, "SIM-0001", creds.tracking_prefix)
        drafts = [_draft(rng, size, clock) for _ in range(args.enqueues)]
        latencies = []
        for d in drafts:
            start = time.perf_counter()
            outbox.enqueue(d)
            latencies.append((time.perf_counter() - start) * 1000)
        # Deliver the first --sync rows only, so the rate is per delivered submission.
        pending = [r.client_id for r in outbox.rows("pending")][args.sync:]
        with store.atomic() as db:
            for cid in pending:
                db.execute("UPDATE outbox SET next_attempt_at = '9999' WHERE client_id = ?",
                           [cid])
        with HubClient(url, creds, timeout_s=30) as client:
            worker = SyncWorker(outbox, client, clock,
                                SyncConfig(30, 1, 10, 24), batch=args.sync)
            start = time.perf_counter()
            report = worker.sync_once()
            elapsed = time.perf_counter() - start
        store.close()
    finally:
        hub.stop()
    result = {
        "disk": str(folder),
        "enqueue_ms": {"p50": round(statistics.median(latencies), 2),
                       "p99": round(_pct(latencies, 0.99), 2), "n": len(latencies),
                       "materials": 2, "material_bytes": size, "fsync": "synchronous=FULL"},
        "sync": {"submissions_per_s": round(len(report.sent) / elapsed, 2),
                 "sent": len(report.sent), "failed": len(report.retried), "seconds":
                 round(elapsed, 2), "materials_per_submission": 2, "material_bytes": size,
                 "hub": "embedded reference hub on 127.0.0.1"},
        "raw_sqlite": raw_sqlite(folder, args.enqueues, 2 * size),
        "cpu_count": os.cpu_count(),
    }
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
