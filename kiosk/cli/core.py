"""Core commands: configuration checks."""

from __future__ import annotations

import argparse
import json

from kiosk.base.config import ConfigError, load_config


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``config`` command group."""
    cfg = sub.add_parser("config", help="inspect and check the configuration")
    cfg_sub = cfg.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    check = cfg_sub.add_parser("check", help="validate the config; exit non-zero on errors")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.set_defaults(func=_config_check)


def _config_check(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config)
    except ConfigError as exc:
        if args.json:
            print(json.dumps({"ok": False, "source": exc.source, "problems": exc.problems},
                             ensure_ascii=False))
        else:
            print(f"{exc.source}: {len(exc.problems)} problem(s)")
            for problem in exc.problems:
                print(f"  - {problem}")
        return 1
    summary = {
        "ok": True,
        "source": config.source,
        "profile": config.profile,
        "terminal": config.terminal.id,
        "hub": config.hub.url or "embedded reference hub",
        "devices": {n: {"driver": d.driver, "required": d.required}
                    for n, d in config.devices.items()},
    }
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(f"{config.source}: OK (profile {config.profile}, terminal {config.terminal.id})")
        for name, dev in config.devices.items():
            print(f"  {name}: {dev.driver}{' (required)' if dev.required else ''}")
    return 0
