"""``kiosk journey --headless``: one whole resident journey on simulated devices."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.app.runtime import Runtime, StartupError, build_journey, warm_cache
from kiosk.base.i18n import translate
from kiosk.cli.common import context, open_kiosk

# 0 sent or queued, 1 the journey stopped at a step (its message says why), 2 bad arguments.
EXIT_CANNOT_START = 3  # the kiosk cannot start here: store (disk full, read-only, damaged) or hub


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``journey`` command."""
    p = sub.add_parser("journey", help="run a resident journey (headless, simulated devices)")
    p.add_argument("--headless", action="store_true", required=True,
                   help="run without a screen (the only mode of this command)")
    p.add_argument("--resident", default="R0001", help="demo resident id (R0001 … R0240)")
    p.add_argument("--service", help="service id from the catalog (default: residence_permit; "
                   "offline, the most used service a card alone may start, since the "
                   "one-time code needs the network)")
    p.add_argument("--card", choices=("id_card", "citizen_card"), default="id_card",
                   help="which card the resident uses")
    p.add_argument("--offline", action="store_true",
                   help="the network is down: the submission waits in the outbox")
    p.add_argument("--hub", help="hub URL (default: the configured hub, else the embedded one)")
    p.add_argument("--receipt-out", help="where to write the receipt's ESC/POS bytes "
                   "(default: <data dir>/receipts/<tracking code>.bin)")
    p.add_argument("--rate", type=int, choices=range(1, 6), metavar="1-5",
                   help="rate the errand afterwards, 5 very satisfied … 1 very dissatisfied "
                   "(default: skip the rating); offline, it waits in the outbox too")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_journey)


def _journey(args: argparse.Namespace) -> int:
    # Imported here: the headless runner and the reference hub are development tools (the
    # latter a FastAPI extra), and every kiosk command imports this module.
    from kiosk.devtools.headless import HeadlessError, run_headless
    from kiosk.devtools.refhub.embedded import admin_of
    from kiosk.devtools.residents import resident

    ctx = context(args)
    try:
        person = resident(args.resident)
    except KeyError:
        print(f"unknown resident {args.resident!r}: use R0001 … R0240", file=sys.stderr)
        return 2
    try:
        runtime = open_kiosk(ctx, hub_url=args.hub, offline=args.offline)
    except StartupError as exc:
        # A full or read-only disk, a damaged store, a hub link that cannot be made.
        out = {"error": "kiosk.cannot_start", "message": str(exc), "exit_code": EXIT_CANNOT_START}
        print(json.dumps(out, ensure_ascii=False) if args.json else f"cannot start: {exc}",
              file=sys.stdout if args.json else sys.stderr)
        return EXIT_CANNOT_START
    with runtime as rt:
        admin = admin_of(rt.hub)
        # A terminal refreshes its catalog at start-up, so it has one to work from offline.
        warm_cache(rt)
        if args.offline and admin is not None:
            admin.set_faults("down=1")
        service = args.service or _default_service(rt, offline=args.offline)
        journey = build_journey(rt)
        assert rt.devices is not None

        def read_code() -> str | None:
            sess = journey.session.identity.hub_session if journey.session.identity else None
            if admin is None or sess is None:
                return None
            # In simulation the resident "reads it off their phone": the hub's admin listing.
            return admin.latest_code(sess.session_id)

        try:
            result = run_headless(journey, rt.devices, person, service, ctx.clock,
                                  card=args.card, read_code=read_code, rating=args.rate)
        except HeadlessError as exc:
            key = exc.message_key or "journey.catalog_unavailable"
            out = {"error": key, "step": exc.step, "message": translate(key, "en_US")}
            print(json.dumps(out, ensure_ascii=False) if args.json else
                  f"journey stopped at {exc.step}: {translate(key, ctx.config.terminal.locale)}")
            return 1
        finally:
            if args.offline and admin is not None:
                admin.set_faults("down=0")
        path = Path(args.receipt_out) if args.receipt_out else \
            ctx.data_dir / "receipts" / f"{result.tracking_code}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(result.receipt_bytes)
        out = result.as_json(path)
        if args.json:
            print(json.dumps(out, ensure_ascii=False))
        else:
            print(f"{result.status}: tracking code {result.tracking_code} "
                  f"({len(result.prefilled_fields)} fields prefilled), receipt {path}")
    return 0


def _default_service(rt: Runtime, *, offline: bool) -> str:
    if not offline:
        return "residence_permit"
    catalog = rt.cache.catalog(None)
    level1 = sorted((s for s in catalog.services if s.identity_level == 1 and s.kiosk_completable),
                    key=lambda s: s.frequency_rank) if catalog else []
    return level1[0].id if level1 else "residence_permit"
