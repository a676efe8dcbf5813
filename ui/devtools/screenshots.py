"""Every screen of the kiosk, offscreen, in every mode: PNG files, an index.html, layout checks.

A *tour* starts the real app on the simulated profile (memory devices, the
embedded reference hub), then drives one demo resident through the journey
with the same adapter calls the QML buttons make — place the card, confirm,
pick a service, pass the level-2 code, fill the form, capture the materials,
sign, submit, print — and stops on every screen. At each stop it switches
through the requested modes (zh_CN/en_US × landscape 1920×1080/portrait
1080×1920 × normal/elder) and hands the window to a visitor: the screenshot
writer grabs a PNG, the layout test runs :mod:`ui.devtools.layoutcheck`. One journey
serves every mode, so the whole matrix costs one walk.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ui.devtools.layoutcheck import Violation

if TYPE_CHECKING:
    from kiosk.base.context import Context

LANDSCAPE = (1920, 1080)
PORTRAIT = (1080, 1920)
ORIENTATIONS = {"landscape": LANDSCAPE, "portrait": PORTRAIT}
LOCALES = ("zh_CN", "en_US")


@dataclass(frozen=True)
class Mode:
    """One presentation of a screen: language, orientation, elder mode."""

    locale: str
    orientation: str
    elder: bool

    @property
    def size(self) -> tuple[int, int]:
        """Window size in pixels."""
        return ORIENTATIONS[self.orientation]

    @property
    def label(self) -> str:
        """For reports: ``zh_CN landscape elder``."""
        return f"{self.locale} {self.orientation}" + (" elder" if self.elder else "")

    @property
    def slug(self) -> str:
        """For file names: ``zh_CN-landscape-elder``."""
        return self.label.replace(" ", "-")


def modes(locales: Iterable[str] | None = None, orientations: Iterable[str] | None = None,
          elder: bool | None = None) -> list[Mode]:
    """The requested modes (``None`` means all of that axis)."""
    elders = (False, True) if elder is None else (elder,)
    return [Mode(loc, ori, eld) for loc, ori, eld in itertools.product(
        tuple(locales or LOCALES), tuple(orientations or ORIENTATIONS), elders)]


@dataclass
class Shot:
    """One written screenshot."""

    screen: str
    mode: Mode
    path: Path


@dataclass
class RenderResult:
    """What :func:`render_all` wrote and found."""

    outdir: Path
    shots: list[Shot] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    screens: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the command's output."""
        text = (f"{len(self.shots)} screenshots of {len(self.screens)} screens in "
                f"{self.outdir / 'index.html'}")
        if self.violations:
            text += f"; {len(self.violations)} layout violations (layout.txt)"
        return text


def write_index(result: RenderResult, title: str = "Kiosk screens") -> Path:
    """An index.html with one row per screen and one column per mode."""
    by_key = {(s.screen, s.mode): s for s in result.shots}
    columns = sorted({s.mode for s in result.shots},
                     key=lambda m: (m.orientation, m.locale, m.elder))
    rows: list[str] = []
    for screen in result.screens:
        cells = []
        for mode in columns:
            shot = by_key.get((screen, mode))
            if shot is None:
                cells.append("<td></td>")
                continue
            rel = html.escape(shot.path.relative_to(result.outdir).as_posix(), quote=True)
            cells.append(f'<td><a href="{rel}"><img src="{rel}" loading="lazy" '
                         f'alt="{html.escape(screen)} {html.escape(mode.label)}"></a></td>')
        rows.append(f"<tr><th>{html.escape(screen)}</th>{''.join(cells)}</tr>")
    head = "".join(f"<th>{html.escape(m.label)}</th>" for m in columns)
    problems = ""
    if result.violations:
        items = "".join(f"<li>{html.escape(v.line())}</li>" for v in result.violations)
        problems = f"<h2>Layout violations</h2><ul>{items}</ul>"
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", sans-serif; margin: 1em; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #ccc; padding: 4px; vertical-align: top; }}
img {{ max-width: 240px; max-height: 240px; }}
</style></head>
<body><h1>{html.escape(title)}</h1>
<p>{len(result.shots)} screenshots; click one for full size.</p>
{problems}
<table><tr><th>screen</th>{head}</tr>
{chr(10).join(rows)}
</table></body></html>
"""
    path = result.outdir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


Visitor = Callable[[str, Mode, object], None]


def render_all(ctx: Context, outdir: str | Path, *, resident_id: str = "R0001",
               service_id: str = "residence_permit", locales: Sequence[str] | None = None,
               orientations: Sequence[str] | None = None, elder: bool | None = None,
               screens: Sequence[str] | None = None, check_layout: bool = False) -> RenderResult:
    """Write a PNG per screen and mode under ``outdir`` plus index.html (and layout.txt)."""
    from ui.devtools.layoutcheck import check_window, report, theme_touch_min
    from ui.devtools.tour import tour

    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    result = RenderResult(out)
    wanted = set(screens or ())

    def visit(screen: str, mode: Mode, window: object) -> None:
        if wanted and screen not in wanted:
            return
        if screen not in result.screens:
            result.screens.append(screen)
        path = out / mode.slug / f"{screen}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        image = window.grabWindow()  # type: ignore[attr-defined]
        if image.isNull() or not image.save(str(path)):
            raise RuntimeError(f"could not render {screen} in {mode.label}")
        result.shots.append(Shot(screen, mode, path))
        if check_layout:
            result.violations += check_window(
                window, min_touch=theme_touch_min(window, _min_touch(mode)),  # type: ignore[arg-type]
                screen=screen,
                mode=mode.label)

    tour(ctx, modes(locales, orientations, elder), visit, resident_id=resident_id,
         service_id=service_id)
    if check_layout:
        (out / "layout.txt").write_text(report(result.violations) + "\n", encoding="utf-8")
    write_index(result)
    return result


def _min_touch(mode: Mode) -> float:
    """The theme's minimum touch size in this mode."""
    from ui.theme import ELDER_SCALE, TOUCH_MIN_PX

    return TOUCH_MIN_PX * (ELDER_SCALE if mode.elder else 1.0)
