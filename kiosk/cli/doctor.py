"""``kiosk doctor``: one line per check, with the fix for each failure."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from kiosk.app.doctor import Check, Outcome, check_config, passed, run_checks
from kiosk.app.doctor.causes import Account
from kiosk.app.doctor.service_user import ServiceUnit, run_as_service, unit_for
from kiosk.base.config import ConfigError
from kiosk.cli.common import context, samples_for


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``doctor`` command."""
    doc = sub.add_parser("doctor", help="check devices, hub, enrolment, data dir and store key; "
                         "exit non-zero when a required check fails")
    doc.add_argument("--json", action="store_true", help="print the result as JSON")
    doc.add_argument("--hub-url", help="check this hub instead of hub.url")
    doc.add_argument("--as-service", action="store_true",
                     help="run the checks as the kiosk service does: its user, groups and "
                     "store-key credential (re-executes under setpriv; needs root)")
    doc.add_argument("--unit", type=Path, help="the systemd unit to take the user, groups and "
                     "credentials from (default: /etc/systemd/system/kiosk.service, else the "
                     "packaged defaults)")
    doc.set_defaults(func=_doctor)


def _child_args(args: argparse.Namespace) -> list[str]:
    out: list[str] = []
    if args.config:
        out += ["--config", str(Path(args.config).resolve())]
    if args.data_dir:
        out += ["--data-dir", str(Path(args.data_dir).resolve())]
    out.append("doctor")
    if args.json:
        out.append("--json")
    if args.hub_url:
        out += ["--hub-url", args.hub_url]
    return out


def service_checks(unit: ServiceUnit, me: Account) -> tuple[list[Check], Account | None]:
    """Without root: what says how far the checks are the service's, and whose access counts.

    Returns the extra report lines and the account device access is judged for.
    """
    account = Account.named(unit.user, unit.groups)
    if account is None:
        return [Check("as-service", Outcome.FAIL, f"user {unit.user} (the unit's User=) does "
                      "not exist", f"adduser --system --group {unit.user} "
                      "(packaging/README.md)", fatal=True)], None
    if me.name == unit.user:
        return [], account
    return [Check("as-service", Outcome.WARN, f"not root, so the checks run as {me.name}; "
                  f"device access is judged for {unit.user} and its groups "
                  f"({', '.join(unit.groups) or 'none'}), but the data dir and store key are "
                  f"read as {me.name}", "run it as root to switch to the service user: sudo "
                  "kiosk doctor --as-service")], account


def _doctor(args: argparse.Namespace) -> int:
    extra: list[Check] = []
    account: Account | None = None
    if args.as_service:
        unit = unit_for(args.unit)
        if os.geteuid() != 0:
            extra, account = service_checks(unit, Account.current())
        elif Account.named(unit.user) is None:
            print(f"as-service: user {unit.user} does not exist. Fix: adduser --system "
                  f"--group --home /var/lib/kiosk --no-create-home {unit.user} (see "
                  "packaging/README.md)", file=sys.stderr)
            return 1
        else:
            try:
                return run_as_service(unit, _child_args(args))
            except OSError as exc:
                print(f"as-service: {exc}", file=sys.stderr)
                return 1
    try:
        ctx = context(args)
    except ConfigError as exc:
        # Nothing else can be checked without a configuration: list all its problems.
        checks, source = check_config(exc), exc.source
    else:
        checks = run_checks(ctx.config, ctx.clock, ctx.data_dir, args.hub_url, samples_for(ctx),
                            account)
        source = ctx.config.source
    checks = extra + checks
    ok = passed(checks)
    if args.json:
        print(json.dumps({"ok": ok, "config": source,
                          "checks": [c.as_json() for c in checks]}, ensure_ascii=False))
    else:
        for check in checks:
            print(check.line())
        print("all required checks passed" if ok else "a required check failed")
    return 0 if ok else 1
