"""Legibility, measured: OCR of pipeline output versus OCR of the clean render.

Needs Debian's ``tesseract-ocr`` with ``tesseract-ocr-chi-sim`` and ``-eng``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from .pages import text_page
from .scenes import make_scene


def tesseract_available() -> bool:
    """True when the ``tesseract`` binary and the chi_sim model are installed."""
    if shutil.which("tesseract") is None:
        return False
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                         check=False)
    return "chi_sim" in out.stdout


def ocr(img: npt.NDArray[np.uint8], langs: str = "chi_sim+eng") -> str:
    """Text tesseract reads from ``img`` (page segmentation: automatic)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "page.png")
        cv2.imwrite(path, img)
        out = subprocess.run(["tesseract", path, "stdout", "-l", langs, "--psm", "4"],
                             capture_output=True, text=True, check=False)
    return out.stdout


def _clean(s: str) -> str:
    return "".join(ch for ch in s if not ch.isspace())


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def char_accuracy(read: str, truth: str) -> float:
    """1 - edit distance / truth length, ignoring whitespace (floored at 0)."""
    t = _clean(truth)
    if not t:
        return 1.0
    return max(0.0, 1.0 - edit_distance(_clean(read), t) / len(t))


def run_ocr(seed: int, pages: int = 4) -> dict[str, Any]:
    """OCR accuracy on clean renders and on captured, enhanced, compressed pages."""
    if not tesseract_available():
        return {"skipped": "tesseract-ocr with chi_sim is not installed"}
    from kiosk.app.documents import capture, check, detect, material

    spec = material("a4")
    rng = np.random.default_rng(seed + 31337)
    clean_acc: list[float] = []
    pipe_acc: list[float] = []
    rejected = 0
    attempts = 0
    k = 0
    while len(pipe_acc) < pages and attempts < pages * 4:
        attempts += 1
        page = text_page(rng, 200 / 25.4, lines=12, seal=False, table=False)
        truth = "\n".join(page.text_lines)
        scene = make_scene(5000 + k, seed, set(), (3264, 2448), page=page)
        k += 1
        det = detect(scene.image, spec)
        if det.best is None or any(v.blocking for v in check(scene.image, det.best, spec)):
            # The kiosk would not capture this frame; the resident is asked to fix it.
            rejected += 1
            continue
        captured = capture(scene.image, det.best.quad, spec)
        decoded = cv2.imdecode(np.frombuffer(captured.jpeg, np.uint8), cv2.IMREAD_COLOR)
        clean_acc.append(char_accuracy(ocr(page.image), truth))
        pipe_acc.append(char_accuracy(ocr(decoded), truth))
    clean = float(np.mean(clean_acc)) if clean_acc else float("nan")
    pipe = float(np.mean(pipe_acc)) if pipe_acc else float("nan")
    return {
        "pages": len(pipe_acc),
        "frames_rejected_by_quality_checks": rejected,
        "clean_render_char_accuracy": round(clean, 4),
        "pipeline_char_accuracy": round(pipe, 4),
        "ratio": round(pipe / clean, 4) if clean_acc and clean > 0 else None,
        "per_page": [[round(a, 3), round(b, 3)] for a, b in zip(clean_acc, pipe_acc, strict=True)],
    }
