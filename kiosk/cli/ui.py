"""``kiosk demo`` and ``kiosk run``: open the kiosk window.

The UI package is reached only through ``importlib.import_module`` (``ui.app``,
or ``ui.devtools.demo`` for the demo), so nothing outside ``ui`` imports Qt;
the CLI and the UI are siblings at the top of the layers contract.
"""

from __future__ import annotations

import argparse
import importlib

from kiosk.cli.common import context, hub_for, samples_for


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``demo`` and ``run`` commands."""
    demo = sub.add_parser("demo", help="the kiosk window with simulated devices, the reference "
                          "hub and the dev dock panel")
    run = sub.add_parser("run", help="run this terminal's kiosk window (configured devices)")
    for p in (demo, run):
        p.add_argument("--windowed", action="store_true",
                       help="a normal window instead of full screen (development)")
        p.add_argument("--portrait", action="store_true", help="1080×1920 instead of 1920×1080")
    demo.set_defaults(func=_open_window, ui_demo=True)
    run.set_defaults(func=_open_window, ui_demo=False)


def _open_window(args: argparse.Namespace) -> int:
    argv = (["--windowed"] if args.windowed else []) + (["--portrait"] if args.portrait else [])
    ctx = context(args)
    # ui.devtools.demo refuses a production profile itself (the dock drives simulators).
    window = importlib.import_module("ui.devtools.demo" if args.ui_demo else "ui.app")
    code: int = window.main(argv, ctx=ctx, hub=hub_for(ctx), samples=samples_for(ctx))
    return code
