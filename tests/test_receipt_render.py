"""The receipt through the real driver into the simulated printer, rendered and read back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image, ImageFont
from printer_support import receipt_data, sim_printer

from devices.printer.protocol import Printed
from devices.printer.simulator import EscposInterpreter, render_job
from kiosk.app.receipt import (
    CHINESE_OFF,
    CHINESE_ON,
    ReceiptOptions,
    cjk_font_location,
    draw_cell,
    layout,
)


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


def test_font_is_noto_sans_cjk_sc_not_the_jp_default() -> None:
    location = cjk_font_location()
    assert location is not None, "install fonts-noto-cjk"
    path, index = location
    assert ImageFont.truetype(path, 24, index=index).getname()[0] == "Noto Sans CJK SC"
    jp = subprocess.run(["fc-match", "-f", "%{file}\n%{index}", "Noto Sans CJK JP"],
                        capture_output=True, text=True, check=True).stdout.split("\n")
    assert jp[0] == path and int(jp[1]) != index


def test_rendered_glyphs_are_simplified_chinese_forms() -> None:
    # 骨/直/门/关/说 are drawn differently in the JP face; the printout must match SC.
    location = cjk_font_location()
    assert location is not None
    interpreter = EscposInterpreter(80)
    interpreter.feed(b"\x1b@" + CHINESE_ON + "门关说直骨".encode("gb18030") + CHINESE_OFF
                     + b"\n\x1dV\x00")
    sheet = render_job(interpreter.jobs[0], 80)
    paper_x = (640 - 576) // 2
    top = 24 + 3  # page margin + half the line gap
    for i, _ch in enumerate("门关说直骨"):
        cell = sheet.crop((paper_x + i * 24, top, paper_x + (i + 1) * 24, top + 24))
        expected = Image.new("L", (24, 24), 255)
        draw_cell(expected, (0, 0, 24, 24), "门关说直骨"[i])
        expected = expected.point(lambda v: 0 if v < 128 else 255)
        assert np.array_equal(np.asarray(cell), np.asarray(expected))
    jp_path = subprocess.run(["fc-match", "-f", "%{file}\n%{index}", "Noto Sans CJK JP"],
                             capture_output=True, text=True, check=True).stdout.split("\n")
    jp_font = ImageFont.truetype(jp_path[0], 21, index=int(jp_path[1]))
    sc_font = ImageFont.truetype(location[0], 21, index=location[1])
    differing = [ch for ch in "门关说直骨"
                 if np.asarray(jp_font.getmask(ch)).tobytes()
                 != np.asarray(sc_font.getmask(ch)).tobytes()]
    assert differing, "SC and JP faces should differ for these characters"
