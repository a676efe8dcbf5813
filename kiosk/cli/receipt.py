"""``kiosk receipt render``: the receipt of a demo submission as ESC/POS bytes and a PNG."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from devices.printer.encoding import QR_MODES
from devices.printer.glyphs import FONT_COVERAGES
from kiosk.app.receipt import (
    RESULT_MODES,
    ReceiptData,
    ReceiptOptions,
    default_next_steps,
    layout,
)
from kiosk.base import tracking
from kiosk.base.i18n import LOCALES
from kiosk.base.idnumber import mask_name
from kiosk.base.receipt_record import ReceiptRecord
from kiosk.cli.common import context

DEMO_RESIDENT = "R0001"
DEMO_SERVICE = ("residence_permit", "居住证申领", "Residence permit application")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``receipt`` command group."""
    cmd = sub.add_parser("receipt", help="lay out and preview receipts")
    cmd_sub = cmd.add_subparsers(dest="receipt_command", metavar="ACTION", required=True)
    render = cmd_sub.add_parser(
        "render", help="write a demo submission's receipt (ESC/POS bytes, optional PNG)")
    render.add_argument("--tracking", required=True, help="tracking code, e.g. K7Q4M2X9TB1CG")
    render.add_argument("--width", type=int, choices=(58, 80), default=80, help="paper mm")
    render.add_argument("--qr", choices=QR_MODES, default="raster", help="QR as image or GS ( k")
    render.add_argument("--font-coverage", choices=FONT_COVERAGES, default="gb18030",
                        help="what the printer's resident font covers")
    render.add_argument("--locale", choices=LOCALES, default=None,
                        help="receipt language (default: terminal.locale)")
    render.add_argument("--result-mode", choices=RESULT_MODES, default="pickup")
    render.add_argument("--offline", action="store_true",
                        help="show the 'saved on this terminal, sent when online' notice")
    render.add_argument("--resident", default=DEMO_RESIDENT,
                        help="demo resident whose masked name is printed (R0001…R0240)")
    render.add_argument("--out", required=True, help="where to write the job bytes (.bin)")
    render.add_argument("--png", help="also render the job through the simulated printer")
    render.set_defaults(func=_render)


def _render(args: argparse.Namespace) -> int:
    from kiosk.devtools.residents import resident  # demo data: a development tool

    ctx = context(args)
    code = tracking.normalise(args.tracking)
    if not tracking.is_valid(code):
        print(f"not a valid tracking code: {args.tracking!r} "
              "(13 Crockford characters with a check character)", file=sys.stderr)
        return 2
    try:
        person = resident(args.resident)
    except KeyError:
        print(f"no demo resident {args.resident!r}; use R0001…R0240", file=sys.stderr)
        return 2
    record = ReceiptRecord(
        service_id=DEMO_SERVICE[0], service_name_zh=DEMO_SERVICE[1],
        service_name_en=DEMO_SERVICE[2], masked_name=mask_name(person.name),
        result_mode=args.result_mode, created_at=ctx.clock.now(), tracking_code=code,
        queued=args.offline)
    data = ReceiptData(
        record, terminal_id=ctx.config.terminal.id,
        tracking_url=tracking.tracking_url(ctx.config.hub.tracking_base_url, code),
        next_steps=default_next_steps(args.result_mode),
        locale=args.locale or ctx.config.terminal.locale)
    options = ReceiptOptions(args.width, args.qr, args.font_coverage)
    job = layout(data, options)
    Path(args.out).write_bytes(job)
    print(f"{args.out}: {len(job)} bytes ({args.width} mm, QR {args.qr})")
    if args.png:
        from devices.printer.simulator import EscposInterpreter, render_job

        interpreter = EscposInterpreter(args.width, args.font_coverage)
        interpreter.feed(job)
        printed = interpreter.jobs[-1] if interpreter.jobs else interpreter.flush()
        if printed is None:
            print("the simulated printer printed nothing", file=sys.stderr)
            return 1
        render_job(printed, args.width).save(args.png)
        print(f"{args.png}: rendered by the simulated printer")
    return 0
