"""``kiosk events``: the event catalogue, as a table or as ``docs/events.md``."""

from __future__ import annotations

import argparse
import json

from kiosk.base.events import CATALOGUE


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``events`` command."""
    p = sub.add_parser("events", help="list every log event (name, level, fields, meaning)")
    form = p.add_mutually_exclusive_group()
    form.add_argument("--markdown", action="store_true",
                      help="print docs/events.md (generated from the catalogue)")
    form.add_argument("--json", action="store_true", help="print the catalogue as JSON")
    p.set_defaults(func=_events)


def _events(args: argparse.Namespace) -> int:
    if args.markdown:
        from kiosk.base.events.markdown import markdown

        print(markdown(), end="")
        return 0
    rows = [{"event": cls.NAME, "level": cls.LEVEL.label, "meaning": cls.meaning(),
             "fields": list(cls.field_specs())} for cls in CATALOGUE]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        print(f"{row['event']:28} {row['level']:8} {row['meaning']}")
    return 0
