"""Render frames of the generated set by index and save them as images.

Usage: ``python -m bench.docgen.render --seed 7 --index 12 [--index 40 ...] --out DIR
[--frames 500] [--truth]``. ``--frames`` must be the set size the benchmark used: the
hard-case tags of frame ``i`` come from ``plan_mix(frames, seed)``. ``--truth`` draws
the true corners in green (the saved frame is then no longer the benchmark's input).
"""

from __future__ import annotations

import argparse
import os

import cv2
import numpy as np

from .scenes import make_scene, plan_mix


def main(argv: list[str] | None = None) -> int:
    """Save the requested frames as PNG files named ``<seed>_<index>.png``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--index", type=int, action="append", required=True)
    ap.add_argument("--frames", type=int, default=500)
    ap.add_argument("--out", default=".")
    ap.add_argument("--truth", action="store_true")
    args = ap.parse_args(argv)
    plan = plan_mix(args.frames, args.seed)
    os.makedirs(args.out, exist_ok=True)
    for index in args.index:
        scene = make_scene(index, args.seed, plan[index])
        img = scene.image.copy()
        if args.truth and scene.corners is not None:
            pts = np.round(scene.corners).astype(np.int32).reshape(-1, 1, 2)
            cv2.polylines(img, [pts], True, (0, 255, 0), 2)
        path = os.path.join(args.out, f"{args.seed}_{index}.png")
        cv2.imwrite(path, img)
        print(path, scene.material, scene.background, ",".join(sorted(scene.tags)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
