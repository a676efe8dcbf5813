"""Live tracking for the preview and the full-resolution capture of a page.

The UI feeds every preview frame with its timestamp; the tracker says where the page
is, what is wrong with it, and when it has been still and sharp long enough to take
the picture by itself. Manual capture is always possible: ``capture`` needs only a
frame and a quad.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np

from kiosk.base.clock import Clock

from .barcodes import FoundBarcode, find_barcodes
from .detection import Detection, DetectResult, detect, follow, refine_quad
from .enhancement import enhance
from .geometry import Quad
from .materials import ColourMode, MaterialSpec
from .output import budget_for, encode_jpeg
from .quality import Verdict, check, corner_motion
from .rectification import Image, rectify, rotate_quarter, upright_turns

MOVING_THRESHOLD = 0.012
"""Corner motion between frames (share of the page diagonal) that counts as moving."""


@dataclass(frozen=True)
class TrackState:
    """What the preview should show for one frame."""

    quad: Quad | None
    verdicts: tuple[Verdict, ...]
    ready_to_capture: bool
    stable_frames: int
    detection: DetectResult
    timestamp: float

    @property
    def message_key(self) -> str | None:
        """The single most useful message for the resident right now."""
        if self.quad is None:
            return self.detection.problem or "document.not_found"
        if self.verdicts:
            return self.verdicts[0].key
        return "document.ready" if self.ready_to_capture else None


@dataclass
class DocumentTracker:
    """Follows one requested material across preview frames and decides auto-capture.

    Auto-capture needs ``stable_frames`` consecutive frames in which the quad moved
    less than ``MOVING_THRESHOLD`` and no blocking verdict was raised, spanning at
    least ``min_still_seconds`` of frame time. Time comes from the frame timestamps
    (or the injected clock when a frame has none), never from the wall clock.
    """

    spec: MaterialSpec | None
    clock: Clock
    stable_frames: int = 5
    min_still_seconds: float = 0.6
    capture_scale: float | None = None
    _last: Quad | None = field(default=None, init=False)
    _still_count: int = field(default=0, init=False)
    _still_since: float | None = field(default=None, init=False)
    _armed: bool = field(default=True, init=False)
    full_every: int = 15
    """Run a full detection at least every this many frames even while following, so
    other papers are reported afresh and a better candidate can take over."""
    _prev: DetectResult | None = field(default=None, init=False)
    _since_full: int = field(default=0, init=False)

    def _locate(self, frame: Image) -> DetectResult:
        """Follow the previous quad (region of interest) or fall back to full detection."""
        prev = self._prev
        last = (prev.best if prev is not None
                and prev.frame_size == (frame.shape[1], frame.shape[0]) else None)
        others = prev.others if prev is not None else ()
        due = self._since_full >= self.full_every
        if last is not None and not due:
            res = follow(frame, last, self.spec)
            if res is not None:
                self._since_full += 1
                # the other papers are not searched for: keep the last full look's
                return replace(res, others=others)
        self._since_full = 0
        found = detect(frame, self.spec, refine_full=True)
        if found.best is None and last is not None and due:
            # The periodic fresh look missed a page the search finds only on some
            # frames; if it is still where it was, keep it rather than blink.
            kept = follow(frame, last, self.spec)
            if kept is not None:
                return replace(kept, others=others, ms=found.ms + kept.ms)
        return found

    def feed(self, frame: Image, timestamp: float | None = None) -> TrackState:
        """Process one preview frame.

        While a page is in view its quad is followed from frame to frame (a narrow
        search around the last quad); when that fails, the page moved far, or every
        ``full_every`` frames, the whole frame is searched again.
        """
        ts = self.clock.monotonic() if timestamp is None else float(timestamp)
        res = self._locate(frame)
        self._prev = res
        if res.best is None:
            self._reset()
            self._armed = True  # the page was taken away: the next one may auto-capture
            return TrackState(None, (), False, 0, res, ts)
        det = res.best
        verdicts = list(check(frame, det, self.spec, self.capture_scale, res.others))
        moving = self._last is not None and corner_motion(self._last, det.quad) > MOVING_THRESHOLD
        self._last = det.quad
        if moving:
            verdicts.insert(0, Verdict("document.moving", 1.0))
        if moving or any(v.blocking for v in verdicts):
            self._still_count = 0
            self._still_since = None
        else:
            if self._still_since is None:
                self._still_since = ts
            self._still_count += 1
        ready = (self._armed and self._still_count >= self.stable_frames
                 and self._still_since is not None
                 and ts - self._still_since >= self.min_still_seconds)
        return TrackState(det.quad, tuple(verdicts), ready, self._still_count, res, ts)

    @property
    def armed(self) -> bool:
        """Whether the page in view may still be auto-captured.

        False from ``captured`` until a frame shows no page.
        """
        return self._armed

    def captured(self) -> None:
        """Tell the tracker a capture happened; no auto-capture until the page changes."""
        self._armed = False
        self._still_count = 0
        self._still_since = None

    def _reset(self) -> None:
        self._last = None
        self._still_count = 0
        self._still_since = None


@dataclass(frozen=True)
class CapturedPage:
    """A finished page: the upright enhanced image, its JPEG and what was found on it."""

    image: Image
    jpeg: bytes
    sha256: str
    dpi: int
    material: str | None
    quarter_turns: int
    jpeg_quality: int
    barcodes: tuple[FoundBarcode, ...]
    quad: Quad
    ms: float

    @property
    def size(self) -> tuple[int, int]:
        """Width and height of the JPEG in pixels."""
        return (int(self.image.shape[1]), int(self.image.shape[0]))


def capture(frame: Image, quad: Quad, spec: MaterialSpec, *, colour: ColourMode | None = None,
            dpi: int | None = None, max_bytes: int | None = None, refine: bool = True,
            barcodes: bool = True, preview_size: tuple[int, int] | None = None) -> CapturedPage:
    """Turn a full-resolution frame and a quad into a finished page.

    ``quad`` is in ``frame`` pixels, or in preview pixels when ``preview_size`` (w, h)
    says which frame it came from; it is re-fitted at full resolution first.
    """
    t0 = time.perf_counter()
    q = np.asarray(quad, dtype=np.float64).reshape(4, 2)
    if preview_size is not None:
        q = q * (frame.shape[1] / preview_size[0])
    if refine:
        refined: Detection | None = refine_quad(frame, q)
        if refined is not None and corner_motion(refined.quad, q) < 0.03:
            q = refined.quad
    out_dpi = dpi or spec.dpi
    page = rectify(frame, q, spec, out_dpi)
    turns = upright_turns(page, spec)
    page = rotate_quarter(page, turns)
    mode: ColourMode = colour or spec.colour
    page = enhance(page, mode, keep_large_dark=spec.key == "id_card")
    budget = max_bytes if max_bytes is not None else budget_for(page.shape[1], page.shape[0])
    enc = encode_jpeg(page, budget)
    found = tuple(find_barcodes(page)) if barcodes else ()
    return CapturedPage(page, enc.data, enc.sha256, out_dpi, spec.key, turns, enc.quality, found,
                        q, (time.perf_counter() - t0) * 1000.0)
