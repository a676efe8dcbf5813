"""``kiosk devices read-idcard`` and ``kiosk devices idcard-emulator``.

``read-idcard`` runs the real GA 467 driver once (or until ``--wait`` runs out)
against ``--port``, against a private emulator (``--simulate R0001|J|I|Y``),
or against the configured ``[devices.idcard]``, and prints the card or a typed
error. ``idcard-emulator`` serves an emulated reader on a pty until killed, so
``read-idcard --port`` (or the kiosk itself) can be pointed at it.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from devices.idcard.frames import BAUD_CODES, DEFAULT_BAUD
from devices.idcard.ga467 import Ga467Reader
from devices.idcard.nations import country, nation
from devices.idcard.protocol import IdCardData, IdCardFailure, IdCardFailureKind, IdCardReader
from devices.simulation import ID_CARD_FAULTS
from kiosk.base.clock import Clock, SystemClock
from kiosk.base.i18n import LOCALES, translate

EXIT_CARD_FAILURE = 1
EXIT_USAGE = 2


def register_devices_commands(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ID-card actions to the ``devices`` group."""
    read = actions.add_parser("read-idcard", help="read one ID card through the GA 467 driver")
    where = read.add_mutually_exclusive_group()
    where.add_argument("--port", help="serial port of the reader (default: [devices.idcard])")
    where.add_argument("--simulate", metavar="CARD",
                       help="read from a private emulator holding CARD (R0001…R0240, J, I or Y)")
    read.add_argument("--baud", type=int, default=DEFAULT_BAUD, choices=sorted(BAUD_CODES),
                      help="the reader's line rate (default 115200)")
    read.add_argument("--switch-to-baud", type=int, choices=sorted(BAUD_CODES),
                      help="switch the reader to this rate first (GA 467 command 60 0n)")
    read.add_argument("--timeout", type=float, default=3.0, help="per-command timeout, seconds")
    read.add_argument("--wait", type=float, default=0.0,
                      help="keep polling this many seconds for a card (default: one cycle)")
    read.add_argument("--fingerprint", action="store_true", help="read fingerprints too (30 10)")
    read.add_argument("--locale", choices=LOCALES, default="zh_CN", help="message language")
    read.add_argument("--json", action="store_true", help="print JSON")
    read.set_defaults(func=_read_idcard)

    emu = actions.add_parser("idcard-emulator",
                             help="serve an emulated GA 467 reader on a pty until killed")
    emu.add_argument("--card", help="card on the pad at start (R0001…R0240, J, I or Y)")
    emu.add_argument("--baud", type=int, default=DEFAULT_BAUD, choices=sorted(BAUD_CODES))
    emu.add_argument("--link", help="stable path to create for the port (default: a temp dir)")
    emu.add_argument("--card-read-s", type=float, default=0.0,
                     help="emulated chip read time, seconds")
    emu.add_argument("--fault", action="append", default=[], metavar="KIND[:N]",
                     help="switch a fault on for N uses (default: until stopped); repeatable. "
                          "Kinds: " + ", ".join(ID_CARD_FAULTS))
    emu.set_defaults(func=_idcard_emulator)


def parse_fault_option(text: str, kinds: dict[str, str]) -> tuple[str, int | None]:
    """``KIND`` or ``KIND:N`` of a bench ``--fault`` option; ``ValueError`` naming the kinds."""
    kind, sep, count = text.partition(":")
    if kind not in kinds:
        raise ValueError(f"no fault {kind!r}; use one of " + ", ".join(kinds))
    if not sep:
        return kind, None
    if not count.isdigit() or int(count) < 1:
        raise ValueError(f"{text!r}: N in KIND:N is how many uses, 1 or more")
    return kind, int(count)


def card_json(card: IdCardData) -> dict[str, Any]:
    """Every text field of a card, plus its kind and photo length, as JSON values."""
    def iso(value: object) -> str | None:
        return value.isoformat() if hasattr(value, "isoformat") else None

    nation_named = nation(card.nation)
    country_named = country(card.nationality) if card.nationality else None
    return {
        "kind": card.kind.value,
        "name": card.name,
        "name_en": card.name_en,
        "sex": card.sex,
        "birth_date": iso(card.birth_date),
        "nation": card.nation,
        "nation_name": nation_named.zh if nation_named else "",
        "address": card.address,
        "id_number": card.id_number,
        "issuing_authority": card.issuing_authority,
        "valid_from": iso(card.valid_from),
        "valid_to": iso(card.valid_to),
        "long_term": card.long_term,
        "nationality": card.nationality,
        "nationality_name": country_named.en if country_named else "",
        "pass_number": card.pass_number,
        "issue_count": card.issue_count,
        "card_version": card.card_version,
        "issuing_office": card.issuing_office,
        "photo_length": len(card.photo_wlt),
        "fingerprint_length": None if card.fingerprint is None else len(card.fingerprint),
    }


def failure_json(failure: IdCardFailure, locale: str) -> dict[str, Any]:
    """A typed error with its resident-facing message."""
    return {
        "kind": failure.kind.value,
        "message_key": failure.message_key,
        "message": translate(failure.message_key, locale),
        "detail": failure.detail,
    }


@contextmanager
def _reader_for(args: argparse.Namespace, clock: Clock) -> Iterator[IdCardReader]:
    common: dict[str, Any] = {"timeout_s": args.timeout, "fingerprint": args.fingerprint}
    if args.simulate:
        from devices.idcard.emulator import Ga467Emulator, sample_card
        from kiosk.devtools.cards import DemoCards

        card = sample_card(args.simulate, DemoCards())
        emulator = Ga467Emulator(clock, baud=args.baud).start()
        emulator.place(card)
        reader = Ga467Reader(emulator.port, clock, baud=args.baud,
                             switch_to_baud=args.switch_to_baud, **common)
        try:
            yield reader
        finally:
            reader.close()
            emulator.stop()
        return
    if args.port:
        reader = Ga467Reader(args.port, clock, baud=args.baud,
                             switch_to_baud=args.switch_to_baud, **common)
        try:
            yield reader
        finally:
            reader.close()
        return
    from devices.factory import SimulationControls
    from devices.idcard.factory import open_idcard
    from kiosk.base.config import ConfigError, load_config
    from kiosk.devtools.cards import DemoCards

    dev = load_config(args.config).device("idcard")
    if dev.driver not in ("ga467", "simulated"):
        raise ConfigError(f"devices.{dev.name}", [
            f"devices.idcard.driver = {dev.driver!r} has no serial reader. Fix: pass --port or "
            "--simulate, or set driver to ga467 or simulated"])
    sim = SimulationControls(samples=DemoCards() if dev.driver == "simulated" else None)
    configured = open_idcard(dev, clock, sim)
    try:
        yield configured
    finally:
        configured.close()
        for closer in sim.closers:
            closer()


def _read_idcard(args: argparse.Namespace) -> int:
    clock = SystemClock()
    try:
        with _reader_for(args, clock) as reader:
            deadline = clock.monotonic() + max(0.0, args.wait)
            while True:
                result = reader.read_card()
                waiting = isinstance(result, IdCardFailure) and result.kind in (
                    IdCardFailureKind.NO_CARD, IdCardFailureKind.CARD_NOT_REMOVED)
                if not waiting or clock.monotonic() >= deadline:
                    break
    except KeyError:
        print(f"unknown sample card {args.simulate!r}: use R0001…R0240, J, I or Y",
              file=sys.stderr)
        return EXIT_USAGE
    if isinstance(result, IdCardFailure):
        if args.json:
            print(json.dumps({"ok": False, "error": failure_json(result, args.locale)},
                             ensure_ascii=False))
        else:
            print(f"{translate(result.message_key, args.locale)} "
                  f"[{result.kind.value}] {result.detail}".rstrip(), file=sys.stderr)
        return EXIT_CARD_FAILURE
    card = card_json(result)
    if args.json:
        print(json.dumps({"ok": True, "card": card}, ensure_ascii=False))
    else:
        print(translate(f"idcard.kind.{result.kind.value}", args.locale))
        for key, value in card.items():
            if value not in ("", None):
                print(f"  {key}: {value}")
    return 0


def _idcard_emulator(args: argparse.Namespace) -> int:
    from devices.idcard.emulator import Ga467Emulator, sample_card
    from kiosk.devtools.cards import DemoCards  # a bench tool: the demo residents' cards

    try:
        card = sample_card(args.card, DemoCards()) if args.card else None
    except KeyError:
        print(f"unknown sample card {args.card!r}: use R0001…R0240, J, I or Y", file=sys.stderr)
        return EXIT_USAGE
    try:
        faults = [parse_fault_option(text, ID_CARD_FAULTS) for text in args.fault]
    except ValueError as exc:
        print(f"--fault: {exc}", file=sys.stderr)
        return EXIT_USAGE
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, on_signal)
    link = Path(args.link) if args.link else None
    emulator = Ga467Emulator(SystemClock(), baud=args.baud, card_read_s=args.card_read_s,
                             link=link).start()
    try:
        for kind, times in faults:
            emulator.faults.set(kind, times)
        if card is not None:
            emulator.place(card)
        print(emulator.port, flush=True)
        while not stop.wait(3600):
            pass
    finally:
        emulator.stop()
    return 0
