"""The ``kiosk`` command line: one entry point, one module per command group."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kiosk.app.runtime import StartupError
from kiosk.base import events, version
from kiosk.base.config import ConfigError
from kiosk.base.events.catalogue import KioskCannotStart
from kiosk.cli import (
    core,
    devices,
    dock,
    doctor,
    documents,
    enroll,
    events_cmd,
    hub,
    journey,
    provision,
    queue,
    receipt,
    screenshots,
    stats,
    technician,
    ui,
    update_window,
)

# Each module defines ``register(subparsers)``; its commands set ``func`` via set_defaults.
# The order is the order of ``kiosk --help``.
COMMAND_MODULES = (core, provision, enroll, technician, journey, hub, dock, doctor, devices,
                   receipt, documents, queue, stats, ui, screenshots, update_window, events_cmd)

# What the refhub extra installs: a production terminal has none of it.
REFHUB_MODULES = frozenset({"fastapi", "uvicorn", "starlette", "networkx"})


class _VersionAction(argparse.Action):
    """``--version``: looked up only when asked (a checkout runs git for its commit)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help=str(kwargs.get("help", "")))

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(version.current())
        parser.exit(0)


def build_parser() -> argparse.ArgumentParser:
    """The full parser with every command group registered."""
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Neighbourhood government-service kiosk"
    )
    parser.add_argument("--config", help="TOML config file (default: $KIOSK_CONFIG, "
                        "/etc/kiosk/kiosk.toml, else the built-in simulated profile)")
    parser.add_argument("--data-dir", help="where the store, keys, logs and embedded hub live "
                        "(default: $KIOSK_DATA_DIR, /var/lib/kiosk on a terminal, else the "
                        "platform data dir)")
    parser.add_argument("--version", action=_VersionAction,
                        help="print the installed version (and git commit in a checkout)")
    parser.add_argument("--log-level", choices=events.LEVELS,
                        help="log level of the JSON lines on stderr (default: $KIOSK_LOG_LEVEL, "
                        "else [logging] level, else info)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


_GLOBAL_OPTIONS = ("--config", "--data-dir", "--log-level")


def hoist_global_options(argv: Sequence[str]) -> list[str]:
    """Let ``--config``/``--data-dir``/``--log-level`` stand anywhere, e.g. ``kiosk config check --config F``."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _GLOBAL_OPTIONS and i + 1 < len(argv):
            front += [arg, argv[i + 1]]
            i += 2
            continue
        if arg.split("=", 1)[0] in _GLOBAL_OPTIONS and "=" in arg:
            front.append(arg)
        elif arg == "--":
            rest += argv[i:]
            break
        else:
            rest.append(arg)
        i += 1
    return front + rest


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the return value is the process exit code."""
    parser = build_parser()
    args = parser.parse_args(hoist_global_options(sys.argv[1:] if argv is None else argv))
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        # The config's [logging] level applies once a command loads it (kiosk.cli.common).
        events.configure(events.resolve_level(args.log_level))
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        code: int = func(args)
    except ConfigError as exc:
        events.emit(KioskCannotStart(problem=events.Ident("config")))
        print(f"configuration error in {exc.source}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    except StartupError as exc:
        print(f"cannot start: {exc}", file=sys.stderr)
        return 2
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in REFHUB_MODULES:
            raise
        print(f"kiosk {args.command} needs the reference hub, which is the refhub extra "
              f"({exc.name} is not installed). Fix: pip install '.[refhub]' (a terminal "
              "needs it only for development commands)", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


