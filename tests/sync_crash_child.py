"""Zygote for the crash test: imports once, then forks one child per run.

Arguments: data dir, hub URL, credentials file, store cipher (the crypto profile's).
Reads one JSON command per line on stdin: ``{"crash_at": "NAME:N" | null,
"enqueue": K, "seed": S}``. The forked child enqueues K submissions (logging
each one whose ``enqueue`` returned to the journal, fsynced), then syncs until
nothing is due; with ``crash_at`` set it SIGKILLs itself at that checkpoint
hit. The zygote answers one JSON line per run: how the child ended.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_support import TERMINAL_ID, material_bytes, senior_draft, seniors

from kiosk.base.clock import SystemClock
from kiosk.base.config import SyncConfig
from kiosk.hub.client import HubClient, TerminalCredentials
from offline_cache import faults
from offline_cache.crypto import FileKeyProvider
from offline_cache.db import Store
from offline_cache.outbox import SENT, Outbox
from offline_cache.sync import SyncWorker

MATERIAL_SIZE = 3000
CONFIG = SyncConfig(interval_s=1, backoff_base_s=0.01, backoff_cap_s=0.05, retention_hours=24)


def run(data: Path, url: str, creds: TerminalCredentials, cipher: str,
        cmd: dict[str, object]) -> None:
    if cmd["crash_at"]:
        os.environ[faults.ENV_VAR] = str(cmd["crash_at"])
    clock = SystemClock()
    store = Store.open(data, FileKeyProvider(data / "store.key"), clock, cipher=cipher)
    outbox = Outbox(store, TERMINAL_ID, creds.tracking_prefix)
    people = seniors()
    seed = int(cmd["seed"])  # type: ignore[call-overload]
    journal = os.open(data / "journal.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    for i in range(int(cmd["enqueue"])):  # type: ignore[call-overload]
        mseeds = [seed * 10 + i * 2, seed * 10 + i * 2 + 1]
        draft = senior_draft(people[(seed + i) % len(people)], clock.now(),
                             [material_bytes(m, MATERIAL_SIZE) for m in mseeds])
        done = outbox.enqueue(draft)
        os.write(journal, (json.dumps({"client_id": done.client_id, "materials": mseeds})
                           + "\n").encode())
        os.fsync(journal)
    with HubClient(url, creds, timeout_s=10, max_retries=0) as client:
        worker = SyncWorker(outbox, client, clock, CONFIG)
        for _ in range(200):
            worker.sync_once()
            counts = outbox.counts()
            if counts["pending"] == 0 and counts["sending"] == 0:
                break
            clock.sleep(0.05)  # only after a failed attempt: let its short backoff pass
        states = {r.state for r in outbox.rows()}
    os.write(journal, b"")
    store.close()
    if states - {SENT}:
        os._exit(3)


def main() -> None:
    data, url, creds_path, cipher = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), sys.argv[4]
    creds = TerminalCredentials.load(creds_path)
    for line in sys.stdin:
        cmd = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                run(data, url, creds, cipher, cmd)
            except BaseException as exc:
                sys.stderr.write(f"child failed: {type(exc).__name__}: {exc}\n")
                code = 2
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        answer = {"signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0,
                  "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
