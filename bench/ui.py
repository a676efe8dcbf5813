"""Touch-UI speed: cold start, service tap to prefilled form, camera-preview frame time, peak RSS.

Prints one JSON object. Everything runs offscreen (``QT_QPA_PLATFORM=offscreen``,
software rendering) on the simulated profile with the embedded reference hub
on loopback, so the numbers are comparable between machines of one kind, not
absolute kiosk figures (a real kiosk renders on its GPU).

* ``cold_start_ms``: a fresh process per run, from spawn until the home screen
  has been drawn and the journey is idle (interactive); median of ``--starts``.
* ``tap_to_form_ms``: ``chooseService`` (what the service tile's tap calls) until
  the form screen is drawn with its prefilled fields; p95 over ``--taps``.
* ``preview_frame_ms``: intervals between frames the window swaps while the
  live camera preview runs on the materials screen (a document in view, so the
  tracker, its outline and auto-capture run too); ``fps`` is 1000 / median.
* ``preview_images_per_s``: how many new camera images the preview showed per
  second (``previewSource`` changes), whatever else made the window redraw.
* ``peak_rss_mb``: the benchmark process's peak resident memory (UI, hub and
  devices in one process, as on a kiosk); the cold-start children's too.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_CHILD = """
import os, sys, time
t0 = float(sys.argv[1])
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from kiosk.base.context import Context
from kiosk.base.clock import SystemClock
from kiosk.base.config import default_config
from ui.devtools.tour import open_app, settle, wait_until
ctx = Context(default_config(), Path(sys.argv[3]), SystemClock())
with open_app(ctx) as (rt, ui):
    wait_until(lambda: ui.journey.step == "idle" and ui.journey.idle(), "home")
    settle(ui)
    ui.window.grabWindow()  # the first frame of the home screen
    print(round((time.time() - t0) * 1000, 1), flush=True)
"""


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def cold_starts(count: int) -> list[float]:
    """Milliseconds from spawn to an interactive home screen, one fresh process each."""
    out: list[float] = []
    root = str(Path(__file__).resolve().parent.parent)
    for _ in range(count):
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.run([sys.executable, "-c", _CHILD, repr(time.time()), root, tmp],
                                  capture_output=True, text=True, timeout=300, check=True)
            out.append(float(proc.stdout.strip().splitlines()[-1]))
    return out


def in_process(taps: int, preview_s: float, service: str) -> dict[str, Any]:
    """Tap-to-form and preview frame times in one running kiosk."""
    from kiosk.base.clock import SystemClock
    from kiosk.base.config import default_config
    from kiosk.base.context import Context
    from kiosk.devtools.cards import id_card_for
    from kiosk.devtools.headless import document_image
    from kiosk.devtools.refhub.embedded import admin_of
    from kiosk.devtools.residents import resident
    from ui.devtools.tour import open_app, resident_answer, settle, wait_until

    person = resident("R0001")
    with tempfile.TemporaryDirectory() as tmp:
        ctx = Context(default_config(), Path(tmp), SystemClock())
        with open_app(ctx) as (rt, ui):
            j: Any = ui.journey
            devices: Any = ui.devices
            assert rt.devices is not None and rt.devices.sim.place_id_card is not None
            rt.devices.sim.place_id_card(id_card_for(person))
            wait_until(lambda: j.step == "identity_confirmed" and j.idle(), "identity")
            rt.devices.sim.place_id_card(None)
            j.confirmIdentity()
            wait_until(lambda: j.step == "choose_service" and j.idle(), "catalog")
            first = service
            j.chooseService(first)
            wait_until(lambda: j.idle() and j.step in ("form", "level2_code"), "service")
            if j.step == "level2_code":
                j.requestCode()
                wait_until(lambda: j.idle() and bool(j.codeSent), "code")
                assert admin_of(rt.hub) is not None
                j.enterCode(str(admin_of(rt.hub).sent_codes()[-1]["code"]))
                wait_until(lambda: j.step == "form" and j.idle(), "form")
            settle(ui)
            form_ms: list[float] = []
            for _ in range(taps):
                j.back()
                wait_until(lambda: j.step == "choose_service" and j.idle(), "catalog")
                settle(ui)
                ui.window.grabWindow()
                t0 = time.perf_counter()
                j.chooseService(first)  # what the service tile's onClicked calls
                wait_until(lambda: j.step == "form" and j.idle()
                           and j.formFields.rowCount() > 0, "prefilled form")
                ui.window.grabWindow()  # drawn: the resident sees it
                form_ms.append((time.perf_counter() - t0) * 1000)
            for row in j.form_rows():
                if row.get("required") and row.get("value") in ("", None):
                    j.setField(str(row["name"]), resident_answer(row, person))
            settle(ui)
            j.submitForm()
            wait_until(lambda: j.idle() and j.step in ("materials", "review"), "materials")
            frames: list[float] = []
            images = 0
            if j.step == "materials":
                assert rt.devices.sim.show_to_camera is not None
                rt.devices.sim.show_to_camera(document_image("document", seed=3))
                wait_until(lambda: bool(devices.previewSource), "camera preview")
                stamps: list[float] = []
                sources: list[str] = []
                ui.window.frameSwapped.connect(lambda: stamps.append(time.perf_counter()))
                devices.previewSourceChanged.connect(
                    lambda: sources.append(str(devices.previewSource)))
                end = time.perf_counter() + preview_s
                wait_until(lambda: time.perf_counter() > end, "preview sampling",
                           timeout_s=preview_s + 30)
                frames = [(b - a) * 1000 for a, b in itertools.pairwise(stamps)]
                images = sum(1 for s in sources if s)
    return {"tap_to_form_ms": form_ms, "preview_frame_ms": frames,
            "preview_images_per_s": images / preview_s if preview_s > 0 else 0.0}


def main() -> None:
    """Run the measurements and print the JSON."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--taps", type=int, default=20)
    parser.add_argument("--preview-s", type=float, default=5.0)
    parser.add_argument("--service", default="residence_permit")
    args = parser.parse_args()
    starts = cold_starts(args.starts)
    measured = in_process(args.taps, args.preview_s, args.service)
    form, frames = measured["tap_to_form_ms"], measured["preview_frame_ms"]
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({
        "platform": os.environ.get("QT_QPA_PLATFORM", ""),
        "cold_start_ms": {"median": round(statistics.median(starts), 1),
                          "runs": [round(x, 1) for x in starts]},
        "tap_to_form_ms": {"p95": round(p95(form), 1), "median": round(statistics.median(form), 1),
                           "taps": len(form), "service": args.service},
        "preview_frame_ms": {
            "median": round(statistics.median(frames), 1) if frames else None,
            "p95": round(p95(frames), 1) if frames else None,
            "max": round(max(frames), 1) if frames else None,
            "fps": round(1000 / statistics.median(frames), 1) if frames else None,
            "frames": len(frames), "seconds": args.preview_s},
        "preview_images_per_s": round(measured["preview_images_per_s"], 1),
        "peak_rss_mb": {"kiosk_process": round(self_kb / 1024, 1),
                        "cold_start_child": round(child_kb / 1024, 1)},
    }))


if __name__ == "__main__":
    main()
