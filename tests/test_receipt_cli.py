"""``kiosk receipt render``: demo receipt bytes and the simulated printer's PNG."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import zxingcpp
from PIL import Image
from printer_support import TRACKING_CODE

from devices.printer.simulator import EscposInterpreter
from kiosk.base.idnumber import mask_name
from kiosk.cli import main
from kiosk.devtools.residents import resident


def test_render_writes_bytes_and_a_png_whose_qr_decodes(tmp_path: Path) -> None:
    out, png = tmp_path / "r.bin", tmp_path / "r.png"
    code = main(["receipt", "render", "--tracking", TRACKING_CODE.lower(), "--width", "58",
                 "--out", str(out), "--png", str(png)])
    assert code == 0
    job = out.read_bytes()
    interpreter = EscposInterpreter(58)
    interpreter.feed(job)
    text = interpreter.jobs[0].text()
    demo = resident("R0001")
    assert mask_name(demo.name) in text and demo.id_number not in text
    results = zxingcpp.read_barcodes(np.asarray(Image.open(png).convert("L")))
    assert [r.text for r in results] == [f"https://track.example.invalid/t/{TRACKING_CODE}"]


def test_invalid_tracking_code_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "r.bin"
    assert main(["receipt", "render", "--tracking", "NOTACODE", "--out", str(out)]) == 2
    assert not out.exists()
