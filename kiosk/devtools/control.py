"""The typed Python client of the dev dock's control API, for scenario runners and tests.

``DockControl.http(url)`` talks to a dock in another process (``kiosk dock serve``,
``kiosk demo``); ``DockControl.in_process(dock)`` calls a ``DevDock`` in this one
with the same requests and answers, so a scenario reads the same either way.
Every refusal raises ``DockRefusal`` with the dock's status and reason.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from kiosk.devtools.dock import DOCK_URL_FILE, DevDock, DockError
from kiosk.devtools.screen import ScreenItem, ScreenSnapshot

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost", "[::1]")


class DockRefusal(Exception):
    """The dock answered with an error; ``status`` is its HTTP status."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"dock refused ({status}): {reason}")
        self.status = status
        self.reason = reason


class DockUnreachable(ConnectionError):
    """No dock answers at the URL (the kiosk is not running, or the URL is stale)."""


class Transport(Protocol):
    """One request to a dock: method, path and JSON body in, HTTP status and JSON out."""

    def __call__(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Send one request."""
        ...


@dataclass(frozen=True)
class DockStatus:
    """``GET /status``: device states, faults on now, the network mode, what the dock can do."""

    devices: dict[str, str]
    faults: dict[str, dict[str, Any]]
    network: str
    can: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FaultCatalogue:
    """``GET /faults``: every fault kind per device (with what it does) and those on now."""

    kinds: dict[str, dict[str, str]]
    active: dict[str, dict[str, Any]]
    network: str


def http_transport(url: str, timeout_s: float = 30.0) -> Transport:
    """Requests to a dock at a loopback URL; ``ValueError`` for any other URL."""
    base = url.rstrip("/")
    parts = urlsplit(base)
    if parts.scheme != "http" or (parts.hostname or "") not in LOOPBACK_HOSTS:
        raise ValueError(f"refusing dock URL {url!r}: the dev dock is loopback-only")

    def send(method: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        data = json.dumps(body).encode("utf-8") if method == "POST" else None
        request = urllib.request.Request(base + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout_s) as reply:
                return int(reply.status), dict(json.loads(reply.read() or b"{}"))
        except urllib.error.HTTPError as exc:
            try:
                return exc.code, dict(json.loads(exc.read() or b"{}"))
            except ValueError:
                return exc.code, {"ok": False, "error": str(exc.reason)}
        except (urllib.error.URLError, OSError) as exc:
            raise DockUnreachable(f"the dev dock at {base} does not answer ({exc})") from None

    return send


def in_process_transport(dock: DevDock) -> Transport:
    """Requests straight to a ``DevDock`` object, answered as its HTTP server would."""

    def send(method: str, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        try:
            return 200, {"ok": True, **dock.handle(method, path, body)}
        except DockError as exc:
            return int(exc.status), {"ok": False, "error": str(exc)}

    return send


class DockControl:
    """Every dock action as a typed method."""

    def __init__(self, transport: Transport) -> None:
        self._send = transport

    @classmethod
    def http(cls, url: str, timeout_s: float = 30.0) -> DockControl:
        """A client for the dock at ``url``."""
        return cls(http_transport(url, timeout_s))

    @classmethod
    def from_data_dir(cls, data_dir: Path, timeout_s: float = 30.0) -> DockControl:
        """A client for the dock whose URL the kiosk wrote to ``<data dir>/dock.url``."""
        path = data_dir / DOCK_URL_FILE
        try:
            url = path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise DockUnreachable(f"no dev dock is running ({path} is missing)") from None
        return cls.http(url, timeout_s)

    @classmethod
    def in_process(cls, dock: DevDock) -> DockControl:
        """A client calling ``dock`` directly (no HTTP)."""
        return cls(in_process_transport(dock))

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """One raw request; the answer without ``ok``, or ``DockRefusal``."""
        status, answer = self._send(method, path, body or {})
        if not answer.get("ok"):
            raise DockRefusal(status, str(answer.get("error", "no reason given")))
        return {k: v for k, v in answer.items() if k != "ok"}

    # -- state ---------------------------------------------------------------------------

    def status(self) -> DockStatus:
        """Device states, faults on now and the network mode."""
        a = self.call("GET", "/status")
        return DockStatus(dict(a["devices"]), dict(a.get("faults", {})),
                          str(a.get("network", "unknown")), dict(a.get("can", {})))

    def faults(self) -> FaultCatalogue:
        """Every fault the devices here define, and which are on."""
        a = self.call("GET", "/faults")
        return FaultCatalogue(dict(a["kinds"]), dict(a["active"]), str(a["network"]))

    # -- faults --------------------------------------------------------------------------

    def set_fault(self, device: str, kind: str, *, times: int | None = None,
                  value: float | None = None) -> dict[str, Any]:
        """Switch a fault on (``times`` uses, else until cleared; ``value`` for hub/clock)."""
        body: dict[str, Any] = {"device": device, "kind": kind}
        if times is not None:
            body["times"] = times
        if value is not None:
            body["value"] = value
        return self.call("POST", "/fault", body)

    def clear_faults(self, device: str | None = None) -> list[str]:
        """Switch one device's faults (or every fault) off; the devices cleared."""
        answer = self.call("POST", "/fault/clear", {"device": device} if device else {})
        return [str(d) for d in answer["cleared"]]

    def network(self, mode: str, latency_s: float | None = None) -> str:
        """``ok``, ``cut`` or ``slow`` (with ``latency_s``); the mode now in force."""
        body: dict[str, Any] = {"mode": mode}
        if latency_s is not None:
            body["latency_s"] = latency_s
        return str(self.call("POST", "/network", body)["mode"])

    def hub_faults(self, spec: str) -> str:
        """Set the hub's faults from a spec (``error_rate=0.3,latency=1``); the network mode."""
        return str(self.call("POST", "/network", {"spec": spec})["mode"])

    # -- the resident's hands ------------------------------------------------------------

    def place_idcard(self, resident: str) -> None:
        """Put a demo resident's ID card on the reader."""
        self.call("POST", "/idcard/place", {"resident": resident})

    def lift_idcard(self) -> None:
        """Take the ID card off the reader."""
        self.call("POST", "/idcard/lift")

    def insert_citizen_card(self, resident: str) -> None:
        """Insert a demo resident's citizen card."""
        self.call("POST", "/citizen-card/insert", {"resident": resident})

    def remove_citizen_card(self) -> None:
        """Pull the citizen card out."""
        self.call("POST", "/citizen-card/remove")

    def show_eid(self, resident: str) -> None:
        """Hold a resident's fresh e-ID QR to the camera."""
        self.call("POST", "/camera/qr", {"resident": resident})

    def show_qr(self, payload: str) -> None:
        """Hold a QR with any payload to the camera."""
        self.call("POST", "/camera/qr", {"payload": payload})

    def show_image(self, path: Path) -> None:
        """Hold a document image (a file this process can read) to the camera."""
        self.call("POST", "/camera/image", {"path": str(path.resolve())})

    def clear_camera(self) -> None:
        """Take whatever was shown away from the camera."""
        self.call("POST", "/camera/clear")

    def set_printer(self, state: str) -> None:
        """Put the printer in a state (ready, paper_out, cover_open, …)."""
        self.call("POST", "/printer/state", {"state": state})

    def printed(self) -> list[int]:
        """The sizes of the jobs the simulated printer took."""
        return [int(n) for n in self.call("GET", "/printer/jobs")["sizes"]]

    def unplug(self, device: str, unplugged: bool = True) -> None:
        """Unplug a device (or plug it back in)."""
        self.call("POST", "/unplug", {"device": device, "unplugged": unplugged})

    # -- the screen ----------------------------------------------------------------------

    def screen(self) -> ScreenSnapshot:
        """The screen now (only while a UI runs beside the dock)."""
        a = self.call("GET", "/screen")
        return ScreenSnapshot(str(a["view"]), str(a["message"]),
                              [ScreenItem(str(i["text"]), str(i["object_name"]),
                                          bool(i["tappable"])) for i in a["items"]])

    def tap(self, *, text: str | None = None, object_name: str | None = None) -> ScreenItem:
        """Tap the visible item with this text or object name."""
        body = {k: v for k, v in (("text", text), ("object_name", object_name)) if v}
        i = self.call("POST", "/tap", body)["tapped"]
        return ScreenItem(str(i["text"]), str(i["object_name"]), bool(i["tappable"]))
