"""``kiosk screenshots``: PNG per screen and mode, not blank, all linked from index.html."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from ui.devtools.screenshots import Mode, RenderResult, Shot, modes, write_index

REPO = Path(__file__).resolve().parent.parent


def _assert_not_blank(path: Path) -> None:
    with Image.open(path) as image:
        assert image.format == "PNG"
        grey = image.convert("L")
        low, high = grey.getextrema()
        assert high - low > 60, f"{path.name} is (nearly) one flat colour"
        # Text and controls cover a real share of the screen, not a stray pixel or two.
        histogram = grey.histogram()
        assert max(histogram) < 0.97 * sum(histogram), f"{path.name} is almost empty"


def test_modes_cover_languages_orientations_and_elder() -> None:
    every = modes()
    assert len(every) == 8
    assert {m.size for m in every} == {(1920, 1080), (1080, 1920)}
    assert modes(["en_US"], ["portrait"], True) == [Mode("en_US", "portrait", True)]


def test_index_links_every_shot_and_escapes_names(tmp_path: Path) -> None:
    mode = Mode("zh_CN", "landscape", False)
    shot = tmp_path / mode.slug / "Home.png"
    shot.parent.mkdir()
    shot.write_bytes(b"")
    result = RenderResult(tmp_path, [Shot("Home<1>", mode, shot)], [], ["Home<1>"])
    page = write_index(result).read_text("utf-8")
    assert 'href="zh_CN-landscape/Home.png"' in page
    assert "Home&lt;1&gt;" in page and "Home<1>" not in page


@pytest.mark.slow
def test_kiosk_screenshots_command_renders_every_screen(tmp_path: Path) -> None:
    """The real command, in its own process (as a person runs it), one language, both modes."""
    out = tmp_path / "shots"
    proc = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "screenshots", str(out), "--locale", "zh_CN",
         "--orientation", "portrait", "--check"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    # Exit 1 means "layout violations found" (listed in layout.txt); anything else is a crash.
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    assert "screenshots of" in proc.stdout
    index = (out / "index.html").read_text("utf-8")
    pngs = sorted(out.rglob("*.png"))
    linked = set(re.findall(r'href="([^"]+\.png)"', index))
    assert {p.relative_to(out).as_posix() for p in pngs} == linked
    names = {p.stem for p in pngs}
    assert {"Home", "Identity", "Services", "Form", "Materials", "Review", "Receipt",
            "Help"} <= names
    # The moments beside the main walk: sending, no paper, no network, tracking, the dock.
    assert {"Submitting", "SubmittingOffline", "ReceiptPaperOut", "ReceiptOffline",
            "TrackCaseEntry", "TrackCase", "TrackCaseOffline", "DockOpen"} <= names
    assert {p.parent.name for p in pngs} == {"zh_CN-portrait", "zh_CN-portrait-elder"}
    for png in pngs:
        with Image.open(png) as image:
            assert image.size == (1080, 1920), png
        _assert_not_blank(png)
    assert (out / "layout.txt").read_text("utf-8").startswith("layout check:")
