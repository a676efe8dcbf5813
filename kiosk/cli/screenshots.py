"""``kiosk screenshots OUTDIR``: every screen rendered offscreen to PNG, with an index.html."""

from __future__ import annotations

import argparse
import importlib
import os
import sys


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``screenshots`` command."""
    p = sub.add_parser("screenshots", help="render every screen offscreen (zh, en, elder; "
                       "landscape and portrait) to PNG with an index.html")
    p.add_argument("outdir", help="folder for the PNG files and index.html (created)")
    p.add_argument("--resident", default="R0001", help="demo resident id (R0001 … R0240)")
    p.add_argument("--service", default="residence_permit",
                   help="service id whose form and materials are shown")
    p.add_argument("--locale", action="append", choices=("zh_CN", "en_US"),
                   help="only this language (repeatable; default both)")
    p.add_argument("--orientation", action="append", choices=("landscape", "portrait"),
                   help="only this orientation (repeatable; default both)")
    p.add_argument("--elder", choices=("both", "on", "off"), default="both",
                   help="elder mode: both (default), only on, only off")
    p.add_argument("--screen", action="append", metavar="NAME",
                   help="only this screen (repeatable; default every screen)")
    p.add_argument("--check", action="store_true",
                   help="also run the layout checks and write layout.txt (exit 1 on violations)")
    p.set_defaults(func=_screenshots)


def _screenshots(args: argparse.Namespace) -> int:
    # Rendering needs no display: Qt draws into memory.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.cli.common import context

    ctx = context(args)
    if not ctx.config.is_simulation:
        print("kiosk screenshots runs on the simulated profile only (demo resident, simulated "
              "devices, embedded hub): drop --config or use a simulation config", file=sys.stderr)
        return 2
    shots = importlib.import_module("ui.devtools.screenshots")
    result = shots.render_all(
        ctx, args.outdir, resident_id=args.resident, service_id=args.service,
        locales=args.locale, orientations=args.orientation,
        elder={"both": None, "on": True, "off": False}[args.elder],
        screens=args.screen, check_layout=args.check)
    print(result.summary())
    return 1 if args.check and result.violations else 0
