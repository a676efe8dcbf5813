"""``kiosk devices printer-emulator`` and ``kiosk devices print-job``: the receipt printer on a bench.

``printer-emulator`` serves the ESC/POS printer simulator on 127.0.0.1 (the
network boundary the simulated printer always has) until killed, showing any
printer fault of the dev dock's catalogue; ``print-job`` sends a job file through
the real ESC/POS driver to any network printer, the emulator included, and
prints what the driver made of it.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from devices.printer.escpos import EscposPrinter
from devices.printer.factory import network_transport
from devices.printer.protocol import PrintFailure
from devices.simulation import PRINTER_FAULT_STATES, PRINTER_FAULTS, printer_fault_switches
from kiosk.base.clock import SystemClock
from kiosk.base.i18n import LOCALES, translate

EXIT_PRINT_FAILURE = 1
EXIT_USAGE = 2


def register_devices_commands(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the printer actions to the ``devices`` group."""
    emu = actions.add_parser(
        "printer-emulator", help="serve the simulated ESC/POS printer on 127.0.0.1 until killed")
    emu.add_argument("--port", type=int, default=0, help="TCP port (default: a free one)")
    emu.add_argument("--width", type=int, choices=(58, 80), default=80, help="paper mm")
    emu.add_argument("--font-coverage", choices=("gb18030", "gb2312"), default="gb18030")
    emu.add_argument("--save-dir", help="keep a PNG of every printed job in this folder")
    emu.add_argument("--fault", action="append", default=[], metavar="KIND",
                     help="the printer shows this fault (the last one given wins, as in the "
                          "dock); repeatable. Kinds: " + ", ".join(PRINTER_FAULTS))
    emu.add_argument("--fault-after", type=int, metavar="BYTES",
                     help="the (last) --fault starts only after this many job bytes: "
                          "the paper runs out, the cover opens … in the middle of a job")
    emu.set_defaults(func=_printer_emulator)

    job = actions.add_parser("print-job",
                             help="send an ESC/POS job file through the real driver")
    job.add_argument("file", help="job bytes, e.g. from `kiosk receipt render --out F.bin`")
    job.add_argument("--host", default="127.0.0.1", help="network printer address")
    job.add_argument("--port", type=int, default=9100, help="network printer TCP port")
    job.add_argument("--width", type=int, choices=(58, 80), default=80, help="paper mm")
    job.add_argument("--status-timeout", type=float, default=1.0,
                     help="seconds to wait for a status reply")
    job.add_argument("--locale", choices=LOCALES, default="zh_CN", help="message language")
    job.add_argument("--json", action="store_true", help="print JSON")
    job.set_defaults(func=_print_job)


def _printer_emulator(args: argparse.Namespace) -> int:
    from devices.printer.simulator import SimulatedPrinter

    unknown = [kind for kind in args.fault if kind not in PRINTER_FAULTS]
    if unknown:
        print(f"--fault: no printer fault {unknown[0]!r}; use one of "
              + ", ".join(PRINTER_FAULTS), file=sys.stderr)
        return EXIT_USAGE
    if args.fault_after is not None and (args.fault_after < 0 or not args.fault):
        print("--fault-after: give a --fault to start, and a byte count of 0 or more",
              file=sys.stderr)
        return EXIT_USAGE
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    simulator = SimulatedPrinter(SystemClock(), width_mm=args.width,
                                 font_coverage=args.font_coverage,
                                 save_dir=Path(args.save_dir) if args.save_dir else None,
                                 port=args.port)
    try:
        simulator.start()
    except OSError as exc:
        print(f"cannot listen on 127.0.0.1:{args.port}: {exc}; pick another --port "
              "(or 0 for a free one)", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.fault_after is not None:
            simulator.fail_after(args.fault_after, PRINTER_FAULT_STATES[args.fault[-1]])
        else:
            switches = printer_fault_switches(simulator.set_state)
            for kind in args.fault:
                switches.set(kind)
        host, port = simulator.address
        print(f"{host}:{port}", flush=True)
        while not stop.wait(3600):
            pass
    finally:
        simulator.close()
    return 0


def _print_job(args: argparse.Namespace) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        print(f"cannot read the job file: {exc}", file=sys.stderr)
        return EXIT_USAGE
    host, port = args.host, args.port
    printer = EscposPrinter(lambda: network_transport(host, port), connection="network",
                            clock=SystemClock(), width_mm=args.width,
                            status_timeout_s=args.status_timeout,
                            description=f"network {host}:{port}")
    try:
        result = printer.print_job(data)
        status = printer.status()
    finally:
        printer.close()
    if isinstance(result, PrintFailure):
        error = {"status": result.status.value, "message_key": result.message_key,
                 "message": translate(result.message_key, args.locale), "detail": result.detail}
        if args.json:
            print(json.dumps({"ok": False, "error": error, "printer": status.value},
                             ensure_ascii=False))
        else:
            print(f"{error['message']} [{error['status']}] {result.detail}".rstrip(),
                  file=sys.stderr)
        return EXIT_PRINT_FAILURE
    if args.json:
        print(json.dumps({"ok": True, "bytes": result.byte_count, "printer": status.value}))
    else:
        print(f"printed {result.byte_count} bytes; printer {status.value}")
    return 0
