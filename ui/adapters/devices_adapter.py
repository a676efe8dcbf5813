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
being captured, how many pages it still wants, when to take a picture and when to
move on to the next one is the capture workflow's (``kiosk/app/capture.py``); this
adapter forwards it frames and taps and publishes its state to QML.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cv2
from PySide6.QtCore import Property, QObject, Qt, Signal, Slot
from PySide6.QtQml import QmlElement

from devices.barcode.qr_watch import QrScanner
from devices.camera.protocol import Frame
from devices.citizen_card.protocol import CitizenCardData, CitizenCardReaderStatus
from devices.factory import DeviceSet
from devices.idcard.protocol import IdCardData, IdCardFailureKind, IdCardReaderStatus
from kiosk.app import journey as j
from kiosk.app.capture import (
    CameraFrame,
    CameraGone,
    CaptureWorkflow,
    Sighting,
    WantedMaterial,
    failed_grab,
)
from kiosk.base.clock import Clock, SystemClock
from kiosk.base.config import KioskConfig
from kiosk.base.config.devices import CameraOptions
from kiosk.base.events import Ident, emit
from kiosk.base.events.catalogue import UiWorkerFailed
from kiosk.base.i18n import translate
from ui.adapters.images import KioskImageProvider, bgr_to_qimage, scaled_qimage
from ui.adapters.journey_adapter import JourneyAdapter
from ui.adapters.published import publish

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1


PREVIEW_WIDTH = 640
THUMB_WIDTH = 240
DEFAULT_CAMERA_FPS = 15.0
MAX_PREVIEW_FPS = 30.0
DETECT_INTERVAL_S = 0.1
"""Shortest time between two tracker runs: detection costs tens of milliseconds a frame,
so it runs at up to 10 Hz on the newest frame while the preview keeps the camera's rate."""
_OFFER_WAIT_S = 0.05  # how long the detector blocks for a frame before checking ``stop``
# Reader failures that are part of normal use, not something to tell the resident.
_QUIET_ID_FAILURES = frozenset({IdCardFailureKind.NO_CARD, IdCardFailureKind.CARD_NOT_REMOVED})

# Screens where a QR held to the camera means something: an e-ID or a receipt (idle), a
# receipt (track a case).
_QR_STEPS = ("idle", "track_case")
StatusSource = Callable[[], tuple[bool, int]]


@dataclass(frozen=True)
class _Offer:
    """One grabbed frame for the detector (or word that the camera is gone).

    ``preview`` holds the QImage whose buffer the frame's preview pixels view, keeping
    it alive.
    """

    view: CameraFrame | CameraGone
    preview: Any = None


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
        # Cleared while the kiosk is out of service: no card or QR starts an errand then.
        self._identify = threading.Event()
        self._identify.set()
        # Set while the technician screens own the readers (they read the technician's card).
        self._paused = threading.Event()
        self._pause_seen = threading.Event()  # the device loop has let go of the readers
        self._resumed = False
        self._passes = 0  # device-loop passes so far (tests wait for a few to see nothing happen)
        self._step: str = str(journey.value("step"))
        camera_config = config.devices.get("camera")
        # Real and simulated cameras have a configured rate; the memory camera has no options.
        fps = camera_config.options.fps if camera_config is not None and isinstance(
            camera_config.options, CameraOptions) else DEFAULT_CAMERA_FPS
        self._frame_s = 1.0 / min(MAX_PREVIEW_FPS, max(1.0, float(fps)))
        self._serials = itertools.count(1)
        # Shared by the UI thread (taps, journey views) and ui-detect (frames); it locks.
        self._workflow = CaptureWorkflow(self._clock, journey.post)
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
        self._qr_seen_on_resume = False  # the first QR in view after a pause is the technician's
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

    def set_identifying(self, on: bool) -> None:
        """Whether cards and QR codes on the idle screen start an errand (off out of service)."""
        if on:
            self._identify.set()
        else:
            self._identify.clear()

    def set_paused(self, on: bool) -> None:
        """Stop (or resume) watching the readers and the QR scanner: the technician screens' turn.

        On resuming, a citizen card still in the slot (the technician's) counts as read, and
        so does a QR still in front of the camera (the camera check's), so neither starts a
        resident's errand; taking it away and presenting it again does.
        """
        if on:
            self._pause_seen.clear()
            self._paused.set()
        else:
            self._resumed = True
            self._paused.clear()

    def passes(self) -> int:
        """How many times the device loop has gone round (a card poll each time)."""
        return self._passes

    def wait_paused(self, timeout_s: float = 5.0) -> bool:
        """Block (off the UI thread) until the device loop has finished its last read after a pause."""
        return self._pause_seen.wait(timeout_s) or not self._threads[0].is_alive()

    def stop(self) -> None:
        """Stop polling and wait for the threads."""
        self._stop.set()
        self._scanner.cancel()
        for t in self._threads:
            if t.is_alive():
                t.join(timeout=10)

    # --- properties -------------------------------------------------------------

    def _set(self, name: str, value: Any) -> None:
        publish(self, self._values, name, value)

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

        A tap means "this paper now": it is taken even if the last page is still under
        the camera. A material on file at the hub cannot be chosen.
        """
        if self._workflow.select(material_type):
            self._publish_capture_state()

    @Slot()
    def captureNow(self) -> None:
        """Take the picture now instead of waiting for auto-capture (if pages are wanted)."""
        self._workflow.request_capture()

    @Slot(str, int)
    def deletePage(self, material_type: str, index: int) -> None:
        """Delete a captured page (and its thumbnail); its material is captured next."""
        gone = self._workflow.delete_page(material_type, index)
        if gone is None:
            return
        self._images.remove(f"thumb/{gone.page_id}")
        self._publish_capture_state()

    # --- UI-thread reactions -------------------------------------------------------------

    @Slot()
    def _on_step(self) -> None:
        self._step = str(self._journey.value("step"))
        # The rating screen comes after the session's personal data is gone: so do the pages.
        if self._step not in ("idle", "rating"):
            self._workflow.restart_tracking()
            return
        self._workflow.reset()
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
        materials = view.materials or () if view is not None else ()
        self._workflow.set_materials([
            WantedMaterial(m.type, m.width_mm, m.height_mm, m.pages_wanted, m.required, m.on_file)
            for m in materials])
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
        status = self._workflow.status()
        self._set("activeMaterial", status.active)
        self._set("thumbnails", [
            {"material": p.material, "index": p.index,
             "source": f"image://kiosk/thumb/{p.page_id}/{p.index}"} for p in status.pages])
        self._set("captureEnabled", status.capture_enabled)
        # "Next" is the main button only once every wanted page is in; the journey itself
        # accepts it earlier (status.required_met).
        self._set("materialsComplete", status.all_required_pages_taken)

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
                emit(UiWorkerFailed(worker=Ident("status_check"), exc_type=Ident.of(type(exc).__name__)))
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
            self._passes += 1
            try:
                if self._paused.is_set():
                    self._pause_seen.set()
                    self._wait(self._poll_s)
                    continue
                self._pause_seen.clear()
                if self._resumed:
                    self._resumed = False
                    self._cc_present = self._cc_read = (
                        self._devices.citizen_card.status() is CitizenCardReaderStatus.CARD_PRESENT)
                    self._qr_seen_on_resume = True
                self._watch_citizen_card()
                step = self._step
                if step == "idle" and not self._identify.is_set():
                    self._wait(self._poll_s)
                elif step == "idle" and not self._journey.value("busy"):
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
                emit(UiWorkerFailed(worker=Ident("device_loop"), exc_type=Ident.of(type(exc).__name__)))
                self._wait(self._poll_s)

    def _watch_citizen_card(self) -> None:
        status = self._devices.citizen_card.status()
        present = status is CitizenCardReaderStatus.CARD_PRESENT
        if present and not self._cc_read and self._step == "idle" \
                and self._identify.is_set() and not self._journey.value("busy"):
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
        seen_before_resume, self._qr_seen_on_resume = self._qr_seen_on_resume, False
        if payload is None:
            self._last_qr = None
            return
        if seen_before_resume:
            self._last_qr = payload  # still in view from the technician's check
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
                emit(UiWorkerFailed(worker=Ident("camera_preview"), exc_type=Ident.of(type(exc).__name__)))
            # A camera whose grab blocks until its next frame paces itself; one that
            # answers at once (memory, simulator) is paced here.
            left = self._frame_s - (self._clock.monotonic() - started)
            if left > 0:
                self._wait(left)

    def _grab_preview(self) -> None:
        frame = self._devices.camera.grab()
        if not isinstance(frame, Frame):
            gone = failed_grab(frame, self._devices.camera)
            if gone is not None:
                self._offer(_Offer(gone))
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
        self._offer(_Offer(CameraFrame(pixels, full), preview))
        self._previewReady.emit(f"image://kiosk/preview/{next(self._serials)}")

    def _offer(self, offer: _Offer) -> None:
        """Hand the newest frame to ui-detect, replacing one it has not looked at yet."""
        with self._offer_lock:
            self._offered = offer
            self._offer_event.set()

    # --- materials camera: ui-detect (outline, hints, capture) ------------------------------

    def _detect_loop(self) -> None:
        last_run: float | None = None
        while not self._stop.is_set():
            if not self._offer_event.wait(_OFFER_WAIT_S):
                continue
            if last_run is not None and not self._workflow.capture_requested:
                left = DETECT_INTERVAL_S - (self._clock.monotonic() - last_run)
                if left > 0:
                    self._wait(left)  # frames offered meanwhile replace each other
            with self._offer_lock:
                offer, self._offered = self._offered, None
                self._offer_event.clear()
            if self._step != "materials":
                with self._offer_lock:
                    self._offered = None  # nor keep a picture of the resident's papers
                continue
            if offer is None:
                continue
            last_run = self._clock.monotonic()
            try:
                self._detect(offer.view)
            except Exception as exc:
                emit(UiWorkerFailed(worker=Ident("document_tracking"), exc_type=Ident.of(type(exc).__name__)))

    def _detect(self, view: CameraFrame | CameraGone) -> None:
        sighting = self._workflow.see(view)
        self._detected.emit(list(sighting.outline), sighting.hint, sighting.ready)
        if isinstance(view, CameraFrame) and sighting.capture_due:
            self._take(view, sighting)

    def _take(self, view: CameraFrame, sighting: Sighting) -> None:
        """Take the page at full resolution; its thumbnail is stored before the workflow
        counts it, so the screen never shows a thumbnail that is not there yet."""
        shot = self._workflow.take(view, sighting)
        if shot is None:
            return
        thumb_scale = THUMB_WIDTH / shot.page.image.shape[1]
        thumb = cv2.resize(shot.page.image, None, fx=thumb_scale, fy=thumb_scale,
                           interpolation=cv2.INTER_AREA)
        key = f"thumb/{shot.page_id}"
        self._images.put(key, bgr_to_qimage(thumb))
        if self._workflow.keep(shot) is None:
            # The screen or the material changed while the picture was taken.
            self._images.remove(key)
        self._captured.emit()
