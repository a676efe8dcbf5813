"""The dev dock side panel's adapter: the same loopback HTTP API the ``kiosk dock`` CLI uses.

Only the simulated profile starts a dock; without one (``url`` empty) the panel
is hidden and every slot does nothing. Requests run on a worker thread; the
answer (or the error) comes back as ``lastResult``.
"""

from __future__ import annotations

import base64
import json
import logging
import queue
import threading
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

import cv2
from PySide6.QtCore import Property, QObject, Qt, Signal, Slot
from PySide6.QtQml import QmlElement

from kiosk.devtools.technicians import DEMO_TECHNICIANS
from ui.adapters.panel import SidePanel

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger(__name__)

DEMO_RESIDENTS = ("R0001", "R0002", "R0003", "R0007", "R0010", "R0042")
PRINTER_STATES = ("ready", "paper_near_end", "paper_out", "cover_open", "disconnected")
_LOOPBACK = ("127.0.0.1", "::1", "localhost")
_STOP = object()


def call_dock(url: str, method: str, path: str, body: dict[str, Any] | None = None,
              timeout_s: float = 10.0) -> tuple[int, dict[str, Any]]:
    """One request to the dock; (HTTP status, JSON answer). Loopback URLs only."""
    parts = urlsplit(url)
    if parts.scheme != "http" or (parts.hostname or "") not in _LOOPBACK:
        raise ValueError("the dev dock is loopback-only")
    data = json.dumps(body or {}).encode("utf-8") if method == "POST" else None
    request = urllib.request.Request(url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as reply:
            return int(reply.status), json.loads(reply.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            return int(exc.code), json.loads(exc.read() or b"{}")
        except ValueError:
            return int(exc.code), {"ok": False, "error": str(exc.reason)}


def document_png(material_type: str, seed: int, aspect: float = 0.0) -> str:
    """A demo document photo (paper on a desk) as base64 PNG for ``/camera/image``.

    ``aspect`` is the paper's width over height (an ID card is 85.6/54); 0 means A4.
    """
    from kiosk.devtools.headless import document_image

    image = (document_image(material_type, seed, aspect=aspect) if aspect > 0
             else document_image(material_type, seed))
    ok, buf = cv2.imencode(".png", image)
    if not ok:
        raise ValueError("cannot encode the demo document")
    return base64.b64encode(buf.tobytes()).decode("ascii")


@QmlElement
class DockAdapter(SidePanel):
    """Slots for the panel's buttons; each one is a dock HTTP call on a worker."""

    _answered = Signal(str)

    def __init__(self, url: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._url = url.rstrip("/")
        self._result = ""
        self._calls = 0
        self._done = 0
        self._queue: queue.Queue[Any] = queue.Queue()
        self._answered.connect(self._on_answer, Qt.ConnectionType.QueuedConnection)
        self._worker: threading.Thread | None = None
        if self._url:
            self._worker = threading.Thread(target=self._run, name="dock-panel", daemon=True)
            self._worker.start()

    def shutdown(self) -> None:
        """Stop the worker."""
        if self._worker is not None:
            self._queue.put(_STOP)
            self._worker.join(timeout=15)
            self._worker = None

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            method, path, body = item
            try:
                if callable(body):
                    body = body()
                status, answer = call_dock(self._url, method, path, body)
                text = f"{path}: {'ok' if status == 200 else status}"
                if status != 200:
                    text += f" ({answer.get('error', '')})"
            except (OSError, ValueError) as exc:
                text = f"{path}: {type(exc).__name__}"
            self._answered.emit(text)

    def _call(self, method: str, path: str, body: Any = None) -> None:
        if not self._url:
            return
        self._calls += 1
        self._queue.put((method, path, body))

    @Slot(str)
    def _on_answer(self, text: str) -> None:
        self._done += 1
        if text != self._result:
            self._result = text
            self.lastResultChanged.emit()
        self.answered.emit()

    answered = Signal()

    def settled(self) -> bool:
        """Every call so far has been answered."""
        return self._done >= self._calls

    @Property(bool, constant=True)
    def available(self) -> bool:
        """Whether a dock is running (simulation only)."""
        return bool(self._url)

    @Property("QVariantList", constant=True)  # type: ignore[arg-type]
    def residents(self) -> list[str]:
        """Demo resident ids the panel offers (never their names)."""
        return list(DEMO_RESIDENTS)

    @Property(str, constant=True)
    def technicianCard(self) -> str:
        """The card the panel's "Technician card" button inserts: the first active technician's."""
        return next(tech.code for tech in DEMO_TECHNICIANS if not tech.suspended)

    @Property("QVariantList", constant=True)  # type: ignore[arg-type]
    def printerStates(self) -> list[str]:
        """Printer states the panel can set."""
        return list(PRINTER_STATES)

    lastResultChanged = Signal()

    @Property(str, notify=lastResultChanged)
    def lastResult(self) -> str:
        """The last call's outcome (developer-facing)."""
        return self._result

    @Slot(str)
    def placeIdCard(self, resident_id: str) -> None:
        """Put a demo resident's ID card on the reader."""
        self._call("POST", "/idcard/place", {"resident": resident_id})

    @Slot()
    def liftIdCard(self) -> None:
        """Lift the ID card."""
        self._call("POST", "/idcard/lift")

    @Slot(str)
    def insertCitizenCard(self, resident_id: str) -> None:
        """Insert a demo resident's citizen card."""
        self._call("POST", "/citizen-card/insert", {"resident": resident_id})

    @Slot()
    def removeCitizenCard(self) -> None:
        """Pull the citizen card out."""
        self._call("POST", "/citizen-card/remove")

    @Slot(str)
    def showEid(self, resident_id: str) -> None:
        """Show a resident's fresh e-ID QR to the camera."""
        self._call("POST", "/camera/qr", {"resident": resident_id})

    @Slot(str, float)
    def showDocument(self, material_type: str, aspect: float) -> None:
        """Hold a demo document for one material, in its own shape, to the camera."""
        self._call("POST", "/camera/image",
                   lambda: {"png_base64": document_png(material_type or "document",
                                                       len(material_type), aspect)})

    @Slot()
    def clearCamera(self) -> None:
        """Take whatever is in front of the camera away."""
        self._call("POST", "/camera/clear")

    @Slot(str)
    def setPrinter(self, state: str) -> None:
        """Set the simulated printer's state."""
        self._call("POST", "/printer/state", {"state": state})

    @Slot(str)
    def setNetwork(self, mode: str) -> None:
        """``ok``, ``cut`` or ``slow`` for the network to the hub."""
        self._call("POST", "/network", {"mode": mode})
