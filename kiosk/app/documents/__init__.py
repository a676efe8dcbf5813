"""Document capture pipeline: detect, rectify, enhance, check quality, encode.

The UI-facing API is :class:`DocumentTracker` (live preview and auto-capture) and
:func:`capture` (the finished page); the rest is exposed for tools and tests.
"""

from .barcodes import FoundBarcode, find_barcodes
from .detection import Detection, DetectResult, detect, refine_quad
from .enhancement import enhance
from .materials import BUILTIN, MaterialSpec, from_hub_list, material
from .messages import MESSAGE_KEYS
from .output import encode_jpeg, pdf_from_jpegs, sha256
from .quality import Verdict, check
from .rectification import rectify, upright_turns
from .tracker import CapturedPage, DocumentTracker, TrackState, capture

__all__ = [
    "BUILTIN", "MESSAGE_KEYS", "CapturedPage", "DetectResult", "Detection", "DocumentTracker",
    "FoundBarcode", "MaterialSpec", "TrackState", "Verdict", "capture", "check", "detect",
    "encode_jpeg", "enhance", "find_barcodes", "from_hub_list", "material", "pdf_from_jpegs",
    "rectify", "refine_quad", "sha256", "upright_turns",
]
