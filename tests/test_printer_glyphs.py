"""The printer's character cells: font coverage and the Simplified Chinese face."""

from __future__ import annotations

import subprocess

import numpy as np
from PIL import Image, ImageFont

from devices.printer.encoding import CHINESE_OFF, CHINESE_ON
from devices.printer.glyphs import cjk_font_location, covered, draw_cell
from devices.printer.simulator import EscposInterpreter, render_job


def test_font_coverage_rules() -> None:
    assert covered("王", "gb2312") and covered("：", "gb2312") and covered("A", "gb2312")
    assert not covered("䶮", "gb2312") and covered("䶮", "gb18030")  # Extension A
    assert not covered("镕", "gb2312") and covered("镕", "gb18030")  # GBK, not GB2312
    assert not covered("𠀾", "gb18030") and not covered("𠀾", "gb2312")  # Extension B


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
