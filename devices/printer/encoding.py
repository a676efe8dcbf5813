"""ESC/POS job encoding: command bytes, text, raster images, QR symbols and the job builder.

Chinese text goes out as ``FS &`` + GB18030 bytes + ``FS .`` (python-escpos
never sends ``FS &``); a line holding a character the printer's font lacks (a
GB2312-only font and a rare name character, say) is drawn with the printer's
own cell grid and sent as a ``GS v 0`` raster line; a QR is a raster image or
the printer's own ``GS ( k`` symbol. ``EscPosJob`` starts with ``ESC @`` and
ends with a feed and a cut.
"""

from __future__ import annotations

import re
from typing import Literal

import numpy as np
from PIL import Image, ImageOps

from devices.printer.glyphs import (
    CELL_DOTS,
    Align,
    FontCoverage,
    char_columns,
    covered,
    render_text_line,
    text_columns,
)
from kiosk.base.qr import qr_matrix

QrMode = Literal["raster", "native"]
QR_MODES: tuple[str, ...] = ("raster", "native")

# Printable width in dots at 203 dpi (8 dots/mm): 48 mm on 58 mm paper, 72 mm on 80 mm.
PRINT_DOTS: dict[int, int] = {58: 384, 80: 576}
QR_MODULE_DOTS: dict[int, int] = {58: 6, 80: 8}

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
LF = b"\n"

_ALIGN_CODE: dict[str, int] = {"left": 0, "center": 1, "right": 2}

# Punctuation that must not start a line (it moves down with the character before it).
NO_LINE_START = "，。、；：！？）》」』】,.;:!?)"


# --- line wrapping ---------------------------------------------------------------


def wrap(text: str, columns: int) -> list[str]:
    """Break text into printer lines: between Chinese characters, at spaces in Latin text."""
    lines: list[str] = []
    for raw in _wrap(text, columns):
        line = raw
        if lines and line[:1] in NO_LINE_START and len(lines[-1]) > 1 and not (
                lines[-1][-1].isascii()):
            line = lines[-1][-1] + line
            lines[-1] = lines[-1][:-1]
        lines.append(line)
    return lines


def _wrap(text: str, columns: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        width = 0
        tokens = re.findall(r"[!-~]+ ?| |[^ -~]", paragraph)
        for raw in tokens:
            token = raw
            if width + text_columns(token.rstrip(" ")) > columns and line.strip():
                lines.append(line.rstrip(" "))
                line, width = "", 0
                token = token.lstrip(" ")
            while text_columns(token.rstrip(" ")) > columns:  # one word wider than the paper
                cut = _fit(token, columns)
                lines.append(token[:cut])
                token = token[cut:]
            line += token
            width += text_columns(token)
        if line.strip() or not lines:
            lines.append(line.rstrip(" "))
    return lines


def _fit(token: str, columns: int) -> int:
    used = 0
    for i, ch in enumerate(token):
        used += char_columns(ch)
        if used > columns:
            return max(i, 1)
    return len(token)


# --- commands ----------------------------------------------------------------------


def encode_text(text: str) -> bytes:
    """ASCII runs as they are, everything else as ``FS &`` + GB18030 + ``FS .``."""
    out = bytearray()
    for run in re.findall(r"[ -~]+|[^ -~]+", text):
        if run.isascii():
            out += run.encode("ascii")
        else:
            out += CHINESE_ON + run.encode("gb18030") + CHINESE_OFF
    return bytes(out)


def raster_command(image: Image.Image) -> bytes:
    """``GS v 0`` for a 1-bit image (black = printed dot)."""
    img = image.convert("L")
    width_bytes = (img.width + 7) // 8
    padded = Image.new("L", (width_bytes * 8, img.height), 255)
    padded.paste(img, (0, 0))
    # Pillow packs "1" images MSB first with 1 = white; the printer wants 1 = black.
    data = ImageOps.invert(padded).convert("1", dither=Image.Dither.NONE).tobytes()
    return (GS + b"v0\x00" + width_bytes.to_bytes(2, "little")
            + img.height.to_bytes(2, "little") + data)


def qr_image(data: str, dots: int, module: int) -> Image.Image:
    """The QR as a full-width 1-bit image, centred, with a four-module quiet zone."""
    matrix = qr_matrix(data)
    size = len(matrix)
    module = max(2, min(module, dots // (size + 8)))
    modules = np.where(np.array(matrix, dtype=bool), 0, 255).astype(np.uint8)
    symbol = Image.fromarray(np.kron(modules, np.ones((module, module), dtype=np.uint8)))
    img = Image.new("L", (dots, (size + 8) * module), 255)
    img.paste(symbol, ((dots - size * module) // 2, 4 * module))
    return img


def native_qr_command(data: str, module: int) -> bytes:
    """``GS ( k``: model 2, module size, error correction M, store, print."""
    payload = data.encode("utf-8")
    store_len = len(payload) + 3

    def fn(body: bytes) -> bytes:
        return GS + b"(k" + len(body).to_bytes(2, "little") + body

    return (fn(b"1A2\x00") + fn(b"1C" + bytes([max(1, min(module, 16))])) + fn(b"1E1")
            + GS + b"(k" + store_len.to_bytes(2, "little") + b"1P0" + payload
            + fn(b"1Q0"))


# --- the job -----------------------------------------------------------------------


class EscPosJob:
    """Accumulates one job's bytes for a printer of this width, QR mode and font coverage."""

    def __init__(self, width_mm: int, qr: QrMode = "raster",
                 font_coverage: FontCoverage = "gb18030") -> None:
        self.width_mm = width_mm
        self.qr_mode: QrMode = qr
        self.font_coverage: FontCoverage = font_coverage
        self.dots = PRINT_DOTS[width_mm]
        self.columns = self.dots // CELL_DOTS
        self.out = bytearray(INIT)

    def style(self, align: Align, bold: bool, scale: int) -> None:
        """Set alignment, emphasis and character size for what follows."""
        self.out += ESC + b"a" + bytes([_ALIGN_CODE[align]])
        self.out += ESC + b"E" + bytes([1 if bold else 0])
        self.out += GS + b"!" + bytes([(scale - 1) << 4 | (scale - 1)])
        # Some Chinese firmwares size Chinese characters only through FS !.
        self.out += FS + b"!" + bytes([0x0C if scale > 1 else 0])

    def line(self, text: str, align: Align = "left", bold: bool = False, scale: int = 1,
             bullet: str = "") -> None:
        """Wrapped text; a line the printer's font cannot print goes as a raster image."""
        hang = text_columns(bullet)
        columns = self.columns // scale - hang
        for n, wrapped in enumerate(wrap(text, columns)):
            part = (bullet if n == 0 else " " * hang) + wrapped
            if all(covered(c, self.font_coverage) for c in part):
                self.style(align, bold, scale)
                self.out += encode_text(part) + LF
            else:
                # The printer's font lacks a glyph here: draw the whole line ourselves.
                self.style("left", False, 1)
                self.out += raster_command(
                    render_text_line(part, self.dots, align, scale, bold))

    def rule(self) -> None:
        """A dashed line across the paper."""
        self.style("left", False, 1)
        self.out += b"-" * self.columns + LF

    def qr(self, url: str) -> None:
        """The QR of ``url``, centred: a raster image or the printer's own symbol."""
        module = QR_MODULE_DOTS[self.width_mm]
        if self.qr_mode == "native":
            self.style("center", False, 1)
            self.out += native_qr_command(url, module) + LF
        else:
            self.style("left", False, 1)
            self.out += raster_command(qr_image(url, self.dots, module))

    def picture(self, image: Image.Image) -> None:
        """A picture (dark = printed dot), at most the printable width, as a raster image."""
        if image.width > self.dots:
            raise ValueError(f"a picture may be at most {self.dots} dots wide")
        self.style("left", False, 1)
        self.out += raster_command(image)

    def finish(self) -> bytes:
        """The complete job: reset style, feed past the cutter, partial cut."""
        self.style("left", False, 1)
        self.out += ESC + b"d\x04" + GS + b"VB\x00"  # feed past the cutter, then partial cut
        return bytes(self.out)
