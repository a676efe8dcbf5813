"""Physical sizes of the materials a resident can put under the camera."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

ColourMode = Literal["colour", "grey", "bw"]


@dataclass(frozen=True)
class MaterialSpec:
    """One kind of paper: its real size and how its capture should look.

    ``width_mm``/``height_mm`` describe the material held upright (the way its
    text reads); a landscape card simply has ``width_mm > height_mm``.
    """

    key: str
    width_mm: float
    height_mm: float
    colour: ColourMode = "colour"
    dpi: int = 200

    @property
    def aspect(self) -> float:
        """Width over height, upright."""
        return self.width_mm / self.height_mm

    @property
    def long_over_short(self) -> float:
        """Aspect independent of orientation (always >= 1)."""
        return max(self.width_mm, self.height_mm) / min(self.width_mm, self.height_mm)

    @property
    def is_card(self) -> bool:
        """Card-sized (long side under 120 mm) rather than a page."""
        return max(self.width_mm, self.height_mm) < 120

    def pixel_size(self, dpi: int | None = None) -> tuple[int, int]:
        """Upright output size in pixels (width, height) at ``dpi``."""
        d = dpi or self.dpi
        return (
            max(1, round(self.width_mm / 25.4 * d)),
            max(1, round(self.height_mm / 25.4 * d)),
        )


# Sizes are the common Chinese formats; the hub's service material list overrides them
# per service because certificates from different issuers vary by a few millimetres.
BUILTIN: dict[str, MaterialSpec] = {
    "a4": MaterialSpec("a4", 210.0, 297.0, "colour", 200),
    "a4_landscape": MaterialSpec("a4_landscape", 297.0, 210.0, "colour", 200),
    "a5": MaterialSpec("a5", 148.0, 210.0, "colour", 200),
    "id_card": MaterialSpec("id_card", 85.6, 54.0, "colour", 300),
    "household_register_page": MaterialSpec("household_register_page", 143.0, 105.0, "colour", 300),
    # Marriage certificate inner page (approximate; issuers vary).
    "marriage_certificate": MaterialSpec("marriage_certificate", 160.0, 110.0, "colour", 300),
    # University graduation and degree certificates are usually A4 landscape.
    "graduation_certificate": MaterialSpec("graduation_certificate", 297.0, 210.0, "colour", 200),
    "degree_certificate": MaterialSpec("degree_certificate", 297.0, 210.0, "colour", 200),
    # Postgraduate certificates are often larger than A4.
    "postgraduate_certificate": MaterialSpec("postgraduate_certificate", 338.0, 240.0, "colour", 200),
    "real_estate_certificate": MaterialSpec("real_estate_certificate", 210.0, 297.0, "colour", 200),
}


def material(key: str) -> MaterialSpec:
    """Look up a built-in material; ``KeyError`` names the unknown key."""
    try:
        return BUILTIN[key]
    except KeyError:
        raise KeyError(f"unknown material {key!r}; known: {', '.join(sorted(BUILTIN))}") from None


def from_hub_list(entries: Iterable[Mapping[str, object]]) -> dict[str, MaterialSpec]:
    """Build specs from the hub's service material list.

    Each entry needs ``key`` and ``size_mm`` as ``(width_mm, height_mm)``; it may carry
    ``colour`` and ``dpi``. Entries without a usable size fall back to the built-in
    table so a half-filled list still works.
    """
    out: dict[str, MaterialSpec] = {}
    for entry in entries:
        key = str(entry.get("key", ""))
        if not key:
            continue
        size = entry.get("size_mm")
        base = BUILTIN.get(key)
        w: float
        h: float
        if isinstance(size, (list, tuple)) and len(size) == 2:
            w, h = float(size[0]), float(size[1])
        elif base is not None:
            w, h = base.width_mm, base.height_mm
        else:
            continue
        if not (math.isfinite(w) and math.isfinite(h) and w > 0 and h > 0):
            continue
        colour_raw = entry.get("colour", base.colour if base else "colour")
        colour: ColourMode = "colour"
        if colour_raw == "grey":
            colour = "grey"
        elif colour_raw == "bw":
            colour = "bw"
        dpi_raw = entry.get("dpi", base.dpi if base else 200)
        dpi = int(dpi_raw) if isinstance(dpi_raw, (int, float)) else 200
        out[key] = MaterialSpec(key, w, h, colour, max(100, min(600, dpi)))
    return out
