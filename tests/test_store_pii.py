"""No resident name, ID number, phone or address is readable anywhere in the data dir.

The scan reads every file's raw bytes (database, WAL, shared memory, key,
anything else) for each value as UTF-8, UTF-16LE, GB18030 and JSON ``\\u``
escapes, at several moments: after enqueue, during sync, after sync, after
the retention purge. The reference hub runs from a folder outside it.
"""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest
from store_support import HubFixture, find_personal, material_bytes, senior_draft, seniors

from kiosk.base.clock import ManualClock
from kiosk.base.config import SyncConfig
from offline_cache import faults
from offline_cache.crypto import FileKeyProvider
from offline_cache.db import Store
from offline_cache.outbox import SENT, Outbox
from offline_cache.sync import SyncWorker


def test_no_personal_value_is_readable_at_any_moment(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    hub = HubFixture(tmp_path / "hubside")
    data = tmp_path / "kiosk-data"
    clock = ManualClock()
    people = seniors()[10:14]
    secrets = [v for p in people for v in (p.name, p.id_number, p.phone, p.card_address,
                                           p.household_address, p.residence_address)]
    moments: dict[str, list[str]] = {}

    def scan(moment: str) -> None:
        moments[moment] = find_personal(data, secrets)

    store = Store.open(data, FileKeyProvider(data / "store.key"), clock)
    outbox = Outbox(store, "SIM-0001", hub.prefix)
    ids = []
    for i, person in enumerate(people):
        # A scanned page really does carry the resident's name and number.
        marker = f"{person.name} {person.id_number} {person.card_address}".encode()
        draft = senior_draft(person, clock.now(), [material_bytes(500 + i, 20_000, marker)])
        ids.append(outbox.enqueue(draft, draft.receipt("老年优待证", "Senior citizen card"))
                   .client_id)
    scan("after enqueue")

    def during(name: str) -> None:
        if name in (faults.SYNC_MATERIAL_UPLOADED, faults.SYNC_HUB_ANSWERED):
            scan(f"during sync ({name})")

    client = hub.client()
    worker = SyncWorker(outbox, client, clock, SyncConfig(30, 1, 10, 24),
                        rng=random.Random(1))
    faults.set_injector(during)
    try:
        worker.sync_once()
    finally:
        faults.set_injector(None)
    assert all(outbox.state(i) == SENT for i in ids)
    scan("after sync")
    clock.advance(25 * 3600)
    assert worker.sync_once().purged == len(ids)
    scan("after purge")
    store.close()
    scan("after close")
    client.close()
    hub.stop()
    assert len(moments) >= 5
    assert {m: h for m, h in moments.items() if h} == {}
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert not [v for v in secrets if v in logged]
    # The scanner itself finds plain values (so a pass above means something).
    (data / "probe.txt").write_text(people[0].phone, encoding="utf-16-le")
    assert find_personal(data, secrets)
