"""Automatic layout checks over a live Qt Quick item tree: clipping, overlap, touch size.

The checker walks the ``QQuickItem`` tree from a window's ``contentItem`` and
reports three kinds of violation, each naming the item by ``objectName`` (or
its QML type and path when it has none), the screen and the mode:

``text-overflow``
    a text item (``Text``/``Label``, ``TextEdit``/``TextArea``,
    ``TextInput``/``TextField``) whose laid-out content is wider or taller than
    its own box, unless it elides on purpose (``elide`` is set in our QML) —
    wrapped text that fits its height is fine, and a button caption that is
    elided (by the control style's default or by us) counts as cut off;
``text-offscreen``
    a text item whose content runs past the window edge (a text that sized
    itself to its content cannot overflow its own box, but it can leave the
    screen), unless it lives in a ``Flickable`` the resident can scroll;
``overlap``
    two interactive items (buttons, fields, ``MouseArea``, ``TapHandler``,
    sliders, …) whose visible scene rectangles partly intersect. Not overlaps:
    an item nested in another (an ancestor, or wholly inside it: "the card is
    tappable, and so is the button on it"); an item wholly under a target
    painted later (a modal dialog's tap catcher hides what is behind it, so
    that item is not checked at all). A ``MouseArea`` that accepts no buttons
    catches nothing, so it is not a target — and hides nothing;
``target-offscreen``
    an interactive item that reaches past the window edge (outside a
    ``Flickable``): part of it cannot be seen or tapped;
``touch-size``
    an interactive item narrower or lower than the theme's minimum touch size.

Only items that are effectively visible (``visible`` and a non-zero opacity up
the chain), enabled and at least partly on screen are checked; what a clipping
ancestor (``clip: true``, any ``Flickable``) hides does not count as on screen.
The checker never changes the tree, so it can run on any screen of the real app.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QRectF
from PySide6.QtQml import QQmlExpression, qmlContext
from PySide6.QtQuick import QQuickItem, QQuickWindow

from ui.metainfo import class_name

# Pixel slack for fractional layout arithmetic (scaled fonts give x.5 widths).
EPSILON = 0.5

# Text.ElideNone: QQuickText numbers ElideLeft/Right/Middle 0-2 after Qt::TextElideMode.
ELIDE_NONE = 3
TEXT_CLASSES = ("QQuickText", "QQuickTextEdit", "QQuickTextInput")
# Controls whose whole box is the touch target (their inner items are not compared).
CONTROL_CLASSES = (
    "QQuickAbstractButton",  # Button, CheckBox, RadioButton, Switch, ItemDelegate, TabButton…
    "QQuickComboBox",
    "QQuickSlider",
    "QQuickRangeSlider",
    "QQuickSpinBox",
    "QQuickDial",
    "QQuickTumbler",
)
AREA_CLASSES = ("QQuickMouseArea", "QQuickMultiPointTouchArea", "QQuickPinchArea")
HANDLER_CLASSES = ("QQuickTapHandler",)
# Scroll bars are dragged, not tapped, and the virtual keyboard has its own key geometry.
SKIP_SUBTREE_MARKERS = ("QQuickScrollBar", "QQuickScrollIndicator", "InputPanel",
                        "QQuickVirtualKeyboard", "KeyboardLayout")


@dataclass(frozen=True)
class Violation:
    """One layout problem on one screen in one mode."""

    kind: str
    name: str
    detail: str
    screen: str = ""
    mode: str = ""

    def line(self) -> str:
        """The violation as one report line."""
        where = "/".join(part for part in (self.screen, self.mode) if part)
        return f"[{where}] {self.kind}: {self.name}: {self.detail}"


@dataclass
class _Target:
    item: QQuickItem
    rect: QRectF  # scene rectangle of the whole target
    visible: QRectF  # the part a resident can see (clipped by ancestors and the window)
    name: str
    order: int  # paint order: a later target is drawn above an earlier one
    ancestors: frozenset[int] = field(default_factory=frozenset)


def inherits(obj: QObject, classes: Sequence[str]) -> bool:
    """Whether ``obj`` is (a QML subtype of) any of the named C++ classes."""
    return any(obj.inherits(name) for name in classes)


def describe(item: QObject) -> str:
    """A readable name: the ``objectName``, else type and the nearest named ancestor."""
    name = item.objectName()
    if name:
        return name
    cls = class_name(item).split("_QML")[0].split("_QMLTYPE")[0]
    parent = item.parent()
    while parent is not None and not parent.objectName():
        parent = parent.parent()
    return f"<{cls}> in {parent.objectName()}" if parent is not None else f"<{cls}>"


def enum_property(item: QObject, name: str, default: int) -> int:
    """An enum or flags property as an int.

    PySide cannot convert Qt Quick's private enum types (``QQuickText::TextElideMode``,
    ``Qt::MouseButtons``) through ``QObject.property``; a QML expression evaluated in
    the item's own context hands them over as plain numbers.
    """
    context = qmlContext(item)
    if context is None:
        return default
    value, undefined = QQmlExpression(context, item, name).evaluate()
    return default if undefined or value is None else int(value)


def _scene_rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def _walk(root: QQuickItem) -> Iterator[tuple[QQuickItem, QRectF, float, bool, tuple[int, ...]]]:
    """Depth-first: (item, visible scene clip, effective opacity, in flickable, ancestry)."""
    window = root.window()
    full = QRectF(0, 0, window.width(), window.height()) if window is not None else \
        _scene_rect(root)
    stack: list[tuple[QQuickItem, QRectF, float, bool, tuple[int, ...]]] = [
        (root, full, 1.0, False, ())]
    while stack:
        item, clip, opacity, flick, ancestry = stack.pop()
        if not item.isVisible():
            continue
        opacity *= item.opacity()
        if opacity <= 0.01:
            continue
        if inherits(item, SKIP_SUBTREE_MARKERS) or any(
                marker in class_name(item) for marker in SKIP_SUBTREE_MARKERS):
            continue
        yield item, clip, opacity, flick, ancestry
        child_clip = clip
        if item.clip() or item.inherits("QQuickFlickable"):
            child_clip = clip.intersected(_scene_rect(item))
        child_flick = flick or item.inherits("QQuickFlickable")
        # Paint order: siblings by z, then declaration order (sorted() is stable).
        for child in reversed(sorted(item.childItems(), key=lambda c: c.z())):
            stack.append((child, child_clip, opacity, child_flick, (*ancestry, id(item))))


def _alignment_offset(align: int, box: float, content: float, lead: int, centre: int) -> float:
    if align & centre:
        return (box - content) / 2
    if align & lead:
        return 0.0
    return box - content


def check_text(item: QQuickItem, flick: bool, window_rect: QRectF) -> list[tuple[str, str]]:
    """The overflow problems of one text item as (kind, detail) pairs."""
    problems: list[tuple[str, str]] = []
    width, height = item.width(), item.height()
    cw = float(item.property("contentWidth") or 0.0)
    ch = float(item.property("contentHeight") or 0.0)
    text = item.property("text")
    if not text:
        return problems
    elides = item.inherits("QQuickText") and enum_property(item, "elide", ELIDE_NONE) != ELIDE_NONE
    if bool(item.property("truncated")) and _style_caption(item):
        # A button caption cut short (by the style's default elide or ours) hides what the
        # button does: always a layout fault, never an intended ellipsis.
        problems.append(("text-overflow", f"caption elided to fit a {width:.0f}×{height:.0f}px "
                         "box"))
    if not elides:
        if cw > width + EPSILON:
            problems.append(("text-overflow", f"content {cw:.0f}px wide in a {width:.0f}px box"))
        if ch > height + EPSILON:
            problems.append(("text-overflow", f"content {ch:.0f}px tall in a {height:.0f}px box"))
    # A caption off screen means its button is: reported once, as target-offscreen.
    if not flick and not _style_caption(item):
        halign = enum_property(item, "effectiveHorizontalAlignment", 1)
        valign = enum_property(item, "verticalAlignment", 0x20)
        # Qt.AlignLeft=1, AlignRight=2, AlignHCenter=4; AlignTop=0x20, AlignBottom=0x40, AlignVCenter=0x80
        x = _alignment_offset(halign, width, min(cw, width) if elides else cw, 1, 4)
        y = _alignment_offset(valign, height, ch, 0x20, 0x80)
        content = item.mapRectToScene(QRectF(x, y, min(cw, width) if elides else cw, ch))
        if not window_rect.adjusted(-EPSILON, -EPSILON, EPSILON, EPSILON).contains(content):
            problems.append(("text-offscreen",
                             f"content at {_fmt(content)} leaves the "
                             f"{window_rect.width():.0f}×{window_rect.height():.0f} window"))
    return problems


def _caption_owner(item: QQuickItem) -> QQuickItem | None:
    """The button whose caption ``item`` is (its ``contentItem`` or the style's label)."""
    parent = item.parentItem()
    if parent is not None and parent.inherits("QQuickIconLabel"):
        parent = parent.parentItem()
    if parent is not None and parent.inherits("QQuickAbstractButton"):
        content = parent.property("contentItem")
        if content is item or content is item.parentItem():
            return parent
    return None


def _style_caption(item: QQuickItem) -> bool:
    """Whether ``item`` is a button's caption (eliding it hides what the button does)."""
    return _caption_owner(item) is not None


def _text_name(item: QQuickItem) -> str:
    """The text's name; a style's caption is named after its control."""
    owner = _caption_owner(item)
    return f"{describe(owner)} (caption)" if owner is not None else describe(item)


def _fmt(rect: QRectF) -> str:
    return f"({rect.x():.0f},{rect.y():.0f} {rect.width():.0f}×{rect.height():.0f})"


def _is_target(item: QQuickItem) -> bool:
    if not item.isEnabled():
        return False
    if inherits(item, CONTROL_CLASSES):
        return True
    if item.inherits("QQuickMouseArea"):
        return enum_property(item, "acceptedButtons", 1) != 0
    if inherits(item, AREA_CLASSES):
        return True
    if item.inherits("QQuickTextInput") or item.inherits("QQuickTextEdit"):
        return not bool(item.property("readOnly"))
    return any(inherits(child, HANDLER_CLASSES) and bool(child.property("enabled"))
               for child in item.children())


def _contains(outer: QRectF, inner: QRectF) -> bool:
    return outer.adjusted(-EPSILON, -EPSILON, EPSILON, EPSILON).contains(inner)


def _unoccluded(targets: list[_Target]) -> list[_Target]:
    """Drop targets wholly under a later-painted target (e.g. a modal's tap catcher)."""
    kept = []
    for target in targets:
        covered = any(other.order > target.order and id(other.item) not in target.ancestors
                      and _contains(other.visible, target.visible) for other in targets)
        if not covered:
            kept.append(target)
    return kept


def check_item_tree(root: QQuickItem, *, min_touch: float, screen: str = "", mode: str = "",
                    ignore: Iterable[str] = ()) -> list[Violation]:
    """Every violation under ``root`` (normally the window's ``contentItem``)."""
    ignored = set(ignore)
    window = root.window()
    window_rect = QRectF(0, 0, window.width(), window.height()) if window is not None else \
        _scene_rect(root)
    found: list[Violation] = []
    targets: list[_Target] = []
    for item, clip, _opacity, flick, ancestry in _walk(root):
        rect = _scene_rect(item)
        visible = rect.intersected(clip)
        on_screen = visible.width() > EPSILON and visible.height() > EPSILON
        if not on_screen or describe(item) in ignored:
            continue
        if inherits(item, TEXT_CLASSES):
            for kind, detail in check_text(item, flick, window_rect):
                # The text itself stays out of the report: it may be a resident's value.
                found.append(Violation(kind, _text_name(item), detail, screen, mode))
        if _is_target(item):
            targets.append(_Target(item, rect, visible, describe(item), len(targets),
                                   frozenset(ancestry)))
            if not flick and not _contains(window_rect, rect):
                found.append(Violation("target-offscreen", describe(item),
                                       f"{_fmt(rect)} reaches past the "
                                       f"{window_rect.width():.0f}×{window_rect.height():.0f} "
                                       "window", screen, mode))
    targets = _unoccluded(targets)
    for target in targets:
        short = min(target.rect.width(), target.rect.height())
        if short + EPSILON < min_touch:
            found.append(Violation("touch-size", target.name,
                                   f"{target.rect.width():.0f}×{target.rect.height():.0f}px, "
                                   f"minimum {min_touch:.0f}px", screen, mode))
    for i, a in enumerate(targets):
        for b in targets[i + 1:]:
            if id(a.item) in b.ancestors or id(b.item) in a.ancestors:
                continue
            if _contains(a.visible, b.visible) or _contains(b.visible, a.visible):
                continue  # a control on a tappable card or a dialog on a tap catcher
            inter = a.visible.intersected(b.visible)
            if inter.width() > EPSILON and inter.height() > EPSILON:
                found.append(Violation("overlap", a.name, f"overlaps {b.name} by "
                                       f"{_fmt(inter)}", screen, mode))
    return found


def theme_touch_min(window: QQuickWindow, fallback: float) -> float:
    """The minimum touch size of the theme the window draws with now (``fallback`` if none).

    A screen may keep the standard theme in elder mode (the technician screens do), so
    the size to check against is the theme's in effect, not the mode's.
    """
    from PySide6.QtQml import qmlContext

    context = qmlContext(window)
    theme = context.contextProperty("theme") if context is not None else None
    value = theme.property("touchMin") if theme is not None else None
    return float(value) if isinstance(value, (int, float)) and value > 0 else fallback


def check_window(window: QQuickWindow, *, min_touch: float, screen: str = "", mode: str = "",
                 ignore: Iterable[str] = ()) -> list[Violation]:
    """Every violation on what ``window`` shows now."""
    return check_item_tree(window.contentItem(), min_touch=min_touch, screen=screen, mode=mode,
                           ignore=ignore)


def report(violations: Sequence[Violation]) -> str:
    """A readable report: one line per violation, grouped by screen and mode."""
    if not violations:
        return "layout check: no violations"
    lines = [f"layout check: {len(violations)} violation(s)"]
    ordered = sorted(violations, key=lambda v: (v.screen, v.mode, v.kind, v.name))
    lines += [f"  {v.line()}" for v in ordered]
    return "\n".join(lines)
