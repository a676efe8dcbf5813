"""Annotate the real-photo document set (``bench/realdocs/``): import, propose, look, accept.

    python bench/annotate.py import SRC --repo OWNER/NAME --path P --commit SHA \\
        --licence CC-BY-4.0 --author "..." [--kind photo|scan] [--material KEY] [--name N]
    python bench/annotate.py sheet --out SHEET.png [--unchecked] [--only NAME ...]
    python bench/annotate.py repropose NAME ... [--proposer detector|bright]
    python bench/annotate.py compare NAME ... --out PNG   (green: annotation, red: detector)
    python bench/annotate.py accept NAME ...
    python bench/annotate.py set NAME (--corners "x,y x,y x,y x,y" [--cut-off] | --not-found)

``import`` downscales the image into ``bench/realdocs/`` (long side 1280 px, JPEG) and
stores the detector's corners as a *proposal* (``checked: false``). ``sheet`` draws
each image with its annotation (green quad, corner 1 marked, verdict in the title) on a
contact sheet to look at; ``accept`` marks proposals that are right, ``set`` replaces
wrong ones with corrected coordinates (pixels of the committed image) or a verdict.
Only checked entries count in ``bench/documents.py --real``.
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.realdocs import HERE, LONG_SIDE, Entry, Source, load, save, split_of
from kiosk.app.documents import detect, material
from kiosk.app.documents.geometry import order_clockwise


def _downscaled(src: Path) -> np.ndarray:
    image = cv2.imread(str(src), cv2.IMREAD_COLOR)
    if image is None:
        raise SystemExit(f"cannot read {src} as an image")
    h, w = image.shape[:2]
    scale = min(1.0, LONG_SIDE / max(h, w))
    if scale < 1.0:
        image = cv2.resize(image, (round(w * scale), round(h * scale)),
                           interpolation=cv2.INTER_AREA)
    return np.asarray(image, dtype=np.uint8)


def propose(image: np.ndarray, material_key: str | None) -> tuple[str, list[list[float]] | None]:
    """The detector's verdict and corners for an image (the starting point of an annotation)."""
    spec = material(material_key) if material_key else None
    best = detect(image, spec).best
    if best is None:
        return "not_found", None
    corners = [[round(float(x), 1), round(float(y), 1)] for x, y in best.quad]
    return ("cut_off" if best.cut_off else "whole"), corners


def propose_bright(image: np.ndarray) -> tuple[str, list[list[float]] | None]:
    """The brightest large region's rotated rectangle: white paper on a darker surface.

    A second proposer for images the detector gets wrong (receipts on a grey card in a
    scanner): pixels above 200 grey, closed over text lines, biggest region. A rectangle
    within 3 px of the image edge is proposed as ``cut_off``.
    """
    grey = cv2.GaussianBlur(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), (5, 5), 0)
    mask = (grey > 200).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((25, 25), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    if count < 2:
        return "not_found", None
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    if stats[biggest, cv2.CC_STAT_AREA] < 0.01 * mask.size:
        return "not_found", None
    points = np.column_stack(np.nonzero(labels == biggest)[::-1]).astype(np.float32)
    box = cv2.boxPoints(cv2.minAreaRect(points))
    h, w = mask.shape
    quad = order_clockwise(box)
    touches = bool(np.any(quad[:, 0] < 3) or np.any(quad[:, 0] > w - 4)
                   or np.any(quad[:, 1] < 3) or np.any(quad[:, 1] > h - 4))
    corners = [[round(float(x), 1), round(float(y), 1)] for x, y in quad]
    return ("cut_off" if touches else "whole"), corners


def cmd_repropose(args: argparse.Namespace) -> int:
    entries = {e.file: e for e in load()}
    for name in args.names:
        key = name if name in entries else f"{name}.jpg"
        image = cv2.imread(str(HERE / key), cv2.IMREAD_COLOR)
        if image is None:
            raise SystemExit(f"cannot read {key}")
        verdict, corners = (propose_bright(image) if args.proposer == "bright"
                            else propose(image, entries[key].material))
        entries[key] = replace(entries[key], verdict=verdict, corners=corners,  # type: ignore[arg-type]
                               checked=False)
        print(f"{key}: proposed {verdict} {corners}")
    save(list(entries.values()))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    entries = {e.file: e for e in load()}
    src = Path(args.src)
    name = (args.name or src.stem) + ".jpg"
    image = _downscaled(src)
    ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 82])
    if not ok:
        raise SystemExit(f"cannot encode {src}")
    (HERE / name).write_bytes(jpeg.tobytes())
    verdict, corners = propose(image, args.material)
    url = f"https://github.com/{args.repo}/blob/{args.commit}/{args.path}"
    entries[name] = Entry(name, args.kind, args.material, verdict, corners,  # type: ignore[arg-type]
                          Source(args.repo, args.path, args.commit, url, args.licence,
                                 args.author))
    save(list(entries.values()))
    print(f"{name}: proposed {verdict} {corners} ({split_of(name)} split)")
    return 0


def draw(entry: Entry, width: int = 420) -> np.ndarray:
    """The image with its annotation, scaled to ``width``, titled with name and verdict."""
    image = cv2.imread(str(HERE / entry.file), cv2.IMREAD_COLOR)
    if image is None:
        raise SystemExit(f"{entry.file} is in the manifest but not in {HERE}")
    scale = width / image.shape[1]
    small = cv2.resize(image, (width, round(image.shape[0] * scale)), interpolation=cv2.INTER_AREA)
    if entry.corners is not None:
        quad = np.array(entry.corners, dtype=np.float64) * scale
        cv2.polylines(small, [np.round(quad).astype(np.int32)], True, (0, 200, 0), 2,
                      cv2.LINE_AA)
        cv2.circle(small, tuple(int(v) for v in np.round(quad[0])), 6, (0, 0, 255), -1)
    title = np.full((28, width, 3), 255, dtype=np.uint8)
    mark = "ok" if entry.checked else "??"
    cv2.putText(title, f"{mark} {entry.file[:34]} {entry.verdict}", (4, 19),
                cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 1, cv2.LINE_AA)
    return np.vstack([title, small])


def cmd_sheet(args: argparse.Namespace) -> int:
    entries = [e for e in load() if (not args.unchecked or not e.checked)
               and (not args.only or e.file in args.only or Path(e.file).stem in args.only)]
    if not entries:
        print("nothing to draw")
        return 1
    tiles = [draw(e, args.tile) for e in entries]
    height = max(t.shape[0] for t in tiles)
    tiles = [np.vstack([t, np.full((height - t.shape[0], t.shape[1], 3), 255, np.uint8)])
             for t in tiles]
    cols = args.cols
    rows = math.ceil(len(tiles) / cols)
    blank = np.full_like(tiles[0], 255)
    grid = [np.hstack(tiles[r * cols:(r + 1) * cols]
                      + [blank] * max(0, (r + 1) * cols - len(tiles))) for r in range(rows)]
    cv2.imwrite(args.out, np.vstack(grid))
    print(f"{args.out}: {len(entries)} images")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    """Annotation (green) and the detector's answer (red) side by side in one picture."""
    entries = {e.file: e for e in load()}
    tiles = []
    for name in args.names:
        entry = entries.get(name) or entries.get(f"{name}.jpg")
        if entry is None:
            raise SystemExit(f"{name} is not in the manifest")
        tile = draw(entry, args.tile)
        image = cv2.imread(str(HERE / entry.file), cv2.IMREAD_COLOR)
        best = detect(image, material(entry.material) if entry.material else None).best
        scale = args.tile / image.shape[1]
        if best is not None:
            quad = np.round(np.asarray(best.quad, dtype=np.float64) * scale).astype(np.int32)
            body = tile[28:]
            cv2.polylines(body, [quad], True, (0, 0, 230), 2, cv2.LINE_AA)
        tiles.append(tile)
    height = max(t.shape[0] for t in tiles)
    tiles = [np.vstack([t, np.full((height - t.shape[0], t.shape[1], 3), 255, np.uint8)])
             for t in tiles]
    cv2.imwrite(args.out, np.hstack(tiles), [cv2.IMWRITE_PNG_COMPRESSION, 9])
    print(f"{args.out}: green = annotation, red = detector")
    return 0


def _update(names: list[str], change: dict[str, object]) -> int:
    entries = {e.file: e for e in load()}
    for name in names:
        key = name if name in entries else f"{name}.jpg"
        if key not in entries:
            raise SystemExit(f"{name} is not in the manifest")
        entries[key] = replace(entries[key], **change)  # type: ignore[arg-type]
    save(list(entries.values()))
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    return _update(args.names, {"checked": True})


def cmd_set(args: argparse.Namespace) -> int:
    if args.not_found:
        return _update([args.name], {"verdict": "not_found", "corners": None, "checked": True})
    if not args.corners:
        raise SystemExit("give --corners \"x,y x,y x,y x,y\" or --not-found")
    points = [[float(v) for v in pair.split(",")] for pair in args.corners.split()]
    if len(points) != 4 or any(len(p) != 2 for p in points):
        raise SystemExit("--corners needs four x,y pairs")
    quad = [[round(float(x), 1), round(float(y), 1)] for x, y in order_clockwise(points)]
    return _update([args.name], {"verdict": "cut_off" if args.cut_off else "whole",
                                 "corners": quad, "checked": True})


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run one command."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="add an image with the detector's proposal")
    imp.add_argument("src")
    imp.add_argument("--repo", required=True)
    imp.add_argument("--path", required=True)
    imp.add_argument("--commit", required=True)
    imp.add_argument("--licence", required=True)
    imp.add_argument("--author", required=True)
    imp.add_argument("--kind", choices=["photo", "scan"], default="photo")
    imp.add_argument("--material", default=None)
    imp.add_argument("--name", default=None)
    imp.set_defaults(run=cmd_import)
    sheet = sub.add_parser("sheet", help="draw annotations on a contact sheet")
    sheet.add_argument("--out", required=True)
    sheet.add_argument("--unchecked", action="store_true")
    sheet.add_argument("--only", nargs="*")
    sheet.add_argument("--cols", type=int, default=4)
    sheet.add_argument("--tile", type=int, default=420)
    sheet.set_defaults(run=cmd_sheet)
    rep = sub.add_parser("repropose", help="propose again, with the detector or bright regions")
    rep.add_argument("names", nargs="+")
    rep.add_argument("--proposer", choices=["detector", "bright"], default="detector")
    rep.set_defaults(run=cmd_repropose)
    cmp_ = sub.add_parser("compare", help="annotation (green) and detector (red) side by side")
    cmp_.add_argument("names", nargs="+")
    cmp_.add_argument("--out", required=True)
    cmp_.add_argument("--tile", type=int, default=300)
    cmp_.set_defaults(run=cmd_compare)
    acc = sub.add_parser("accept", help="mark proposals as checked")
    acc.add_argument("names", nargs="+")
    acc.set_defaults(run=cmd_accept)
    st = sub.add_parser("set", help="replace an annotation")
    st.add_argument("name")
    st.add_argument("--corners")
    st.add_argument("--cut-off", action="store_true")
    st.add_argument("--not-found", action="store_true")
    st.set_defaults(run=cmd_set)
    args = ap.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    raise SystemExit(main())
