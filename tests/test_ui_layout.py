"""Layout checks: the checker catches what it should, and every app screen passes it.

The first part proves the checker on small QML snippets built to fail (and to
pass); the second walks every screen of the real app in zh_CN and en_US,
landscape 1920×1080 and portrait 1080×1920, normal and elder mode.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from ui_layout_support import load_snippet

from ui.devtools.layoutcheck import Violation, check_window, report, theme_touch_min

HEADER = "import QtQuick\nimport QtQuick.Controls.Basic\n"


def _check(qapp: QGuiApplication, tmp_path: Path, body: str, *,
           size: tuple[int, int] = (800, 600)) -> list[Violation]:
    view = load_snippet(qapp, tmp_path, HEADER + "Item {\n" + body + "\n}\n", size)
    try:
        return check_window(view, min_touch=64, screen="snippet", mode="test")
    finally:
        view.close()
        view.deleteLater()


def _kinds(found: list[Violation]) -> set[tuple[str, str]]:
    return {(v.kind, v.name) for v in found}


def test_clean_layout_has_no_violations(qapp: QGuiApplication, tmp_path: Path) -> None:
    found = _check(qapp, tmp_path, """
    Button { objectName: "ok"; x: 10; y: 10; width: 200; height: 80; text: "OK" }
    Button { objectName: "cancel"; x: 220; y: 10; width: 200; height: 80; text: "Cancel" }
    Label { x: 10; y: 120; width: 400; height: 200; wrapMode: Text.Wrap; font.pixelSize: 28
            text: "A long explanation that wraps onto a few lines within its box" }
    Text { x: 10; y: 340; width: 120; height: 40; elide: Text.ElideRight; font.pixelSize: 28
           text: "Deliberately elided caption" }
    TextField { objectName: "field"; x: 10; y: 400; width: 400; height: 70; text: "12345" }
    Button { objectName: "hidden"; x: 10; y: 10; width: 20; height: 20; visible: false }
    Button { objectName: "disabled"; x: 15; y: 15; width: 20; height: 20; enabled: false }
    Button { objectName: "transparent"; x: 15; y: 15; width: 20; height: 20; opacity: 0 }
    MouseArea { objectName: "idleCatcher"; anchors.fill: parent; acceptedButtons: Qt.NoButton }
    """)
    assert found == [], report(found)


def test_text_wider_than_its_box_is_reported(qapp: QGuiApplication, tmp_path: Path) -> None:
    found = _check(qapp, tmp_path, """
    Text { objectName: "clipped"; x: 10; y: 10; width: 60; height: 40; font.pixelSize: 28
           text: "身份证读取失败" }
    """)
    assert _kinds(found) == {("text-overflow", "clipped")}
    assert "wide" in found[0].detail


def test_wrapped_text_taller_than_its_box_is_reported(qapp: QGuiApplication,
                                                      tmp_path: Path) -> None:
    found = _check(qapp, tmp_path, """
    Label { objectName: "tall"; x: 10; y: 10; width: 200; height: 40; wrapMode: Text.Wrap
            font.pixelSize: 28; text: "Lift the card and place it again on the reader" }
    """)
    assert _kinds(found) == {("text-overflow", "tall")}
    assert "tall" in found[0].detail


def test_button_caption_cut_off_by_the_style_is_reported(qapp: QGuiApplication,
                                                         tmp_path: Path) -> None:
    found = _check(qapp, tmp_path, """
    Button { objectName: "narrow"; x: 10; y: 10; width: 100; height: 80; font.pixelSize: 28
             text: "Browse services without an ID" }
    """)
    assert _kinds(found) == {("text-overflow", "narrow (caption)")}


def test_prefilled_field_value_wider_than_the_field_is_reported(qapp: QGuiApplication,
                                                                tmp_path: Path) -> None:
    found = _check(qapp, tmp_path, """
    TextField { objectName: "address"; x: 10; y: 10; width: 200; height: 70; font.pixelSize: 28
                text: "上海市浦东新区世纪大道100号2001室" }
    """)
    assert ("text-overflow", "address") in _kinds(found)


def test_text_running_off_the_window_is_reported(qapp: QGuiApplication, tmp_path: Path) -> None:
    found = _check(qapp, tmp_path, """
    Text { objectName: "offEdge"; x: 700; y: 10; font.pixelSize: 28
           text: "Nearby service points" }
    Flickable { x: 0; y: 100; width: 300; height: 200; contentWidth: 900; clip: true
        Text { objectName: "scrollable"; x: 250; font.pixelSize: 28
               text: "Scrolls into view; not an error" } }
    """)
    assert _kinds(found) == {("text-offscreen", "offEdge")}


def test_overlapping_buttons_are_reported(qapp: QGuiApplication, tmp_path: Path) -> None:
    found = _check(qapp, tmp_path, """
    Button { objectName: "exit"; x: 10; y: 10; width: 200; height: 80; text: "Exit" }
    Button { objectName: "help"; x: 150; y: 50; width: 200; height: 80; text: "Help" }
    """)
    assert _kinds(found) == {("overlap", "exit")}
    assert "help" in found[0].detail


def test_tap_handler_and_mouse_area_count_as_targets(qapp: QGuiApplication,
                                                     tmp_path: Path) -> None:
    found = _check(qapp, tmp_path, """
    Rectangle { objectName: "tile"; x: 10; y: 10; width: 300; height: 100; TapHandler {} }
    Rectangle { x: 200; y: 50; width: 300; height: 100
        MouseArea { objectName: "card"; anchors.fill: parent } }
    """)
    assert _kinds(found) == {("overlap", "tile")}


def test_nested_and_clipped_targets_are_not_overlaps(qapp: QGuiApplication,
                                                     tmp_path: Path) -> None:
    found = _check(qapp, tmp_path, """
    Button { objectName: "card"; x: 10; y: 10; width: 400; height: 200
        Button { objectName: "inner"; x: 20; y: 20; width: 120; height: 80; text: "More" } }
    Item { x: 10; y: 300; width: 200; height: 100; clip: true
        Button { objectName: "scrolledAway"; x: 0; y: 150; width: 200; height: 80 } }
    Button { objectName: "below"; x: 10; y: 410; width: 200; height: 80 }
    """)
    assert found == [], report(found)


def test_small_touch_target_is_reported(qapp: QGuiApplication, tmp_path: Path) -> None:
    found = _check(qapp, tmp_path, """
    Button { objectName: "tiny"; x: 10; y: 10; width: 48; height: 48; text: "×" }
    Rectangle { objectName: "thinTap"; x: 100; y: 10; width: 300; height: 40; TapHandler {} }
    TextField { objectName: "lowField"; x: 10; y: 100; width: 300; height: 50 }
    TextField { objectName: "readOnly"; x: 10; y: 200; width: 300; height: 40; readOnly: true }
    """)
    assert _kinds(found) == {("touch-size", "tiny"), ("touch-size", "thinTap"),
                             ("touch-size", "lowField")}


def test_report_names_screen_mode_and_object() -> None:
    text = report([Violation("overlap", "exitButton", "overlaps helpButton", "home",
                             "en_US landscape elder")])
    assert "[home/en_US landscape elder] overlap: exitButton" in text
    assert report([]) == "layout check: no violations"


def test_own_button_caption_elided_to_fit_is_reported(qapp: QGuiApplication,
                                                      tmp_path: Path) -> None:
    found = _check(qapp, tmp_path, """
    Button { objectName: "mine"; x: 10; y: 10; width: 160; height: 80; font.pixelSize: 28
             text: "Browse services without an ID card"
             contentItem: Text { text: parent.text; font: parent.font; elide: Text.ElideRight
                                 wrapMode: Text.WordWrap; maximumLineCount: 2 } }
    Button { objectName: "fits"; x: 10; y: 200; width: 300; height: 80; font.pixelSize: 28
             text: "Exit"
             contentItem: Text { text: parent.text; font: parent.font; elide: Text.ElideRight } }
    """)
    assert _kinds(found) == {("text-overflow", "mine (caption)")}


def test_modal_catcher_hides_what_is_behind_and_noop_catcher_does_not(
        qapp: QGuiApplication, tmp_path: Path) -> None:
    body = """
    Button { objectName: "behind"; x: 100; y: 100; width: 300; height: 100 }
    Rectangle { anchors.fill: parent; color: "#80000000"; z: 10
        MouseArea { anchors.fill: parent; acceptedButtons: %s }
        Button { objectName: "dialogButton"; x: 200; y: 150; width: 300; height: 100 } }
    """
    blocking = _check(qapp, tmp_path, body % "Qt.LeftButton")
    assert blocking == [], report(blocking)
    # A catcher that accepts no button lets taps through to "behind": a real overlap.
    leaky = _check(qapp, tmp_path, body % "Qt.NoButton")
    assert _kinds(leaky) == {("overlap", "behind")}


def test_target_reaching_past_the_window_edge_is_reported(qapp: QGuiApplication,
                                                          tmp_path: Path) -> None:
    found = _check(qapp, tmp_path, """
    Button { objectName: "next"; x: 600; y: 560; width: 150; height: 80 }
    Flickable { x: 0; y: 0; width: 300; height: 300; contentHeight: 900; clip: true
        Button { objectName: "inList"; x: 0; y: 250; width: 200; height: 80 } }
    """)
    assert _kinds(found) == {("target-offscreen", "next")}


# --- every screen of the real app -------------------------------------------------------------

# Defects the app has today, as "kind name @ screen/mode" lines. The test fails on any
# violation not listed here AND on any listed one that no longer occurs, so this list
# can only shrink, and every line in it is a real defect to fix. After fixing QML, rewrite it:
#   KIOSK_UPDATE_LAYOUT_DEFECTS=1 .venv/bin/pytest tests/test_ui_layout.py -k every_screen
KNOWN_LAYOUT_DEFECTS_FILE = Path(__file__).with_name("ui_layout_known_defects.txt")


def _key(v: Violation) -> str:
    """One line of the known-defects file."""
    return f"{v.kind} {v.name} @ {v.screen}/{v.mode}"


def _rewrite_known(current: set[str], sometimes: set[str]) -> None:
    """Write today's defects (``KIOSK_UPDATE_LAYOUT_DEFECTS=1``: after a QML change)."""
    header = [line for line in KNOWN_LAYOUT_DEFECTS_FILE.read_text("utf-8").splitlines()
              if line.startswith("#")]
    # "? " lines are written by hand and kept: one run cannot tell that they are gone. (The
    # idle warning's overlaps used to be such; its tap catcher now really blocks the form.)
    lines = sorted(current - sometimes) + sorted(f"? {k}" for k in sometimes)
    KNOWN_LAYOUT_DEFECTS_FILE.write_text("\n".join(header + lines) + "\n", "utf-8")


@pytest.mark.slow
def test_every_screen_in_every_language_orientation_and_mode(qapp: QGuiApplication) -> None:
    from kiosk.base.clock import SystemClock
    from kiosk.base.config import data_dir, default_config
    from kiosk.base.context import Context
    from ui.devtools.screenshots import Mode, modes
    from ui.devtools.tour import tour

    config = default_config()
    ctx = Context(config, data_dir(None, config), SystemClock())
    found: list[Violation] = []
    visited: set[tuple[str, str]] = set()

    def visit(screen: str, mode: Mode, window: object) -> None:
        visited.add((screen, mode.label))
        # The theme in effect: the technician screens keep the standard one in elder mode.
        min_touch = theme_touch_min(window, 64 * (1.5 if mode.elder else 1.0))  # type: ignore[arg-type]
        found.extend(check_window(window, min_touch=min_touch,  # type: ignore[arg-type]
                                  screen=screen, mode=mode.label))

    all_modes = modes()
    screens = tour(ctx, all_modes, visit)
    assert len(all_modes) == 8
    assert {"Home", "Reading", "Identity", "Services", "Form", "Materials", "Review",
            "Receipt", "Browse", "ServicePoints", "Help", "IdleWarning"} <= set(screens)
    assert len(visited) == len(screens) * len(all_modes)
    lines = [line.strip() for line in KNOWN_LAYOUT_DEFECTS_FILE.read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    # "? " marks a defect that depends on the seconds shown in a countdown: either way is fine.
    sometimes = {line[2:] for line in lines if line.startswith("? ")}
    known = {line for line in lines if not line.startswith("? ")}
    current = {_key(v) for v in found}
    if os.environ.get("KIOSK_UPDATE_LAYOUT_DEFECTS") == "1":
        _rewrite_known(current, sometimes)
        return
    new = [v for v in found if _key(v) not in known | sometimes]
    fixed = sorted(known - current)
    assert not new, "new layout violations:\n" + report(new)
    assert not fixed, ("fixed, remove from " + KNOWN_LAYOUT_DEFECTS_FILE.name + ":\n" +
                       "\n".join(fixed))


# --- the idle warning is modal ----------------------------------------------------------------

# A level-1 service whose form opens without a level-2 code and has a typed field (phone).
MODAL_SERVICE = "hotline_12345"


@pytest.mark.slow
def test_tap_on_the_idle_overlay_background_does_not_reach_the_form(
        qapp: QGuiApplication, qtbot: Any, tmp_path: Path) -> None:
    """The layout check drops what the idle warning covers; this proves it really is covered.

    A real mouse click on the dimmed background, right over the form's Back button, must
    leave the form on screen; the same click once the warning is gone does go back, so the
    click lands where the button is. The field typed into loses the focus when the warning
    comes up, so keys (and the virtual keyboard) no longer reach it either.
    """
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest
    from ui_support import centre, find, kiosk_harness, open_form, settle, tap, wait_for

    from kiosk.devtools.residents import resident

    with kiosk_harness(tmp_path / "kiosk") as k:
        ui = k.ui
        j: Any = ui.journey
        open_form(qtbot, k, resident("R0003"), MODAL_SERVICE)
        field = wait_for(qtbot, ui, "field_phone")
        tap(qtbot, ui, "field_phone")
        qtbot.waitUntil(lambda: bool(field.hasActiveFocus()), timeout=5000)

        timeouts = k.rt.ctx.config.timeouts
        k.clock.advance(timeouts.idle_s - timeouts.idle_warning_s + 1)
        wait_for(qtbot, ui, "idleOverlay")
        dialog = wait_for(qtbot, ui, "idleDialog")
        qtbot.waitUntil(lambda: not field.hasActiveFocus(), timeout=5000)
        back = wait_for(qtbot, ui, "formBackButton")
        point = centre(back)
        box = dialog.mapRectToScene(dialog.boundingRect())
        assert not box.contains(QPointF(point)), "the Back button is under the dialog itself"

        # The field's left end: its middle is under the dialog in landscape.
        left = field.mapToScene(QPointF(min(40.0, field.width() / 4), field.height() / 2))
        field_point = QPoint(round(left.x()), round(left.y()))
        assert not box.contains(QPointF(field_point)), "the field is under the dialog itself"

        QTest.mouseClick(ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         point)
        settle(qtbot, ui)
        assert j.step == "form", "a tap on the warning's background pressed Back behind it"
        QTest.mouseClick(ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         field_point)
        settle(qtbot, ui)
        assert not field.hasActiveFocus(), "a tap on the warning's background focused a field"
        assert find(ui, "formScreen") is not None and find(ui, "idleOverlay") is not None

        # Control: without the warning the same click reaches the button below.
        tap(qtbot, ui, "idleContinueButton")
        qtbot.waitUntil(lambda: find(ui, "idleOverlay") is None, timeout=5000)
        QTest.mouseClick(ui.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         point)
        qtbot.waitUntil(lambda: j.step != "form", timeout=5000)
