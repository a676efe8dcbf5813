"""Crash test: SIGKILL at named checkpoints >= 200 times; every returned enqueue arrives once.

A zygote process (``sync_crash_child.py``) imports everything once and forks
one child per run; the child kills itself with SIGKILL at the checkpoint hit
the seeded plan chose. One reference hub serves the whole test. It runs once per
crypto profile: standard (HMAC-SHA256, AES-256-GCM) and gm (HMAC-SM3, SM4-GCM).
"""

from __future__ import annotations

import hashlib
import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from store_support import HubFixture, material_bytes

from kiosk.base.clock import ManualClock
from kiosk.base.config import CRYPTO_PROFILES
from offline_cache import faults
from offline_cache.crypto import FileKeyProvider
from offline_cache.db import Store
from offline_cache.outbox import Outbox

HERE = Path(__file__).resolve().parent
KILLS_PER_CHECKPOINT = 30
MIN_HITS = 20


@pytest.mark.slow
@pytest.mark.parametrize("profile", sorted(CRYPTO_PROFILES))
def test_sigkill_at_checkpoints_loses_and_duplicates_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], profile: str) -> None:
    crypto = CRYPTO_PROFILES[profile]
    hub = HubFixture(tmp_path, crypto.signature_algorithm)
    assert hub.credentials.signature_algorithm == crypto.signature_algorithm
    data = tmp_path / "kiosk"
    data.mkdir()
    zygote = subprocess.Popen(
        [sys.executable, str(HERE / "sync_crash_child.py"), str(data), hub.url,
         str(tmp_path / "credentials.json"), crypto.store_cipher],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=HERE.parent)
    assert zygote.stdin is not None and zygote.stdout is not None

    def run(crash_at: str | None, enqueue: int, seed: int) -> dict[str, int | None]:
        zygote.stdin.write(json.dumps({"crash_at": crash_at, "enqueue": enqueue,
                                       "seed": seed}) + "\n")  # type: ignore[union-attr]
        zygote.stdin.flush()  # type: ignore[union-attr]
        return json.loads(zygote.stdout.readline())  # type: ignore[union-attr,no-any-return]

    rng = random.Random(20260105)
    plan = [name for name in faults.CHECKPOINTS for _ in range(KILLS_PER_CHECKPOINT)]
    rng.shuffle(plan)
    killed: Counter[str] = Counter()
    seed = 0
    try:
        for name in plan:
            seed += 1
            # Each run enqueues one submission with two materials, then syncs.
            hit = rng.randint(1, 2) if name == faults.SYNC_MATERIAL_UPLOADED else 1
            outcome = run(f"{name}:{hit}", 1, seed)
            if outcome["signal"] == 9:
                killed[name] += 1
            else:
                assert outcome["exit"] == 0, outcome
        seed += 1
        final = run(None, 0, seed)
        assert final == {"signal": 0, "exit": 0}
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=60)
    with capsys.disabled():
        print(f"\ncrash test ({profile}): {sum(killed.values())} SIGKILLs; per checkpoint: "
              + json.dumps(dict(sorted(killed.items()))))
    assert sum(killed.values()) >= 200
    assert all(killed[name] >= MIN_HITS for name in faults.CHECKPOINTS), killed

    journal = [json.loads(line) for line in
               (data / "journal.jsonl").read_text().splitlines() if line.strip()]
    returned = {j["client_id"]: j["materials"] for j in journal}
    listing = Counter(s["client_id"] for s in hub.submissions())
    assert [cid for cid, n in listing.items() if n != 1] == []  # nothing duplicated
    assert [cid for cid in returned if listing[cid] != 1] == []  # nothing lost
    for cid, seeds in returned.items():
        for m in seeds:
            original = material_bytes(m, 3000)
            assert hub.document(hashlib.sha256(original).hexdigest()) == original, cid
    with Store.open(data, FileKeyProvider(data / "store.key"), ManualClock()) as store:
        assert store.sealer.algorithm == crypto.store_cipher
        outbox = Outbox(store, "SIM-0001", hub.prefix)
        counts = outbox.counts()
        # Every row is delivered; rows beyond the journal are exactly the enqueues that
        # committed but were killed before returning.
        assert counts["pending"] == counts["sending"] == counts["needs_attention"] == 0
        assert counts["sent"] == len(returned) + killed[faults.ENQUEUE_COMMITTED]
        assert set(listing) == {r.client_id for r in outbox.rows()}
    hub.stop()
