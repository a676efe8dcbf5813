"""``kiosk devices read-citizencard``: read one citizen card through PC/SC and print it.

The reader is ``--reader NAME`` (a pcscd reader name or its prefix), else the
configured ``[devices.citizen_card]`` when it is a PC/SC driver, else the first
reader pcscd lists. ``--simulate R0001`` inserts a demo resident's virtual card
into pcscd's vpcd reader first, which checks the whole PC/SC stack without a card.
Personal fields are masked unless ``--show-personal`` is given (simulated profile only).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from devices.citizen_card.protocol import (
    CitizenCardData,
    CitizenCardFailure,
    CitizenCardFailureKind,
    CitizenCardReader,
    CitizenCardReaderStatus,
)
from devices.simulation import CITIZEN_CARD_FAULTS
from kiosk.base.clock import Clock, SystemClock
from kiosk.base.i18n import LOCALES, translate
from kiosk.base.masking import Personal, mask
from kiosk.cli import personal

EXIT_CARD_FAILURE = 1
EXIT_USAGE = 2
_WAIT_STEP_S = 0.05


def register_devices_commands(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the citizen-card action to the ``devices`` group."""
    read = actions.add_parser("read-citizencard",
                              help="read one citizen / social-security card through PC/SC")
    where = read.add_mutually_exclusive_group()
    where.add_argument("--reader", help="pcscd reader name or prefix (default: the configured "
                       "[devices.citizen_card] reader, else the first reader)")
    where.add_argument("--simulate", metavar="RESIDENT",
                       help="insert demo resident RESIDENT's virtual card into the vpcd reader "
                       "(R0001…R0240) and read it through pcscd")
    read.add_argument("--wait", type=float, default=0.0,
                      help="wait up to this many seconds for a card to be inserted")
    read.add_argument("--timeout", type=float, default=5.0,
                      help="seconds a card may take to answer before it counts as mute")
    personal.add_option(read, "--unmask")
    read.add_argument("--locale", choices=LOCALES, default="zh_CN", help="message language")
    read.add_argument("--json", action="store_true", help="print JSON")
    read.add_argument("--fault", action="append", default=[], metavar="KIND",
                      help="with --simulate: the virtual card shows this fault; repeatable. "
                           "Kinds: " + ", ".join(CITIZEN_CARD_FAULTS))
    read.set_defaults(func=_read_citizencard)


def card_json(card: CitizenCardData, unmask: bool) -> dict[str, Any]:
    """The card's fields as JSON values; personal ones masked unless ``unmask``."""
    def iso(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    def m(value: str, kind: Personal) -> str:
        return value if unmask or not value else mask(value, kind)

    birth = iso(card.birth_date)
    return {
        "card_identifier": m(card.card_identifier, Personal.CARD_NUMBER),
        "card_number": m(card.card_number, Personal.CARD_NUMBER),
        "issue_date": iso(card.issue_date),
        "expiry_date": iso(card.expiry_date),
        "id_number": m(card.id_number, Personal.ID_NUMBER),
        "name": m(card.name, Personal.NAME),
        "sex": card.sex,
        "nation": card.nation,
        "birthplace": m(card.birthplace, Personal.ADDRESS),
        "birth_date": None if birth is None else m(birth, Personal.BIRTH_DATE),
    }


def _open(args: argparse.Namespace, clock: Clock) -> tuple[CitizenCardReader, list[Any]]:
    """The reader to use and what to close after."""
    from devices.citizen_card.pcsc import PcscCitizenCardReader

    if args.simulate:
        from devices.citizen_card.factory import open_citizen_card
        from devices.factory import SimulationControls
        from kiosk.base.config import parse_device
        from kiosk.devtools.cards import DemoCards

        samples = DemoCards()
        card = samples.citizen_card(args.simulate)  # KeyError: the caller says which to use
        sim = SimulationControls(samples=samples)
        dev = parse_device("citizen_card", {"driver": "simulated",
                                            "read_timeout_s": args.timeout})
        reader = open_citizen_card(dev, clock, sim)
        # Faults first, so the card goes in once, already faulty.
        for kind in args.fault:
            sim.faults["citizen_card"].set(kind, 1)
        assert sim.insert_citizen_card is not None
        sim.insert_citizen_card(card)
        return reader, [reader.close, *sim.closers]
    if args.reader:
        reader = PcscCitizenCardReader(clock, reader=args.reader, read_timeout_s=args.timeout)
        return reader, [reader.close]
    from kiosk.cli.common import context

    dev_config = context(args).config.device("citizen_card")
    if dev_config.driver == "pcsc":
        from devices.citizen_card.factory import open_citizen_card

        reader = open_citizen_card(dev_config, clock, None)
        return reader, [reader.close]
    pcsc = PcscCitizenCardReader(clock, read_timeout_s=args.timeout)
    return pcsc, [pcsc.close]


def _read_citizencard(args: argparse.Namespace) -> int:
    if args.wait < 0 or args.timeout <= 0:
        print("--wait must be >= 0 and --timeout > 0")
        return EXIT_USAGE
    stop = personal.refused(args)
    if stop is not None:
        return stop
    if args.fault and not args.simulate:
        print("--fault: faults are for the virtual card; add --simulate RESIDENT",
              file=sys.stderr)
        return EXIT_USAGE
    unknown = [kind for kind in args.fault if kind not in CITIZEN_CARD_FAULTS]
    if unknown:
        print(f"--fault {unknown[0]}: use one of " + ", ".join(CITIZEN_CARD_FAULTS),
              file=sys.stderr)
        return EXIT_USAGE
    if args.simulate:
        from kiosk.devtools.cards import DemoCards

        try:
            DemoCards().citizen_card(args.simulate)
        except KeyError:
            print(f"unknown demo card {args.simulate!r}: use R0001 … R0240, or a "
                  "technician's T0001 / T0002", file=sys.stderr)
            return EXIT_USAGE
    clock = SystemClock()
    reader, closers = _open(args, clock)
    try:
        # A simulated card needs pcscd's next slot poll to show up, hence the floor.
        wait_s = max(args.wait, 2.0) if args.simulate else args.wait
        deadline = clock.monotonic() + wait_s
        status = reader.status()
        while status is not CitizenCardReaderStatus.CARD_PRESENT and clock.monotonic() < deadline:
            clock.sleep(_WAIT_STEP_S)
            status = reader.status()
        started = time.perf_counter()
        result = reader.read_card()
        elapsed_ms = round((time.perf_counter() - started) * 1000, 1)
    finally:
        for close in closers:
            close()
    return _report(args, status, result, elapsed_ms)


def _report(
    args: argparse.Namespace,
    status: CitizenCardReaderStatus,
    result: CitizenCardData | CitizenCardFailure,
    elapsed_ms: float,
) -> int:
    if isinstance(result, CitizenCardData):
        out: dict[str, Any] = {"ok": True, "status": status.value, "read_ms": elapsed_ms,
                               "card": card_json(result, args.show_personal)}
        code = 0
    else:
        out = {"ok": False, "status": status.value, "read_ms": elapsed_ms,
               "kind": result.kind.value, "detail": result.detail,
               "message_key": result.message_key,
               "message": translate(result.message_key, args.locale)}
        code = EXIT_CARD_FAILURE
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    elif isinstance(result, CitizenCardData):
        print(f"read in {elapsed_ms} ms")
        for key, value in out["card"].items():
            print(f"  {key}: {value}")
    else:
        print(f"{out['message']} ({result.kind.value}"
              f"{': ' + result.detail if result.detail else ''})")
        if result.kind is CitizenCardFailureKind.DISCONNECTED:
            print("  check: pcscd running, pyscard installed, reader plugged in (pcsc_scan)")
    return code
