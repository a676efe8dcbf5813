"""What the simulated printer received between two cuts: text lines, images, QR symbols, feeds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LINE_PITCH = 30  # dots per text line at normal size (the common 1/6-inch default)


@dataclass(frozen=True)
class Cell:
    """One printed character with its style."""

    ch: str
    columns: int
    bold: bool
    scale_w: int
    scale_h: int
    missing: bool  # the configured font has no glyph: the printer prints a blank/box


@dataclass
class TextLine:
    """A line of characters, printed at LF (or when it overflows the paper)."""

    cells: list[Cell]
    align: int


@dataclass(frozen=True)
class RasterBlock:
    """A ``GS v 0`` image: packed rows, MSB first, 1 = black."""

    width_bytes: int
    height: int
    bits: bytes
    align: int
    scale_w: int
    scale_h: int


@dataclass(frozen=True)
class QrBlock:
    """A ``GS ( k`` QR symbol printed with the stored data."""

    data: bytes
    module: int
    ec: int
    align: int


@dataclass(frozen=True)
class Feed:
    """Blank paper fed, in dots."""

    dots: int


Element = TextLine | RasterBlock | QrBlock | Feed


@dataclass
class SimJob:
    """Everything received between two cuts."""

    data: bytes
    elements: list[Element]
    missing_glyphs: list[str]
    cut: bool
    printed: bool  # False when the printer could not print (paper out, cover open, …)
    png_path: Path | None = None

    def text(self) -> str:
        """The printed characters, one line per text line (for assertions)."""
        return "\n".join("".join(c.ch for c in e.cells)
                         for e in self.elements if isinstance(e, TextLine))

    @property
    def rasters(self) -> list[RasterBlock]:
        """The raster images of the job."""
        return [e for e in self.elements if isinstance(e, RasterBlock)]
