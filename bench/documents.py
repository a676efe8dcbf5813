"""Benchmark the document pipeline on the seeded generated set; prints one JSON object.

Usage: ``python bench/documents.py [--frames 500] [--seed 2026] [--ocr-pages 4]``,
``python bench/documents.py --real [--split tune|report]`` (the real-image set)

Definitions (also in docs/documents.md):
- IoU is computed after clipping both the detected and the true quad to the frame, so
  a page partly out of frame is judged on the part the camera saw.
- Frames with no document are excluded from the IoU statistics; any detection on
  them counts toward ``false_detection_rate``. A missed document counts as IoU 0.
- Timings are measured with ``cv2.setNumThreads(1)`` (one core).
- ``tracker_follow``: the live tracker on generated drifting sequences (see
  ``run_follow``); not part of the 500-frame statistics.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from typing import Any

import cv2
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.docgen import MIX, iterate, make_scene
from kiosk.app.documents import detect, material
from kiosk.app.documents.geometry import iou, order_clockwise


def naive_baseline(frame: np.ndarray, work_width: int = 480) -> np.ndarray | None:
    """The textbook detector: largest 4-vertex contour after Canny."""
    scale = work_width / frame.shape[1]
    small = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    gray = cv2.GaussianBlur(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), (5, 5), 0)
    edges = cv2.Canny(gray, 75, 200)
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    for c in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
        approx = cv2.approxPolyDP(c, 0.02 * cv2.arcLength(c, True), True)
        if len(approx) == 4 and cv2.contourArea(approx) > 0.01 * small.shape[0] * small.shape[1]:
            return order_clockwise(approx.reshape(4, 2) / scale)
    return None


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def _summary(ious: list[float], false_hits: int, n_empty: int, ms: list[float]) -> dict[str, Any]:
    return {
        "mean_iou": round(float(np.mean(ious)), 4) if ious else None,
        "share_iou_ge_0_95": round(float(np.mean([v >= 0.95 for v in ious])), 4) if ious else None,
        "false_detection_rate": round(false_hits / n_empty, 4) if n_empty else None,
        "preview_ms_median": round(statistics.median(ms), 2) if ms else None,
        "preview_ms_p95": round(_pct(ms, 95), 2),
    }


def run_detection(n: int, seed: int) -> dict[str, Any]:
    """Detector and baseline over ``n`` generated 1920x1080 frames."""
    ious: list[float] = []
    base_ious: list[float] = []
    ms: list[float] = []
    base_ms: list[float] = []
    false_hits = base_false = n_empty = 0
    by_tag: dict[str, list[float]] = {}
    worst: list[tuple[float, int, list[str]]] = []
    for index, scene in enumerate(iterate(n, seed)):
        spec = material(scene.material)
        t0 = time.perf_counter()
        res = detect(scene.image, spec)
        ms.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        base = naive_baseline(scene.image)
        base_ms.append((time.perf_counter() - t0) * 1000)
        h, w = scene.image.shape[:2]
        if scene.corners is None:
            n_empty += 1
            false_hits += res.best is not None
            base_false += base is not None
            continue
        v = iou(res.best.quad, scene.corners, w, h) if res.best is not None else 0.0
        b = iou(base, scene.corners, w, h) if base is not None else 0.0
        ious.append(v)
        base_ious.append(b)
        for tag in scene.tags:
            by_tag.setdefault(tag, []).append(v)
        worst.append((v, index, sorted(scene.tags)))
    worst.sort()
    out = {
        "frames": n,
        "frames_with_document": len(ious),
        "frames_without_document": n_empty,
        "detector": _summary(ious, false_hits, n_empty, ms),
        "baseline_largest_canny_quad": _summary(base_ious, base_false, n_empty, base_ms),
        "iou_by_tag": {k: {"n": len(v), "mean_iou": round(float(np.mean(v)), 4),
                           "share_ge_0_95": round(float(np.mean([x >= 0.95 for x in v])), 4)}
                       for k, v in sorted(by_tag.items())},
        "worst_frames": [{"index": i, "iou": round(v, 3), "tags": t} for v, i, t in worst[:8]],
    }
    return out


def run_follow(seed: int, scenes: int = 20, frames: int = 10) -> dict[str, Any]:
    """The live tracker on generated sequences: a still page drifting a few pixels a frame.

    The first frame of each sequence is a full detection; later frames follow the
    previous quad (``tracked``) unless that fails. Times are the locate step only
    (``DetectResult.ms``), comparable with ``preview_ms``.
    """
    from bench.docgen import plan_mix
    from kiosk.app.documents import DocumentTracker
    from kiosk.base.clock import ManualClock

    plan = [t for t in plan_mix(200, seed) if "no_document" not in t and "cut_off" not in t]
    rng = np.random.default_rng(seed + 17)
    ms: list[float] = []
    ious: list[float] = []
    tracked = 0
    for k in range(scenes):
        scene = make_scene(2000 + k, seed, plan[k])
        if scene.corners is None:
            continue
        tracker = DocumentTracker(material(scene.material), ManualClock())
        h, w = scene.image.shape[:2]
        dx = dy = 0.0
        for f in range(frames):
            m = np.array([[1, 0, dx], [0, 1, dy]], dtype=np.float32)
            img = cv2.warpAffine(scene.image, m, (w, h), borderMode=cv2.BORDER_REPLICATE)
            state = tracker.feed(img, f * 0.1)
            if f > 0:
                ms.append(state.detection.ms)
                tracked += state.detection.tracked
                truth = scene.corners + np.array([dx, dy])
                ious.append(iou(state.quad, truth, w, h) if state.quad is not None else 0.0)
            dx += float(rng.uniform(-3, 3))
            dy += float(rng.uniform(-3, 3))
    return {
        "sequences": scenes,
        "frames_after_first": len(ms),
        "tracked_share": round(tracked / len(ms), 4) if ms else None,
        "mean_iou": round(float(np.mean(ious)), 4) if ious else None,
        "share_iou_ge_0_95": round(float(np.mean([v >= 0.95 for v in ious])), 4) if ious else None,
        "locate_ms_median": round(statistics.median(ms), 2) if ms else None,
        "locate_ms_p95": round(_pct(ms, 95), 2),
    }


def run_capture(seed: int, count: int = 10) -> dict[str, Any]:
    """Full-resolution capture (3264x2448): refit + rectify + upright + enhance + encode.

    Also checks the result reads upright: the captured page must correlate better with
    the page as rendered than with the page turned 180 degrees.
    """
    from bench.docgen import plan_mix
    from kiosk.app.documents import capture
    from kiosk.app.documents.output import budget_for

    ms: list[float] = []
    kb: list[float] = []
    within_budget = upright = 0
    plan = [t for t in plan_mix(200, seed) if "no_document" not in t and "cut_off" not in t]
    for k in range(count):
        tags = plan[k] - {"several", "fingers", "shadow_or_glare"}
        scene = make_scene(1000 + k, seed, tags, (3264, 2448))
        spec = material(scene.material)
        res = detect(scene.image, spec, refine_full=False)
        if res.best is None or scene.page is None:
            continue
        t0 = time.perf_counter()
        page = capture(scene.image, res.best.quad, spec)
        ms.append((time.perf_counter() - t0) * 1000)
        kb.append(len(page.jpeg) / 1024)
        w, h = page.size
        within_budget += len(page.jpeg) <= budget_for(w, h)
        ref = cv2.cvtColor(scene.page.image, cv2.COLOR_BGR2GRAY)
        got = cv2.resize(cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY), (ref.shape[1], ref.shape[0]))
        same = np.corrcoef(ref.ravel(), got.ravel())[0, 1]
        turned = np.corrcoef(ref.ravel(), cv2.rotate(got, cv2.ROTATE_180).ravel())[0, 1]
        upright += bool(same > turned)
    return {
        "captures": len(ms),
        "capture_ms_median": round(statistics.median(ms), 1) if ms else None,
        "capture_ms_max": round(max(ms), 1) if ms else None,
        "jpeg_kb_median": round(statistics.median(kb), 1) if kb else None,
        "jpeg_kb_max": round(max(kb), 1) if kb else None,
        "within_size_budget": within_budget,
        "upright_correct": upright,
    }


def run_fit_floor(seed: int, count: int = 200, passes: int = 3) -> dict[str, Any]:
    """Preview time if the side fits cost nothing: the floor a compiled side fit could reach.

    Every ``_fit_sides`` result of each frame is recorded, then replayed in its place
    (keeping its ``cv2.remap``, which a compiled fit would still call); the rest of
    ``detect()`` runs as usual. Best of ``passes`` per frame, like the real timing
    beside it.
    """
    import kiosk.app.documents.detection.line_fit as fit

    frames = [(scene.image, material(scene.material)) for scene in iterate(count, seed)]
    real = fit._fit_sides
    recorded: list[list[Any]] = []

    def record(*args: Any, **kwargs: Any) -> Any:
        out = real(*args, **kwargs)
        recorded[-1].append(out)
        return out

    at = [0, 0]  # frame, call

    def replay(img: np.ndarray, p0: np.ndarray, p1: np.ndarray, centre: np.ndarray,
               radius: float, tol: float, scale: float = 1.0) -> Any:
        m = len(fit._grid(radius)[0])  # the offsets across each side, as the real fit samples
        grid = np.zeros((len(p0) * 3 * fit._SAMPLES, m), np.float32)
        cv2.remap(img, grid, grid, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        out = recorded[at[0]][at[1]]
        at[1] += 1
        return out

    def best_ms() -> list[float]:
        best = [float("inf")] * len(frames)
        for _ in range(passes):
            for i, (image, spec) in enumerate(frames):
                at[0], at[1] = i, 0
                t0 = time.perf_counter()
                detect(image, spec)
                best[i] = min(best[i], (time.perf_counter() - t0) * 1000)
        return best

    try:
        fit._fit_sides = record  # type: ignore[assignment]
        for image, spec in frames:
            recorded.append([])
            detect(image, spec)
        fit._fit_sides = real
        with_fits = best_ms()
        fit._fit_sides = replay  # type: ignore[assignment]
        free_fits = best_ms()
    finally:
        fit._fit_sides = real
    return {
        "frames": count,
        "real_fits_ms_median": round(statistics.median(with_fits), 2),
        "real_fits_ms_p95": round(_pct(with_fits, 95), 2),
        "free_fits_ms_median": round(statistics.median(free_fits), 2),
        "free_fits_ms_p95": round(_pct(free_fits, 95), 2),
    }


def run_real(split: str | None = None) -> dict[str, Any]:
    """The detector on the real-image set (``bench/realdocs``), per split, checked entries only.

    IoU as for generated frames (both quads clipped to the image); a verdict agrees when
    the detector finds nothing where the annotation says ``not_found``, and otherwise
    finds a quad whose ``cut_off`` flag matches the annotation. Time: ``detect()`` on the
    image scaled to a 1920-px long side (a 1080p preview frame's width).
    """
    from bench.realdocs import HERE, load, split_of

    rows: dict[str, list[dict[str, Any]]] = {"tune": [], "report": []}
    for entry in load():
        if not entry.checked or (split and split_of(entry.file) != split):
            continue
        image = cv2.imread(str(HERE / entry.file), cv2.IMREAD_COLOR)
        if image is None:
            raise SystemExit(f"{entry.file} is in the manifest but cannot be read")
        spec = material(entry.material) if entry.material else None
        h, w = image.shape[:2]
        res = detect(image, spec)
        best = res.best
        if entry.corners is None:
            value = None
            agrees = best is None
        else:
            value = iou(best.quad, np.array(entry.corners), w, h) if best is not None else 0.0
            agrees = best is not None and best.cut_off == (entry.verdict == "cut_off")
        scale = 1920 / max(h, w)
        big = cv2.resize(image, (round(w * scale), round(h * scale)),
                         interpolation=cv2.INTER_LINEAR)
        t0 = time.perf_counter()
        detect(big, spec)
        ms = (time.perf_counter() - t0) * 1000
        rows[split_of(entry.file)].append({
            "file": entry.file, "kind": entry.kind, "annotated": entry.verdict,
            "found": "not_found" if best is None else ("cut_off" if best.cut_off else "whole"),
            "iou": None if value is None else round(value, 4), "verdict_agrees": agrees,
            "ms_1920": round(ms, 2)})
    out: dict[str, Any] = {}
    for name, items in rows.items():
        if not items:
            continue
        ious = [r["iou"] for r in items if r["iou"] is not None]
        ms = [r["ms_1920"] for r in items]
        out[name] = {
            "images": len(items),
            "by_kind": {k: sum(r["kind"] == k for r in items) for k in ("photo", "scan")},
            "mean_iou": round(float(np.mean(ious)), 4) if ious else None,
            "min_iou": round(float(min(ious)), 4) if ious else None,
            "below_0_5": sum(v < 0.5 for v in ious),
            "verdicts_agree": f"{sum(r['verdict_agrees'] for r in items)}/{len(items)}",
            "preview_ms_median": round(statistics.median(ms), 2),
            "preview_ms_p95": round(_pct(ms, 95), 2),
            "worst": sorted(items, key=lambda r: (r["iou"] if r["iou"] is not None else 2))[:5],
        }
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--frames", type=int, default=500)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--ocr-pages", type=int, default=4)
    ap.add_argument("--skip-capture", action="store_true")
    ap.add_argument("--real", action="store_true",
                    help="only the real-image set (bench/realdocs), per tune/report split")
    ap.add_argument("--split", choices=["tune", "report"], default=None,
                    help="with --real: only this split")
    ap.add_argument("--fit-floor", action="store_true",
                    help="only measure the preview time with free side fits (see run_fit_floor)")
    args = ap.parse_args(argv)
    cv2.setNumThreads(1)
    if args.real:
        print(json.dumps({"real": run_real(args.split)}, ensure_ascii=False, indent=2))
        return 0
    if args.fit_floor:
        print(json.dumps({"seed": args.seed, "fit_floor": run_fit_floor(args.seed)}, indent=2))
        return 0
    result: dict[str, Any] = {"seed": args.seed, "mix_floor": MIX}
    result["detection"] = run_detection(args.frames, args.seed)
    result["tracker_follow"] = run_follow(args.seed)
    if not args.skip_capture:
        result["capture"] = run_capture(args.seed)
    if args.ocr_pages > 0:
        from bench.docgen.ocr import run_ocr

        result["ocr"] = run_ocr(args.seed, args.ocr_pages)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
