"""Find the document quadrilateral in a camera frame.

Candidates come from several cheap segmentations of a downscaled frame (edge loops at
two sensitivities, a brightness split, and that split with fingers cut off); each
candidate's sides are then re-fitted as straight lines to gradient peaks sampled
across the side, first on the small frame and finally on the full-resolution frame.
Fitting lines to the middle of each side, with outliers dropped, is what makes the
corners right even when a finger covers part of an edge, a card's corner is rounded,
or a corner lies outside the picture (the corner is then the intersection of the two
visible sides). A side that lies entirely outside the picture is replaced by the
frame border and the result is flagged ``cut_off``.

Candidates are ranked by *edge support*: the share of sampled points along the visible
sides that sit on a consistent brightness step within a pixel of the fitted line.

Modules: ``candidates`` (outlines from the frame), ``line_fit`` (side fits),
``scoring`` (judging fitted quads), ``search`` (``detect``, ``follow``,
``refine_quad``), ``common`` (result types and quad helpers they share).
"""

from .common import MIN_AREA_FRAC, MIN_SCORE, Detection, DetectResult
from .scoring import CONFIDENT_SCORE
from .search import WORK_WIDTH, detect, follow, refine_quad

__all__ = [
    "CONFIDENT_SCORE", "MIN_AREA_FRAC", "MIN_SCORE", "WORK_WIDTH", "DetectResult", "Detection",
    "detect", "follow", "refine_quad",
]
