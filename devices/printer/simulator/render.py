"""The simulated printer's paper: a finished job drawn as the printer would print it.

Text is drawn in the printer's own cells with the Noto Sans CJK SC face;
characters the configured font lacks are drawn as boxes.
"""

from __future__ import annotations

import numpy as np
import qrcode
from PIL import Image, ImageDraw, ImageOps

from devices.printer.encoding import PRINT_DOTS
from devices.printer.glyphs import CELL_DOTS, LINE_DOTS, draw_cell
from devices.printer.simulator.job import LINE_PITCH, QrBlock, RasterBlock, SimJob, TextLine

MAX_RENDER_HEIGHT = 30_000
_QR_EC = {48: qrcode.constants.ERROR_CORRECT_L, 49: qrcode.constants.ERROR_CORRECT_M,
          50: qrcode.constants.ERROR_CORRECT_Q, 51: qrcode.constants.ERROR_CORRECT_H}


def _offset(align: int, paper: int, used: int) -> int:
    return max(0, {0: 0, 1: (paper - used) // 2, 2: paper - used}.get(align, 0))


def _draw_line(line: TextLine, dots: int) -> Image.Image:
    scale_h = max((c.scale_h for c in line.cells), default=1)
    height = LINE_PITCH + LINE_DOTS * (scale_h - 1)
    img = Image.new("L", (dots, height), 255)
    used = sum(c.columns * CELL_DOTS * c.scale_w for c in line.cells)
    x = _offset(line.align, dots, used)
    for cell in line.cells:
        w, h = cell.columns * CELL_DOTS * cell.scale_w, LINE_DOTS * cell.scale_h
        top = height - h - (LINE_PITCH - LINE_DOTS) // 2
        if x + w > dots:
            break
        if cell.missing:
            ImageDraw.Draw(img).rectangle((x + 2, top + 2, x + w - 3, top + h - 3), outline=0)
        else:
            draw_cell(img, (x, top, w, h), cell.ch, cell.bold)
        x += w
    return img


def _draw_raster(block: RasterBlock, dots: int) -> Image.Image:
    width = block.width_bytes * 8
    img = ImageOps.invert(Image.frombytes("1", (width, block.height), block.bits).convert("L"))
    if block.scale_w != 1 or block.scale_h != 1:
        img = img.resize((width * block.scale_w, block.height * block.scale_h),
                         Image.Resampling.NEAREST)
    out = Image.new("L", (dots, img.height), 255)
    out.paste(img.crop((0, 0, min(img.width, dots), img.height)),
              (_offset(block.align, dots, img.width), 0))
    return out


def _draw_qr(block: QrBlock, dots: int) -> Image.Image:
    code = qrcode.QRCode(error_correction=_QR_EC.get(block.ec, _QR_EC[49]), border=4,
                         box_size=block.module)
    try:
        code.add_data(block.data.decode("utf-8", errors="replace"))
        code.make(fit=True)
    except (ValueError, qrcode.exceptions.DataOverflowError):
        return Image.new("L", (dots, LINE_PITCH), 255)
    modules = np.where(np.array(code.get_matrix(), dtype=bool), 0, 255).astype(np.uint8)
    symbol = Image.fromarray(np.kron(modules, np.ones((block.module, block.module),
                                                      dtype=np.uint8)))
    img = Image.new("L", (dots, symbol.height), 255)
    img.paste(symbol.crop((0, 0, min(symbol.width, dots), symbol.height)),
              (_offset(block.align, dots, symbol.width), 0))
    return img


def render_job(job: SimJob, width_mm: int = 80) -> Image.Image:
    """The paper as printed: white roll of ``width_mm`` with the printable area centred."""
    dots = PRINT_DOTS.get(width_mm, PRINT_DOTS[80])
    paper = width_mm * 8
    parts: list[Image.Image] = []
    total = 0
    for element in job.elements:
        if total > MAX_RENDER_HEIGHT:
            break
        if isinstance(element, TextLine):
            part = _draw_line(element, dots)
        elif isinstance(element, RasterBlock):
            part = _draw_raster(element, dots)
        elif isinstance(element, QrBlock):
            part = _draw_qr(element, dots)
        else:
            part = Image.new("L", (dots, max(1, min(element.dots, 2000))), 255)
        parts.append(part)
        total += part.height
    margin = 24
    height = min(total, MAX_RENDER_HEIGHT + 2000) + 2 * margin
    sheet = Image.new("L", (paper, height), 255)
    y = margin
    for part in parts:
        sheet.paste(part, ((paper - dots) // 2, y))
        y += part.height
    return sheet.point(lambda v: 0 if v < 128 else 255)
