"""``kiosk update-window``: exit 0 only when updates may be installed (no resident in a session)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from kiosk.app.activity import activity_path, update_window
from kiosk.cli.common import context

# After a resident leaves, the next may be walking up: wait this long on the home screen.
DEFAULT_MIN_IDLE_S = 120.0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``update-window`` command."""
    p = sub.add_parser(
        "update-window",
        help="exit 0 when the kiosk is idle (or not running), so updates may be installed; "
             "1 while a resident is in a session (apt's upgrade run asks this first)")
    p.add_argument("--min-idle", type=float, default=DEFAULT_MIN_IDLE_S, metavar="SECONDS",
                   help=f"how long the home screen must have been shown "
                        f"(default {DEFAULT_MIN_IDLE_S:.0f})")
    p.add_argument("--marker", type=Path,
                   help="the activity marker to read (default: the running kiosk's)")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.set_defaults(func=_update_window)


def _update_window(args: argparse.Namespace) -> int:
    if args.min_idle < 0:
        print("--min-idle must be 0 or more seconds")
        return 2
    ctx = context(args)
    marker = args.marker or activity_path(ctx)
    window = update_window(marker, min_idle_s=args.min_idle, clock=ctx.clock)
    if args.json:
        print(json.dumps({**asdict(window), "marker": str(marker)}, ensure_ascii=False))
    else:
        print(("open: " if window.open else "closed: ") + window.reason)
    return 0 if window.open else 1
