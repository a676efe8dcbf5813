"""``kiosk doctor``: one line per check, with the fix for each failure."""

from __future__ import annotations

import argparse
import json

from kiosk.app.doctor import check_config, passed, run_checks
from kiosk.base.config import ConfigError
from kiosk.cli.common import context, samples_for


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``doctor`` command."""
    doc = sub.add_parser("doctor", help="check devices, hub, data dir and store key; exit "
                         "non-zero when a required device fails")
    doc.add_argument("--json", action="store_true", help="print the result as JSON")
    doc.add_argument("--hub-url", help="check this hub instead of hub.url")
    doc.set_defaults(func=_doctor)


def _doctor(args: argparse.Namespace) -> int:
    try:
        ctx = context(args)
    except ConfigError as exc:
        # Nothing else can be checked without a configuration: list all its problems.
        checks, source = check_config(exc), exc.source
    else:
        checks = run_checks(ctx.config, ctx.clock, ctx.data_dir, args.hub_url, samples_for(ctx))
        source = ctx.config.source
    ok = passed(checks)
    if args.json:
        print(json.dumps({"ok": ok, "config": source,
                          "checks": [c.as_json() for c in checks]}, ensure_ascii=False))
    else:
        for check in checks:
            print(check.line())
        print("all required checks passed" if ok else "a required check failed")
    return 0 if ok else 1
