"""``kiosk dock …``: drive the running kiosk's dev dock (simulated hardware) from a shell.

The dock's URL is read from ``<data dir>/dock.url``, written by whoever started
the dock (``kiosk demo`` or ``kiosk dock serve``); ``--url`` overrides it.
``kiosk dock serve`` starts a kiosk without a window (simulated devices, store,
sync, hub) with the dock in front of it.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kiosk.cli.common import data_dir_from

_LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``dock`` command group."""
    dock = sub.add_parser("dock", help="act on simulated hardware through the dev dock")
    dock.add_argument("--url", help="dock URL (default: read <data dir>/dock.url)")
    dock.add_argument("--json", action="store_true", help="print the dock's JSON answer")
    acts = dock.add_subparsers(dest="dock_command", metavar="ACTION", required=True)

    def add(name: str, help_text: str, method: str, path: str,
            args: tuple[tuple[str, dict[str, Any]], ...] = ()) -> None:
        p = acts.add_parser(name, help=help_text)
        for arg_name, kwargs in args:
            p.add_argument(arg_name, **kwargs)
        p.set_defaults(func=_run, dock_method=method, dock_path=path)

    resident = ("resident", {"help": "demo resident id, e.g. R0001"})
    add("status", "device states and what the dock can do", "GET", "/status")
    add("place-idcard", "place a demo resident's ID card on the reader", "POST",
        "/idcard/place", (resident,))
    add("lift-idcard", "lift the ID card off the reader", "POST", "/idcard/lift")
    add("insert-citizen-card", "insert a demo resident's citizen card, or a demo technician's "
        "card (T0001 active, T0002 suspended)", "POST", "/citizen-card/insert",
        (("resident", {"help": "demo resident id (R0001) or technician card (T0001)"}),))
    add("remove-citizen-card", "pull the citizen card out", "POST", "/citizen-card/remove")
    add("show-eid", "show a resident's fresh e-ID QR to the camera", "POST", "/camera/qr",
        (resident,))
    add("show-qr", "show a QR with any payload to the camera", "POST", "/camera/qr",
        (("payload", {"help": "text to encode"}),))
    add("show-image", "hold a document image to the camera", "POST", "/camera/image",
        (("path", {"help": "image file"}),))
    add("clear-camera", "take whatever was shown away from the camera", "POST",
        "/camera/clear")
    add("printer", "set the printer state", "POST", "/printer/state",
        (("state", {"help": "ready, paper_near_end, paper_out, cover_open, error, "
                            "disconnected"}),))
    add("printed", "how many receipts the simulated printer took", "GET", "/printer/jobs")
    add("unplug", "unplug a device", "POST", "/unplug",
        (("device", {"choices": ["idcard", "citizen_card", "camera", "printer"]}),))
    add("plug", "plug a device back in", "POST", "/unplug",
        (("device", {"choices": ["idcard", "citizen_card", "camera", "printer"]}),))
    add("network", "cut, slow or restore the network to the hub", "POST", "/network",
        (("mode", {"choices": ["ok", "cut", "slow"]}),
         ("--latency-s", {"type": float, "default": 3.0, "help": "delay when slow"})))
    add("faults", "every fault each device defines, and which are on", "GET", "/faults")
    add("fault", "switch a fault on (kiosk dock fault idcard checksum), or off "
        "(kiosk dock fault clear [DEVICE])", "POST", "/fault",
        (("device", {"help": "idcard, citizen_card, camera, printer, storage, hub, network, "
                             "clock; or clear"}),
         ("kind", {"nargs": "?", "help": "the fault (kiosk dock faults lists them); after "
                                         "clear: the device to clear (default: all)"}),
         ("--times", {"type": int, "help": "on for this many uses (default: until cleared)"}),
         ("--value", {"type": float, "help": "hub rates and latency, clock jump seconds"})))
    add("screen", "the screen of the kiosk window: view, message, texts", "GET", "/screen")
    add("tap", "tap the visible item with this text (or --object-name)", "POST", "/tap",
        (("text", {"nargs": "?", "help": "visible text of the item"}),
         ("--object-name", {"help": "the item's objectName instead"})))

    serve = acts.add_parser("serve", help="run a kiosk without a window (simulated devices, "
                            "store, sync, hub) with the dev dock, until Ctrl+C or SIGTERM")
    serve.add_argument("--port", type=int, default=0, help="dock port (default: a free one)")
    serve.add_argument("--hub", metavar="URL", help="hub URL (default: the embedded one)")
    serve.add_argument("--hub-admin", metavar="ADMIN_URL",
                       help="a reference hub's admin URL (kiosk hub serve prints it): enrol "
                            "and drive its faults from the dock")
    serve.set_defaults(func=_serve)


def _dock_url(args: argparse.Namespace) -> str:
    if args.url:
        return str(args.url).rstrip("/")
    from kiosk.devtools.dock import DOCK_URL_FILE  # imported here: it pulls in OpenCV

    path = Path(data_dir_from(args)) / DOCK_URL_FILE
    try:
        return path.read_text(encoding="utf-8").strip().rstrip("/")
    except FileNotFoundError:
        raise SystemExit(f"no dev dock is running ({path} is missing). Fix: start the kiosk "
                         "with the simulated profile, or pass --url") from None


def _body(args: argparse.Namespace) -> dict[str, Any]:
    command = args.dock_command
    if command in ("place-idcard", "insert-citizen-card", "show-eid"):
        return {"resident": args.resident}
    if command == "show-qr":
        return {"payload": args.payload}
    if command == "show-image":
        return {"path": str(Path(args.path).resolve())}
    if command == "printer":
        return {"state": args.state}
    if command in ("unplug", "plug"):
        return {"device": args.device, "unplugged": command == "unplug"}
    if command == "network":
        return {"mode": args.mode, "latency_s": args.latency_s}
    if command == "fault":
        if args.device == "clear":
            return {"device": args.kind} if args.kind else {}
        if not args.kind:
            raise SystemExit("kiosk dock fault DEVICE KIND: say which fault (kiosk dock "
                             "faults lists them)")
        body: dict[str, Any] = {"device": args.device, "kind": args.kind}
        if args.times is not None:
            body["times"] = args.times
        if args.value is not None:
            body["value"] = args.value
        return body
    if command == "tap":
        if not args.text and not args.object_name:
            raise SystemExit("kiosk dock tap: give the item's text or --object-name")
        return {"text": args.text} if args.text else {"object_name": args.object_name}
    return {}


def call_dock(url: str, method: str, path: str, body: dict[str, Any] | None = None,
              timeout_s: float = 10.0) -> tuple[int, dict[str, Any]]:
    """One request to the dock; (HTTP status, JSON answer). Only loopback URLs are used."""
    host = urlsplit(url).hostname or ""
    if urlsplit(url).scheme != "http" or host not in _LOOPBACK_HOSTS:
        raise SystemExit(f"refusing dock URL {url!r}: the dev dock is loopback-only")
    data = json.dumps(body or {}).encode("utf-8") if method == "POST" else None
    request = urllib.request.Request(url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as reply:
            return reply.status, json.loads(reply.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, json.loads(exc.read() or b"{}")
        except ValueError:
            return exc.code, {"ok": False, "error": exc.reason}
    except (urllib.error.URLError, OSError) as exc:
        raise SystemExit(f"the dev dock at {url} does not answer ({exc}). Fix: is the "
                         "simulated kiosk still running?") from None


def _run(args: argparse.Namespace) -> int:
    path = args.dock_path
    if args.dock_command == "fault" and args.device == "clear":
        path = "/fault/clear"
    status, answer = call_dock(_dock_url(args), args.dock_method, path, _body(args))
    if args.json or args.dock_command in ("status", "printed", "faults", "screen", "fault",
                                          "tap"):
        print(json.dumps(answer, ensure_ascii=False, indent=None if args.json else 2))
    elif answer.get("ok"):
        print("done")
    if not answer.get("ok"):
        print(f"dock refused: {answer.get('error', status)}", file=sys.stderr)
        return 1
    return 0


def _serve(args: argparse.Namespace) -> int:
    import dataclasses

    from kiosk.app.runtime import StartupError
    from kiosk.base.clock import JumpingClock
    from kiosk.cli.common import context, open_kiosk

    ctx = context(args)
    # Imported here: development tools (the dock refuses anything but simulation itself).
    from kiosk.devtools.dock import DockRefused, check_allowed
    from kiosk.devtools.dock_host import serve_dock
    from kiosk.devtools.refhub.embedded import RemoteReferenceHub, remote_reference_hub

    try:
        check_allowed(ctx.config)
    except DockRefused as exc:
        print(f"{exc}. Fix: run kiosk dock serve with the simulated profile", file=sys.stderr)
        return 2
    # The dock's clock jumps move this kiosk's wall time (receipts, signatures, timeouts).
    ctx = dataclasses.replace(ctx, clock=JumpingClock(ctx.clock))
    link: RemoteReferenceHub | None = None
    if args.hub_admin:
        try:
            link = remote_reference_hub(args.hub_admin, args.hub)
        except ValueError as exc:
            print(f"--hub-admin: {exc}", file=sys.stderr)
            return 2
    try:
        rt = open_kiosk(ctx, hub_url=args.hub, hub=link)
    except StartupError as exc:
        print(f"cannot start: {exc}", file=sys.stderr)
        return 3
    with rt:
        serve_dock(rt, port=args.port, announce=lambda url: print(
            f"dev dock: {url} (hub: {rt.hub.url})", file=sys.stderr, flush=True))
    return 0
