"""Dev dock: a loopback-only JSON HTTP API for acting on simulated hardware by hand.

It drives the ``SimulationControls`` of an open ``DeviceSet`` (place or lift an
ID card, insert a citizen card, show a QR or a document to the camera, set the
printer state, unplug devices, switch any device fault), the hub's fault
injection (cut or slow the network, error rates, status codes), storage faults
and clock jumps of its own process, and, when a UI runs, reads the screen and
taps it. It refuses to start on anything but the simulated profile with
simulator or memory drivers, and binds only 127.0.0.1 or ::1.

Every endpoint and body is documented in ``docs/testing.md`` ("Control API");
``kiosk.devtools.control.DockControl`` is its typed client.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import socket
import threading
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import cv2
import numpy as np

from devices.camera.protocol import Image
from devices.factory import DeviceSet
from devices.printer.protocol import PrinterStatus
from devices.simulation import FaultSwitches, UnknownFault
from kiosk.base.clock import JumpingClock
from kiosk.base.config import SIMULATION_DRIVERS, KioskConfig
from kiosk.base.images import ImageRejected, decode_image, read_image
from kiosk.base.qr import qr_grey
from kiosk.devtools.cards import DemoCards, id_card_for
from kiosk.devtools.residents import DemoResident, resident
from kiosk.devtools.screen import Screen, TapRefused
from kiosk.devtools.storage_faults import StorageFaults
from kiosk.devtools.technicians import DEMO_TECHNICIANS

# Written in two parts because the catalogue check reads any quoted "area.word" as a
# message key; this is a file name.
DOCK_URL_FILE = "dock" + ".url"
# Drivers that are not hardware at all: the decoder runs the same code either way.
_NOT_HARDWARE = frozenset({"barcode"})
_PRINTER_ALIASES = {"paper_out": PrinterStatus.PAPER_END, "offline": PrinterStatus.DISCONNECTED}
_MAX_BODY = 32 * 1024 * 1024
_T = TypeVar("_T")
# The hub's fault settings a "hub" fault may set, with the value each takes when none is given.
HUB_FAULTS: dict[str, str] = {
    "error_rate": "share of requests answered with a server error (value 0…1, default 1)",
    "error_status": "the status of those errors (value 400…599, default 503)",
    "latency": "seconds added before every answer (value, default 3)",
    "drop_rate": "share of connections cut without an answer (value 0…1, default 1)",
    "malformed_rate": "share of answers that are garbage (value 0…1, default 1)",
    "down": "every request answered 503 hub_down",
}
_HUB_DEFAULTS: dict[str, float] = {"error_rate": 1.0, "error_status": 503, "latency": 3.0,
                                   "drop_rate": 1.0, "malformed_rate": 1.0, "down": 1}
NETWORK_FAULTS: dict[str, str] = {"cut": "no hub reachable (the hub answers 503 down)",
                                  "slow": "every hub answer comes late (value: seconds, 3)"}
CLOCK_FAULTS: dict[str, str] = {"jump": "move the kiosk's wall time (value: seconds, ±)"}


class DockRefused(Exception):
    """The dev dock may not run here (production profile, real device, public address)."""


class DockError(Exception):
    """A request the dock cannot carry out; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: HTTPStatus = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(message)
        self.status = status


def check_allowed(config: KioskConfig) -> None:
    """Raise ``DockRefused`` unless the config is simulated all the way down."""
    if not config.is_simulation:
        raise DockRefused(f"the dev dock is refused in the {config.profile} profile")
    real = [f"{name} ({dev.driver})" for name, dev in config.devices.items()
            if name not in _NOT_HARDWARE and dev.driver not in SIMULATION_DRIVERS]
    if real:
        raise DockRefused("the dev dock is refused with real devices: " + ", ".join(real))


def check_loopback(host: str) -> str:
    """The literal loopback address to bind; ``DockRefused`` for anything else."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise DockRefused(f"the dev dock binds only 127.0.0.1 or ::1, not {host!r}") from None
    if not address.is_loopback:
        raise DockRefused(f"the dev dock binds only 127.0.0.1 or ::1, not {host}")
    return host


def qr_image(payload: str, box_size: int = 8) -> Image:
    """A BGR picture of a QR code holding ``payload`` (UTF-8), with its quiet zone."""
    return np.asarray(cv2.cvtColor(qr_grey(payload, box_size), cv2.COLOR_GRAY2BGR),
                      dtype=np.uint8)


def _body_text(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise DockError(f"{key!r} is missing or not a string")
    return value


def _resident(body: dict[str, Any]) -> DemoResident:
    rid = _body_text(body, "resident")
    try:
        return resident(rid)
    except KeyError:
        raise DockError(f"no demo resident {rid!r} (use R0001 … R0240)",
                        HTTPStatus.NOT_FOUND) from None


class DevDock:
    """The dock's actions over one ``DeviceSet``, plus the HTTP server that exposes them."""

    def __init__(
        self,
        devices: DeviceSet,
        config: KioskConfig,
        *,
        mint_eid: Callable[[str], str] | None = None,
        set_hub_faults: Callable[[str], None] | None = None,
        get_hub_faults: Callable[[], Mapping[str, object]] | None = None,
        storage: StorageFaults | None = None,
        clock: JumpingClock | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        check_allowed(config)
        self._host = check_loopback(host)
        self._port = port
        self.devices = devices
        self._mint_eid = mint_eid
        self._set_hub_faults = set_hub_faults
        self._get_hub_faults = get_hub_faults
        self._hub_spec = "none"  # the last spec this dock set (when the hub cannot be asked)
        self._storage = storage
        self._clock = clock
        self.screen: Screen | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._url_file: Path | None = None
        self._routes: dict[tuple[str, str], Callable[[dict[str, Any]], dict[str, Any]]] = {
            ("GET", "/status"): self.status,
            ("POST", "/idcard/place"): self.place_idcard,
            ("POST", "/idcard/lift"): self.lift_idcard,
            ("POST", "/citizen-card/insert"): self.insert_citizen_card,
            ("POST", "/citizen-card/remove"): self.remove_citizen_card,
            ("POST", "/camera/qr"): self.show_qr,
            ("POST", "/camera/image"): self.show_image,
            ("POST", "/camera/clear"): self.clear_camera,
            ("POST", "/printer/state"): self.set_printer_state,
            ("GET", "/printer/jobs"): self.printer_jobs,
            ("POST", "/unplug"): self.unplug,
            ("POST", "/network"): self.network,
            ("GET", "/faults"): self.faults,
            ("POST", "/fault"): self.set_fault,
            ("POST", "/fault/clear"): self.clear_faults,
            ("GET", "/screen"): self.read_screen,
            ("POST", "/tap"): self.tap,
        }

    # -- actions -----------------------------------------------------------------------

    def _need(self, handle: _T | None, what: str) -> _T:
        if handle is None:
            raise DockError(f"{what} is not simulated in this configuration",
                            HTTPStatus.CONFLICT)
        return handle

    def status(self, _body: dict[str, Any]) -> dict[str, Any]:
        """Each device's status and which dock actions are available."""
        d, sim = self.devices, self.devices.sim
        return {
            "devices": {
                "idcard": d.idcard.status().value,
                "citizen_card": d.citizen_card.status().value,
                "camera": d.camera.status().value,
                "printer": d.printer.status().value,
                "barcode": d.barcode.status().value,
            },
            "can": {
                "idcard": sim.place_id_card is not None,
                "citizen_card": sim.insert_citizen_card is not None,
                "camera": sim.show_to_camera is not None,
                "printer": sim.set_printer_state is not None,
                "unplug": sorted(sim.unplug),
                "eid": self._mint_eid is not None,
                "network": self._set_hub_faults is not None,
                "faults": sorted(self._fault_boards()) + [
                    name for name, ok in (("hub", self._set_hub_faults is not None),
                                          ("network", self._set_hub_faults is not None),
                                          ("clock", self._clock is not None)) if ok],
                "screen": self.screen is not None,
            },
            "faults": self._active_faults(),
            "network": self._network_mode(),
        }

    # -- faults ------------------------------------------------------------------------

    def _fault_boards(self) -> dict[str, FaultSwitches]:
        boards = dict(self.devices.sim.faults)
        if self._storage is not None:
            boards["storage"] = self._storage.switches
        return boards

    def _hub_settings(self) -> dict[str, object] | None:
        if self._get_hub_faults is None:
            return None
        try:
            return dict(self._get_hub_faults())
        except Exception as exc:  # the hub is another process: any failure is an answer
            raise DockError(f"the hub does not say its faults: {exc}",
                            HTTPStatus.BAD_GATEWAY) from None

    def _network_mode(self) -> str:
        """ok, cut, slow or faulty (errors, drops, garbage); unknown without a hub."""
        if self._set_hub_faults is None:
            return "unknown"
        settings = self._hub_settings()
        if settings is None:
            return {"none": "ok", "down=true": "cut"}.get(
                self._hub_spec, "slow" if self._hub_spec.startswith("latency=") else "faulty")
        if settings.get("down"):
            return "cut"
        if any(settings.get(k) for k in ("error_rate", "drop_rate", "malformed_rate")):
            return "faulty"
        if settings.get("latency"):
            return "slow"
        return "ok"

    def _active_faults(self) -> dict[str, Any]:
        active: dict[str, Any] = {name: board.active()
                                  for name, board in sorted(self._fault_boards().items())}
        settings = self._hub_settings()
        if settings is not None:
            active["hub"] = {k: v for k, v in settings.items()
                             if k in HUB_FAULTS and v not in (None, False, 0, 0.0)}
        elif self._set_hub_faults is not None:
            active["hub"] = {"spec": self._hub_spec}
        if self._clock is not None:
            active["clock"] = {"offset_s": self._clock.offset_s} if self._clock.offset_s else {}
        return {name: value for name, value in active.items() if value}

    def faults(self, _body: dict[str, Any]) -> dict[str, Any]:
        """Every fault each device can show, what it does, and which are on now."""
        kinds: dict[str, dict[str, str]] = {name: board.kinds
                                            for name, board in self._fault_boards().items()}
        if self._set_hub_faults is not None:
            kinds["hub"] = HUB_FAULTS
            kinds["network"] = NETWORK_FAULTS
        if self._clock is not None:
            kinds["clock"] = CLOCK_FAULTS
        return {"kinds": kinds, "active": self._active_faults(),
                "network": self._network_mode()}

    def set_fault(self, body: dict[str, Any]) -> dict[str, Any]:
        """Switch one fault on: ``{"device", "kind", "times"?, "value"?}``."""
        device = _body_text(body, "device")
        kind = _body_text(body, "kind")
        times = body.get("times")
        if times is not None and (isinstance(times, bool) or not isinstance(times, int)
                                  or times < 1):
            raise DockError("'times' must be a whole number from 1 (or left out: until cleared)")
        value = body.get("value")
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise DockError("'value' must be a number")
        if device in ("hub", "network"):
            return self._set_hub_fault(device, kind, value)
        if device == "clock":
            return self._jump_clock(kind, value)
        board = self._fault_boards().get(device)
        if board is None:
            raise DockError(f"{device!r} has no faults here; use one of "
                            + ", ".join(sorted(self.faults({})["kinds"])), HTTPStatus.CONFLICT)
        try:
            board.set(kind, times)
        except (UnknownFault, ValueError) as exc:
            raise DockError(str(exc)) from None
        return {"device": device, "kind": kind, "times": times, "active": board.active()}

    def _set_hub_fault(self, device: str, kind: str, value: float | None) -> dict[str, Any]:
        if device == "network":
            if kind not in NETWORK_FAULTS:
                raise DockError(f"network has no fault {kind!r}; it has cut, slow")
            body: dict[str, Any] = {"mode": kind}
            if value is not None:
                body["latency_s"] = value
            return self.network(body)
        if kind not in HUB_FAULTS:
            raise DockError(f"hub has no fault {kind!r}; it has " + ", ".join(sorted(HUB_FAULTS)))
        settings = self._hub_settings() or {}
        current = {k: v for k, v in settings.items() if v not in (None, False, 0, 0.0)
                   and k != "seed"}
        number = _HUB_DEFAULTS[kind] if value is None else value
        current[kind] = "true" if kind == "down" and number else (
            int(number) if kind == "error_status" else number)
        if kind == "error_status" and not current.get("error_rate"):
            current["error_rate"] = 1.0  # a status for errors that never happen would do nothing
        spec = ",".join(f"{k}={str(v).lower() if isinstance(v, bool) else v}"
                        for k, v in current.items())
        return self.network({"spec": spec})

    def _jump_clock(self, kind: str, value: float | None) -> dict[str, Any]:
        clock = self._need(self._clock, "the clock (this process runs on the system clock)")
        if kind != "jump":
            raise DockError(f"clock has no fault {kind!r}; it has jump")
        if value is None or not -10 * 365 * 86400 <= value <= 10 * 365 * 86400:
            raise DockError("a clock jump needs 'value': seconds, at most ten years either way")
        return {"device": "clock", "offset_s": clock.jump(float(value))}

    def clear_faults(self, body: dict[str, Any]) -> dict[str, Any]:
        """Switch faults off: one device's (``{"device"}``) or, with no body, all of them."""
        device = body.get("device")
        if device is not None and not isinstance(device, str):
            raise DockError("'device' must be a string")
        boards = self._fault_boards()
        cleared: list[str] = []
        for name, board in sorted(boards.items()):
            if device in (None, name):
                board.clear()
                cleared.append(name)
        if device in (None, "hub", "network") and self._set_hub_faults is not None:
            self.network({"mode": "ok"})
            cleared.append("hub")
        if device in (None, "clock") and self._clock is not None:
            self._clock.reset()
            cleared.append("clock")
        if device is not None and not cleared:
            raise DockError(f"{device!r} has no faults here", HTTPStatus.CONFLICT)
        return {"cleared": cleared, "active": self._active_faults()}

    # -- screen ------------------------------------------------------------------------

    def _screen(self) -> Screen:
        if self.screen is None:
            raise DockError("no kiosk window runs beside this dock (kiosk dock serve has "
                            "none). Fix: use the dock of kiosk demo to read or tap the screen",
                            HTTPStatus.CONFLICT)
        return self.screen

    def read_screen(self, _body: dict[str, Any]) -> dict[str, Any]:
        """The screen now: journey view, message, visible texts and object names."""
        screen = self._screen()
        return screen.snapshot().as_json()

    def tap(self, body: dict[str, Any]) -> dict[str, Any]:
        """Tap the visible item with ``{"text"}`` or ``{"object_name"}``."""
        screen = self._screen()
        text = body.get("text")
        name = body.get("object_name")
        if not (isinstance(text, str) and text) and not (isinstance(name, str) and name):
            raise DockError("say what to tap: 'text' or 'object_name'")
        try:
            item = screen.tap(text=text if isinstance(text, str) and text else None,
                              object_name=name if isinstance(name, str) and name else None)
        except TapRefused as exc:
            raise DockError(str(exc), HTTPStatus.NOT_FOUND) from None
        return {"tapped": item.as_json()}

    def place_idcard(self, body: dict[str, Any]) -> dict[str, Any]:
        """Put a demo resident's ID card on the reader."""
        place = self._need(self.devices.sim.place_id_card, "the ID-card reader")
        person = _resident(body)
        place(id_card_for(person))
        return {"placed": person.resident_id}

    def lift_idcard(self, _body: dict[str, Any]) -> dict[str, Any]:
        """Take the ID card off the reader."""
        self._need(self.devices.sim.place_id_card, "the ID-card reader")(None)
        return {"placed": None}

    def insert_citizen_card(self, body: dict[str, Any]) -> dict[str, Any]:
        """Insert a demo resident's citizen card, or a demo technician's (``T0001``…)."""
        insert = self._need(self.devices.sim.insert_citizen_card, "the citizen-card reader")
        code = _body_text(body, "resident")
        try:
            card = DemoCards().citizen_card(code)
        except KeyError:
            techs = " / ".join(tech.code for tech in DEMO_TECHNICIANS)
            raise DockError(f"no demo card {code!r} (use R0001 … R0240, or a technician's "
                            f"{techs})", HTTPStatus.NOT_FOUND) from None
        insert(card)
        return {"inserted": code}

    def remove_citizen_card(self, _body: dict[str, Any]) -> dict[str, Any]:
        """Pull the citizen card out."""
        self._need(self.devices.sim.insert_citizen_card, "the citizen-card reader")(None)
        return {"inserted": None}

    def show_qr(self, body: dict[str, Any]) -> dict[str, Any]:
        """Hold a QR to the camera: a resident's fresh e-ID, or a given payload."""
        show = self._need(self.devices.sim.show_to_camera, "the camera")
        if "resident" in body:
            mint = self._need(self._mint_eid, "e-ID minting (no embedded hub)")
            person = _resident(body)
            payload = mint(person.resident_id)
        else:
            payload = _body_text(body, "payload")
        show(qr_image(payload))
        return {"shown": "qr", "payload_chars": len(payload)}

    def show_image(self, body: dict[str, Any]) -> dict[str, Any]:
        """Hold a document image (a local file or PNG/JPEG bytes in base64) to the camera."""
        show = self._need(self.devices.sim.show_to_camera, "the camera")
        if "path" in body:
            path = Path(_body_text(body, "path")).expanduser()
            try:
                image = read_image(path)
            except ImageRejected as exc:
                raise DockError(f"cannot use the image at {path}: {exc}") from None
        else:
            try:
                data = base64.b64decode(_body_text(body, "png_base64"), validate=True)
            except ValueError:
                raise DockError("png_base64 is not valid base64") from None
            try:
                image = decode_image(data)
            except ImageRejected as exc:
                raise DockError(f"png_base64: {exc}") from None
        show(image)
        return {"shown": "image", "size": [int(image.shape[1]), int(image.shape[0])]}

    def clear_camera(self, _body: dict[str, Any]) -> dict[str, Any]:
        """Take whatever was held to the camera away."""
        self._need(self.devices.sim.show_to_camera, "the camera")(None)
        return {"shown": None}

    def set_printer_state(self, body: dict[str, Any]) -> dict[str, Any]:
        """Put the printer in a state: paper out, cover open, disconnected, ready, …"""
        setter = self._need(self.devices.sim.set_printer_state, "the printer")
        name = _body_text(body, "state").lower().replace("-", "_")
        state = _PRINTER_ALIASES.get(name)
        if state is None:
            try:
                state = PrinterStatus(name)
            except ValueError:
                allowed = sorted([s.value for s in PrinterStatus] + list(_PRINTER_ALIASES))
                raise DockError(f"unknown printer state {name!r}; use one of "
                                + ", ".join(allowed)) from None
        setter(state)
        return {"printer": state.value}

    def printer_jobs(self, _body: dict[str, Any]) -> dict[str, Any]:
        """How many jobs the simulated printer took, and their sizes in bytes."""
        jobs = self._need(self.devices.sim.printed_jobs, "the printer")()
        return {"count": len(jobs), "sizes": [len(j) for j in jobs]}

    def unplug(self, body: dict[str, Any]) -> dict[str, Any]:
        """Unplug a device (``"unplugged": false`` plugs it back in)."""
        name = _body_text(body, "device")
        unplugged = body.get("unplugged", True)
        if not isinstance(unplugged, bool):
            raise DockError("'unplugged' must be true or false")
        handle = self.devices.sim.unplug.get(name)
        if handle is None:
            raise DockError(f"{name!r} cannot be unplugged here; use one of "
                            + ", ".join(sorted(self.devices.sim.unplug)), HTTPStatus.CONFLICT)
        handle(unplugged)
        return {"device": name, "unplugged": unplugged}

    def network(self, body: dict[str, Any]) -> dict[str, Any]:
        """Cut, slow or restore the network to the hub (the embedded hub's faults)."""
        set_faults = self._need(self._set_hub_faults, "the hub network (no embedded hub)")
        if "spec" in body:
            spec = _body_text(body, "spec")
        else:
            mode = _body_text(body, "mode")
            if mode == "ok":
                spec = "none"
            elif mode == "cut":
                spec = "down=true"
            elif mode == "slow":
                latency = body.get("latency_s", 3.0)
                if isinstance(latency, bool) or not isinstance(latency, int | float) \
                        or not 0 < latency <= 120:
                    raise DockError("'latency_s' must be a number from 0 to 120")
                spec = f"latency={float(latency)}"
            else:
                raise DockError(f"unknown network mode {mode!r}; use ok, cut or slow")
        try:
            set_faults(spec)
        except ValueError as exc:
            raise DockError(str(exc)) from None
        self._hub_spec = spec
        return {"network": spec, "mode": self._network_mode()}

    # -- HTTP --------------------------------------------------------------------------

    def handle(self, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """Run one route; ``DockError`` for unknown routes and bad requests."""
        route = self._routes.get((method, path.rstrip("/") or "/"))
        if route is None:
            known = any(p == path for _, p in self._routes)
            raise DockError(f"no route {method} {path}",
                            HTTPStatus.METHOD_NOT_ALLOWED if known else HTTPStatus.NOT_FOUND)
        return route(body)

    @property
    def url(self) -> str:
        """The base URL, once started."""
        if self._server is None:
            raise RuntimeError("the dev dock is not started")
        host, port = self._server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"

    def start(self, data_dir: Path | None = None) -> str:
        """Serve on a background thread; with ``data_dir`` also write ``dock.url`` there."""
        if self._server is not None:
            return self.url
        server_class = _V6Server if ":" in self._host else ThreadingHTTPServer
        self._server = server_class((self._host, self._port), _handler_for(self))
        self._server.daemon_threads = True
        # A short poll interval keeps stop() quick (it waits for the next poll).
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        name="dev-dock", daemon=True)
        self._thread.start()
        if data_dir is not None:
            self._url_file = data_dir / DOCK_URL_FILE
            self._url_file.write_text(self.url + "\n", encoding="utf-8")
        return self.url

    def stop(self) -> None:
        """Stop serving and remove the ``dock.url`` file this dock wrote."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._url_file is not None:
            self._url_file.unlink(missing_ok=True)
            self._url_file = None


class _V6Server(ThreadingHTTPServer):
    address_family = socket.AF_INET6


def _handler_for(dock: DevDock) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "kiosk-devdock"

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: requests can carry resident ids and e-ID payloads."""

        def _answer(self, status: HTTPStatus, payload: dict[str, Any]) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _serve(self, method: str) -> None:
            if not ipaddress.ip_address(self.client_address[0]).is_loopback:
                self._answer(HTTPStatus.FORBIDDEN, {"ok": False, "error": "loopback only"})
                return
            body: dict[str, Any] = {}
            if method == "POST":
                # JSON only: a web page cannot send that cross-origin without a preflight,
                # which this server never grants.
                ctype = self.headers.get("Content-Type", "").split(";")[0].strip()
                length = int(self.headers.get("Content-Length") or 0)
                if length > _MAX_BODY:
                    self._answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                                 {"ok": False, "error": "body too large"})
                    return
                raw = self.rfile.read(length) if length else b""
                if raw and ctype != "application/json":
                    self._answer(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                 {"ok": False, "error": "send application/json"})
                    return
                try:
                    parsed = json.loads(raw or b"{}")
                except ValueError:
                    self._answer(HTTPStatus.BAD_REQUEST, {"ok": False, "error": "bad JSON"})
                    return
                if not isinstance(parsed, dict):
                    self._answer(HTTPStatus.BAD_REQUEST,
                                 {"ok": False, "error": "the body must be a JSON object"})
                    return
                body = parsed
            try:
                result = dock.handle(method, self.path.split("?")[0], body)
            except DockError as exc:
                self._answer(exc.status, {"ok": False, "error": str(exc)})
                return
            self._answer(HTTPStatus.OK, {"ok": True, **result})

        def do_GET(self) -> None:
            """Read-only routes."""
            self._serve("GET")

        def do_POST(self) -> None:
            """Action routes."""
            self._serve("POST")

    return Handler
