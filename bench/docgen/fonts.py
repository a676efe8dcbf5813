"""Find the CJK font at run time (never a hard-coded path)."""

from __future__ import annotations

import functools
import shutil
import subprocess

from PIL import ImageFont


class FontMissingError(RuntimeError):
    """The Chinese font the generator needs is not installed."""


@functools.cache
def cjk_font_location() -> tuple[str, int]:
    """Path and face index of "Noto Sans CJK SC", via ``fc-match``."""
    if shutil.which("fc-match") is None:
        raise FontMissingError("fc-match not found: install fontconfig and fonts-noto-cjk")
    out = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{index}\n%{family}", "Noto Sans CJK SC:lang=zh-cn"],
        capture_output=True, text=True, check=False,
    ).stdout.splitlines()
    if len(out) < 3 or "CJK" not in out[2]:
        raise FontMissingError(
            "Noto Sans CJK SC not found (fc-match gave "
            f"{out[2] if len(out) > 2 else 'nothing'}): apt-get install fonts-noto-cjk"
        )
    return out[0], int(out[1] or 0)


@functools.cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """The CJK font at ``size`` pixels."""
    path, index = cjk_font_location()
    return ImageFont.truetype(path, size=size, index=index)
