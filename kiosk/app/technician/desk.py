"""Who may use the technician screen: sign-in by technician card or PIN, idle sign-out, leaving.

The desk is a small state machine, ``closed`` → ``sign_in`` → ``open`` → back to
``closed``. A technician card is recognised by the hub (the card's number and
identifier go to ``POST /v1/technicians/card``; nothing else of the card does);
the PIN is checked against the hash in ``[technician] pin_hash`` with a lock-out
that survives restarts (``kiosk.app.technician.pin``). The PIN is what works
when the hub cannot be reached. Leaving the kiosk is possible only while the
desk is open. Calls block (a hub call, a slow hash): the UI runs them on a worker.
"""

from __future__ import annotations

import datetime as dt
import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from devices.citizen_card.protocol import CitizenCardData, CitizenCardFailure
from kiosk.app.runtime import Runtime
from kiosk.app.technician.pin import (
    PinAccepted,
    PinGate,
    PinLocked,
    PinNotSet,
    PinWrong,
    pin_state_path,
)
from kiosk.base.clock import Clock
from kiosk.base.context import Context
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import (
    KioskLeftByTechnician,
    TechnicianSignedIn,
    TechnicianSignedOut,
    TechnicianSignInRefused,
)
from kiosk.hub import schema as s
from kiosk.hub.client import HubClient
from kiosk.hub.errors import HubError, HubErrorKind

SIGN_IN_IDLE_S = 60.0
"""The sign-in screen goes back to the resident's start screen after this long untouched."""


class DeskState(enum.StrEnum):
    """Where the technician desk is."""

    CLOSED = "closed"
    SIGN_IN = "sign_in"
    OPEN = "open"


class Method(enum.StrEnum):
    """How a technician signed in."""

    CARD = "card"
    PIN = "pin"


@dataclass(frozen=True)
class Technician:
    """Who is signed in: the hub's staff id (``PIN`` for a PIN sign-in) and until when."""

    staff_id: str
    method: Method
    since: dt.datetime
    expires_at: dt.datetime | None = None


@dataclass(frozen=True)
class Notice:
    """A message for the sign-in screen: catalogue key, parameters, and whether it is an error."""

    key: str
    params: dict[str, str] = field(default_factory=dict)
    error: bool = True


class TechnicianDesk:
    """The sign-in state machine; thread-safe (the UI thread reads, a worker acts)."""

    def __init__(self, pins: PinGate, hub: Callable[[], HubClient | None], clock: Clock, *,
                 idle_s: float, sign_in_idle_s: float = SIGN_IN_IDLE_S) -> None:
        self._pins = pins
        self._hub = hub
        self._clock = clock
        self.idle_s = idle_s
        self.sign_in_idle_s = sign_in_idle_s
        self._lock = threading.RLock()
        self._state = DeskState.CLOSED
        self._technician: Technician | None = None
        self._last_touch = clock.monotonic()

    @property
    def state(self) -> DeskState:
        """``closed``, ``sign_in`` or ``open``."""
        return self._state

    @property
    def technician(self) -> Technician | None:
        """Who is signed in (``None`` unless the desk is open)."""
        return self._technician

    def locked_for(self) -> float:
        """Seconds the PIN stays locked (0 when it may be tried)."""
        return self._pins.locked_for()

    def touch(self) -> None:
        """The technician did something: the idle time starts again."""
        self._last_touch = self._clock.monotonic()

    def open_sign_in(self) -> bool:
        """Show the sign-in screen; ``False`` if the desk is not closed."""
        with self._lock:
            if self._state is not DeskState.CLOSED:
                return False
            self._state = DeskState.SIGN_IN
            self.touch()
            return True

    def cancel(self) -> None:
        """Leave the sign-in screen without signing in."""
        with self._lock:
            if self._state is DeskState.SIGN_IN:
                self._state = DeskState.CLOSED

    def enter_pin(self, pin: str) -> Notice | None:
        """Check a PIN; ``None`` when it opened the desk, else what to tell the technician."""
        with self._lock:
            if self._state is not DeskState.SIGN_IN:
                return None
            self.touch()
            outcome = self._pins.attempt(pin)
            if isinstance(outcome, PinAccepted):
                self._grant(Method.PIN, "PIN", None)
                return None
            if isinstance(outcome, PinWrong):
                self._refuse(Method.PIN, "wrong_pin")
                if outcome.attempts_left > 0:
                    return Notice("technician.pin_wrong", {"left": str(outcome.attempts_left)})
                return Notice("technician.pin_wrong_last")
            if isinstance(outcome, PinLocked):
                self._refuse(Method.PIN, "locked")
                return Notice("technician.pin_locked",
                              {"seconds": str(max(1, round(outcome.retry_after_s)))})
            assert isinstance(outcome, PinNotSet)
            self._refuse(Method.PIN, "pin_not_set")
            return Notice("technician.pin_not_set")

    def present_card(self, read: CitizenCardData | CitizenCardFailure) -> Notice | None:
        """Ask the hub whether the card read is a technician's; ``None`` when it opened the desk."""
        with self._lock:
            if self._state is not DeskState.SIGN_IN:
                return None
            self.touch()
            if isinstance(read, CitizenCardFailure):
                self._refuse(Method.CARD, "read_failed")
                return Notice(read.message_key)
            client = self._hub()
            if client is None:
                self._refuse(Method.CARD, "no_hub")
                return Notice("technician.card_needs_hub")
            try:
                card = s.TechnicianCard(card_identifier=read.card_identifier,
                                        card_number=read.card_number)
            except ValueError:
                # Not the shape of any card the hub registers: not a technician's card.
                self._refuse(Method.CARD, "card_unusable")
                return Notice("hub.technician_unknown")
            try:
                grant = client.technician_card(card)
            except HubError as exc:
                self._refuse(Method.CARD, exc.reason or exc.kind.value)
                if exc.kind is HubErrorKind.NOT_FOUND:
                    return Notice(exc.message_key)
                if exc.retryable:
                    return Notice("technician.card_needs_hub")
                return Notice(exc.message_key)
            # A card proves more than a PIN guess: the PIN's count of failures starts again.
            self._pins.reset()
            self._grant(Method.CARD, grant.staff_id, grant.expires_at)
            return None

    def check_idle(self) -> bool:
        """Close the desk if it was left untouched (or the card's grant ran out); ``True`` if closed."""
        with self._lock:
            idle = self._clock.monotonic() - self._last_touch
            if self._state is DeskState.SIGN_IN and idle >= self.sign_in_idle_s:
                self._state = DeskState.CLOSED
                return True
            if self._state is not DeskState.OPEN:
                return False
            technician = self._technician
            expired = technician is not None and technician.expires_at is not None \
                and self._clock.now() >= technician.expires_at
            if idle >= self.idle_s or expired:
                self.sign_out("idle" if idle >= self.idle_s else "expired")
                return True
            return False

    def sign_out(self, reason: str = "signout") -> None:
        """Close the desk: back to the resident's screens."""
        with self._lock:
            if self._state is DeskState.OPEN:
                emit(TechnicianSignedOut(reason=Ident(reason)))
            self._state = DeskState.CLOSED
            self._technician = None

    def leave(self) -> bool:
        """The technician leaves the kiosk (the app ends); only from an open desk."""
        with self._lock:
            if self._state is not DeskState.OPEN:
                return False
            self.sign_out("left")
            emit(KioskLeftByTechnician())
            return True

    def _grant(self, method: Method, staff_id: str, expires_at: dt.datetime | None) -> None:
        self._technician = Technician(staff_id, method, self._clock.now(), expires_at)
        self._state = DeskState.OPEN
        self.touch()
        emit(TechnicianSignedIn(method=Ident(method.value), staff=Ident.of(staff_id)))

    def _refuse(self, method: Method, reason: str) -> None:
        emit(TechnicianSignInRefused(method=Ident(method.value), reason=Ident.of(reason)))


def _pin_gate(ctx: Context) -> PinGate:
    tcfg = ctx.config.technician
    return PinGate(pin_state_path(ctx), ctx.clock, tcfg.pin_hash, attempts=tcfg.pin_attempts,
                   base_s=tcfg.lockout_base_s, cap_s=tcfg.lockout_cap_s)


def desk_for(rt: Runtime) -> TechnicianDesk:
    """The terminal's desk: ``[technician]`` config, the PIN state in the data dir, its hub."""
    # Offline (the hub unreachable at start, a store without credentials) no card can be
    # checked; the PIN still opens the desk.
    return TechnicianDesk(_pin_gate(rt.ctx), lambda: None if rt.offline else rt.client,
                          rt.ctx.clock, idle_s=rt.ctx.config.technician.idle_s)


def startup_desk(ctx: Context) -> TechnicianDesk:
    """The desk of a kiosk that could not start (no runtime): the PIN only, same lock-out."""
    return TechnicianDesk(_pin_gate(ctx), lambda: None, ctx.clock,
                          idle_s=ctx.config.technician.idle_s)
