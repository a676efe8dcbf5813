"""The ``kiosk`` command line: one entry point, one module per command group."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.base.clock import Clock, SystemClock
from kiosk.base.config import ConfigError, KioskConfig, load_config
from kiosk.base.config import data_dir as resolve_data_dir

# Each module defines ``register(subparsers)``; its commands set ``func`` via set_defaults.
COMMAND_MODULES: tuple[str, ...] = (
    "kiosk.cli.core",
    "kiosk.cli.journey",
    "kiosk.cli.hub",
    "kiosk.cli.dock",
    "kiosk.cli.doctor",
    "kiosk.cli.devices",
    "kiosk.cli.receipt",
    "kiosk.cli.documents",
    "kiosk.cli.queue",
    "kiosk.cli.ui",
    "kiosk.cli.screenshots",
)


@dataclass
class Context:
    """What every command needs: the validated config, the data dir and the clock."""

    config: KioskConfig
    data_dir: Path
    clock: Clock


def context(args: argparse.Namespace) -> Context:
    """Load config and data dir from the top-level options (``ConfigError`` on bad config)."""
    config = load_config(getattr(args, "config", None))
    return Context(config, resolve_data_dir(getattr(args, "data_dir", None), config), SystemClock())


def data_dir_from(args: argparse.Namespace) -> Path:
    """The data dir for commands that need no device or hub configuration."""
    return context(args).data_dir


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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


_GLOBAL_OPTIONS = ("--config", "--data-dir")


def hoist_global_options(argv: Sequence[str]) -> list[str]:
    """Let ``--config``/``--data-dir`` stand anywhere, e.g. ``kiosk config check --config F``."""
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
        code: int = func(args)
    except ConfigError as exc:
        print(f"configuration error in {exc.source}:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return code


