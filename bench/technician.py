"""What the technician screen costs: a PIN check, a status read, each check; prints JSON.

    python -m bench.technician [--rounds 10]

One simulated kiosk (embedded reference hub on 127.0.0.1, real store, memory
devices). The PIN hash is meant to be slow (scrypt, n=2^14): a guess costs an
attacker that much too; the screen runs it on a worker, never on the UI thread.
The status read includes one signed hub health call. Times are medians in ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import cv2
import numpy as np


def _median_ms(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000.0)
    return round(statistics.median(times), 2)


def measure(rounds: int) -> dict[str, object]:
    """The medians, in milliseconds."""
    from kiosk.app.runtime import warm_cache
    from kiosk.app.technician import checks
    from kiosk.app.technician.pin import hash_pin, pin_matches
    from kiosk.app.technician.problems import ProblemLog
    from kiosk.app.technician.status import terminal_status
    from kiosk.base.clock import SystemClock
    from kiosk.base.config import default_config
    from kiosk.base.context import Context
    from kiosk.devtools.refhub.embedded import open_simulated

    encoded = hash_pin("246813")
    read = cv2.imread(str(Path(__file__).with_name("realdocs")
                          / "receipt-B-lidl_02032020_02_00716_B.jpg"))
    if read is None:
        raise SystemExit("bench/realdocs has no receipt photo to show the camera")
    photo = np.asarray(read, dtype=np.uint8)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = Context(default_config(), Path(tmp) / "data", SystemClock())
        rt = open_simulated(ctx)
        try:
            warm_cache(rt)
            assert rt.devices is not None and rt.devices.sim.show_to_camera is not None
            rt.devices.sim.show_to_camera(photo)
            problems = rt.problems or ProblemLog(ctx.clock)
            devices = rt.devices
            return {
                "rounds": rounds,
                "pin_hash_ms": _median_ms(lambda: hash_pin("246813"), rounds),
                "pin_check_ms": _median_ms(lambda: pin_matches("135790", encoded), rounds),
                "status_read_ms": _median_ms(lambda: terminal_status(rt, problems), rounds),
                "test_receipt_ms": _median_ms(lambda: checks.print_test_receipt(rt), rounds),
                "card_read_check_ms": _median_ms(
                    lambda: checks.card_read_check(devices, ctx.clock), rounds),
                "camera_check_ms": _median_ms(lambda: checks.camera_check(devices), rounds),
                "camera_frame": f"{photo.shape[1]}x{photo.shape[0]}",
            }
        finally:
            rt.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the measurements and print them as one JSON object."""
    parser = argparse.ArgumentParser(prog="python -m bench.technician", description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args(argv)
    json.dump(measure(args.rounds), sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
