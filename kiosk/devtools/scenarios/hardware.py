"""Scenarios on a terminal's real devices: device events become prompts for the tester.

``pytest --hardware`` runs the same feature files on the configured devices. What a
scenario does to the devices ("resident R0001 places their ID card", "the printer
reports paper out") is asked of the person at the terminal, who does it and presses
Enter (``s`` + Enter skips the scenario, ``f`` + Enter fails the step); no answer
within the prompt timeout fails the step with what was asked. Steps no person can
do by hand (a corrupt frame on the wire, a full disk, a clock jump) skip the
scenario. The resident's taps are played headless, on the same journey.
"""

from __future__ import annotations

import select
from collections.abc import Callable
from pathlib import Path
from typing import IO

from kiosk.app.runtime import ConfiguredHub, HubLink, open_runtime, warm_cache
from kiosk.base.config import load_config
from kiosk.base.context import Context
from kiosk.devtools.refhub.embedded import AdminClient
from kiosk.devtools.residents import resident
from kiosk.devtools.scenarios.clock import ScenarioClock
from kiosk.devtools.scenarios.control import ControlError, Material, NotAvailableHere
from kiosk.devtools.scenarios.kiosk import LogCapture, RemoteHub, ScenarioKiosk
from kiosk.devtools.technicians import is_technician_code

DEVICE_NAMES = {"idcard": "ID-card reader", "citizen_card": "citizen-card reader",
                "camera": "document camera", "printer": "receipt printer"}
PRINTER_ACTIONS = {
    "ready": "Make the printer ready (paper in, cover closed, powered on)",
    "paper_near_end": "Put a nearly used-up paper roll in the printer",
    "paper_out": "Take the paper out of the printer",
    "cover_open": "Open the printer's cover",
    "error": "Put the printer into an error (e.g. block the cutter)",
    "disconnected": "Switch the printer off",
}


class TesterSaidSkip(NotAvailableHere):
    """The tester chose to skip this scenario at a prompt."""


class Console:
    """Asks the tester one thing at a time and waits for Enter, up to a timeout."""

    def __init__(self, ask: IO[str], tell: IO[str], timeout_s: float,
                 around: Callable[[Callable[[], str | None]], str | None] | None = None) -> None:
        self._in, self._out = ask, tell
        self.timeout_s = timeout_s
        # The pytest plugin passes a wrapper that lifts output capture while asking.
        self._around = around or (lambda ask_once: ask_once())
        self.last_answer = ""

    def prompt(self, action: str) -> None:
        """Show ``action``; return when the tester pressed Enter (``ControlError`` otherwise)."""
        answer = self._around(lambda: self._ask(action))
        if answer is None:
            raise ControlError(f"no answer from the tester within {self.timeout_s:g} s to: "
                               f"{action}")
        word = answer.strip().lower()
        self.last_answer = word
        if word in ("s", "skip"):
            raise TesterSaidSkip(f"the tester skipped at: {action}")
        if word in ("f", "fail"):
            raise ControlError(f"the tester could not do: {action}")

    def _ask(self, action: str) -> str | None:
        self._out.write(f"\n>>> TESTER: {action}\n    then press Enter "
                        f"(s = skip scenario, f = fail step; {self.timeout_s:g} s) ")
        self._out.flush()
        ready, _, _ = select.select([self._in], [], [], self.timeout_s)
        if not ready:
            return None
        line = self._in.readline()
        return line if line else None  # end of input: nobody is there to answer


class PromptControl:
    """``KioskControl`` for real devices: the tester does each device event by hand."""

    def __init__(self, console: Console, clock: ScenarioClock, admin: AdminClient | None) -> None:
        self._console = console
        self._clock = clock
        self._admin = admin

    def place_id_card(self, resident_id: str | None) -> None:
        """Ask for the test card of that resident on the reader (or lifted)."""
        if resident_id is None:
            self._console.prompt("Lift the ID card off the reader")
        else:
            self._console.prompt(f"Place the test ID card of {_who(resident_id)} on the reader")

    def insert_citizen_card(self, resident_id: str | None) -> None:
        """Ask for the test citizen card in the slot (or out)."""
        if resident_id is None:
            self._console.prompt("Pull the citizen card out of the slot")
        else:
            self._console.prompt(f"Insert the test citizen card of {_who(resident_id)}")

    def show_eid_qr(self, resident_id: str) -> None:
        """Ask for a fresh e-ID QR (minted by the reference hub when it can be reached)."""
        if self._admin is not None:
            payload = self._admin.eid_payload(resident_id)
            self._console.prompt(f"Show a QR code holding this e-ID to the camera: {payload}")
        else:
            self._console.prompt(f"Show the e-ID QR code of {_who(resident_id)} to the camera")

    def show_qr(self, payload: str) -> None:
        """Ask for a QR holding ``payload``."""
        self._console.prompt(f"Show a QR code holding {payload!r} to the camera")

    def show_material(self, material: Material) -> None:
        """Ask for the document under the camera."""
        self._console.prompt(f"Put a {material.type.replace('_', ' ')} "
                             f"({material.width_mm:g} × {material.height_mm:g} mm) under the camera")

    def clear_camera(self) -> None:
        """Ask for an empty camera view."""
        self._console.prompt("Take everything away from under the camera")

    def set_printer(self, state: str) -> None:
        """Ask for the printer state."""
        self._console.prompt(PRINTER_ACTIONS.get(state, f"Put the printer into {state}"))

    def unplug(self, device: str, unplugged: bool) -> None:
        """Ask for the cable out or in."""
        name = DEVICE_NAMES.get(device, device)
        self._console.prompt(f"Unplug the {name}" if unplugged else f"Plug the {name} back in")

    def reader_fault(self, device: str, fault: str) -> None:
        """Nobody can make a reader send a bad frame by hand."""
        raise NotAvailableHere(f"a {fault.replace('_', ' ')} on the {DEVICE_NAMES[device]} "
                               "is a simulator fault")

    def hub_faults(self, spec: str) -> None:
        """The reference hub's faults when its admin key was given; the network by hand."""
        if self._admin is not None:
            self._admin.set_faults(spec)
        elif spec == "drop_rate=1":
            self._console.prompt("Disconnect the terminal's network cable (or Wi-Fi)")
        elif spec == "none":
            self._console.prompt("Reconnect the terminal's network")
        else:
            raise NotAvailableHere("hub faults need the reference hub (--hub-admin-key)")

    def disk_full(self, full: bool) -> None:
        """Not on a terminal's real disk."""
        raise NotAvailableHere("a full disk is not made on a real terminal")

    def let_time_pass(self, seconds: float) -> None:
        """Time for timeouts passes at once, as in simulation."""
        self._clock.let_pass(seconds)

    def jump_clock(self, seconds: float) -> None:
        """Not on a real terminal's clock."""
        raise NotAvailableHere("the terminal's clock is not set wrong on purpose here")

    def tester_confirms(self, question: str) -> bool:
        """Ask a yes/no question (y + Enter is yes; anything else is no)."""
        self._console.prompt(f"{question} Type y for yes, n for no")
        return self._console.last_answer in ("y", "yes", "是")


def _who(code: str) -> str:
    """The demo resident or technician a test card stands for (code only: a name is personal)."""
    if is_technician_code(code):
        return f"demo technician {code}"
    resident(code)  # a typo fails here, before anyone is asked anything
    return f"demo resident {code}"


def open_hardware_kiosk(data_dir: Path, *, config_path: str | None, hub_url: str | None,
                        hub_admin_key: str | None, console: Console) -> ScenarioKiosk:
    """The configured terminal (its real devices) with prompts for the tester."""
    logs = LogCapture()
    logs.install()
    clock = ScenarioClock()
    try:
        config = load_config(config_path)
        ctx = Context(config, data_dir, clock)
        admin = AdminClient(hub_url, hub_admin_key) if hub_url and hub_admin_key else None
        hub: HubLink | None = None
        if hub_url and admin is not None:
            hub = RemoteHub(hub_url.rstrip("/"), admin)
        elif hub_url:
            hub = ConfiguredHub(hub_url.rstrip("/"))
        elif not config.hub.url and config.is_simulation:
            from kiosk.devtools.refhub.embedded import EmbeddedHub

            embedded = EmbeddedHub(data_dir.with_name(data_dir.name + "-hub"))
            embedded.start()
            hub, admin = embedded, embedded.admin
        samples = None
        if config.is_simulation:
            from kiosk.devtools.cards import DemoCards

            samples = DemoCards()
        rt = open_runtime(ctx, hub=hub, samples=samples)
    except BaseException:
        logs.uninstall()
        raise
    warm_cache(rt)
    return ScenarioKiosk(ctx, clock, rt, admin, PromptControl(console, clock, admin), logs)
