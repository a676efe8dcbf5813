"""``kiosk queue …``: inspect and steer the offline outbox (no personal data is shown)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.base.context import Context
    from offline_cache.db import Store
    from offline_cache.outbox import Outbox

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
STATES = ("pending", "sending", "sent", "needs_attention")


def parse_duration(text: str) -> dt.timedelta:
    """``90s``, ``30m``, ``24h``, ``7d`` or plain seconds."""
    match = _DURATION.match(text.lower())
    if match is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration; write e.g. 24h, 30m or 7d")
    return dt.timedelta(seconds=float(match.group(1)) * _UNITS[match.group(2)])


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``queue`` command group."""
    queue = sub.add_parser("queue", help="the offline outbox of submissions")
    q = queue.add_subparsers(dest="queue_command", metavar="ACTION", required=True)

    status = q.add_parser("status", help="rows per state, oldest pending age, bytes on disk "
                          "(reads only: never changes or repairs the store)")
    status.add_argument("--json", action="store_true", help="print the result as JSON")
    status.set_defaults(func=_status)

    listing = q.add_parser("list", help="list submissions (ids, codes, states; nothing personal)")
    listing.add_argument("--state", choices=STATES, help="only rows in this state")
    listing.add_argument("--limit", type=int, default=100, help="at most this many rows")
    listing.add_argument("--json", action="store_true", help="print the rows as JSON")
    listing.set_defaults(func=_list)

    repair = q.add_parser("repair", help="set a store that fails its integrity check aside "
                          "and salvage every readable row into a new one (kiosk stopped)")
    repair.add_argument("--json", action="store_true", help="print the result as JSON")
    repair.set_defaults(func=_repair)

    retry = q.add_parser("retry", help="send needs_attention rows again")
    which = retry.add_mutually_exclusive_group(required=True)
    which.add_argument("client_id", nargs="?", metavar="ID", help="client id or tracking code")
    which.add_argument("--all-attention", action="store_true",
                       help="every row in needs_attention")
    retry.set_defaults(func=_retry)

    sync = q.add_parser("sync", help="deliver pending rows to the hub now")
    sync.add_argument("--wait", action="store_true",
                      help="keep going (with backoff) until nothing is pending")
    sync.add_argument("--timeout", type=parse_duration, default=parse_duration("5m"),
                      help="give up waiting after this long (default 5m)")
    sync.add_argument("--hub", metavar="URL",
                      help="hub URL (default: the configured hub, else the embedded one); "
                           "the saved credentials of this data dir are used")
    sync.set_defaults(func=_sync)

    purge = q.add_parser("purge", help="drop personal data of rows sent long enough ago")
    purge.add_argument("--sent-older-than", type=parse_duration, required=True,
                       metavar="DURATION", help="e.g. 24h; unsent rows are never purged")
    purge.set_defaults(func=_purge)


def _open(ctx: Context) -> Store:
    from kiosk.app.runtime import open_store

    return open_store(ctx)


def _context(args: argparse.Namespace) -> Context:
    from kiosk.cli.common import context

    return context(args)


# Exit codes of the queue commands beyond 0-2 (docs/offline.md lists them all).
EXIT_KEY = 3
EXIT_STORAGE = 4
EXIT_CORRUPT = 5


def _fail(exc: Exception, as_json: bool = False) -> int:
    from offline_cache.crypto import StoreKeyError
    from offline_cache.db import StorageFault

    if isinstance(exc, StoreKeyError):
        error, detail, code = "store_key", exc.detail, EXIT_KEY
    elif isinstance(exc, StorageFault):
        error, detail = f"store_{exc.kind}", exc.detail
        code = EXIT_CORRUPT if exc.kind == "corrupt" else EXIT_STORAGE
    else:
        raise exc
    if as_json:
        print(json.dumps({"error": error, "detail": detail, "exit_code": code}))
    else:
        print(f"store problem ({error}): {detail}", file=sys.stderr)
    return code


def _status(args: argparse.Namespace) -> int:
    return _on_outbox(args, lambda outbox: _print_status(args, outbox), read_only=True)


def _print_status(args: argparse.Namespace, outbox: Outbox) -> int:
    out = outbox.status().as_json()
    if args.json:
        print(json.dumps(out))
    else:
        for state in STATES:
            print(f"{state:16} {out[state]}")
        age = out["oldest_pending_age_s"]
        print(f"{'oldest pending':16} {'-' if age is None else f'{age:.0f} s'}")
        print(f"{'bytes':16} {out['bytes']}")
    return 0


def _list(args: argparse.Namespace) -> int:
    return _on_outbox(args, lambda outbox: _print_rows(args, outbox), read_only=True)


def _repair(args: argparse.Namespace) -> int:
    from kiosk.app.runtime import key_provider
    from offline_cache.crypto import StoreKeyError
    from offline_cache.db import StorageFault, repair

    ctx = _context(args)
    try:
        report = repair(ctx.data_dir, key_provider(ctx), ctx.clock,
                        cipher=ctx.config.crypto.store_cipher)
    except (StoreKeyError, StorageFault) as exc:
        return _fail(exc, args.json)
    out = {"repaired": report.needed, "moved_to": str(report.moved_to or ""),
           "reason": report.reason, "method": report.method, "salvaged": report.salvaged}
    if args.json:
        print(json.dumps(out))
    elif not report.needed:
        print("the store passed its integrity check; nothing to repair")
    else:
        print(f"damaged store kept in {report.moved_to}")
        print(f"salvaged ({report.method}): "
              + ", ".join(f"{table} {n}" for table, n in report.salvaged.items()))
        print("start the kiosk again; 'kiosk queue status' shows what waits to be sent")
    return 0


def _print_rows(args: argparse.Namespace, outbox: Outbox) -> int:
    from kiosk.base import tracking

    rows = outbox.rows(args.state, args.limit)
    if args.json:
        print(json.dumps([{
            "client_id": r.client_id, "tracking_code": r.tracking_code,
            "service_id": r.service_id, "state": r.state, "attempts": r.attempts,
            "created_at": r.created_at.isoformat(), "next_attempt_at":
            r.next_attempt_at.isoformat(), "last_error": r.last_error, "case_id": r.case_id,
            "bytes": r.payload_bytes, "purged": r.purged} for r in rows]))
        return 0
    for r in rows:
        print(f"{r.client_id}  {tracking.display(r.tracking_code)}  {r.state:15} "
              f"{r.service_id:28} tries={r.attempts} created={r.created_at:%Y-%m-%d %H:%M}"
              f"{'  case=' + r.case_id if r.case_id else ''}"
              f"{'  error=' + r.last_error if r.last_error else ''}")
    if not rows:
        print("(no submissions)")
    return 0


def _on_outbox(args: argparse.Namespace, action: Callable[[Outbox], int],
               read_only: bool = False) -> int:
    """Open the store, run ``action`` on its outbox; a store fault becomes its exit code.

    ``read_only`` opens it without creating, locking or migrating anything, so status and
    listing work on a read-only disk and never change a damaged store.
    """
    from kiosk.app.runtime import key_provider
    from offline_cache.crypto import StoreKeyError
    from offline_cache.db import StorageFault, Store
    from offline_cache.outbox import Outbox

    as_json = bool(getattr(args, "json", False))
    try:
        ctx = _context(args)
        if read_only and Store.exists(ctx.data_dir):
            store = Store.open_read_only(ctx.data_dir, key_provider(ctx), ctx.clock)
        else:
            store = _open(ctx)  # no store yet: an empty one answers (nothing is queued)
        with store:
            # Rows are only read and re-flagged here: no terminal id or prefix is minted.
            return action(Outbox(store, "-", "0000"))
    except (StoreKeyError, StorageFault) as exc:
        return _fail(exc, as_json)


def _retry(args: argparse.Namespace) -> int:
    def retry(outbox: Outbox) -> int:
        if args.all_attention:
            n = outbox.retry_all_attention()
        else:
            found = outbox.receipt(args.client_id)
            n = int(found is not None and outbox.retry(found.client_id))
            if not n:
                print(f"{args.client_id}: no such row waiting for attention", file=sys.stderr)
                return 1
        print(f"{n} submission(s) queued again; the kiosk sends them on its next pass")
        return 0

    return _on_outbox(args, retry)


def _purge(args: argparse.Namespace) -> int:
    def purge(outbox: Outbox) -> int:
        n = outbox.purge_sent(args.sent_older_than)
        print(f"purged personal data of {n} sent submission(s)")
        return 0

    return _on_outbox(args, purge)


def _sync(args: argparse.Namespace) -> int:
    from kiosk.app.runtime import StartupError
    from kiosk.cli.common import open_kiosk
    from offline_cache.crypto import StoreKeyError
    from offline_cache.db import StorageFault

    ctx = _context(args)
    try:
        with _open(ctx) as probe:
            if not probe.owner:
                print("the kiosk is running and owns the queue; it syncs by itself "
                      "(use 'kiosk queue retry' to send needs_attention rows again)",
                      file=sys.stderr)
                return 1
        rt = open_kiosk(ctx, hub_url=args.hub, with_devices=False, start_sync=False)
    except (StoreKeyError, StorageFault) as exc:
        return _fail(exc)
    except StartupError as exc:
        if isinstance(exc.__cause__, (StoreKeyError, StorageFault)):
            return _fail(exc.__cause__)  # the queue's own exit codes for its store
        print(str(exc), file=sys.stderr)
        return 2
    with rt:
        if rt.client is None:
            print("this terminal is not enrolled with the hub; set hub.enrollment_token",
                  file=sys.stderr)
            return 2
        deadline = ctx.clock.monotonic() + args.timeout.total_seconds()
        sent = attention = 0
        while True:
            if rt.sync.offline:
                rt.sync.probe()
            report = rt.sync.sync_once()
            sent += len(report.sent)
            attention += len(report.needs_attention)
            counts = rt.outbox.counts()
            if not args.wait or counts["pending"] == 0 or ctx.clock.monotonic() >= deadline:
                break
            due = rt.outbox.next_due_at()
            wait = 1.0 if due is None else (due - ctx.clock.now()).total_seconds()
            ctx.clock.sleep(min(max(wait, 0.05), max(0.0, deadline - ctx.clock.monotonic())))
        print(json.dumps({"sent_now": sent, "needs_attention_now": attention, "hub": rt.hub.url,
                          **rt.outbox.status().as_json()}))
    return 0 if counts["pending"] == 0 else 1
