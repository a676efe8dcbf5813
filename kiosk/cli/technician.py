"""``kiosk technician``: make the technician PIN's hash, and clear a PIN lock-out.

``kiosk technician pin`` prints the ``[technician]`` lines to paste into
``kiosk.toml``; the PIN itself is never printed, logged or written anywhere.
``kiosk technician unlock`` clears this terminal's lock-out after too many wrong PINs.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from kiosk.app.technician.pin import PinGate, hash_pin, pin_problem, pin_state_path
from kiosk.base import i18n
from kiosk.cli.common import context

EXIT_OK = 0
EXIT_REFUSED = 1  # the PIN breaks a rule, the two entries differ, or nothing was typed


class PinRefused(Exception):
    """The PIN typed cannot be used; the message says why and what to do."""


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``technician`` command group."""
    p = sub.add_parser("technician", help="technician screen access: make the PIN hash, clear "
                       "a PIN lock-out (docs/operations.md, Technician access)")
    acts = p.add_subparsers(dest="technician_command", metavar="ACTION", required=True)
    pin = acts.add_parser(
        "pin", help="ask for a new technician PIN (twice) and print the [technician] lines "
        "for kiosk.toml; never prints the PIN",
        description="Exit codes: 0 printed, 1 the PIN was refused (6-12 digits, not one digit "
        "repeated, not a straight run like 123456) or the two entries differ.")
    pin.add_argument("--stdin", action="store_true",
                     help="read the PIN from one line of standard input (for scripts), no prompt")
    pin.set_defaults(func=_pin)
    unlock = acts.add_parser(
        "unlock", help="clear this terminal's technician PIN lock-out and wrong-PIN count "
        "(the state file in the data dir)")
    unlock.set_defaults(func=_unlock)


def read_secret(prompt: str) -> str:
    """One PIN entry: hidden on a terminal; from a pipe a plain line (never from /dev/tty).

    The prompt goes to stderr, so stdout holds only what a command prints to paste.
    """
    if sys.stdin.isatty():
        return getpass.getpass(prompt, stream=sys.stderr)
    print(prompt, end="", file=sys.stderr, flush=True)
    try:
        return _line()
    finally:
        # A piped line is not echoed: end the prompt's line, so the next one starts afresh.
        print(file=sys.stderr, flush=True)


def _line(_prompt: str = "") -> str:
    """One line of standard input, no prompt (`--stdin`); `EOFError` at the end."""
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


def read_new_pin(read: Callable[[str], str], *, twice: bool, allow_empty: bool) -> str | None:
    """A new PIN, checked against the rules; ``None`` when ``allow_empty`` and none was typed.

    ``PinRefused`` when it breaks a rule, the entries differ or (unless allowed) it is empty.
    """
    try:
        first = read("New technician PIN (6-12 digits): ")
    except EOFError:
        first = ""
    if not first:
        if allow_empty:
            return None
        raise PinRefused("no PIN was typed. Fix: type 6 to 12 digits")
    problem = pin_problem(first)
    if problem is not None:
        raise PinRefused(f"{i18n.translate(problem, 'en_US')} / "
                         f"{i18n.translate(problem, 'zh_CN')}")
    if twice:
        try:
            again = read("The same PIN again: ")
        except EOFError:
            again = ""
        if again != first:
            raise PinRefused("the two PINs differ. Fix: run it again and type the same PIN twice")
    return first


def section_lines(encoded: str) -> str:
    """The ``[technician]`` lines that set ``pin_hash`` (TOML; the hash has no quotes to escape)."""
    return f'[technician]\npin_hash = "{encoded}"\n'


def _pin(args: argparse.Namespace) -> int:
    try:
        pin = read_new_pin(_line if args.stdin else read_secret, twice=not args.stdin,
                           allow_empty=False)
    except PinRefused as exc:
        print(f"PIN refused: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    assert pin is not None
    encoded = hash_pin(pin)
    print("# Paste into kiosk.toml (replacing any [technician] pin_hash line), then run "
          "kiosk config check:", file=sys.stderr)
    print(section_lines(encoded), end="")
    return EXIT_OK


def _unlock(args: argparse.Namespace) -> int:
    ctx = context(args)
    tech = ctx.config.technician
    path = pin_state_path(ctx)
    gate = PinGate(path, ctx.clock, None, attempts=tech.pin_attempts,
                   base_s=tech.lockout_base_s, cap_s=tech.lockout_cap_s)
    left = gate.locked_for() if path.exists() else 0.0
    try:
        gate.reset()
    except OSError as exc:
        print(f"cannot clear {path}: {exc.strerror}. Fix: run it as root or as the kiosk's user",
              file=sys.stderr)
        return 1
    if left > 0:
        print(f"technician PIN unlocked (it was locked for {left:.0f} s more); "
              "the wrong-PIN count is back to zero")
    else:
        print("technician PIN was not locked; the wrong-PIN count is back to zero")
    return EXIT_OK
