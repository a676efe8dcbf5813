"""A fleet of headless terminals against one reference hub: throughput, latency, nothing lost.

Usage: ``python bench/fleet.py [--terminals 1 10 50] [--journeys 3] [--offline-every 3]
[--hub-faults "drop_rate=0.05,error_rate=0.05,seed=7"] [--dir DIR]``

For each fleet size N the script starts the reference hub (``kiosk hub serve``) as a
subprocess, mints one enrolment token per terminal, and starts N terminals, each a
separate process (``bench/fleet.py --worker``) with its own data dir and config:
simulated (memory) devices, enrolled with its token (by the script, as a technician
does at provisioning, before the hub's faults are switched on: a lost enrolment
answer would spend the one-time token), the built-in sync worker. Each
terminal walks ``--journeys`` headless journeys of the 12345 hotline service (level 1,
no required materials, so identity and capture cost little and the hub is what is
measured). Every ``--offline-every``-th terminal has its network cut (a per-terminal
cut: its runtime goes offline) for its first journey, which is queued and sent when
the network is back. The hub meanwhile drops and fails some requests (``--hub-faults``),
so answers are lost and submissions retried.

Printed JSON, per N:

- ``submissions_per_s``: submissions accepted by the hub / the submission window, from
  the first enqueue on any terminal to the last delivery (``wall_s`` also counts the
  terminals' start-up: N Python processes importing OpenCV and friends on the same cores);
- ``submit_latency_s``: p50/p95 from enqueue (``sync.queued``) to the hub's acceptance
  (``sync.sent``), online submissions only (offline ones wait for the network by design);
  ``offline_delivery_s`` the same for the queued ones, from enqueue to delivery;
- ``lost``: submissions a terminal enqueued that the hub does not hold, plus outbox
  rows not sent at the end (must be 0);
- ``duplicated``: hub records beyond one per client id, per canonical body and per case
  (must be 0), read from the hub's own database after it stopped.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

SERVICE = "hotline_12345"
HUB_START_TIMEOUT_S = 60.0
WORKER_TIMEOUT_S = 900.0


# --- one terminal (the worker process) -------------------------------------------------


def _worker_config(hub_url: str, terminal: str) -> str:
    return (
        'profile = "simulated"\n'
        f'[terminal]\nid = "{terminal}"\n'
        f'[hub]\nurl = "{hub_url}"\ntimeout_s = 10\n'
        # Quick retries: the bench measures delivery, not the production backoff cap.
        "[sync]\ninterval_s = 1\nbackoff_base_s = 0.2\nbackoff_cap_s = 2\n"
        "[timeouts]\nhealth_probe_s = 1\nheartbeat_s = 60\n"
        "[metrics]\nenabled = false\n"
    )


def run_worker(args: argparse.Namespace) -> int:
    """One terminal: enrol, walk the journeys (the first ones offline if asked), deliver all."""
    from kiosk.app.runtime import build_journey, open_runtime, warm_cache
    from kiosk.base.context import Context
    from kiosk.base.events import catalogue as ev
    from kiosk.base.events import subscribe
    from kiosk.devtools.cards import DemoCards
    from kiosk.devtools.headless import HeadlessError, run_headless
    from kiosk.devtools.residents import demo_residents

    data = Path(args.data_dir)
    data.mkdir(parents=True, exist_ok=True)
    config = data / "kiosk.toml"
    config.write_text(_worker_config(args.hub, args.terminal), encoding="utf-8")
    queued_at: dict[str, float] = {}
    sent_at: dict[str, float] = {}
    lock = threading.Lock()

    def on_event(event: object) -> None:
        now = time.monotonic()
        with lock:
            if isinstance(event, ev.SubmissionQueued):
                queued_at[str(event.client_id)] = now
            elif isinstance(event, ev.SubmissionSent):
                sent_at[str(event.client_id)] = now

    stop = subscribe(on_event)
    ctx = Context.load(config, data)
    people = demo_residents()
    errors: list[str] = []
    offline_ids: list[str] = []
    with open_runtime(ctx, samples=DemoCards()) as rt:
        warm_cache(rt)
        assert rt.devices is not None
        for i in range(args.journeys):
            rt.offline = i < args.offline_first
            person = people[(args.seed * 7 + i * 13) % len(people)]
            journey = build_journey(rt)
            try:
                result = run_headless(journey, rt.devices, person, SERVICE, ctx.clock)
            except HeadlessError as exc:
                errors.append(f"{exc.step}:{exc.message_key}")
                continue
            if rt.offline:
                offline_ids.append(result.client_id)
        rt.offline = False
        rt.sync.network_regained()
        delivered = rt.sync.wait_until(
            lambda: rt.outbox.counts()["pending"] + rt.outbox.counts()["sending"] == 0,
            args.deliver_timeout)
        counts = rt.outbox.counts()
    stop()
    with lock:
        ids = sorted(queued_at)
        latencies = [sent_at[c] - queued_at[c] for c in ids if c in sent_at]
        online = [sent_at[c] - queued_at[c] for c in ids if c in sent_at and c not in offline_ids]
        offline = [sent_at[c] - queued_at[c] for c in ids if c in sent_at and c in offline_ids]
        # CLOCK_MONOTONIC is one clock for every process on the machine.
        window = [min(queued_at.values(), default=None), max(sent_at.values(), default=None)]
    print(json.dumps({"terminal": args.terminal, "client_ids": ids, "delivered": delivered,
                      "outbox": counts, "latencies_s": latencies, "online_s": online,
                      "offline_s": offline, "window": window, "errors": errors}))
    return 0


# --- the fleet ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ, KIOSK_DATA_DIR=str(data_dir), KIOSK_VOICE="none",
               KIOSK_LOG_LEVEL=os.environ.get("KIOSK_FLEET_LOG_LEVEL", "warning"))
    env.pop("KIOSK_CONFIG", None)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep)
    return env


def _start_hub(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    hub_data = root / "hubside"
    hub = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "hub", "serve", "--port", str(port)],
        env=_env(hub_data), stdout=subprocess.DEVNULL,
        stderr=(root / "hub.log").open("wb"))
    url = f"http://127.0.0.1:{port}"
    import requests

    deadline = time.monotonic() + HUB_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if hub.poll() is not None:
            raise RuntimeError(f"the hub exited: see {root / 'hub.log'}")
        try:
            if requests.get(url + "/v1/health", timeout=1).status_code == 200:
                return hub, url
        except requests.RequestException:
            pass
        time.sleep(0.1)
    hub.kill()
    raise RuntimeError("the reference hub did not start")


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 3)


def _hub_records(hub_dir: Path) -> list[tuple[str, str, str]]:
    """(client id, canonical body hash, case id) of every submission the hub holds."""
    db = hub_dir / "hub.sqlite3"
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT client_id, canonical, case_id FROM submissions").fetchall()
    finally:
        conn.close()
    return [(r[0], hashlib.sha256(r[1].encode()).hexdigest(), r[2]) for r in rows]


def run_fleet(n: int, *, journeys: int, offline_every: int, faults: str,
              root: Path) -> dict[str, Any]:
    """One fleet size; the JSON object described in the module docstring."""
    from kiosk.devtools.refhub.app import load_admin_key
    from kiosk.devtools.refhub.embedded import AdminClient
    from kiosk.hub.client import HubClient

    root.mkdir(parents=True, exist_ok=True)
    hub, url = _start_hub(root)
    workers: list[subprocess.Popen[str]] = []
    try:
        admin = AdminClient(url, load_admin_key(root / "hubside" / "hub"))
        names = [f"FLEET-{i:04d}" for i in range(n)]
        for name in names:
            creds = HubClient.enroll(url, admin.mint_token(name), name, "fleet bench")
            creds.save(root / name / "credentials.json")
        admin.set_faults(faults)
        started = time.monotonic()
        for i, name in enumerate(names):
            offline_first = 1 if offline_every and i % offline_every == offline_every - 1 else 0
            workers.append(subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), "--worker", "--hub", url,
                 "--terminal", name, "--data-dir",
                 str(root / name), "--journeys", str(journeys), "--offline-first",
                 str(offline_first), "--seed", str(i)],
                env=_env(root / name), stdout=subprocess.PIPE,
                stderr=(root / f"{name}.log").open("w"), text=True))
        reports = []
        for name, worker in zip(names, workers, strict=True):
            out, _ = worker.communicate(timeout=WORKER_TIMEOUT_S)
            if worker.returncode != 0:
                raise RuntimeError(f"terminal {name} failed ({worker.returncode}): see "
                                   f"{root / (name + '.log')}")
            reports.append(json.loads(out.strip().splitlines()[-1]))
        elapsed = time.monotonic() - started
        admin.close()
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
        hub.terminate()
        hub.wait(timeout=30)
    records = _hub_records(root / "hubside" / "hub")
    enqueued = {cid for r in reports for cid in r["client_ids"]}
    on_hub = {cid for cid, _, _ in records}
    not_sent = sum(r["outbox"]["pending"] + r["outbox"]["sending"]
                   + r["outbox"]["needs_attention"] for r in reports)
    duplicated = (len(records) - len(on_hub)) + (len(records) - len({h for _, h, _ in records})) \
        + (len(records) - len({c for _, _, c in records}))
    online = [v for r in reports for v in r["online_s"]]
    offline = [v for r in reports for v in r["offline_s"]]
    starts = [r["window"][0] for r in reports if r["window"][0] is not None]
    ends = [r["window"][1] for r in reports if r["window"][1] is not None]
    window = max(ends) - min(starts) if starts and ends else elapsed
    return {
        "terminals": n,
        "journeys_per_terminal": journeys,
        "offline_terminals": sum(1 for i in range(n)
                                 if offline_every and i % offline_every == offline_every - 1),
        "hub_faults": faults,
        "submissions": len(enqueued),
        "accepted_by_hub": len(enqueued & on_hub),
        "wall_s": round(elapsed, 2),
        "window_s": round(window, 2),
        "submissions_per_s": round(len(enqueued & on_hub) / window, 3) if window > 0 else None,
        "submit_latency_s": {"p50": _pct(online, 0.5), "p95": _pct(online, 0.95),
                             "count": len(online)},
        "offline_delivery_s": {"p50": _pct(offline, 0.5), "p95": _pct(offline, 0.95),
                               "count": len(offline)},
        "lost": len(enqueued - on_hub) + not_sent,
        "duplicated": duplicated,
        "journey_errors": [e for r in reports for e in r["errors"]],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the fleet sizes asked for (or one worker) and print JSON."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--terminals", type=int, nargs="+", default=[1, 10, 50])
    p.add_argument("--journeys", type=int, default=3, help="journeys per terminal")
    p.add_argument("--offline-every", type=int, default=3,
                   help="every Nth terminal starts offline (0: none)")
    p.add_argument("--hub-faults", default="drop_rate=0.05,error_rate=0.05,seed=7",
                   help="the reference hub's fault spec (kiosk hub serve --faults)")
    p.add_argument("--dir", help="keep the terminals' and hub's data here")
    # The worker's own options.
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--hub", help=argparse.SUPPRESS)
    p.add_argument("--terminal", help=argparse.SUPPRESS)
    p.add_argument("--data-dir", help=argparse.SUPPRESS)
    p.add_argument("--offline-first", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("--deliver-timeout", type=float, default=300.0, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        return run_worker(args)
    base = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="kiosk-fleet-"))
    results = [run_fleet(n, journeys=args.journeys, offline_every=args.offline_every,
                         faults=args.hub_faults, root=base / f"n{n}") for n in args.terminals]
    print(json.dumps({"fleet": results}, ensure_ascii=False, indent=2))
    return 0 if all(r["lost"] == 0 and r["duplicated"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
