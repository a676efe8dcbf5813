"""Device polling for the screens, off the UI thread.

One background thread watches the hardware the way the current screen needs:
on the idle screen it polls the ID-card reader (never faster than
``timeouts.card_poll_s``), watches the citizen-card slot and runs the QR
scanner on the camera; on every screen it notices a citizen card leaving the
slot. What it finds becomes journey events. A second thread refreshes the
status bar (hub reachable, queue length).

On the materials screen two more threads share the camera's work so the live
preview never waits for the document pipeline: ``ui-camera`` grabs frames at
the camera's rate (its ``fps`` option), scales each one straight into a new
QImage for the image provider and offers it to ``ui-detect``, which runs the
document tracker on the newest offered frame only (stale ones are dropped),
at most every ``DETECT_INTERVAL_S``, and takes the pictures. Which material is
being captured, how many pages it still wants and when to move on to the next
one is decided here, under one lock; QML only shows it.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from PySide6.QtCore import Property, QObject, Qt, Signal, Slot
from PySide6.QtQml import QmlElement

from devices.barcode.qr_watch import QrScanner
from devices.camera.protocol import CameraFailure, CameraFailureKind, CameraStatus, Frame
from devices.citizen_card.protocol import CitizenCardData, CitizenCardReaderStatus
from devices.factory import DeviceSet
from devices.idcard.protocol import IdCardData, IdCardFailureKind, IdCardReaderStatus
from kiosk.app import journey as j
from kiosk.app.documents.geometry import Quad
from kiosk.app.documents.materials import MaterialSpec
from kiosk.app.documents.tracker import DocumentTracker, TrackState, capture
from kiosk.base.clock import Clock, SystemClock
from kiosk.base.config import KioskConfig
from kiosk.base.i18n import translate
from ui.adapters.images import KioskImageProvider, bgr_to_qimage, scaled_qimage
from ui.adapters.journey_adapter import JourneyAdapter

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 640
THUMB_WIDTH = 240
DEFAULT_CAMERA_FPS = 15.0
MAX_PREVIEW_FPS = 30.0
DETECT_INTERVAL_S = 0.1
"""Shortest time between two tracker runs: detection costs tens of milliseconds a frame,
so it runs at up to 10 Hz on the newest frame while the preview keeps the camera's rate."""
_OFFER_WAIT_S = 0.05  # how long the detector blocks for a frame before checking ``stop``
# Hints of the materials screen that are not pipeline verdicts (kiosk/base/locale/*/camera_ui.po).
HINT_PAGE_TAKEN = "camera.page_taken"
HINT_MATERIAL_COMPLETE = "camera.material_complete"
HINT_HOLD_STILL = "document.moving"
HINT_NOT_FOUND = "document.not_found"
# Reader failures that are part of normal use, not something to tell the resident.
_QUIET_ID_FAILURES = frozenset({IdCardFailureKind.NO_CARD, IdCardFailureKind.CARD_NOT_REMOVED})

# Screens where a QR held to the camera means something: an e-ID or a receipt (idle), a
# receipt (track a case).
_QR_STEPS = ("idle", "track_case")
StatusSource = Callable[[], tuple[bool, int]]


@dataclass(frozen=True)
class _Offer:
    """One grabbed frame for the detector: the preview pixels and the full frame.

    ``preview`` holds the QImage whose buffer ``pixels`` views, keeping it alive.
    ``pixels`` is ``None`` when the camera gave no frame (``failure`` says why).
    """

    pixels: Any
    full: Any
    preview: Any
    failure: str = ""


@QmlElement
class DevicesAdapter(QObject):
    """Turns card readers and the camera into journey events; feeds the status bar."""

    _previewReady = Signal(str)
    _detected = Signal(list, str, bool)
    _captured = Signal()
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
        camera_config = config.devices.get("camera")
        fps = camera_config.options.get("fps") if camera_config is not None else None
        # The camera factory validates ``fps`` for real and simulated cameras; the memory
        # camera has no options, so anything else means the default rate.
        if not isinstance(fps, int | float) or isinstance(fps, bool):
            fps = DEFAULT_CAMERA_FPS
        self._frame_s = 1.0 / min(MAX_PREVIEW_FPS, max(1.0, float(fps)))
        self._serials = itertools.count(1)
        # Capture state, shared by the UI thread and ui-detect; guarded by ``_lock``.
        self._lock = threading.Lock()
        self._materials: list[j.MaterialView] = []
        self._active_material = ""
        self._thumbs: list[dict[str, Any]] = []
        self._epoch = 0  # bumped when the material changes: ui-detect starts a new tracker
        self._disarmed = False  # a picture was taken and that page has not left the camera
        # The newest grabbed frame for ui-detect (older ones are dropped); ``_offer_lock``.
        self._offer_lock = threading.Lock()
        self._offered: _Offer | None = None
        self._offer_event = threading.Event()
        self._values: dict[str, Any] = {
            "reading": False, "hubOnline": True, "pending": 0, "previewSource": "",
            "outline": [], "cameraHint": "", "cameraHintText": "", "cameraReady": False,
            "activeMaterial": "", "thumbnails": [], "captureEnabled": False,
            "materialsComplete": False,
        }
        self._scanner = QrScanner(devices.camera, devices.barcode, self._clock)
        self._last_qr: str | None = None
        self._id_failure: str | None = None
        self._cc_present = False
        self._cc_read = False
        self._previewReady.connect(self._on_preview, Qt.ConnectionType.QueuedConnection)
        self._detected.connect(self._on_detected, Qt.ConnectionType.QueuedConnection)
        self._captured.connect(self._publish_capture_state, Qt.ConnectionType.QueuedConnection)
        self._statusReady.connect(self._on_status, Qt.ConnectionType.QueuedConnection)
        self._readingSet.connect(self._on_reading, Qt.ConnectionType.QueuedConnection)
        journey.stepChanged.connect(self._on_step)
        journey.materialsChanged.connect(self._on_materials)
        journey.viewApplied.connect(self._on_view)
        journey.localeChanged.connect(self._translate_hint)
        self._threads = [
            threading.Thread(target=self._device_loop, name="ui-devices", daemon=True),
            threading.Thread(target=self._status_loop, name="ui-status", daemon=True),
            threading.Thread(target=self._camera_loop, name="ui-camera", daemon=True),
            threading.Thread(target=self._detect_loop, name="ui-detect", daemon=True),
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
        """Catalogue key of the most useful camera hint right now (a pipeline verdict's key,
        ``camera.page_taken``, ``camera.material_complete``, ``camera.unavailable`` …)."""
        return str(self._values["cameraHint"])

    cameraHintTextChanged = Signal()

    @Property(str, notify=cameraHintTextChanged)
    def cameraHintText(self) -> str:
        """``cameraHint`` in the resident's language (follows language switches)."""
        return str(self._values["cameraHintText"])

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

    captureEnabledChanged = Signal()

    @Property(bool, notify=captureEnabledChanged)
    def captureEnabled(self) -> bool:
        """The active material still wants pages: "Take picture" may add one."""
        return bool(self._values["captureEnabled"])

    materialsCompleteChanged = Signal()

    @Property(bool, notify=materialsCompleteChanged)
    def materialsComplete(self) -> bool:
        """Every required material is on file or has all its pages: "Next" is the next step."""
        return bool(self._values["materialsComplete"])

    # --- slots ------------------------------------------------------------------------

    @Slot(str)
    def selectMaterial(self, material_type: str) -> None:
        """Capture pages of this material next (the resident tapped it).

        A tap means "this paper now": the new tracker is armed even if the last page
        is still under the camera. A material on file at the hub cannot be chosen.
        """
        with self._lock:
            if not any(m.type == material_type and not m.on_file for m in self._materials):
                return
            self._active_material = material_type
            self._epoch += 1
            self._disarmed = False
        self._capture_now.clear()
        self._publish_capture_state()

    @Slot()
    def captureNow(self) -> None:
        """Take the picture now instead of waiting for auto-capture (if pages are wanted)."""
        with self._lock:
            room = self._room_locked(self._active_material)
        if room > 0:
            self._capture_now.set()

    @Slot(str, int)
    def deletePage(self, material_type: str, index: int) -> None:
        """Delete a captured page (and its thumbnail); its material is captured next."""
        with self._lock:
            gone = [t for t in self._thumbs
                    if t["material"] == material_type and t["index"] == index]
            if not gone:
                return
            self._thumbs = [t for t in self._thumbs if t not in gone]
            for t in self._thumbs:
                if t["material"] == material_type and t["index"] > index:
                    t["index"] -= 1
            self._active_material = material_type
            self._epoch += 1
            self._disarmed = False  # retaking: the page under the camera may be taken again
        self._journey.removePage(material_type, index)
        self._images.remove(f"thumb/{gone[0]['key']}")
        self._capture_now.clear()
        self._publish_capture_state()

    # --- UI-thread reactions -------------------------------------------------------------

    @Slot()
    def _on_step(self) -> None:
        self._step = str(self._journey.value("step"))
        self._capture_now.clear()
        if self._step == "idle":
            with self._lock:
                self._thumbs = []
                self._active_material = ""
                self._epoch += 1
                self._disarmed = False
            self._images.drop("thumb/")
            self._images.drop("preview")
            self._set("previewSource", "")
            self._set("outline", [])
            self._set("cameraReady", False)
            self._set_hint("")
            self._publish_capture_state()

    @Slot()
    def _on_materials(self) -> None:
        view = self._journey.current_view()
        materials = list(view.materials or ()) if view is not None else []
        with self._lock:
            self._materials = materials
            active = next((m for m in materials if m.type == self._active_material), None)
            if active is None or active.on_file:
                self._active_material = ""
            if not self._active_material:
                self._active_material = self._next_missing_locked("")
                self._epoch += 1
        self._publish_capture_state()

    @Slot()
    def _on_view(self) -> None:
        if not self._journey.value("busy") and self._values["reading"]:
            self._set("reading", False)

    @Slot(bool)
    def _on_reading(self, on: bool) -> None:
        self._set("reading", on)

    def stage_reading(self, on: bool) -> None:
        """Show the reading screen as the device thread does during a read (screenshots)."""
        self._on_reading(on)

    @Slot(str)
    def _on_preview(self, source: str) -> None:
        if self._step == "materials":
            self._set("previewSource", source)

    @Slot(list, str, bool)
    def _on_detected(self, outline: list[float], hint: str, ready: bool) -> None:
        if self._step != "materials":
            return
        self._set("outline", outline)
        self._set("cameraReady", ready)
        self._set_hint(hint)

    def _set_hint(self, key: str) -> None:
        self._set("cameraHint", key)
        self._translate_hint()

    @Slot()
    def _translate_hint(self) -> None:
        key = str(self._values["cameraHint"])
        # Any key the pipeline sends is shown through the catalogue, so a new verdict
        # needs only its message, no change here or in QML.
        self._set("cameraHintText", translate(key, str(self._journey.value("locale")))
                  if key else "")

    @Slot()
    def _publish_capture_state(self) -> None:
        """Show the capture state (UI thread): active material, thumbnails, what is next."""
        with self._lock:
            active = self._active_material
            room = self._room_locked(active)
            thumbs = [{"material": t["material"], "index": t["index"],
                       "source": f"image://kiosk/thumb/{t['key']}/{t['index']}"}
                      for t in self._thumbs]
            complete = bool(self._materials) and not any(
                m.required and not m.on_file and self._room_locked(m.type) > 0
                for m in self._materials)
        self._set("activeMaterial", active)
        self._set("thumbnails", thumbs)
        self._set("captureEnabled", bool(active) and room > 0)
        self._set("materialsComplete", complete)

    # --- capture bookkeeping (callers hold ``_lock``) -------------------------------------

    def _room_locked(self, material_type: str) -> int:
        """How many more pages ``material_type`` wants (0 for none, on file or unknown)."""
        for m in self._materials:
            if m.type == material_type:
                if m.on_file:
                    return 0
                have = sum(1 for t in self._thumbs if t["material"] == material_type)
                return max(0, m.pages_wanted - have)
        return 0

    def _next_missing_locked(self, after: str) -> str:
        """The material to capture after ``after``: the next one still wanting pages in
        list order (wrapping round), required ones before optional ones; "" when none."""
        types = [m.type for m in self._materials]
        start = types.index(after) + 1 if after in types else 0
        ordered = self._materials[start:] + self._materials[:start]
        wanting = [m for m in ordered if self._room_locked(m.type) > 0]
        wanting.sort(key=lambda m: not m.required)  # stable: keeps the list order
        return wanting[0].type if wanting else ""

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
        while not self._stop.is_set():
            try:
                self._watch_citizen_card()
                step = self._step
                if step == "idle" and not self._journey.value("busy"):
                    self._poll_id_card()
                    if self._stop.is_set() or self._step != "idle":
                        continue
                    self._scan_qr()
                elif step == "track_case" and not self._journey.value("busy"):
                    self._scan_qr()  # the receipt's QR, held up instead of typing the code
                else:
                    # The materials screen's camera is ui-camera's; only the cards here.
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
        if payload == self._last_qr or self._step not in _QR_STEPS:
            return
        self._last_qr = payload
        if self._step == "idle":
            self._readingSet.emit(True)
        self._journey.post(j.QrScanned(payload))

    # --- materials camera: ui-camera (preview) ---------------------------------------------

    def _camera_loop(self) -> None:
        """Grab at the camera's rate while the materials screen is up; idle otherwise."""
        while not self._stop.is_set():
            if self._step != "materials":
                self._wait(self._poll_s)
                continue
            started = self._clock.monotonic()
            try:
                self._grab_preview()
            except Exception as exc:
                log.error("camera preview: %s", type(exc).__name__)
            # A camera whose grab blocks until its next frame paces itself; one that
            # answers at once (memory, simulator) is paced here.
            left = self._frame_s - (self._clock.monotonic() - started)
            if left > 0:
                self._wait(left)

    def _grab_preview(self) -> None:
        frame = self._devices.camera.grab()
        if not isinstance(frame, Frame):
            if self._camera_gone(frame):
                self._offer(_Offer(None, None, None, frame.message_key))
                self._previewReady.emit("")
            # else a frame dropped by a working camera: the page is still there, and
            # the last picture and hint stand until the next frame
            return
        full = frame.image
        h, w = full.shape[:2]
        scale = min(1.0, PREVIEW_WIDTH / w)
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        preview, pixels = scaled_qimage(full, size)
        self._images.put("preview", preview)
        self._offer(_Offer(pixels, full, preview))
        self._previewReady.emit(f"image://kiosk/preview/{next(self._serials)}")

    def _camera_gone(self, failure: CameraFailure) -> bool:
        """Whether a failed grab means the camera is unavailable, not one dropped frame."""
        return (failure.kind is CameraFailureKind.NO_CAMERA
                or self._devices.camera.status() in (CameraStatus.DISCONNECTED,
                                                     CameraStatus.FAULT))

    def _offer(self, offer: _Offer) -> None:
        """Hand the newest frame to ui-detect, replacing one it has not looked at yet."""
        with self._offer_lock:
            self._offered = offer
            self._offer_event.set()

    # --- materials camera: ui-detect (outline, hints, capture) ------------------------------

    def _detect_loop(self) -> None:
        tracker: DocumentTracker | None = None
        epoch = -1
        last_run: float | None = None
        while not self._stop.is_set():
            if not self._offer_event.wait(_OFFER_WAIT_S):
                continue
            if last_run is not None and not self._capture_now.is_set():
                left = DETECT_INTERVAL_S - (self._clock.monotonic() - last_run)
                if left > 0:
                    self._wait(left)  # frames offered meanwhile replace each other
            with self._offer_lock:
                offer, self._offered = self._offered, None
                self._offer_event.clear()
            if self._step != "materials":
                tracker = None  # the next visit starts with a fresh tracker
                with self._offer_lock:
                    self._offered = None  # nor keep a picture of the resident's papers
                continue
            if offer is None:
                continue
            last_run = self._clock.monotonic()
            try:
                with self._lock:
                    material = self._active_material
                    if tracker is None or epoch != self._epoch:
                        tracker, epoch = self._tracker_for(material), self._epoch
                        if self._disarmed:
                            tracker.captured()
                self._detect(offer, tracker, material)
            except Exception as exc:
                log.error("document tracking: %s", type(exc).__name__)

    def _tracker_for(self, material_type: str) -> DocumentTracker:
        spec = None
        for m in self._materials:
            if m.type == material_type:
                spec = MaterialSpec(material_type, m.width_mm, m.height_mm)
        return DocumentTracker(spec, self._clock)

    def _detect(self, offer: _Offer, tracker: DocumentTracker, material: str) -> None:
        if offer.pixels is None:
            self._capture_now.clear()  # nothing to take a picture of
            self._detected.emit([], self._hint_for(None, material, offer.failure), False)
            return
        state = tracker.feed(offer.pixels)
        if state.quad is None:
            with self._lock:
                self._disarmed = False  # the tracker re-arms itself when the page goes
        h, w = offer.pixels.shape[:2]
        outline: list[float] = []
        if state.quad is not None:
            for x, y in np.asarray(state.quad, dtype=np.float64).reshape(4, 2):
                outline += [float(x) / w, float(y) / h]
        hint = self._hint_for(state, material, "")
        want = self._capture_now.is_set() or state.ready_to_capture
        self._detected.emit(outline, hint, state.ready_to_capture and hint == "document.ready")
        if want:
            self._capture_now.clear()
            if hint != HINT_MATERIAL_COMPLETE and material:
                self._take(offer, state, tracker, material)

    def _hint_for(self, state: TrackState | None, material: str, failure: str) -> str:
        """The key of the one hint to show: capture state first, then the pipeline's verdict."""
        with self._lock:
            if not material:
                return ""  # everything is in; the screen says so
            if self._room_locked(material) <= 0:
                return HINT_MATERIAL_COMPLETE
            disarmed = self._disarmed
        if state is None:
            return failure or HINT_NOT_FOUND
        if state.quad is not None and disarmed:
            return HINT_PAGE_TAKEN
        # The pipeline's own key (not found, moving, cut off, glare, blur, too small, a
        # wrong material, ready …) whatever it is; only "found, no problem, counting the
        # still frames" has none.
        return state.message_key or HINT_HOLD_STILL

    def _take(self, offer: _Offer, state: TrackState, tracker: DocumentTracker,
              material: str) -> None:
        """Capture one page of ``material`` at full resolution and record it."""
        h, w = offer.pixels.shape[:2]
        quad: Quad = state.quad if state.quad is not None else np.array(
            [[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float64)
        spec = tracker.spec or MaterialSpec(material, 210.0, 297.0)
        page = capture(offer.full, quad, spec, preview_size=(w, h), barcodes=False)
        tracker.captured()
        thumb_scale = THUMB_WIDTH / page.image.shape[1]
        thumb = cv2.resize(page.image, None, fx=thumb_scale, fy=thumb_scale,
                           interpolation=cv2.INTER_AREA)
        key = next(self._serials)
        with self._lock:
            self._disarmed = True
            if self._step != "materials" or self._room_locked(material) <= 0:
                return  # the screen or the material changed while the picture was taken
            index = sum(1 for t in self._thumbs if t["material"] == material)
            self._images.put(f"thumb/{key}", bgr_to_qimage(thumb))
            self._thumbs.append({"material": material, "index": index, "key": key})
            # Posted under the lock so pages reach the journey in thumbnail order.
            self._journey.add_page(material, page.jpeg)
            if self._active_material == material and self._room_locked(material) <= 0:
                # Done with this one: on to the next material still missing. The page is
                # still under the camera, so the new tracker starts disarmed.
                self._active_material = self._next_missing_locked(material)
                self._epoch += 1
        self._captured.emit()
