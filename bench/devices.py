"""Device speed and accuracy figures, printed as one JSON object with a section per device.

Run: ``.venv/bin/python bench/devices.py [--only SECTION ...] [--corpus DIR]``.
Each entry of ``SECTIONS`` is a function returning a JSON-able dict; add a
section by adding an entry.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Run as a script, this file's folder comes first on sys.path and the file itself would
# shadow the ``devices`` package; drop that entry so the real package is imported.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from devices.barcode.factory import decoder_by_name  # noqa: E402
from devices.barcode.protocol import BarcodeDecoder  # noqa: E402
from devices.camera.protocol import Frame  # noqa: E402
from kiosk.base.clock import SystemClock  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "barcodes"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
# QR and the 1D symbologies zbar reads; DataMatrix and PDF417 are left out (zbar has
# no DataMatrix reader and its PDF417 reader is unfinished), false positives are kept.
BENCH_PREFIXES = ("qrcode", "ean13", "ean8", "upca", "upce", "code128", "code39", "itf",
                  "falsepositives")


def normalise(text: str) -> str:
    """Text as the corpus README says to compare it: NFC, trailing newlines stripped.

    Line ends are unified too: the corpus ``.txt`` files store LF where the codes
    themselves carry CRLF, which says nothing about a decoder.
    """
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").rstrip("\r\n")


def matches(expected: str, got: str) -> bool:
    """Equal after normalising, allowing UPC-A as 13-digit EAN and UPC-E as 6 or 8 digits."""
    expected, got = normalise(expected), normalise(got)
    if expected == got:
        return True
    if expected.isdigit() and got.isdigit():
        if len(expected) == 12 and got == "0" + expected:
            return True
        if len(expected) == 8 and len(got) == 6 and expected[1:7] == got:
            return True
        if len(expected) == 6 and len(got) == 8 and got[1:7] == expected:
            return True
    return False


def load_image(path: Path) -> np.ndarray | None:
    """A BGR image; Pillow reads what OpenCV refuses (the corpus has 1×1 and 100×1 WebPs)."""
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is not None:
        return np.asarray(image, dtype=np.uint8)
    from PIL import Image as PILImage

    try:
        with PILImage.open(path) as pil:
            rgb = np.array(pil.convert("RGB"), dtype=np.uint8)
    except OSError:
        return None
    return np.ascontiguousarray(rgb[:, :, ::-1])


def corpus_folders(corpus: Path) -> list[Path]:
    """The benchmarked folders of the corpus, sorted."""
    return sorted(p for p in corpus.iterdir()
                  if p.is_dir() and p.name.split("-")[0] in BENCH_PREFIXES)


def score_folder(decoder: BarcodeDecoder, folder: Path) -> dict[str, Any]:
    """Correct reads, wrong payloads, misses and median decode time for one folder."""
    must_be_empty = folder.name.startswith("falsepositives")
    correct = wrong = missed = 0
    times: list[float] = []
    images = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    for path in images:
        expected_file = path.with_suffix(".txt")
        # Structured-append parts (qrcode-7) share one .txt for the whole message and
        # cannot be scored one by one.
        if not must_be_empty and not expected_file.is_file():
            continue
        image = load_image(path)
        if image is None:
            continue
        start = time.perf_counter()
        codes = decoder.decode(image)
        times.append((time.perf_counter() - start) * 1000)
        if must_be_empty:
            correct += not codes
            wrong += bool(codes)
            continue
        expected = expected_file.read_text(encoding="utf-8")
        if any(matches(expected, c.text) for c in codes):
            correct += 1
        elif codes:
            wrong += 1
        else:
            missed += 1
    n = correct + wrong + missed
    if n == 0:
        return {"images": 0, "correct": 0, "wrong": 0, "missed": 0, "correct_rate": None,
                "median_ms": None, "_times": times}
    return {"images": n, "correct": correct, "wrong": wrong, "missed": missed,
            "correct_rate": round(correct / n, 3) if n else None,
            "median_ms": round(statistics.median(times), 2) if times else None,
            "_times": times}


def bench_barcodes(corpus: Path) -> dict[str, Any]:
    """Both backends over the corpus: per folder, totals, and which one the default should be."""
    out: dict[str, Any] = {"corpus": corpus.name, "backends": {}}
    for name in ("zxing", "pyzbar"):
        decoder = decoder_by_name(name)
        folders: dict[str, Any] = {}
        all_times: list[float] = []
        totals = {"images": 0, "correct": 0, "wrong": 0, "missed": 0}
        for folder in corpus_folders(corpus):
            result = score_folder(decoder, folder)
            all_times += result.pop("_times")
            folders[folder.name] = result
            for key in totals:
                totals[key] += result[key]
        total: dict[str, Any] = dict(totals)
        total["correct_rate"] = round(totals["correct"] / totals["images"], 3)
        total["median_ms"] = round(statistics.median(all_times), 2) if all_times else None
        out["backends"][name] = {"status": decoder.status().value, "folders": folders,
                                 "total": total}
    ranked = sorted(out["backends"].items(),
                    key=lambda kv: (kv[1]["total"]["wrong"], -kv[1]["total"]["correct"]))
    out["choice"] = ranked[0][0]
    out["rule"] = "fewest wrong payloads, then most correct reads"
    return out


def bench_camera(seconds: float = 2.0) -> dict[str, Any]:
    """Frames per second the simulated camera delivers at 1920×1080.

    ``unpaced_*`` ask for 1000 fps to measure the delivery ceiling: ``plain`` and
    ``distorted`` (perspective, blur and light are worked out once per shown image)
    copy one frame per delivery, ``flicker`` recomputes the light on every frame.
    ``paced_15fps`` is the default rate, to show the pacing holds.
    """
    from devices.camera.simulator import SimulatedCamera

    rng = np.random.default_rng(7)
    image = rng.integers(0, 255, (1080, 1920, 3), dtype=np.uint8)
    clock = SystemClock()
    w, h = 1920, 1080
    variants: dict[str, Callable[[], SimulatedCamera]] = {
        "unpaced_plain_fps": lambda: SimulatedCamera(clock, fps=1000.0, width=w, height=h),
        "unpaced_distorted_fps": lambda: SimulatedCamera(
            clock, fps=1000.0, width=w, height=h, blur=1.5, perspective=0.05, brightness=0.8,
            gradient=0.3),
        "unpaced_flicker_fps": lambda: SimulatedCamera(clock, fps=1000.0, width=w, height=h,
                                                       flicker=0.1),
        "paced_15fps": lambda: SimulatedCamera(clock, fps=15.0, width=w, height=h),
    }
    out: dict[str, Any] = {"resolution": "1920x1080", "seconds": seconds}
    for label, make in variants.items():
        camera = make()
        camera.show(image)
        count = 0

        def on_frame(_frame: Frame) -> None:
            nonlocal count
            count += 1

        start = time.perf_counter()
        camera.start(on_frame)
        threading.Event().wait(seconds)
        camera.stop()
        elapsed = time.perf_counter() - start
        out[label] = round(count / elapsed, 1)
    return out


def bench_receipt(rounds: int = 20) -> dict[str, Any]:
    """Receipt layout (data → ESC/POS bytes) and simulated printing (bytes → PNG), in ms."""
    import datetime as dt
    import io

    from devices.printer.simulator import EscposInterpreter, render_job
    from kiosk.app.receipt import ReceiptData, ReceiptOptions, default_next_steps, layout
    from kiosk.base import tracking
    from kiosk.base.receipt_record import ReceiptRecord

    code = tracking.new_code("K7Q4")
    record = ReceiptRecord("residence_permit", "居住证申领", "Residence permit application", "王*",
                           "pickup", dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC),
                           tracking_code=code, queued=True)
    data = ReceiptData(record, "SIM-0001",
                       tracking.tracking_url("https://track.example.invalid/t", code),
                       default_next_steps("pickup"), "zh_CN")
    layout(data)  # first call loads the font and builds glyph caches
    out: dict[str, Any] = {"rounds": rounds}
    for width in (58, 80):
        for qr in ("raster", "native"):
            options = ReceiptOptions(width, qr)  # type: ignore[arg-type]
            lay, sim = [], []
            job = b""
            for _ in range(rounds):
                start = time.perf_counter()
                job = layout(data, options)
                lay.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                interpreter = EscposInterpreter(width)
                interpreter.feed(job)
                render_job(interpreter.jobs[0], width).save(io.BytesIO(), "PNG")
                sim.append((time.perf_counter() - start) * 1000)
            out[f"{width}mm_{qr}"] = {"bytes": len(job),
                                      "layout_ms": round(statistics.median(lay), 2),
                                      "sim_render_png_ms": round(statistics.median(sim), 2)}
    return out


SECTIONS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "barcode": lambda args: bench_barcodes(Path(args.corpus)),
    "camera": lambda args: bench_camera(),
    "receipt": lambda args: bench_receipt(),
}


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections (all by default) and print their JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", choices=list(SECTIONS), help="sections to run")
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="barcode corpus folder")
    args = parser.parse_args(argv)
    chosen = args.only or list(SECTIONS)
    print(json.dumps({name: SECTIONS[name](args) for name in chosen}, ensure_ascii=False,
                     indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
