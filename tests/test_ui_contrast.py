"""Theme accessibility: WCAG contrast of every declared text pair, touch and type sizes."""

from __future__ import annotations

import pytest

theme = pytest.importorskip("ui.theme")

WCAG_AA_BODY = 4.5


def _channels(colour: str) -> tuple[float, float, float, float]:
    """(r, g, b, alpha) in 0..1 from ``#RRGGBB`` or Qt's ``#AARRGGBB``."""
    value = colour.lstrip("#")
    if len(value) == 6:
        value = "FF" + value
    if len(value) != 8:
        raise ValueError(f"not a #RRGGBB/#AARRGGBB colour: {colour!r}")
    a, r, g, b = (int(value[i:i + 2], 16) / 255 for i in range(0, 8, 2))
    return r, g, b, a


def _over(fg: tuple[float, float, float, float],
          bg: tuple[float, float, float]) -> tuple[float, float, float]:
    """``fg`` composited over an opaque ``bg``."""
    r, g, b, a = fg
    return (r * a + bg[0] * (1 - a), g * a + bg[1] * (1 - a), b * a + bg[2] * (1 - a))


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg: str, bg: str) -> float:
    """WCAG contrast ratio; a translucent background is judged over white and black (worst)."""
    f, b = _channels(fg), _channels(bg)
    ratios = []
    for base in ((1.0, 1.0, 1.0), (0.0, 0.0, 0.0)):
        back = _over(b, base)
        front = _over(f, back)
        hi, lo = sorted((relative_luminance(front), relative_luminance(back)), reverse=True)
        ratios.append((hi + 0.05) / (lo + 0.05))
    return min(ratios)


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    # WCAG's own example: #767676 on white is the lightest grey that passes 4.5:1.
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert contrast("#777777", "#FFFFFF") < WCAG_AA_BODY


def test_every_declared_text_pair_reaches_4_5_to_1() -> None:
    assert theme.CONTRAST_PAIRS, "the theme declares no text/background pairs"
    failures = []
    for fg, bg in theme.CONTRAST_PAIRS:
        assert fg in theme.COLOURS and bg in theme.COLOURS, f"pair {fg}/{bg} names no colour"
        ratio = contrast(theme.COLOURS[fg], theme.COLOURS[bg])
        if ratio < WCAG_AA_BODY:
            failures.append(f"{fg} on {bg}: {ratio:.2f}:1")
    assert not failures, "contrast below 4.5:1: " + ", ".join(failures)


def test_every_on_colour_is_paired_with_its_surface() -> None:
    """A colour named ``onX`` is text drawn on ``X``: the pair must be declared (and so checked)."""
    pairs = set(theme.CONTRAST_PAIRS)
    for name in theme.COLOURS:
        if name.startswith("on") and name[2:3].isupper():
            surface = name[2].lower() + name[3:]
            if surface in theme.COLOURS:
                assert (name, surface) in pairs, f"{name} on {surface} is not a declared pair"


@pytest.mark.parametrize("elder", [False, True])
def test_touch_and_text_sizes_from_the_theme_object(qapp: object, elder: bool) -> None:
    t = theme.Theme()
    t.set_elder(elder)
    assert t.touchMin >= 64
    assert t.buttonHeight >= t.touchMin
    body_min = 42 if elder else 28
    for name in ("bodySize", "smallSize", "headingSize", "titleSize", "hugeSize"):
        assert getattr(t, name) >= body_min, f"{name} {getattr(t, name)}px < {body_min}px"
    if elder:
        plain = theme.Theme()
        assert t.bodySize >= 1.5 * plain.bodySize
        assert t.pageSize < plain.pageSize, "elder mode shows fewer items per screen"


def test_font_is_the_simplified_chinese_variant() -> None:
    assert theme.FONT_FAMILY == "Noto Sans CJK SC"
