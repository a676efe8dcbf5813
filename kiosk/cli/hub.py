"""``kiosk hub …``: serve the reference hub, mint enrolment tokens, write the OpenAPI document."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kiosk.base.clock import SystemClock


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``hub`` command group."""
    hub = sub.add_parser("hub", help="the reference city data hub")
    hub_sub = hub.add_subparsers(dest="hub_command", metavar="ACTION", required=True)

    serve = hub_sub.add_parser("serve", help="serve the reference hub (data in <data-dir>/hub)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (loopback unless --allow-remote)")
    serve.add_argument("--allow-remote", action="store_true",
                       help="listen on a non-loopback address: plain HTTP that any host on "
                            "the network reaches, with /admin switched off")
    serve.add_argument("--port", type=int, default=8765,
                       help="port to listen on (0: a free one; the printed URL names it)")
    serve.add_argument("--faults", default="", metavar="SPEC",
                       help='fault injection, e.g. "latency=0.5,error_rate=0.3,drop_rate=0.1,'
                            'malformed_rate=0.2,error_status=503,down=0,seed=7" (the body of '
                            "POST /admin/faults as key=value; see docs/testing.md)")
    serve.set_defaults(func=_serve)

    token = hub_sub.add_parser("token", help="terminal enrolment tokens")
    token_sub = token.add_subparsers(dest="token_command", metavar="ACTION", required=True)
    create = token_sub.add_parser("create", help="print a new one-time enrolment token for "
                                  "one terminal")
    create.add_argument("--terminal", required=True, metavar="TERMINAL_ID",
                        help="the terminal id the token is for (it enrols no other)")
    create.set_defaults(func=_token_create)

    revoke = hub_sub.add_parser("revoke", help="revoke an enrolled terminal (its secret and "
                                "sessions end) so it can be enrolled again")
    revoke.add_argument("terminal", metavar="TERMINAL_ID")
    revoke.set_defaults(func=_revoke)

    openapi = hub_sub.add_parser("openapi", help="write the v1 OpenAPI document")
    openapi.add_argument("--out", type=Path, help="file to write (default: standard output)")
    openapi.set_defaults(func=_openapi)


def hub_dir(args: argparse.Namespace) -> Path:
    """The hub's folder inside the kiosk data dir."""
    from kiosk.cli.common import data_dir_from

    return data_dir_from(args) / "hub"


def _serve(args: argparse.Namespace) -> int:
    from kiosk.devtools.refhub.app import load_admin_key, make_private
    from kiosk.devtools.refhub.embedded import ADMIN_URL_FILE, admin_url
    from kiosk.devtools.refhub.faults import parse_fault_spec
    from kiosk.devtools.refhub.server import is_loopback, serve

    if not is_loopback(args.host):
        if not args.allow_remote:
            print(f"--host {args.host}: the reference hub speaks plain HTTP and its /admin "
                  "routes mint codes and e-IDs; it listens on loopback only. Fix: use "
                  "--host 127.0.0.1, or add --allow-remote to serve other hosts without "
                  "/admin", file=sys.stderr)
            return 2
        print(f"warning: serving plain HTTP on {args.host} to every host that can reach it; "
              "/admin is off", file=sys.stderr)

    try:
        faults = parse_fault_spec(args.faults)
    except ValueError as exc:
        print(f"--faults: {exc}", file=sys.stderr)
        return 2
    folder = hub_dir(args)
    with_admin = is_loopback(args.host)

    def announce(base_url: str) -> None:
        print(f"reference hub on {base_url} (data: {folder})", file=sys.stderr)
        if with_admin:
            # Headless journeys and scenario runners enrol, read codes and set faults with
            # it (kiosk journey --headless --hub-admin URL); the file is as private as the key.
            make_private(folder)
            url = admin_url(base_url, load_admin_key(folder))
            path = folder / ADMIN_URL_FILE
            path.unlink(missing_ok=True)
            fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(url + "\n")
            print(f"admin: {url}", file=sys.stderr)
        sys.stderr.flush()

    try:
        serve(folder, host=args.host, port=args.port, faults=faults, announce=announce)
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}. Fix: pick "
              "another --port (0 picks a free one)", file=sys.stderr)
        return 2
    return 0


def _token_create(args: argparse.Namespace) -> int:
    from kiosk.devtools.refhub.app import make_private
    from kiosk.devtools.refhub.store import HubStore

    folder = hub_dir(args)
    make_private(folder)
    store = HubStore(folder, SystemClock())
    try:
        print(store.mint_token(args.terminal))
    finally:
        store.close()
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from kiosk.devtools.refhub.app import make_private
    from kiosk.devtools.refhub.store import HubStore

    folder = hub_dir(args)
    make_private(folder)
    store = HubStore(folder, SystemClock())
    try:
        if not store.revoke_terminal(args.terminal):
            print(f"{args.terminal}: no enrolled terminal with that id", file=sys.stderr)
            return 1
    finally:
        store.close()
    print(f"{args.terminal} revoked: mint it a token to enrol it again")
    return 0


def _openapi(args: argparse.Namespace) -> int:
    from kiosk.devtools.refhub.app import openapi_text

    text = openapi_text()
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    return 0
