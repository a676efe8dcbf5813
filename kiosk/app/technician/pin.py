"""The technician PIN: scrypt hashing, the rules a new PIN must meet, and the lock-out gate.

``PinGate`` lets a few wrong PINs through with a countdown, then locks for a delay
that doubles with every further wrong PIN (capped). The count and the lock's end
(wall clock) live in ``<data dir>/technician-pin.json`` (0600, replaced atomically),
so neither a restart nor a power cut resets them; a file that cannot be read counts
as locked. The file holds two numbers, nothing personal and nothing of the PIN.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from kiosk.base.clock import Clock
from kiosk.base.context import Context
from kiosk.base.events import emit
from kiosk.base.events.catalogue import TechnicianLockedOut
from kiosk.base.pinhash import PinHash, parse_pin_hash
from kiosk.base.private_files import sync_directory, temporary_path, write_private_file

PIN_STATE_FILE = "technician-pin.json"
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
DIGEST_BYTES = 32
MIN_DIGITS = 6
MAX_DIGITS = 12
_STRAIGHT = "0123456789"


def pin_state_path(ctx: Context) -> Path:
    """Where this terminal keeps the PIN lock-out state: ``<data dir>/technician-pin.json``."""
    return ctx.data_dir / PIN_STATE_FILE


# --- hashing --------------------------------------------------------------------------------


def _derive(pin: str, params: PinHash) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=params.salt, n=params.n, r=params.r,
                          p=params.p, maxmem=params.memory_bytes + 1024 * 1024,
                          dklen=len(params.digest))


def hash_pin(pin: str) -> str:
    """``pin`` hashed with scrypt and a fresh random salt, as ``[technician] pin_hash`` holds it."""
    salt = secrets.token_bytes(SALT_BYTES)
    blank = PinHash(SCRYPT_N, SCRYPT_R, SCRYPT_P, salt, b"\0" * DIGEST_BYTES)
    return PinHash(SCRYPT_N, SCRYPT_R, SCRYPT_P, salt, _derive(pin, blank)).encode()


def pin_matches(pin: str, encoded: str) -> bool:
    """Whether ``pin`` is the one ``encoded`` was made from (constant-time compare).

    ``ValueError`` when ``encoded`` is not a PIN hash (the config check refuses those).
    """
    params = parse_pin_hash(encoded)
    return hmac.compare_digest(_derive(pin, params), params.digest)


def pin_problem(pin: str) -> str | None:
    """The message key of what makes ``pin`` unfit as a technician PIN; ``None`` when it is fine.

    6 to 12 digits, not all one digit, not a straight run up or down (123456, 654321).
    """
    if not pin.isascii() or not pin.isdigit():
        return "technician.pin_digits_only"
    if not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        return "technician.pin_length"
    if len(set(pin)) == 1:
        return "technician.pin_one_digit"
    if pin in _STRAIGHT or pin in _STRAIGHT[::-1]:
        return "technician.pin_straight_run"
    return None


# --- outcomes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PinAccepted:
    """The PIN was right; the count of wrong PINs is back to zero."""


@dataclass(frozen=True)
class PinWrong:
    """The PIN was wrong; ``attempts_left`` more wrong PINs before the lock-out starts."""

    attempts_left: int


@dataclass(frozen=True)
class PinLocked:
    """Locked out: no PIN is checked for ``retry_after_s`` seconds."""

    retry_after_s: float


@dataclass(frozen=True)
class PinNotSet:
    """This terminal has no technician PIN (``[technician] pin_hash`` is not set)."""


PinOutcome: TypeAlias = PinAccepted | PinWrong | PinLocked | PinNotSet


# --- the gate -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _State:
    failures: int
    locked_until: float | None  # POSIX seconds, wall clock


_OPEN = _State(0, None)


class PinGate:
    """Checks technician PINs with a persistent count of wrong ones and a growing lock-out."""

    def __init__(self, state_path: Path, clock: Clock, encoded: str | None, *,
                 attempts: int, base_s: float, cap_s: float) -> None:
        if attempts < 1 or base_s <= 0 or cap_s < base_s:
            raise ValueError("need attempts >= 1 and 0 < base_s <= cap_s")
        if encoded is not None:
            parse_pin_hash(encoded)  # a bad hash fails here, not at the first try
        self._path = state_path
        self._clock = clock
        self._encoded = encoded
        self._attempts = attempts
        self._base_s = base_s
        self._cap_s = cap_s
        self._lock = threading.Lock()

    def attempt(self, pin: str) -> PinOutcome:
        """Check ``pin``, unless locked out (then it is not even looked at)."""
        if self._encoded is None:
            return PinNotSet()
        with self._lock:
            now = self._now()
            state = self._load(now)
            left = self._left(state, now)
            if left > 0:
                return PinLocked(left)
            if pin_matches(pin, self._encoded):
                with contextlib.suppress(OSError):  # the PIN was right; a stale count only delays
                    self._save(_OPEN)
                return PinAccepted()
            failures = state.failures + 1
            beyond = failures - self._attempts - 1
            # 2**beyond overflows a float long after the cap; stop doubling once capped.
            delay = (0.0 if beyond < 0 else self._cap_s if beyond >= 64
                     else min(self._base_s * 2**beyond, self._cap_s))
            try:
                self._save(_State(failures, now + delay if delay else None))
            except OSError:
                # A wrong PIN that cannot be counted must not be free: refuse for now.
                return PinLocked(self._base_s)
            if not delay:
                return PinWrong(self._attempts - failures)
        emit(TechnicianLockedOut(retry_after_s=delay, failures=failures))
        return PinLocked(delay)

    def locked_for(self) -> float:
        """Seconds until a PIN is checked again; 0.0 when the gate is open."""
        with self._lock:
            now = self._now()
            return self._left(self._load(now), now)

    def reset(self) -> None:
        """Forget every wrong PIN and end any lock-out (``kiosk technician unlock``).

        The file is removed rather than rewritten: ``unlock`` may run as root, and a
        root-owned 0600 file would be unreadable to the kiosk's user (so locked again).
        """
        with self._lock:
            self._path.unlink(missing_ok=True)
            temporary_path(self._path).unlink(missing_ok=True)
            sync_directory(self._path.parent)

    # --- state file ---------------------------------------------------------------------

    def _now(self) -> float:
        return self._clock.now().timestamp()

    def _left(self, state: _State, now: float) -> float:
        if state.locked_until is None:
            return 0.0
        left = state.locked_until - now
        if left > self._cap_s:
            # The wall clock went back: never wait longer than the cap from now.
            with contextlib.suppress(OSError):
                self._save(_State(state.failures, now + self._cap_s))
            return self._cap_s
        return max(left, 0.0)

    def _load(self, now: float) -> _State:
        try:
            raw = self._path.read_bytes()
        except FileNotFoundError:
            return _OPEN
        except OSError:
            return self._fail_closed(now)
        try:
            data = json.loads(raw)
            failures = data["failures"]
            until = data["locked_until"]
            if (not isinstance(failures, int) or isinstance(failures, bool) or failures < 0
                    or not (until is None or (isinstance(until, (int, float))
                                               and not isinstance(until, bool)))):
                raise ValueError("bad field")
        except (ValueError, KeyError, TypeError):
            return self._fail_closed(now)
        return _State(failures, None if until is None else float(until))

    def _fail_closed(self, now: float) -> _State:
        # The count is unknown, so it is taken as used up and the gate locks for base_s.
        state = _State(self._attempts, now + self._base_s)
        with contextlib.suppress(OSError):  # unwritable too: it stays locked at every look
            self._save(state)
        return state

    def _save(self, state: _State) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"failures": state.failures, "locked_until": state.locked_until,
                           "locked_until_utc": None if state.locked_until is None else
                           dt.datetime.fromtimestamp(state.locked_until, dt.UTC).isoformat()})
        # Durable, so a power cut cannot bring an old count back.
        write_private_file(self._path, body.encode("ascii"))
