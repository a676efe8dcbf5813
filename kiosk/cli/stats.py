"""``kiosk stats``: the one-visit measures (最多跑一次) of this terminal's errands.

Read from the store without changing it (nothing personal is in these rows):
the share of errands with a receipt within 30 minutes of identifying, with the
result on the spot, that need no second trip, and the materials residents did
not have to bring because the hub had them on file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from typing import Any

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``stats`` command."""
    p = sub.add_parser("stats", help="one-visit measures: errands done within 30 minutes, "
                       "on the spot, in one visit, materials saved (nothing personal)")
    p.add_argument("--since", metavar="D", type=_since,
                   help="only errands since D: a date (YYYY-MM-DD, China time) or a duration "
                        "back from now (24h, 7d); default: all")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_stats)


class _Since:
    """``--since``: a local date or a duration back from now."""

    def __init__(self, day: dt.date | None, back: dt.timedelta | None) -> None:
        self.day = day
        self.back = back

    def moment(self, now: dt.datetime) -> dt.datetime:
        """The moment it stands for, at ``now``."""
        from kiosk.base.clock import CHINA_TIME

        if self.day is not None:
            return dt.datetime.combine(self.day, dt.time(0), CHINA_TIME)
        assert self.back is not None
        return now - self.back


def _since(text: str) -> _Since:
    from kiosk.cli.queue import parse_duration

    if _DATE.match(text.strip()):
        try:
            return _Since(dt.date.fromisoformat(text.strip()), None)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a date; write e.g. 2026-01-05") from None
    return _Since(None, parse_duration(text))


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _stats(args: argparse.Namespace) -> int:
    from kiosk.app.circle.measures import one_visit_figures
    from kiosk.app.runtime import key_provider, open_store
    from kiosk.cli.common import context
    from kiosk.cli.queue import _fail
    from offline_cache.crypto import StoreKeyError
    from offline_cache.db import StorageFault, Store

    try:
        ctx = context(args)
        since = args.since.moment(ctx.clock.now()) if args.since is not None else None
        if Store.exists(ctx.data_dir):
            store = Store.open_read_only(ctx.data_dir, key_provider(ctx), ctx.clock)
        else:
            store = open_store(ctx)  # no store yet: an empty one answers (no errands)
        with store:
            figures = one_visit_figures(store, since)
    except (StoreKeyError, StorageFault) as exc:
        return _fail(exc, args.json)
    out: dict[str, Any] = {
        "since": since.isoformat() if since is not None else None,
        "errands": figures.errands,
        "within_30_min": figures.within_30_min,
        "result_on_spot": figures.result_on_spot,
        "one_visit": figures.one_visit,
        "materials_saved": figures.materials_saved,
        "share_within_30_min": _share(figures.share_within_30_min),
        "share_result_on_spot": _share(figures.share_result_on_spot),
        "share_one_visit": _share(figures.share_one_visit),
    }
    if args.json:
        print(json.dumps(out))
        return 0

    def pct(value: float | None) -> str:
        return "-" if value is None else f"{value:.1%}"

    print(f"errands{'' if since is None else ' since ' + since.isoformat()}: {figures.errands}")
    print(f"  receipt within 30 minutes  {pct(figures.share_within_30_min):>7} "
          f"({figures.within_30_min})")
    print(f"  result on the spot         {pct(figures.share_result_on_spot):>7} "
          f"({figures.result_on_spot})")
    print(f"  done in one visit          {pct(figures.share_one_visit):>7} "
          f"({figures.one_visit})")
    print(f"  materials not brought (on file): {figures.materials_saved}")
    sys.stdout.flush()
    return 0
