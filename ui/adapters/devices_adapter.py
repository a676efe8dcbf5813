"""Device polling for the screens, off the UI thread.

One background thread watches the hardware the way the current screen needs:
on the idle screen it polls the ID-card reader (never faster than
``timeouts.card_poll_s``), watches the citizen-card slot and runs the QR
scanner on the camera; on the materials screen it feeds camera frames to the
document tracker for the live outline and auto-capture; on every screen it
notices a citizen card leaving the slot. What it finds becomes journey events.
A second thread refreshes the status bar (hub reachable, queue length).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import Property, QObject, Qt, Signal, Slot
from PySide6.QtQml import QmlElement

from devices.camera import Frame
from devices.citizen_card import CitizenCardData, CitizenCardReaderStatus
from devices.factory import DeviceSet
from devices.idcard import IdCardData, IdCardFailureKind, IdCardReaderStatus
from devices.qr_watch import QrScanner
from kiosk import journey as j
from kiosk.clock import Clock, SystemClock
from kiosk.config import KioskConfig
from kiosk.documents.geometry import Quad
from kiosk.documents.materials import MaterialSpec
from kiosk.documents.tracker import DocumentTracker, capture
from ui.adapters.images import KioskImageProvider, bgr_to_qimage
from ui.adapters.journey_adapter import JourneyAdapter

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 640
THUMB_WIDTH = 240
FRAME_INTERVAL_S = 0.12
# Reader failures that are part of normal use, not something to tell the resident.
_QUIET_ID_FAILURES = frozenset({IdCardFailureKind.NO_CARD, IdCardFailureKind.CARD_NOT_REMOVED})

StatusSource = Callable[[], tuple[bool, int]]


@QmlElement
class DevicesAdapter(QObject):
    """Turns card readers and the camera into journey events; feeds the status bar."""

    _frameReady = Signal(str, list, str, bool)
    _captured = Signal(str, int)
    _statusReady = Signal(bool, int)
    _readingSet = Signal(bool)

    def __init__(self, devices: DeviceSet, config: KioskConfig, journey: JourneyAdapter,
                 images: KioskImageProvider, *, clock: Clock | None = None,
                 status_source: StatusSource | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._devices = devices
        self._config = config
        self._journey = journey
        self._images = images
        self._clock = clock or SystemClock()
        self._status_source = status_source
        self._poll_s = float(config.timeouts.card_poll_s)
        self._stop = threading.Event()
        self._capture_now = threading.Event()
        self._step: str = str(journey.value("step"))
        self._materials: list[dict[str, Any]] = []
        self._active_material = ""
        self._thumbs: list[dict[str, Any]] = []
        self._serial = 0
        self._values: dict[str, Any] = {
            "reading": False, "hubOnline": True, "pending": 0, "previewSource": "",
            "outline": [], "cameraHint": "", "cameraReady": False, "activeMaterial": "",
            "thumbnails": [],
        }
        self._scanner = QrScanner(devices.camera, devices.barcode, self._clock)
        self._last_qr: str | None = None
        self._id_failure: str | None = None
        self._cc_present = False
        self._cc_read = False
        self._frameReady.connect(self._on_frame, Qt.ConnectionType.QueuedConnection)
        self._captured.connect(self._on_captured, Qt.ConnectionType.QueuedConnection)
        self._statusReady.connect(self._on_status, Qt.ConnectionType.QueuedConnection)
        self._readingSet.connect(self._on_reading, Qt.ConnectionType.QueuedConnection)
        journey.stepChanged.connect(self._on_step)
        journey.materialsChanged.connect(self._on_materials)
        journey.viewApplied.connect(self._on_view)
        self._threads = [
            threading.Thread(target=self._device_loop, name="ui-devices", daemon=True),
            threading.Thread(target=self._status_loop, name="ui-status", daemon=True),
        ]

    def start(self) -> None:
        """Start polling."""
        for t in self._threads:
            t.start()

    def stop(self) -> None:
        """Stop polling and wait for the threads."""
        self._stop.set()
        self._scanner.cancel()
        for t in self._threads:
            if t.is_alive():
                t.join(timeout=10)

    # --- properties -------------------------------------------------------------

    def _set(self, name: str, value: Any) -> None:
        if self._values.get(name) != value:
            self._values[name] = value
            getattr(self, name + "Changed").emit()

    readingChanged = Signal()

    @Property(bool, notify=readingChanged)
    def reading(self) -> bool:
        """A card is on the reader and being read."""
        return bool(self._values["reading"])

    hubOnlineChanged = Signal()

    @Property(bool, notify=hubOnlineChanged)
    def hubOnline(self) -> bool:
        """The hub answered the last health check."""
        return bool(self._values["hubOnline"])

    pendingChanged = Signal()

    @Property(int, notify=pendingChanged)
    def pending(self) -> int:
        """Submissions waiting in the outbox."""
        return int(self._values["pending"])

    @Property(str, constant=True)
    def terminalId(self) -> str:
        """This terminal's id."""
        return self._config.terminal.id

    @Property(float, constant=True)
    def terminalLat(self) -> float:
        """Where this terminal stands (centre of the half-hour circle)."""
        return float(self._config.terminal.lat)

    @Property(float, constant=True)
    def terminalLon(self) -> float:
        """Where this terminal stands."""
        return float(self._config.terminal.lon)

    previewSourceChanged = Signal()

    @Property(str, notify=previewSourceChanged)
    def previewSource(self) -> str:
        """``image://kiosk/preview/<n>`` for the latest camera frame (empty: no camera)."""
        return str(self._values["previewSource"])

    outlineChanged = Signal()

    @Property("QVariantList", notify=outlineChanged)  # type: ignore[arg-type]
    def outline(self) -> list[float]:
        """The detected page's corners as x0, y0 … x3, y3 in 0–1 of the preview."""
        return list(self._values["outline"])

    cameraHintChanged = Signal()

    @Property(str, notify=cameraHintChanged)
    def cameraHint(self) -> str:
        """Catalogue key of the most useful camera hint right now."""
        return str(self._values["cameraHint"])

    cameraReadyChanged = Signal()

    @Property(bool, notify=cameraReadyChanged)
    def cameraReady(self) -> bool:
        """The page is still and sharp: it is about to be taken."""
        return bool(self._values["cameraReady"])

    activeMaterialChanged = Signal()

    @Property(str, notify=activeMaterialChanged)
    def activeMaterial(self) -> str:
        """Which material the camera is capturing now."""
        return str(self._values["activeMaterial"])

    thumbnailsChanged = Signal()

    @Property("QVariantList", notify=thumbnailsChanged)  # type: ignore[arg-type]
    def thumbnails(self) -> list[dict[str, Any]]:
        """Captured pages: material, index and image URL."""
        return list(self._values["thumbnails"])

    # --- slots ------------------------------------------------------------------------

    @Slot(str)
    def selectMaterial(self, material_type: str) -> None:
        """Capture pages of this material next."""
        self._active_material = material_type
        self._set("activeMaterial", material_type)

    @Slot()
    def captureNow(self) -> None:
        """Take the picture now instead of waiting for auto-capture."""
        self._capture_now.set()

    @Slot(str, int)
    def deletePage(self, material_type: str, index: int) -> None:
        """Delete a captured page (and its thumbnail) so it can be retaken."""
        self._journey.removePage(material_type, index)
        kept = [t for t in self._thumbs if not (t["material"] == material_type
                                                and t["index"] == index)]
        for t in kept:
            if t["material"] == material_type and t["index"] > index:
                t["index"] -= 1
        self._thumbs = kept
        self._publish_thumbs()
        self.selectMaterial(material_type)

    # --- UI-thread reactions -------------------------------------------------------------

    @Slot()
    def _on_step(self) -> None:
        self._step = str(self._journey.value("step"))
        if self._step == "idle":
            self._thumbs = []
            self._images.drop("thumb/")
            self._images.drop("preview")
            self._set("thumbnails", [])
            self._set("previewSource", "")
            self._set("outline", [])
            self._set("cameraHint", "")
            self._set("activeMaterial", "")
            self._active_material = ""

    @Slot()
    def _on_materials(self) -> None:
        self._materials = self._journey.value("materials")
        types = {m["type"] for m in self._materials}
        if self._active_material not in types:
            self._active_material = ""
        if not self._active_material:
            missing = [m for m in self._materials
                       if not m["on_file"] and m["pages"] < m["pages_wanted"]]
            self._active_material = missing[0]["type"] if missing else ""
        self._set("activeMaterial", self._active_material)

    @Slot()
    def _on_view(self) -> None:
        if not self._journey.value("busy") and self._values["reading"]:
            self._set("reading", False)

    @Slot(bool)
    def _on_reading(self, on: bool) -> None:
        self._set("reading", on)

    @Slot(str, list, str, bool)
    def _on_frame(self, source: str, outline: list[float], hint: str, ready: bool) -> None:
        if self._step != "materials":
            return
        self._set("previewSource", source)
        self._set("outline", outline)
        self._set("cameraHint", hint)
        self._set("cameraReady", ready)

    @Slot(str, int)
    def _on_captured(self, material_type: str, serial: int) -> None:
        index = sum(1 for t in self._thumbs if t["material"] == material_type)
        self._thumbs.append({"material": material_type, "index": index, "key": serial})
        self._publish_thumbs()
        self._on_materials()

    def _publish_thumbs(self) -> None:
        self._set("thumbnails", [
            {"material": t["material"], "index": t["index"],
             "source": f"image://kiosk/thumb/{t['key']}/{t['index']}"} for t in self._thumbs])

    @Slot(bool, int)
    def _on_status(self, online: bool, pending: int) -> None:
        self._set("hubOnline", online)
        self._set("pending", pending)

    # --- threads ------------------------------------------------------------------------

    def _status_loop(self) -> None:
        if self._status_source is None:
            return
        interval = float(self._config.timeouts.health_probe_s)
        while not self._stop.is_set():
            try:
                online, pending = self._status_source()
            except Exception as exc:
                log.warning("status check failed: %s", type(exc).__name__)
                online, pending = False, self._values["pending"]
            self._statusReady.emit(online, pending)
            self._wait(interval)

    def _wait(self, seconds: float) -> None:
        """Pause through the clock in short steps so ``stop`` is prompt."""
        end = self._clock.monotonic() + seconds
        while not self._stop.is_set() and self._clock.monotonic() < end:
            self._clock.sleep(min(0.1, seconds))

    def _device_loop(self) -> None:
        tracker: DocumentTracker | None = None
        tracked = ""
        while not self._stop.is_set():
            try:
                self._watch_citizen_card()
                step = self._step
                if step != "materials":
                    tracker = None  # a new visit starts with a fresh, armed tracker
                if step == "idle" and not self._journey.value("busy"):
                    self._poll_id_card()
                    if self._stop.is_set() or self._step != "idle":
                        continue
                    self._scan_qr()
                elif step == "materials" and self._active_material:
                    if tracker is None or tracked != self._active_material:
                        tracker = self._tracker_for(self._active_material)
                        tracked = self._active_material
                    self._camera_frame(tracker, tracked)
                    self._wait(FRAME_INTERVAL_S)
                else:
                    tracker = None
                    self._wait(self._poll_s)
            except Exception as exc:
                # A driver bug must not stop the watching; the type only (no card data).
                log.error("device loop: %s", type(exc).__name__)
                self._wait(self._poll_s)

    def _watch_citizen_card(self) -> None:
        status = self._devices.citizen_card.status()
        present = status is CitizenCardReaderStatus.CARD_PRESENT
        if present and not self._cc_read and self._step == "idle" and not self._journey.value("busy"):
            self._readingSet.emit(True)
            read = self._devices.citizen_card.read_card()
            self._cc_read = True
            if isinstance(read, CitizenCardData):
                self._journey.post(j.CitizenCardRead(read))
            else:
                self._readingSet.emit(False)
                self._journey.post(j.CardReadFailed(read.message_key))
        if not present and self._cc_present:
            self._cc_read = False
            self._journey.post(j.CitizenCardRemoved())
        if not present:
            self._cc_read = False
        self._cc_present = present

    def _poll_id_card(self) -> None:
        reader = self._devices.idcard
        if reader.status() is IdCardReaderStatus.CARD_PRESENT:
            self._readingSet.emit(True)
        read = reader.read_card()
        if isinstance(read, IdCardData):
            self._id_failure = None
            self._journey.post(j.IdCardRead(read))
            return
        if read.kind in _QUIET_ID_FAILURES:
            self._id_failure = None
            if self._values["reading"]:
                self._readingSet.emit(False)
            return
        self._readingSet.emit(False)
        if read.message_key != self._id_failure:
            # Tell the resident once per fault, not on every poll.
            self._id_failure = read.message_key
            self._journey.post(j.CardReadFailed(read.message_key))

    def _scan_qr(self) -> None:
        payload = self._scanner.scan(self._poll_s, self._stop)
        if payload is None:
            self._last_qr = None
            return
        if payload == self._last_qr or self._step != "idle":
            return
        self._last_qr = payload
        self._readingSet.emit(True)
        self._journey.post(j.QrScanned(payload))

    # --- materials camera ------------------------------------------------------------------

    def _tracker_for(self, material_type: str) -> DocumentTracker:
        spec = None
        for m in self._materials:
            if m["type"] == material_type:
                spec = MaterialSpec(material_type, float(m["width_mm"]), float(m["height_mm"]))
        return DocumentTracker(spec, self._clock)

    def _camera_frame(self, tracker: DocumentTracker, material_type: str) -> None:
        frame = self._devices.camera.grab()
        if not isinstance(frame, Frame):
            self._frameReady.emit("", [], frame.message_key, False)
            return
        full = frame.image
        scale = PREVIEW_WIDTH / full.shape[1] if full.shape[1] > PREVIEW_WIDTH else 1.0
        small = cv2.resize(full, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) \
            if scale < 1.0 else full
        state = tracker.feed(small)
        self._serial += 1
        self._images.put("preview", bgr_to_qimage(small))
        h, w = small.shape[:2]
        outline: list[float] = []
        if state.quad is not None:
            for x, y in np.asarray(state.quad, dtype=np.float64).reshape(4, 2):
                outline += [float(x) / w, float(y) / h]
        self._frameReady.emit(f"image://kiosk/preview/{self._serial}", outline,
                              state.message_key or "", state.ready_to_capture)
        want = self._capture_now.is_set() or state.ready_to_capture
        if not want:
            return
        self._capture_now.clear()
        quad: Quad = state.quad if state.quad is not None else np.array(
            [[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float64)
        spec = tracker.spec or MaterialSpec(material_type, 210.0, 297.0)
        page = capture(full, quad, spec, preview_size=(w, h), barcodes=False)
        tracker.captured()
        thumb_scale = THUMB_WIDTH / page.image.shape[1]
        thumb = cv2.resize(page.image, None, fx=thumb_scale, fy=thumb_scale,
                           interpolation=cv2.INTER_AREA)
        self._serial += 1
        self._images.put(f"thumb/{self._serial}", bgr_to_qimage(thumb))
        self._journey.add_page(material_type, page.jpeg)
        self._captured.emit(material_type, self._serial)
