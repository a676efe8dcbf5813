"""``--show-personal``: what every CLI command that prints a resident's data shares.

Output is masked by default (``kiosk.base.masking``). A technician may see the
values in full only in the simulated profile, where every card is a fictional
demo resident's; on a production terminal the option is refused, since a real
resident's card may be on the reader.
"""

from __future__ import annotations

import argparse
import sys

from kiosk.base.config import ConfigError, load_config

EXIT_REFUSED = 2


def add_option(parser: argparse.ArgumentParser, *aliases: str) -> None:
    """Add ``--show-personal`` (and any older spelling) to a command."""
    parser.add_argument("--show-personal", *aliases, dest="show_personal", action="store_true",
                        help="print personal fields in full (simulated profile only; default: "
                        "masked as at a service counter)")


def refused(args: argparse.Namespace) -> int | None:
    """``None`` when the command may go on; else the exit code, after saying why on stderr."""
    if not getattr(args, "show_personal", False):
        return None
    try:
        profile = load_config(getattr(args, "config", None)).profile
    except ConfigError:
        profile = "production"  # the command reports the config itself; never unmask then
    if profile == "simulated":
        return None
    print("--show-personal is refused in the production profile: a real resident's card may "
          "be on the reader. Fix: leave it out (the masked output shows the read worked), or "
          "try the reader with a demo card in the simulated profile", file=sys.stderr)
    return EXIT_REFUSED
