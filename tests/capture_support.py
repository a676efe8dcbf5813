"""A capture workflow on camera frames made as the materials screen sees them, no Qt.

Frames are the demo sheets the headless runner and the UI tests show the camera
(``document_image``), scaled to the screen's 640-pixel preview beside the full frame.
Time is a manual clock stepped between frames, so auto-capture's still time is exact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.app import journey as j
from kiosk.app.capture import CameraFrame, CaptureWorkflow, Sighting, TakenPage, WantedMaterial
from kiosk.base.clock import ManualClock
from kiosk.devtools.headless import document_image

PREVIEW = (640, 480)
FRAME_STEP_S = 0.2  # between two tracked frames: five still frames span 0.8 s (> 0.6 s)
DESK = (70, 85, 100)
ID_CARD = WantedMaterial("id_card", 85.6, 54.0, 2, True)
LEASE = WantedMaterial("lease_contract", 210.0, 297.0, 2, True)
EMPLOYMENT = WantedMaterial("employment_contract", 210.0, 297.0, 1, False)
# The residence permit's materials (ID card, tenancy agreement, optional employment contract).
PERMIT = (ID_CARD, LEASE, EMPLOYMENT)


def view_of(image: np.ndarray) -> CameraFrame:
    """A full camera frame and its preview, as ui-camera offers them to ui-detect."""
    preview = cv2.resize(image, PREVIEW, interpolation=cv2.INTER_AREA)
    return CameraFrame(preview, image)


def card(seed: int = 3) -> CameraFrame:
    """An ID-card-shaped sheet lying still on the desk."""
    return view_of(document_image("page", seed=seed, aspect=85.6 / 54))


def sheet(seed: int = 3) -> CameraFrame:
    """An A4 sheet lying still on the desk."""
    return view_of(document_image("page", seed=seed))


def desk() -> CameraFrame:
    """The desk with nothing on it."""
    return view_of(np.full((1200, 1600, 3), DESK, np.uint8))


@dataclass
class Kiosk:
    """A workflow, its clock and the page events it sent to the journey."""

    clock: ManualClock = field(default_factory=ManualClock)
    posted: list[j.AddPage | j.RemovePage] = field(default_factory=list)
    workflow: CaptureWorkflow = field(init=False)

    def __post_init__(self) -> None:
        self.workflow = CaptureWorkflow(self.clock, self.posted.append)

    def show(self, view: CameraFrame) -> tuple[Sighting, TakenPage | None]:
        """One tracked frame, doing what the sighting says as the screen does."""
        self.clock.advance(FRAME_STEP_S)
        sighting = self.workflow.see(view)
        shot = self.workflow.take(view, sighting)
        return sighting, self.workflow.keep(shot) if shot is not None else None

    def hold(self, view: CameraFrame, frames: int) -> list[tuple[Sighting, TakenPage | None]]:
        """The same view for ``frames`` tracked frames."""
        return [self.show(view) for _ in range(frames)]

    def pages(self, material: str) -> int:
        """Pages of ``material`` counted so far."""
        return sum(1 for p in self.workflow.status().pages if p.material == material)

    def added(self) -> list[str]:
        """The materials of the pages sent to the journey, in order."""
        return [e.material_type for e in self.posted if isinstance(e, j.AddPage)]


def kiosk(*materials: WantedMaterial) -> Kiosk:
    """A workflow for the residence permit's materials (or the ones given)."""
    k = Kiosk()
    k.workflow.set_materials(materials or PERMIT)
    return k
