"""The on-screen keyboard on the form, used as a resident uses it: by tapping its keys.

Qt Virtual Keyboard is the kiosk's only keyboard. These tests tap the keys of the
real InputPanel (found by their key text in the panel's item tree) with mouse
clicks on the window, pick pinyin candidates from its candidate bar, switch its
language, and check that each kind of field opens the right layout and that the
field being typed in stays above the keyboard in every orientation and size.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, QUrl
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtQml import QQmlComponent, QQmlEngine, QQmlExpression
from PySide6.QtQuick import QQuickItem
from PySide6.QtTest import QTest
from ui_support import (
    Harness,
    centre,
    items,
    kiosk_harness,
    open_form,
    settle,
    tap,
    visible,
    wait_for,
)

from kiosk.devtools.residents import resident
from ui.app import QML_DIR, has_virtual_keyboard
from ui.metainfo import class_name, has_property

WAIT = 10_000
TEXT_WIDGETS = ("text", "phone", "id_number", "number", "date", "textarea")



def test_the_virtual_keyboard_is_installed() -> None:
    """The kiosk has no other keyboard: without pyside6-addons' Qt Virtual Keyboard these tests fail."""
    assert has_virtual_keyboard()

@pytest.fixture(scope="module")
def kiosk(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with kiosk_harness(tmp_path_factory.mktemp("ui-keyboard")) as h:
        yield h


def _to_form(k: Harness, qtbot: Any, service: str = "residence_permit") -> None:
    """Identify with the ID card, pass the code, open ``service``'s form."""
    open_form(qtbot, k, resident("R0002"), service)


@pytest.fixture
def k(kiosk: Harness, qtbot: Any) -> Iterator[Harness]:
    """The shared kiosk on the residence-permit form; afterwards home again, no QML warnings."""
    kiosk.ui.resize(1920, 1080)
    wait_for(qtbot, kiosk.ui, "homeScreen")
    kiosk.qml_warnings.clear()
    _to_form(kiosk, qtbot)
    yield kiosk
    if kiosk.ui.theme.elder:
        kiosk.ui.journey.setElderMode(False)
    if str(kiosk.ui.journey.locale) != "zh_CN":
        kiosk.ui.journey.setLocale("zh_CN")
    if str(kiosk.ui.journey.step) != "idle":
        kiosk.ui.journey.exitSession()
    settle(qtbot, kiosk.ui)
    kiosk.ui.resize(1920, 1080)
    wait_for(qtbot, kiosk.ui, "homeScreen")
    assert kiosk.qml_warnings == [], "\n".join(kiosk.qml_warnings)


def panel(k: Harness) -> QQuickItem:
    """The virtual keyboard's InputPanel."""
    for item in items(k.ui.window.contentItem()):
        if item.objectName() == "inputPanel":
            return item
    raise AssertionError("no InputPanel in the window")


def keyboard_up(k: Harness, qtbot: Any) -> QQuickItem:
    """Wait until the panel is shown and has come to rest at the bottom of the window."""
    p = panel(k)

    def resting() -> bool:
        bottom = p.mapToScene(QPointF(0, p.height())).y()
        return bool(p.property("active")) and p.height() > 100 \
            and abs(bottom - k.ui.window.height()) < 1
    qtbot.waitUntil(resting, timeout=WAIT)
    return p


def keys(p: QQuickItem) -> dict[str, QQuickItem]:
    """The visible keys of the current layout by their text (letters as the keycap shows)."""
    out: dict[str, QQuickItem] = {}
    for item in items(p):
        if not (has_property(item, "key") and has_property(item, "text")):
            continue
        text = item.property("text")
        if text and visible(item) and item.width() > 0:
            out.setdefault(str(text), item)
    return out


def key_named(p: QQuickItem, class_prefix: str) -> QQuickItem:
    """A visible function key by its QML type (``SymbolModeKey``, ``ChangeLanguageKey``…)."""
    for item in items(p):
        if class_name(item).startswith(class_prefix) and visible(item) \
                and item.width() > 0:
            return item
    raise AssertionError(f"no visible {class_prefix} on the keyboard")


def press(k: Harness, qtbot: Any, key: QQuickItem) -> None:
    """A finger tap on one key."""
    QTest.mouseClick(k.ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     centre(key))
    qtbot.wait(20)


def type_keys(k: Harness, qtbot: Any, text: str) -> None:
    """Tap the key for each character of ``text`` on the layout on screen."""
    for ch in text:
        available = keys(panel(k))
        key = available.get(ch) or available.get(ch.lower())
        assert key is not None, f"no key {ch!r} on {sorted(available)}"
        press(k, qtbot, key)


def focus_field(k: Harness, qtbot: Any, name: str) -> QQuickItem:
    """Tap a form field (as the resident does) and wait for the keyboard under it."""
    tap(qtbot, k.ui, f"field_{name}")
    field = wait_for(qtbot, k.ui, f"field_{name}")
    qtbot.waitUntil(lambda: bool(field.hasActiveFocus()), timeout=WAIT)
    keyboard_up(k, qtbot)
    return field


def clear_field(k: Harness, qtbot: Any) -> None:
    """Erase the field's text with the keyboard's backspace key."""
    field = k.ui.window.focusObject()
    assert field is not None
    found: list[QQuickItem] = []

    def backspace_shown() -> bool:
        found[:] = [i for i in items(panel(k)) if has_property(i, "key")
                    and i.property("key") == int(Qt.Key.Key_Backspace) and visible(i)
                    and i.width() > 0]
        return bool(found)
    qtbot.waitUntil(backspace_shown, timeout=WAIT)  # the layout may still be loading
    backspace = found[0]
    for _ in range(len(str(field.property("text")))):
        press(k, qtbot, backspace)
    qtbot.waitUntil(lambda: field.property("text") == "", timeout=WAIT)


def layout(p: QQuickItem) -> str:
    """The file name of the layout the keyboard shows (``main.qml``, ``digits.qml``…)."""
    kb = next(i for i in items(p) if i.objectName() == "keyboard")
    return "/".join(str(kb.property("layout")).split("/")[-2:])


def press_candidate(k: Harness, qtbot: Any, label: QQuickItem) -> None:
    """A finger tap on a candidate, in the part of the bar the key rows do not overlap."""
    entry = label.parentItem()
    box = scene_rect(entry)
    rows = next(i for i in items(panel(k))
                if class_name(i).startswith("KeyboardLayout") and visible(i))
    bottom = min(box.bottom(), scene_rect(rows).top())
    assert bottom - box.top() >= 12, "the candidate bar is hidden under the keys"
    at = QPointF(box.center().x(), (box.top() + bottom) / 2).toPoint()
    QTest.mouseClick(k.ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    qtbot.wait(20)


def choose_language(k: Harness, qtbot: Any, name: str) -> None:
    """Tap the globe key, then the language whose name contains ``name`` in its list."""
    p = panel(k)
    press(k, qtbot, key_named(p, "ChangeLanguageKey"))
    popup = next(i for i in items(p) if i.objectName() == "languagePopupList")
    found: list[QQuickItem] = []

    def listed() -> bool:
        found[:] = [i for i in items(popup) if has_property(i, "text")
                    and name in str(i.property("text")) and visible(i) and i.width() > 0]
        return bool(found)
    qtbot.waitUntil(listed, timeout=WAIT)
    press(k, qtbot, found[0])


def wait_layout(qtbot: Any, p: QQuickItem, wanted: str) -> None:
    """Wait until the keyboard shows the layout ``wanted`` (``dir/file.qml``)."""
    try:
        qtbot.waitUntil(lambda: layout(p) == wanted, timeout=WAIT)
    except Exception as exc:
        raise AssertionError(f"layout {layout(p)!r}, not {wanted!r}") from exc


def candidates(p: QQuickItem) -> dict[str, QQuickItem]:
    """The pinyin candidate bar's visible entries by their text."""
    out: dict[str, QQuickItem] = {}
    bar = next((i for i in items(p) if i.objectName() == "wordCandidateView"), None)
    assert bar is not None
    for item in items(bar):
        if item is bar or not has_property(item, "text"):
            continue
        text = item.property("text")
        if text and visible(item) and item.width() > 0:
            out.setdefault(str(text), item)
    return out


def loose_field(k: Harness, widget: str, name: str) -> tuple[QQuickItem, QQmlComponent]:
    """An editable field of ``widget`` kind on the window (the demo forms fill theirs from the card).

    The real FormField delegate with the row a hub form would give, in the window's own engine,
    so the keyboard it opens is the window's.
    """
    component = QQmlComponent(k.ui.engine, QUrl.fromLocalFile(str(QML_DIR / "FormField.qml")))
    obj = component.createWithInitialProperties({
        "name": name, "labelZh": "号码", "labelEn": "Number", "widget": widget,
        "required": True, "value": "", "source": "empty", "errorText": "", "options": [],
        "helpZh": "", "helpEn": "", "display": "", "locked": False, "masked": False,
        "clearOnEdit": False})
    assert isinstance(obj, QQuickItem), component.errorString()
    QQmlEngine.setObjectOwnership(obj, QQmlEngine.ObjectOwnership.CppOwnership)
    obj.setParentItem(k.ui.window.contentItem())
    obj.setWidth(800)
    obj.setPosition(QPointF(40, 100))
    obj.setZ(50)
    return obj, component


def field_text(k: Harness) -> str:
    """The text of the focused field."""
    focused = k.ui.window.focusObject()
    assert focused is not None
    return str(focused.property("text"))


def row(k: Harness, name: str) -> dict[str, Any]:
    """The form row the adapter holds for ``name``."""
    return next(r for r in k.ui.journey.form_rows() if r["name"] == name)


def test_pinyin_jia_and_a_candidate_types_chinese(k: Harness, qtbot: Any) -> None:
    focus_field(k, qtbot, "employer")
    p = panel(k)
    assert layout(p) == "zh_CN/main.qml"
    clear_field(k, qtbot)
    type_keys(k, qtbot, "jia")
    qtbot.waitUntil(lambda: "家" in candidates(p), timeout=WAIT)
    assert field_text(k) == ""  # still composing: nothing committed before a candidate is picked
    press_candidate(k, qtbot, candidates(p)["家"])
    qtbot.waitUntil(lambda: field_text(k) == "家", timeout=WAIT)
    # A second word after the first, then the field hands its text to the form.
    type_keys(k, qtbot, "jia")
    qtbot.waitUntil(lambda: "加" in candidates(p), timeout=WAIT)
    press_candidate(k, qtbot, candidates(p)["加"])
    qtbot.waitUntil(lambda: field_text(k) == "家加", timeout=WAIT)
    focus_field(k, qtbot, "phone")
    settle(qtbot, k.ui)
    qtbot.waitUntil(lambda: row(k, "employer")["value"] == "家加", timeout=WAIT)


def test_pinyin_candidates_are_touch_sized_and_body_text(k: Harness, qtbot: Any) -> None:
    focus_field(k, qtbot, "employer")
    p = panel(k)
    clear_field(k, qtbot)
    type_keys(k, qtbot, "jia")
    qtbot.waitUntil(lambda: "家" in candidates(p), timeout=WAIT)
    theme = k.ui.theme
    for word in list(candidates(p).values())[:5]:
        cell = word.parentItem()
        assert cell.height() >= theme.touchMin and cell.width() >= theme.touchMin
        assert word.property("font").pixelSize() >= theme.bodySize
    clear_field(k, qtbot)


def test_language_key_switches_to_english_letters(k: Harness, qtbot: Any) -> None:
    focus_field(k, qtbot, "employer")
    p = panel(k)
    clear_field(k, qtbot)
    choose_language(k, qtbot, "English")
    qtbot.waitUntil(lambda: layout(p) == "fallback/main.qml", timeout=WAIT)
    type_keys(k, qtbot, "acme")
    qtbot.waitUntil(lambda: field_text(k).lower() == "acme", timeout=WAIT)
    assert not candidates(p)  # English types letters straight in, no candidate bar
    choose_language(k, qtbot, "中文")
    qtbot.waitUntil(lambda: layout(p) == "zh_CN/main.qml", timeout=WAIT)


def test_english_kiosk_opens_the_english_keyboard(k: Harness, qtbot: Any) -> None:
    k.ui.journey.setLocale("en_US")
    qtbot.waitUntil(lambda: str(k.ui.journey.locale) == "en_US", timeout=WAIT)
    focus_field(k, qtbot, "employer")
    p = panel(k)
    qtbot.waitUntil(lambda: layout(p) == "fallback/main.qml", timeout=WAIT)
    clear_field(k, qtbot)
    type_keys(k, qtbot, "kiosk")
    qtbot.waitUntil(lambda: field_text(k).lower() == "kiosk", timeout=WAIT)


def test_phone_field_opens_the_dial_pad(k: Harness, qtbot: Any) -> None:
    focus_field(k, qtbot, "phone")
    p = panel(k)
    qtbot.waitUntil(lambda: layout(p) == "fallback/dialpad.qml", timeout=WAIT)
    assert "a" not in keys(p) and "j" not in keys(p)
    clear_field(k, qtbot)
    type_keys(k, qtbot, "13800138000")
    qtbot.waitUntil(lambda: field_text(k) == "13800138000", timeout=WAIT)


def test_date_field_opens_digits_with_a_dash(k: Harness, qtbot: Any) -> None:
    focus_field(k, qtbot, "residence_since")
    p = panel(k)
    qtbot.waitUntil(lambda: layout(p) == "fallback/numbers.qml", timeout=WAIT)
    type_keys(k, qtbot, "2024-03-01")
    qtbot.waitUntil(lambda: field_text(k) == "2024-03-01", timeout=WAIT)


@pytest.mark.parametrize("locale", ["zh_CN", "en_US"])
def test_id_number_opens_on_digits_and_takes_an_x(k: Harness, qtbot: Any, locale: str) -> None:
    k.ui.journey.setLocale(locale)
    qtbot.waitUntil(lambda: str(k.ui.journey.locale) == locale, timeout=WAIT)
    obj, _component = loose_field(k, "id_number", "other_id")
    try:
        focus_field(k, qtbot, "other_id")
        p = panel(k)
        wait_layout(qtbot, p, "zh_CN/symbols.qml" if locale == "zh_CN" else "fallback/symbols.qml")
        assert all(d in keys(p) for d in "0123456789")
        type_keys(k, qtbot, "11010519491231002")
        press(k, qtbot, key_named(p, "SymbolModeKey"))
        qtbot.waitUntil(lambda: "x" in keys(p) or "X" in keys(p), timeout=WAIT)
        type_keys(k, qtbot, "x")
        # A plain capital X straight in: no pinyin composing, no candidate to pick.
        qtbot.waitUntil(lambda: field_text(k) == "11010519491231002X", timeout=WAIT)
        assert not candidates(p)
    finally:
        k.ui.window.contentItem().forceActiveFocus()
        obj.deleteLater()


def test_count_field_opens_the_digits_layout(k: Harness, qtbot: Any) -> None:
    obj, _component = loose_field(k, "number", "months")
    try:
        focus_field(k, qtbot, "months")
        p = panel(k)
        qtbot.waitUntil(lambda: layout(p) == "fallback/digits.qml", timeout=WAIT)
        type_keys(k, qtbot, "12")
        qtbot.waitUntil(lambda: field_text(k) == "12", timeout=WAIT)
    finally:
        k.ui.window.contentItem().forceActiveFocus()
        obj.deleteLater()


def scene_rect(item: QQuickItem) -> QRectF:
    """The item's rectangle in window coordinates."""
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def editable_fields(k: Harness) -> list[str]:
    """The form's fields the resident types into."""
    return [r["name"] for r in k.ui.journey.form_rows()
            if r["widget"] in TEXT_WIDGETS and not r["locked"]]


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_the_keyboard_never_covers_the_focused_field(k: Harness, qtbot: Any,
                                                     size: tuple[int, int], elder: bool) -> None:
    if elder:
        k.ui.journey.setElderMode(True)
        qtbot.waitUntil(lambda: k.ui.theme.elder, timeout=WAIT)
    k.ui.resize(*size)
    qtbot.waitUntil(lambda: k.ui.window.width() == size[0], timeout=WAIT)
    names = editable_fields(k)
    assert len(names) >= 4  # phone, two addresses, employer, date
    for name in names:
        field = focus_field(k, qtbot, name)
        p = panel(k)
        flick = wait_for(qtbot, k.ui, "formFlick")

        def clear_of_keyboard(f: QQuickItem = field, v: QQuickItem = flick,
                              kb: QQuickItem = p) -> bool:
            box = scene_rect(f)
            return not box.intersects(scene_rect(kb)) and scene_rect(v).contains(box)
        try:
            qtbot.waitUntil(clear_of_keyboard, timeout=WAIT)
        except Exception as exc:
            raise AssertionError(f"{name}: field {scene_rect(field)}, view {scene_rect(flick)},"
                                 f" keyboard {scene_rect(p)}") from exc
        assert scene_rect(p).bottom() == pytest.approx(size[1], abs=1)
        assert scene_rect(field).height() > 0


def popups_shown(k: Harness) -> list[str]:
    """Menus and popups open on the window (a context menu is a Menu in the overlay)."""
    out = []
    for item in items(k.ui.window.contentItem()):
        name = class_name(item)
        if ("Menu" in name or "Popup" in name) and visible(item) and item.width() > 0 \
                and item.height() > 0:
            out.append(name)
    return out


@pytest.mark.parametrize("name", ["employer", "residence_address"])
def test_text_fields_open_no_context_menu(k: Harness, qtbot: Any, name: str) -> None:
    field = focus_field(k, qtbot, name)
    assert popups_shown(k) == []
    # Qt 6.9+ gives text fields a cut/copy/paste menu of their own unless told otherwise.
    menu = QQmlExpression(QQmlEngine.contextForObject(field), field, "ContextMenu.menu")
    value, undefined = menu.evaluate()
    assert not menu.hasError(), menu.error().toString()
    assert value is None and not undefined
    at = centre(field)
    QTest.mouseClick(k.ui.window, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, at)
    qtbot.wait(300)
    assert popups_shown(k) == []
    # The event a right click or a long touch turns into, sent to the window as the platform does.
    for reason in (QContextMenuEvent.Reason.Mouse, QContextMenuEvent.Reason.Other):
        QCoreApplication.sendEvent(
            k.ui.window, QContextMenuEvent(reason, at, k.ui.window.mapToGlobal(at)))
        qtbot.wait(300)
        assert popups_shown(k) == []
    # Press and hold, as a finger would.
    QTest.mousePress(k.ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    qtbot.wait(1500)
    QTest.mouseRelease(k.ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    qtbot.wait(300)
    assert popups_shown(k) == []
