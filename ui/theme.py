"""The one theme object every screen reads: colours, type sizes, touch sizes, spacing.

Sizes are in pixels at 1080p (the short side of the screen). Elder mode (长辈模式)
multiplies every text and touch size by ``ELDER_SCALE``; colours do not change.
The colour pairs a resident reads are listed in ``CONTRAST_PAIRS`` so a test can
compute their contrast ratios from the same values QML uses.
"""

from __future__ import annotations

from PySide6.QtCore import Property, QObject, Signal
from PySide6.QtQml import QmlElement

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

FONT_FAMILY = "Noto Sans CJK SC"
ELDER_SCALE = 1.5

COLOURS: dict[str, str] = {
    "background": "#F3F6FA",
    "surface": "#FFFFFF",
    "surfaceAlt": "#E4EBF3",
    "text": "#14202E",
    "textMuted": "#3D4B5C",
    "primary": "#0A57A4",
    "onPrimary": "#FFFFFF",
    "secondary": "#DCE7F4",
    "onSecondary": "#0A3A6B",
    "danger": "#A4231B",
    "onDanger": "#FFFFFF",
    "success": "#1B6B2F",
    "onSuccess": "#FFFFFF",
    "warning": "#FFF1D6",
    "onWarning": "#5C3A00",
    "statusBar": "#0B2F55",
    "onStatusBar": "#FFFFFF",
    "badgeCard": "#E1F0E5",
    "onBadgeCard": "#134D22",
    "badgeHub": "#E3ECFA",
    "onBadgeHub": "#0A3A6B",
    "error": "#A4231B",
    "overlay": "#CC0B1A2B",
    "outline": "#12A150",
    "disabled": "#C9D2DC",
    "onDisabled": "#2E3A47",
    "dock": "#2B2F36",
    "onDock": "#FFFFFF",
    # The on-screen keyboard's candidate bar (its keys keep Qt's default style).
    "keyboard": "#1F2428",
    "onKeyboard": "#FFFFFF",
    "keyboardHighlight": "#8CD0FF",
}

# (foreground, background) pairs that carry text; each must reach 4.5:1.
CONTRAST_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "background"),
    ("text", "surface"),
    ("text", "surfaceAlt"),
    ("textMuted", "background"),
    ("textMuted", "surface"),
    ("onPrimary", "primary"),
    ("primary", "surface"),  # icon tiles on white: the service circle's entries
    ("success", "surface"),  # "open now" on a service point
    ("danger", "surface"),  # "closed" on a service point
    ("success", "badgeCard"),  # the same on the chosen point
    ("danger", "badgeCard"),
    ("onSecondary", "secondary"),
    ("onDanger", "danger"),
    ("onSuccess", "success"),
    ("onWarning", "warning"),
    ("onStatusBar", "statusBar"),
    ("onBadgeCard", "badgeCard"),
    ("onBadgeHub", "badgeHub"),
    ("error", "surface"),
    ("error", "background"),
    ("onDisabled", "disabled"),
    ("onDock", "dock"),
    ("onKeyboard", "keyboard"),
    ("keyboardHighlight", "keyboard"),
)

# Base sizes at scale 1 (pixels at 1080p).
BODY_PX = 28
SMALL_PX = 28  # nothing a resident must read is smaller than body text
TITLE_PX = 44
HEADING_PX = 34
HUGE_PX = 60
TOUCH_MIN_PX = 64
BUTTON_HEIGHT_PX = 88
SPACING_PX = 16
RADIUS_PX = 12


@QmlElement
class Theme(QObject):
    """Colours and sizes for QML; ``elder`` switches to the larger scale."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._elder = False

    def _scale(self) -> float:
        return ELDER_SCALE if self._elder else 1.0

    def _px(self, base: int) -> int:
        return round(base * self._scale())

    def get_elder(self) -> bool:
        """Whether elder mode's larger scale is in force."""
        return self._elder

    def set_elder(self, on: bool) -> None:
        """Switch scale; emits ``changed`` only when it really changes."""
        if bool(on) != self._elder:
            self._elder = bool(on)
            self.changed.emit()

    elder = Property(bool, get_elder, set_elder, notify=changed)

    @Property(float, notify=changed)
    def scale(self) -> float:
        """1.0 normally, ``ELDER_SCALE`` in elder mode."""
        return self._scale()

    @Property(str, constant=True)
    def fontFamily(self) -> str:
        """The font every text uses (the SC variant draws simplified Chinese right)."""
        return FONT_FAMILY

    @Property(int, notify=changed)
    def bodySize(self) -> int:
        """Body text pixel size (≥ 28, elder ≥ 42)."""
        return self._px(BODY_PX)

    @Property(int, notify=changed)
    def smallSize(self) -> int:
        """Secondary text (never below body size)."""
        return self._px(SMALL_PX)

    @Property(int, notify=changed)
    def headingSize(self) -> int:
        """Section headings."""
        return self._px(HEADING_PX)

    @Property(int, notify=changed)
    def titleSize(self) -> int:
        """Screen titles."""
        return self._px(TITLE_PX)

    @Property(int, notify=changed)
    def hugeSize(self) -> int:
        """Countdowns and codes."""
        return self._px(HUGE_PX)

    @Property(int, notify=changed)
    def touchMin(self) -> int:
        """Smallest width and height of anything tappable."""
        return self._px(TOUCH_MIN_PX)

    @Property(int, notify=changed)
    def buttonHeight(self) -> int:
        """Height of ordinary buttons."""
        return self._px(BUTTON_HEIGHT_PX)

    @Property(int, notify=changed)
    def spacing(self) -> int:
        """Gap between items."""
        return self._px(SPACING_PX)

    @Property(int, notify=changed)
    def radius(self) -> int:
        """Corner radius of cards and buttons."""
        return RADIUS_PX

    @Property(int, notify=changed)
    def pageSize(self) -> int:
        """Services per catalog page: fewer, larger tiles in elder mode."""
        return 4 if self._elder else 8

    @Property("QVariantMap", constant=True)  # type: ignore[arg-type]
    def colors(self) -> dict[str, str]:
        """Every colour by name (``theme.colors.primary``)."""
        return dict(COLOURS)
