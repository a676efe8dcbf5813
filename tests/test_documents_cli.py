"""``kiosk documents detect`` and ``scan`` on generated image files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import cv2
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.docgen import make_scene
from kiosk.app.documents.geometry import iou
from kiosk.cli.documents import main


def test_detect_json_prints_corners_verdicts_and_timing(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    s = make_scene(1, 99, set(), (1280, 720))
    path = tmp_path / "frame.jpg"
    cv2.imwrite(str(path), s.image)
    assert main(["documents", "detect", str(path), "--json", "--material", s.material]) == 0
    out = json.loads(capsys.readouterr().out)
    assert s.corners is not None
    assert iou(out["corners"], s.corners, 1280, 720) > 0.93
    assert out["verdicts"] == [] and out["ms"] > 0


def test_scan_writes_a_jpeg_and_pdf(tmp_path: Path) -> None:
    s = make_scene(1, 99, set(), (1920, 1080))
    path = tmp_path / "frame.png"
    cv2.imwrite(str(path), s.image)
    out, pdf = tmp_path / "page.jpg", tmp_path / "page.pdf"
    assert main(["documents", "scan", str(path), "--out", str(out), "--pdf", str(pdf),
                 "--material", s.material]) == 0
    img = cv2.imread(str(out))
    assert img is not None and img.shape[0] > 100
    assert pdf.read_bytes().startswith(b"%PDF")


def test_unreadable_image_exits_with_message_key(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not an image")
    assert main(["documents", "detect", str(bad), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["problem"] == "document.unreadable_image"
