"""``kiosk documents``: detect a document in an image, or scan it to a JPEG/PDF."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from kiosk.app.documents import (
    BUILTIN,
    capture,
    check,
    detect,
    material,
    pdf_from_jpegs,
)
from kiosk.app.documents.messages import text
from kiosk.base.images import ImageRejected, read_image
from kiosk.base.masking import mask_text


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``documents`` command group."""
    p = subparsers.add_parser("documents", help="find, check and scan paper documents")
    sub = p.add_subparsers(dest="documents_command", required=True)
    d = sub.add_parser("detect", help="print the document corners, quality verdicts and timing")
    d.add_argument("image", type=Path)
    d.add_argument("--material", choices=sorted(BUILTIN), default=None)
    d.add_argument("--json", action="store_true", help="machine-readable output")
    d.add_argument("--locale", default="zh_CN")
    d.set_defaults(func=cmd_detect)
    s = sub.add_parser("scan", help="detect, rectify, enhance and save the page")
    s.add_argument("image", type=Path)
    s.add_argument("--out", type=Path, required=True, help="output JPEG")
    s.add_argument("--pdf", type=Path, default=None, help="also write a one-page PDF")
    s.add_argument("--material", choices=sorted(BUILTIN), default="a4")
    s.add_argument("--colour", choices=["colour", "grey", "bw"], default=None)
    s.add_argument("--dpi", type=int, default=None)
    s.add_argument("--json", action="store_true")
    s.add_argument("--locale", default="zh_CN")
    s.set_defaults(func=cmd_scan)


def _read(path: Path) -> np.ndarray | None:
    try:
        return read_image(path)
    except ImageRejected:
        return None


def _problem(key: str, args: argparse.Namespace) -> int:
    if args.json:
        print(json.dumps({"ok": False, "problem": key, "message": text(key, args.locale)},
                         ensure_ascii=False))
    else:
        print(f"{key}: {text(key, args.locale)}", file=sys.stderr)
    return 2


def cmd_detect(args: argparse.Namespace) -> int:
    """Print corners (clockwise from the top-left), verdicts and timing."""
    img = _read(args.image)
    if img is None:
        return _problem("document.unreadable_image", args)
    spec = material(args.material) if args.material else None
    res = detect(img, spec)
    if res.best is None:
        return _problem(res.problem or "document.not_found", args)
    verdicts = check(img, res.best, spec)
    out: dict[str, Any] = {
        "ok": True,
        "corners": [[round(float(x), 1), round(float(y), 1)] for x, y in res.best.quad],
        "score": round(res.best.score, 3),
        "cut_off": res.best.cut_off,
        "verdicts": [{"key": v.key, "message": text(v.key, args.locale),
                      "value": round(v.value, 4)} for v in verdicts],
        "others": [[[round(float(x), 1), round(float(y), 1)] for x, y in o.quad]
                   for o in res.others],
        "ms": round(res.ms, 2),
        "frame_size": list(res.frame_size),
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print("corners (clockwise from top-left):",
              " ".join(f"({x:.0f},{y:.0f})" for x, y in out["corners"]))
        print(f"score {out['score']}  cut_off {out['cut_off']}  {out['ms']} ms")
        for v in out["verdicts"]:
            print(f"  {v['key']}: {v['message']}")
        if out["others"]:
            print(f"  {len(out['others'])} other document(s) in view")
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    """Detect, capture and write the page as JPEG (and optionally PDF)."""
    img = _read(args.image)
    if img is None:
        return _problem("document.unreadable_image", args)
    spec = material(args.material)
    res = detect(img, spec)
    if res.best is None:
        return _problem(res.problem or "document.not_found", args)
    page = capture(img, res.best.quad, spec, colour=args.colour, dpi=args.dpi)
    args.out.write_bytes(page.jpeg)
    if args.pdf is not None:
        w, h = page.size
        args.pdf.write_bytes(pdf_from_jpegs([(page.jpeg, w, h, page.dpi)]))
    verdicts = check(img, res.best, spec)
    out: dict[str, Any] = {
        "ok": True,
        "out": str(args.out),
        "sha256": page.sha256,
        "bytes": len(page.jpeg),
        "size": list(page.size),
        "dpi": page.dpi,
        "jpeg_quality": page.jpeg_quality,
        "quarter_turns": page.quarter_turns,
        # A barcode on a document may carry an ID number or phone: masked.
        "barcodes": [{"format": b.format, "text": mask_text(b.text)} for b in page.barcodes],
        "verdicts": [v.key for v in verdicts],
        "ms": round(res.ms + page.ms, 1),
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"wrote {args.out} ({out['bytes'] // 1024} KB, {page.size[0]}x{page.size[1]}, "
              f"{page.dpi} dpi) sha256 {page.sha256}")
        for b in page.barcodes:
            print(f"  barcode {b.format}: {mask_text(b.text)}")
        for key in out["verdicts"]:
            print(f"  {key}: {text(str(key), args.locale)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the ``documents`` commands on their own (without the kiosk CLI)."""
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
