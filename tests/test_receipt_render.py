"""The receipt through the real driver into the simulated printer, rendered and read back."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image
from printer_support import receipt_data, sim_printer

from devices.printer.encoding import CHINESE_OFF, CHINESE_ON
from devices.printer.protocol import Printed
from devices.printer.simulator import EscposInterpreter
from kiosk.app.receipt import ReceiptOptions, layout


def decode_qr(path: Path) -> list[str]:
    image = np.asarray(Image.open(path).convert("L"))
    return [r.text for r in zxingcpp.read_barcodes(image)
            if r.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.mark.parametrize("width", [58, 80])
@pytest.mark.parametrize("qr", ["raster", "native"])
def test_printed_png_holds_a_qr_that_decodes_to_the_tracking_url(
        tmp_path: Path, width: int, qr: str) -> None:
    data = receipt_data()
    job = layout(data, ReceiptOptions(width, qr))  # type: ignore[arg-type]
    with sim_printer(tmp_path, width_mm=width) as (sim, printer):
        assert printer.print_job(job) == Printed(len(job))
        (printed,) = sim.jobs
    assert printed.png_path is not None and printed.png_path.parent == tmp_path / "sim-printer"
    assert decode_qr(printed.png_path) == [data.tracking_url]
    assert Image.open(printed.png_path).width == width * 8


def _rasters(job: bytes, coverage: str) -> int:
    interpreter = EscposInterpreter(80, coverage)  # type: ignore[arg-type]
    interpreter.feed(job)
    (printed,) = interpreter.jobs
    assert printed.missing_glyphs == []
    return len(printed.rasters)


def test_rare_character_outside_gb2312_becomes_a_raster_line() -> None:
    options = ReceiptOptions(80, "raster", "gb2312")
    plain = layout(receipt_data(masked_name="王*"), options)
    rare = layout(receipt_data(masked_name="䶮*"), options)
    assert _rasters(rare, "gb2312") == _rasters(plain, "gb2312") + 1
    assert "䶮".encode("gb18030") not in rare
    # The printer never gets a character its font lacks, so nothing prints as a blank box.
    interpreter = EscposInterpreter(80, "gb2312")
    interpreter.feed(rare)
    assert "申请人" not in interpreter.jobs[0].text()  # that line went as an image


def test_gb18030_font_prints_extension_a_as_text_but_not_extension_b() -> None:
    options = ReceiptOptions(80, "raster", "gb18030")
    ext_a = layout(receipt_data(masked_name="䶮*"), options)
    assert CHINESE_ON + "申请人：䶮".encode("gb18030") + CHINESE_OFF in ext_a
    plain = layout(receipt_data(masked_name="王*"), options)
    ext_b = layout(receipt_data(masked_name="𠀾*"), options)
    assert _rasters(ext_a, "gb18030") == _rasters(plain, "gb18030")
    assert _rasters(ext_b, "gb18030") == _rasters(plain, "gb18030") + 1


def test_simulator_shows_a_box_for_a_character_its_font_lacks() -> None:
    # The negative control for the tests above: sent as text, 䶮 is missing from a GB2312 font.
    interpreter = EscposInterpreter(80, "gb2312")
    interpreter.feed(b"\x1b@" + CHINESE_ON + "王䶮".encode("gb18030") + CHINESE_OFF + b"\n\x1dV\x00")
    assert interpreter.jobs[0].missing_glyphs == ["䶮"]


def test_raster_line_has_ink_where_the_text_is(tmp_path: Path) -> None:
    job = layout(receipt_data(masked_name="䶮*"), ReceiptOptions(80, "raster", "gb2312"))
    interpreter = EscposInterpreter(80, "gb2312")
    interpreter.feed(job)
    line = interpreter.jobs[0].rasters[0]
    assert line.height == 24 and line.width_bytes == 72
    assert 50 < sum(bin(b).count("1") for b in line.bits) < 72 * 24 // 2
