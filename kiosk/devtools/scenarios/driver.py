"""The resident's side of a scenario: what a driver does with a finger and what it sees.

Two drivers implement :class:`ScenarioDriver`: the headless one
(:mod:`kiosk.devtools.scenarios.headless`, the journey state machine) and the UI one
(``ui.devtools.scenario_ui``, the real QML screens offscreen or in a window). The
steps only use this interface and the :class:`~kiosk.devtools.scenarios.kiosk.ScenarioKiosk`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.app.journey import JourneyView, Message
from kiosk.app.technician.checks import CheckName, CheckResult
from kiosk.app.technician.desk import DeskState, Method, Notice
from kiosk.app.technician.status import DeviceLine
from kiosk.devtools.scenarios.errors import ExpectationFailed, ScenarioError
from kiosk.devtools.scenarios.kiosk import ScenarioKiosk

__all__ = ["ExpectationFailed", "ScenarioDriver", "ScenarioError", "Shown", "TechnicianView"]


@dataclass(frozen=True)
class Shown:
    """Everything the resident can read as a message right now: keys with their parameters."""

    messages: tuple[Message, ...]


@dataclass(frozen=True)
class TechnicianView:
    """What the technician screens show now: sign-in or open, who, the last check, the devices."""

    state: DeskState
    notice: Notice | None  # the sign-in screen's message (key and parameters)
    staff_id: str | None  # the hub's staff id, or "PIN" for a PIN sign-in
    method: Method | None
    check: CheckResult | None  # the last check's result on the open screen
    devices: tuple[DeviceLine, ...]  # as the open screen lists them (empty on the others)
    locked_s: float  # seconds the PIN entry stays locked (0: a PIN may be tried)
    may_close: bool  # the kiosk app was left: the window may close


class ScenarioDriver(Protocol):
    """A resident at the kiosk: taps, types, signs, waits; and the screen they look at."""

    name: str
    kiosk: ScenarioKiosk
    # How long an expectation may wait for the screen to catch up (0: it holds now or never).
    patience_s: float

    def wait_a_moment(self) -> None:
        """Let the kiosk run a little (between two looks at an expectation)."""
        ...

    def notice(self) -> None:
        """Let the kiosk notice a device event (a card placed, a fault) as it would by itself."""
        ...

    def tap(self, target: str) -> None:
        """Tap a button by its visible words (Chinese or English) or its test id."""
        ...

    def type_text(self, field: str, text: str) -> None:
        """Type into a form field (by label or name) with the on-screen keyboard."""
        ...

    def enter_code(self, code: str) -> None:
        """Tap the digits of the one-time code on the keypad and "OK"."""
        ...

    def sign(self) -> None:
        """Draw a signature on the pad."""
        ...

    def take_picture(self) -> None:
        """Tap "Take picture" on the materials screen and wait until the page is taken."""
        ...

    def wait(self, seconds: float) -> None:
        """Touch nothing for ``seconds`` (timeouts run on)."""
        ...

    def set_language(self, locale: str) -> None:
        """Switch the language with the status bar's button (``zh_CN`` or ``en_US``)."""
        ...

    def set_elder_mode(self, on: bool) -> None:
        """Switch elder mode with the status bar's button."""
        ...

    def technician_open(self) -> None:
        """Press and hold the status bar (the hidden entry) until the sign-in opens, if it does."""
        ...

    def technician_pin(self, pin: str) -> None:
        """Tap the PIN's digits on the sign-in keypad and OK; wait for the answer."""
        ...

    def technician_check(self, check: CheckName) -> CheckResult:
        """Tap a check's button on the open technician screen and wait for its result."""
        ...

    def technician_sign_out(self) -> None:
        """Tap "Sign out" on the technician screen (back to the residents' start screen)."""
        ...

    def technician_leave(self) -> None:
        """Tap "Leave the kiosk", then confirm: the kiosk app ends for maintenance."""
        ...

    def technician_view(self) -> TechnicianView:
        """What the technician screens show now."""
        ...

    def view(self) -> JourneyView:
        """What the screen shows now (the journey's typed view, after the last event)."""
        ...

    def shown(self) -> Shown:
        """Messages the resident can read now: the banner, the camera hint, print problems."""
        ...

    def spoken(self) -> list[str]:
        """Voice prompts said so far (elder mode), oldest first."""
        ...

    def screenshot(self, path: Path) -> Path | None:
        """Save what the screen shows as a PNG (``None``: this driver has no screen)."""
        ...

    def close(self) -> None:
        """Release the driver (the kiosk is closed by its owner)."""
        ...
