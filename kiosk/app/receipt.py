"""The printed receipt: a pure function from ``ReceiptData`` to one ESC/POS job.

``ReceiptData`` is a ``kiosk.base.receipt_record.ReceiptRecord`` (the facts the
outbox keeps) plus what one print adds: the terminal, the tracking link, the
next steps and the language.

The layout is ours rather than python-escpos's: Chinese text goes out as
``FS &`` + GB18030 bytes + ``FS .`` (the library never sends ``FS &``), a line
holding a character the printer's font lacks (a GB2312-only font and a rare
name character, say) is drawn here and sent as a ``GS v 0`` raster line, and
the tracking QR is a raster image by default or the printer's own ``GS ( k``
symbol when configured. The job starts with ``ESC @`` and ends with a cut.

Only already-masked personal data is accepted: ``ReceiptData`` refuses any
field that holds something shaped like a full identity number.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import qrcode
from PIL import Image, ImageDraw, ImageFont, ImageOps

from kiosk.base import i18n, tracking
from kiosk.base.receipt_record import ReceiptRecord

# Mirrors ``kiosk.hub.schema.ResultMode`` (the hub contract); kept literal here so the
# receipt does not pull the contract models in.
ResultMode = Literal["on_the_spot", "pickup", "mail"]
RESULT_MODES: tuple[str, ...] = ("on_the_spot", "pickup", "mail")
QrMode = Literal["raster", "native"]
QR_MODES: tuple[str, ...] = ("raster", "native")
FontCoverage = Literal["gb18030", "gb2312"]
FONT_COVERAGES: tuple[str, ...] = ("gb18030", "gb2312")

# Printable width in dots at 203 dpi (8 dots/mm): 48 mm on 58 mm paper, 72 mm on 80 mm.
PRINT_DOTS: dict[int, int] = {58: 384, 80: 576}
CELL_DOTS = 12  # Font A: 12×24 for ASCII, 24×24 for a Chinese character
LINE_DOTS = 24
QR_MODULE_DOTS: dict[int, int] = {58: 6, 80: 8}
CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
LF = b"\n"

# Anything shaped like a GB 11643 number (18 characters) or a first-generation 15-digit one.
_FULL_ID = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")


class ReceiptDataError(ValueError):
    """The receipt data is unusable (for instance it holds a full ID number)."""


@dataclass(frozen=True)
class ReceiptOptions:
    """What the printer can do: paper width, QR rendering, font coverage."""

    width_mm: int = 80
    qr: QrMode = "raster"
    font_coverage: FontCoverage = "gb18030"

    def __post_init__(self) -> None:
        if self.width_mm not in PRINT_DOTS:
            raise ValueError(f"width_mm must be 58 or 80, not {self.width_mm}")
        if self.qr not in QR_MODES:
            raise ValueError(f"qr must be raster or native, not {self.qr}")
        if self.font_coverage not in FONT_COVERAGES:
            raise ValueError(f"font_coverage must be gb18030 or gb2312, not {self.font_coverage}")

    @property
    def dots(self) -> int:
        """Printable width in dots."""
        return PRINT_DOTS[self.width_mm]

    @property
    def columns(self) -> int:
        """Half-width character columns per line."""
        return self.dots // CELL_DOTS

    @staticmethod
    def for_printer(printer: object) -> ReceiptOptions:
        """Options read from a printer object (``width_mm``, ``receipt_qr``, ``font_coverage``)."""
        width = getattr(printer, "width_mm", 80)
        qr: QrMode = "native" if getattr(printer, "receipt_qr", "raster") == "native" else "raster"
        coverage: FontCoverage = (
            "gb2312" if getattr(printer, "font_coverage", "gb18030") == "gb2312" else "gb18030")
        return ReceiptOptions(width if width in PRINT_DOTS else 80, qr, coverage)


@dataclass(frozen=True, repr=False)
class ReceiptData:
    """One print of a receipt: the record plus this terminal, the tracking link and the language."""

    record: ReceiptRecord
    terminal_id: str
    tracking_url: str
    next_steps: tuple[str, ...] = field(default_factory=tuple)  # message keys
    locale: str = i18n.DEFAULT_LOCALE

    def __post_init__(self) -> None:
        r = self.record
        texts = {"service_name_zh": r.service_name_zh, "service_name_en": r.service_name_en,
                 "terminal_id": self.terminal_id, "masked_name": r.masked_name,
                 "tracking_code": r.tracking_code, "tracking_url": self.tracking_url,
                 **{f"next_steps[{i}]": k for i, k in enumerate(self.next_steps)}}
        for name, value in texts.items():
            if _FULL_ID.search(value):
                raise ReceiptDataError(f"{name} holds a full ID number; pass masked values only")
        if not _looks_masked(r.masked_name):
            raise ReceiptDataError("masked_name is not masked; pass kiosk.base.idnumber.mask_name(...)")
        if not tracking.is_valid(r.tracking_code):
            raise ReceiptDataError("tracking_code is not a valid tracking code")
        if r.created_at.tzinfo is None:
            raise ReceiptDataError("created_at must be timezone-aware")
        if r.result_mode not in RESULT_MODES:
            raise ReceiptDataError(f"result_mode must be one of {', '.join(RESULT_MODES)}")
        if self.locale not in i18n.LOCALES:
            raise ReceiptDataError(f"locale must be one of {', '.join(i18n.LOCALES)}")

    def __repr__(self) -> str:
        return (f"ReceiptData(service={self.record.service_name_en!r}, "
                f"terminal={self.terminal_id!r}, result_mode={self.record.result_mode!r}, "
                "name=<masked>)")


def _looks_masked(name: str) -> bool:
    """A masked name has a ``*`` in it (``王*``, ``J*** D**``) unless it is one character."""
    return len(name.strip()) <= 1 or "*" in name


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


# Punctuation that must not start a line (it moves down with the character before it).
NO_LINE_START = "，。、；：！？）》」』】,.;:!?)"


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


# --- ESC/POS building ----------------------------------------------------------

Align = Literal["left", "center", "right"]
_ALIGN_CODE: dict[str, int] = {"left": 0, "center": 1, "right": 2}


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


def qr_matrix(data: str) -> list[list[bool]]:
    """QR modules (version chosen by ``qrcode``, error correction M), quiet zone excluded."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    return matrix


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


class _Job:
    """Accumulates one job's bytes with the printer's current style."""

    def __init__(self, options: ReceiptOptions) -> None:
        self.options = options
        self.out = bytearray(INIT)

    def style(self, align: Align, bold: bool, scale: int) -> None:
        self.out += ESC + b"a" + bytes([_ALIGN_CODE[align]])
        self.out += ESC + b"E" + bytes([1 if bold else 0])
        self.out += GS + b"!" + bytes([(scale - 1) << 4 | (scale - 1)])
        # Some Chinese firmwares size Chinese characters only through FS !.
        self.out += FS + b"!" + bytes([0x0C if scale > 1 else 0])

    def line(self, text: str, align: Align = "left", bold: bool = False, scale: int = 1,
             bullet: str = "") -> None:
        hang = text_columns(bullet)
        columns = self.options.columns // scale - hang
        for n, wrapped in enumerate(wrap(text, columns)):
            part = (bullet if n == 0 else " " * hang) + wrapped
            if all(covered(c, self.options.font_coverage) for c in part):
                self.style(align, bold, scale)
                self.out += encode_text(part) + LF
            else:
                # The printer's font lacks a glyph here: draw the whole line ourselves.
                self.style("left", False, 1)
                self.out += raster_command(
                    render_text_line(part, self.options.dots, align, scale, bold))

    def rule(self) -> None:
        self.style("left", False, 1)
        self.out += b"-" * self.options.columns + LF

    def qr(self, url: str) -> None:
        module = QR_MODULE_DOTS[self.options.width_mm]
        if self.options.qr == "native":
            self.style("center", False, 1)
            self.out += native_qr_command(url, module) + LF
        else:
            self.style("left", False, 1)
            self.out += raster_command(qr_image(url, self.options.dots, module))

    def finish(self) -> bytes:
        self.style("left", False, 1)
        self.out += ESC + b"d\x04" + GS + b"VB\x00"  # feed past the cutter, then partial cut
        return bytes(self.out)


def layout(data: ReceiptData, options: ReceiptOptions | None = None) -> bytes:
    """The receipt for ``data`` as one complete ESC/POS job."""
    opts = options or ReceiptOptions()
    loc = data.locale
    record = data.record

    def t(key: str) -> str:
        return i18n.translate(key, loc)

    def sep() -> str:
        return "：" if loc == "zh_CN" else ": "

    job = _Job(opts)
    job.line(t("receipt.title"), "center", bold=True, scale=2)
    job.line(record.service_name_zh, "center", bold=True)
    job.line(record.service_name_en, "center")
    job.rule()
    local = record.created_at.astimezone(CHINA_TIME)
    job.line(t("receipt.label.time") + sep() + local.strftime("%Y-%m-%d %H:%M"))
    job.line(t("receipt.label.terminal") + sep() + data.terminal_id)
    job.line(t("receipt.label.applicant") + sep() + record.masked_name)
    job.line(t("receipt.label.result") + sep() + t(f"receipt.result.{record.result_mode}"))
    job.line(t("receipt.label.next") + sep().rstrip())
    for key in data.next_steps:
        job.line(t(key), bullet=" ·" if loc == "zh_CN" else " · ")
    if record.queued:
        job.rule()
        job.line(t("receipt.queued_offline"), bold=True)
    job.rule()
    job.line(t("receipt.label.tracking"), "center")
    job.line(tracking.display(record.tracking_code), "center", bold=True,
             scale=2 if opts.width_mm == 80 else 1)
    job.qr(data.tracking_url)
    job.line(t("receipt.scan_hint"), "center")
    job.line(t("receipt.keep"), "center")
    return job.finish()


def default_next_steps(result_mode: ResultMode) -> tuple[str, ...]:
    """The usual next-step messages for a result mode."""
    return (f"receipt.next.{result_mode}", "receipt.next.track")
