"""The printer's character cells: column widths, font coverage and glyph drawing.

Text mode prints Font A: a 12×24-dot cell for an ASCII character and a 24×24
cell for a Chinese one. The same cells serve the receipt's raster fallback
(a line the printer's font cannot print is drawn here and sent as an image)
and the simulated printer's paper, so both look like the printer's own text.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

FontCoverage = Literal["gb18030", "gb2312"]
FONT_COVERAGES: tuple[str, ...] = ("gb18030", "gb2312")
Align = Literal["left", "center", "right"]

CELL_DOTS = 12  # Font A: 12×24 for ASCII, 24×24 for a Chinese character
LINE_DOTS = 24


# --- fonts -------------------------------------------------------------------


@functools.cache
def cjk_font_location() -> tuple[str, int] | None:
    """Path and face index of "Noto Sans CJK SC" via ``fc-match``, or ``None`` if absent.

    The SC face is asked for explicitly: the collection's default face is JP,
    whose glyphs for 门/关/说/直/骨 are wrong for a Chinese receipt.
    """
    if shutil.which("fc-match") is None:
        return None
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{family}", "Noto Sans CJK SC:lang=zh-cn"],
            capture_output=True, text=True, check=False, timeout=10,
        ).stdout.splitlines()
    except (OSError, subprocess.TimeoutExpired):
        return None
    if len(out) < 3 or "CJK SC" not in out[2]:
        return None
    return out[0], int(out[1] or 0)


@functools.cache
def cjk_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The SC font at ``size`` pixels; Pillow's built-in font when it is not installed."""
    location = cjk_font_location()
    if location is None:
        return ImageFont.load_default()
    return ImageFont.truetype(location[0], size=size, index=location[1])


# --- text measurement and coverage --------------------------------------------


def char_columns(ch: str) -> int:
    """Columns a character takes on the printer: ASCII one, everything else two."""
    return 1 if " " <= ch <= "~" else 2


def text_columns(text: str) -> int:
    """Columns a text takes on the printer."""
    return sum(char_columns(c) for c in text)


def covered(ch: str, coverage: FontCoverage) -> bool:
    """Whether the printer's resident font has a glyph for ``ch``.

    A GB18030 font covers the two-byte area and the BMP four-byte area
    (Extension A) but not the supplementary planes (Extension B on), which is
    what GB18030-certified printer fonts ship; a GB2312 font covers GB2312.
    """
    if " " <= ch <= "~":
        return True
    if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
        return False
    codec = "gb2312" if coverage == "gb2312" else "gb18030"
    if codec == "gb18030" and ord(ch) > 0xFFFF:
        return False
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


# --- drawing -------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _glyph_mask(ch: str, width: int, height: int, bold: bool) -> Image.Image:
    """Ink coverage (255 = black) of one character in a cell, squeezed if the glyph is wider."""
    font = cjk_font(round(height * 21 / LINE_DOTS))
    left, _, right, _ = font.getbbox(ch, anchor="ms")
    natural = max(width, int(right - left) + 2)
    mask = Image.new("L", (natural, height), 0)
    draw = ImageDraw.Draw(mask)
    # One baseline for every character, low enough for CJK tops and Latin descenders to fit;
    # emphasis is a second pass one dot to the right, as thermal printers do it.
    for dx in (0, 1) if bold else (0,):
        draw.text((natural / 2 + dx - 0.5 * bold, height * 0.8), ch, fill=255, font=font,
                  anchor="ms")
    if natural != width:
        mask = mask.resize((width, height), Image.Resampling.LANCZOS)
    return mask


def draw_cell(img: Image.Image, box: tuple[int, int, int, int], ch: str,
              bold: bool = False) -> None:
    """Draw one character into its printer cell ``(x, top, width, height)``."""
    if ch.isspace():
        return
    x, top, width, height = box
    img.paste(0, (x, top, x + width, top + height), _glyph_mask(ch, width, height, bold))


def render_text_line(text: str, dots: int, align: Align, scale: int = 1,
                     bold: bool = False) -> Image.Image:
    """Draw one printer line as the printer would (same cell grid), for raster fallback."""
    cell = CELL_DOTS * scale
    height = LINE_DOTS * scale
    img = Image.new("L", (dots, height), 255)
    used = min(text_columns(text) * cell, dots)
    x = {"left": 0, "center": (dots - used) // 2, "right": dots - used}[align]
    for ch in text:
        w = char_columns(ch) * cell
        if x + w > dots:
            break
        draw_cell(img, (x, 0, w, height), ch, bold)
        x += w
    return img.point(lambda v: 0 if v < 140 else 255).convert("1")
