"""``kiosk demo`` and ``kiosk run``: open the kiosk window.

The UI package is reached only through one ``importlib.import_module("ui.app")``
call, so the core keeps no import of Qt (the import contract's one exception).
"""

from __future__ import annotations

import argparse
import importlib


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
    argv = (["--demo"] if args.ui_demo else []) + (["--windowed"] if args.windowed else []) \
        + (["--portrait"] if args.portrait else [])
    app = importlib.import_module("ui.app")
    code: int = app.main(argv, config_path=getattr(args, "config", None),
                         data_dir=getattr(args, "data_dir", None))
    return code
