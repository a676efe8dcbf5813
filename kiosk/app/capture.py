"""The materials step's capture workflow, without Qt: which page to take, when, and what next.

The materials screen (``ui/adapters/devices_adapter.py``) and the headless runner
(``kiosk/devtools/headless.py``) both capture through :class:`CaptureWorkflow`. It owns
which material the camera is capturing, how many pages each material wants and has,
the move to the next missing material after a capture, auto-capture arming (through the
:class:`~kiosk.app.documents.tracker.DocumentTracker` it keeps per material), manual
capture, deleting a page and the hint to show. Callers hand it camera frames and the
resident's actions and act on its typed results; pages reach the journey as ``AddPage`` /
``RemovePage`` events through the ``post`` callable it is given.

The rules:

- A page still lying under the camera after its picture is never taken twice: the
  tracker stays disarmed until a frame shows no page, and when a capture fills the
  material the next material's tracker starts disarmed too. Tapping a material or
  deleting a page means "this paper now": its tracker starts armed.
- A dropped frame from a working camera changes nothing (:func:`failed_grab` says so by
  returning ``None``); only a camera that is gone changes the hint, and it leaves the
  tracker as it was.
- Manual capture ("Take picture") takes the next frame even when no page is found (the
  whole frame then), if the active material still wants pages.

"Done" is two facts, kept apart on purpose and computed only here:

- ``required_met``: every required material not on file has at least one page. This is
  the journey's own rule for accepting "Next" (``Journey.missing_materials``), so a
  resident may go on with one side of a two-sided ID card.
- ``all_required_pages_taken``: every required material not on file has all the pages
  it wants. Until then the screen keeps "Take picture" its main button; from then on
  "Next" is (the adapter's ``materialsComplete``).

Threads: ``see``, ``take`` and ``keep`` run on one camera thread; the resident's actions
may come from another. One lock guards the bookkeeping; detection and the picture itself
run outside it.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from devices.camera.protocol import Camera, CameraFailure, CameraFailureKind, CameraStatus
from kiosk.app import journey as j
from kiosk.app.documents.geometry import Quad
from kiosk.app.documents.materials import MaterialSpec
from kiosk.app.documents.rectification import Image
from kiosk.app.documents.tracker import CapturedPage, DocumentTracker, TrackState, capture
from kiosk.base.clock import Clock
from kiosk.hub import schema

# Hints that are capture state, not pipeline verdicts (kiosk/base/locale/*/camera_ui.po).
HINT_PAGE_TAKEN = "camera.page_taken"
HINT_MATERIAL_COMPLETE = "camera.material_complete"
HINT_HOLD_STILL = "document.moving"
HINT_NOT_FOUND = "document.not_found"
_READY = "document.ready"
_FALLBACK_PAPER = (210.0, 297.0)  # A4, for a material the service gave no size for

PagePost = Callable[[j.AddPage | j.RemovePage], object]
"""Hands a page event to the journey (``Journey.handle`` or the UI's ``JourneyAdapter.post``)."""


@dataclass(frozen=True)
class WantedMaterial:
    """One material the service asks for, as the capture needs it."""

    type: str
    width_mm: float
    height_mm: float
    pages_wanted: int
    required: bool
    on_file: bool = False  # the hub has it already: nothing to capture

    @classmethod
    def from_hub(cls, spec: schema.MaterialSpec, *, on_file: bool) -> WantedMaterial:
        """The capture's view of a hub material spec."""
        return cls(spec.type, spec.width_mm, spec.height_mm, spec.pages, spec.required, on_file)

    @property
    def paper(self) -> MaterialSpec:
        """The document pipeline's spec for this material's paper."""
        return MaterialSpec(self.type, float(self.width_mm), float(self.height_mm))


@dataclass(frozen=True)
class CameraFrame:
    """One camera frame: ``preview`` for tracking, ``full`` (same view) for the picture."""

    preview: Image
    full: Image


@dataclass(frozen=True)
class CameraGone:
    """The camera stopped giving frames; ``message_key`` is its resident-facing message."""

    message_key: str


@dataclass(frozen=True)
class TakenPage:
    """A page the workflow counted: its material, its place there, and a session-wide id."""

    material: str
    index: int
    page_id: int  # names the page's thumbnail; never reused within a workflow


@dataclass(frozen=True)
class Sighting:
    """What one camera frame means for the screen, and whether to take the picture now."""

    material: str  # the material being captured when the frame was seen
    hint: str  # catalogue key of the one hint to show ("" when every material is in)
    outline: tuple[float, ...]  # the page's corners x0, y0 … x3, y3 in 0–1 of the preview
    ready: bool  # still and sharp: about to be taken by itself
    capture_due: bool  # call ``take`` with this frame (manual request or auto-capture)
    state: TrackState | None  # the tracker's verdict; None when the camera is gone
    tracker: DocumentTracker | None = field(default=None, repr=False, compare=False)
    """The tracker that saw the frame (``take`` disarms it)."""


@dataclass(frozen=True)
class Shot:
    """A picture taken for ``material`` and not counted yet: ``keep`` counts it."""

    material: str
    page: CapturedPage
    page_id: int
    visit: int  # the screen visit it was taken in; one from an earlier visit is dropped


@dataclass(frozen=True)
class CaptureStatus:
    """What the screen shows about the capture as a whole."""

    active: str  # the material being captured ("" when none still wants pages)
    pages: tuple[TakenPage, ...]  # in the order they were taken, per material by index
    capture_enabled: bool  # the active material still wants pages: "Take picture" adds one
    required_met: bool  # the journey would accept "Next" (see the module docstring)
    all_required_pages_taken: bool  # "Next" becomes the main button (see the module docstring)


def failed_grab(failure: CameraFailure, camera: Camera) -> CameraGone | None:
    """A failed grab as the workflow sees it: the camera gone, or ``None`` for one frame a
    working camera dropped (the page is still there; nothing changes)."""
    gone = (failure.kind is CameraFailureKind.NO_CAMERA
            or camera.status() in (CameraStatus.DISCONNECTED, CameraStatus.FAULT))
    return CameraGone(failure.message_key) if gone else None


def outline_of(quad: Quad | None, size: tuple[int, int]) -> tuple[float, ...]:
    """A quad's corners as x0, y0 … x3, y3 in 0–1 of an image ``size`` (w, h) wide and high."""
    if quad is None:
        return ()
    w, h = size
    out: list[float] = []
    for x, y in np.asarray(quad, dtype=np.float64).reshape(4, 2):
        out += [float(x) / w, float(y) / h]
    return tuple(out)


class CaptureWorkflow:
    """Page bookkeeping and auto-capture rules for the materials step."""

    def __init__(self, clock: Clock, post: PagePost) -> None:
        self._clock = clock
        self._post = post
        # An RLock: ``post`` runs under it (pages reach the journey in the order counted),
        # and a caller's event handling must not deadlock if it asks for the status.
        self._lock = threading.RLock()
        self._materials: tuple[WantedMaterial, ...] = ()
        self._active = ""
        self._pages: list[TakenPage] = []
        self._page_ids = itertools.count(1)
        self._manual = False  # "Take picture" was pressed; the next frame is taken
        self._visit = 0
        self._tracker = self._new_tracker_locked(armed=True)

    # --- the resident and the journey ------------------------------------------------------

    def set_materials(self, materials: Sequence[WantedMaterial]) -> None:
        """The service's materials (again): keep the active one if still wanted, else the
        first one missing."""
        with self._lock:
            self._materials = tuple(materials)
            current = self._material_locked(self._active)
            if current is None or current.on_file:
                self._active = ""
            if not self._active:
                self._active = self._next_missing_locked("")
                # Not the resident's choice: a page just taken stays taken.
                self._tracker = self._new_tracker_locked(armed=self._tracker.armed)

    def select(self, material_type: str) -> bool:
        """Capture ``material_type`` next (the resident tapped it); False if it cannot be
        chosen (unknown or on file).

        A tap means "this paper now": its tracker is armed even if the last page is still
        under the camera.
        """
        with self._lock:
            chosen = self._material_locked(material_type)
            if chosen is None or chosen.on_file:
                return False
            self._active = material_type
            self._manual = False
            self._tracker = self._new_tracker_locked(armed=True)
            return True

    def request_capture(self) -> bool:
        """Take the next frame's picture instead of waiting for auto-capture; False (and
        nothing happens) when the active material wants no more pages."""
        with self._lock:
            if self._room_locked(self._active) <= 0:
                return False
            self._manual = True
            return True

    @property
    def capture_requested(self) -> bool:
        """A manual capture waits for the next frame."""
        with self._lock:
            return self._manual

    def delete_page(self, material_type: str, index: int) -> TakenPage | None:
        """Delete a counted page (retake); its material is captured next. Returns the page
        deleted (None when there was no such page)."""
        with self._lock:
            gone = next((p for p in self._pages
                         if p.material == material_type and p.index == index), None)
            if gone is None:
                return None
            self._pages = [
                replace(p, index=p.index - 1) if p.material == material_type and p.index > index
                else p for p in self._pages if p is not gone]
            self._active = material_type
            self._manual = False
            # Retaking: the page under the camera may be taken again.
            self._tracker = self._new_tracker_locked(armed=True)
            self._post(j.RemovePage(material_type, index))
            return gone

    def restart_tracking(self) -> None:
        """The screen changed: drop a pending manual capture and any picture being taken, and
        track afresh next time (a page already taken stays taken)."""
        with self._lock:
            self._manual = False
            self._visit += 1
            self._tracker = self._new_tracker_locked(armed=self._tracker.armed)

    def reset(self) -> None:
        """A new session: no pages, no active material, an armed tracker."""
        with self._lock:
            self._pages = []
            self._active = ""
            self._manual = False
            self._visit += 1
            self._tracker = self._new_tracker_locked(armed=True)

    # --- the camera ------------------------------------------------------------------------

    def see(self, view: CameraFrame | CameraGone) -> Sighting:
        """Track one frame (or hear that the camera is gone): the hint, the outline and
        whether to take the picture now."""
        if isinstance(view, CameraGone):
            with self._lock:
                self._manual = False  # nothing to take a picture of
                hint = self._hint_locked(None, self._active, view.message_key)
                return Sighting(self._active, hint, (), False, False, None)
        with self._lock:
            tracker, material = self._tracker, self._active
        state = tracker.feed(view.preview)  # tens of milliseconds: outside the lock
        h, w = view.preview.shape[:2]
        with self._lock:
            hint = self._hint_locked(state, material, "", armed=tracker.armed)
            due = self._manual or state.ready_to_capture
            if due:
                self._manual = False
        return Sighting(material, hint, outline_of(state.quad, (w, h)),
                        state.ready_to_capture and hint == _READY,
                        due and bool(material) and hint != HINT_MATERIAL_COMPLETE,
                        state, tracker)

    def take(self, view: CameraFrame, sighting: Sighting) -> Shot | None:
        """Take the picture ``sighting`` called for, at full resolution (None when it called
        for none). The page lying there is not auto-captured again; ``keep`` counts it."""
        tracker = sighting.tracker
        if not sighting.capture_due or tracker is None:
            return None
        h, w = view.preview.shape[:2]
        state = sighting.state
        # A manual capture with no page found takes the whole frame.
        quad: Quad = state.quad if state is not None and state.quad is not None else np.array(
            [[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float64)
        spec = tracker.spec or MaterialSpec(sighting.material, *_FALLBACK_PAPER)
        page = capture(view.full, quad, spec, preview_size=(w, h), barcodes=False)
        tracker.captured()
        with self._lock:
            return Shot(sighting.material, page, next(self._page_ids), self._visit)

    def keep(self, shot: Shot) -> TakenPage | None:
        """Count a picture and send it to the journey; on to the next material once this one
        has all its pages. None when the screen or the material changed meanwhile."""
        with self._lock:
            if shot.visit != self._visit or self._room_locked(shot.material) <= 0:
                return None
            index = sum(1 for p in self._pages if p.material == shot.material)
            taken = TakenPage(shot.material, index, shot.page_id)
            self._pages.append(taken)
            if self._active == shot.material and self._room_locked(shot.material) <= 0:
                # Done with this one. Its page is still under the camera, so the next
                # material's tracker starts disarmed.
                self._active = self._next_missing_locked(shot.material)
                self._tracker = self._new_tracker_locked(armed=False)
            self._post(j.AddPage(shot.material, shot.page.jpeg))
            return taken

    # --- what the screen shows -------------------------------------------------------------

    def status(self) -> CaptureStatus:
        """The active material, the pages and the two "done" facts."""
        with self._lock:
            owed = [m for m in self._materials if m.required and not m.on_file]
            return CaptureStatus(
                active=self._active,
                pages=tuple(self._pages),
                capture_enabled=bool(self._active) and self._room_locked(self._active) > 0,
                required_met=not self._missing_required_locked(),
                all_required_pages_taken=bool(self._materials) and not any(
                    self._room_locked(m.type) > 0 for m in owed),
            )

    def missing_required(self) -> list[str]:
        """Required materials neither on file nor with a page, in the service's order."""
        with self._lock:
            return self._missing_required_locked()

    # --- bookkeeping (callers hold ``_lock``) ----------------------------------------------

    def _material_locked(self, material_type: str) -> WantedMaterial | None:
        return next((m for m in self._materials if m.type == material_type), None)

    def _count_locked(self, material_type: str) -> int:
        return sum(1 for p in self._pages if p.material == material_type)

    def _room_locked(self, material_type: str) -> int:
        """How many more pages ``material_type`` wants (0 for none, on file or unknown)."""
        m = self._material_locked(material_type)
        if m is None or m.on_file:
            return 0
        return max(0, m.pages_wanted - self._count_locked(material_type))

    def _missing_required_locked(self) -> list[str]:
        return [m.type for m in self._materials
                if m.required and not m.on_file and not self._count_locked(m.type)]

    def _next_missing_locked(self, after: str) -> str:
        """The material to capture after ``after``: the next one still wanting pages in
        list order (wrapping round), required ones before optional ones; "" when none."""
        types = [m.type for m in self._materials]
        start = types.index(after) + 1 if after in types else 0
        ordered = self._materials[start:] + self._materials[:start]
        wanting = [m for m in ordered if self._room_locked(m.type) > 0]
        wanting.sort(key=lambda m: not m.required)  # stable: keeps the list order
        return wanting[0].type if wanting else ""

    def _new_tracker_locked(self, *, armed: bool) -> DocumentTracker:
        """A tracker for the active material; ``armed`` False while its page lies there taken."""
        m = self._material_locked(self._active)
        tracker = DocumentTracker(m.paper if m is not None else None, self._clock)
        if not armed:
            tracker.captured()
        return tracker

    def _hint_locked(self, state: TrackState | None, material: str, failure: str,
                     *, armed: bool = True) -> str:
        """The key of the one hint to show: capture state first, then the pipeline's verdict."""
        if not material:
            return ""  # everything is in; the screen says so
        if self._room_locked(material) <= 0:
            return HINT_MATERIAL_COMPLETE
        if state is None:
            return failure or HINT_NOT_FOUND
        if state.quad is not None and not armed:
            return HINT_PAGE_TAKEN
        # The pipeline's own key (not found, moving, cut off, glare, blur, too small, a
        # wrong material, ready …) whatever it is; only "found, no problem, counting the
        # still frames" has none.
        return state.message_key or HINT_HOLD_STILL
