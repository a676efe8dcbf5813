"""Every QML file loads and instantiates with zero warnings whose source is our QML."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtQml import QQmlComponent, QQmlEngine
from PySide6.QtQuick import QQuickItem, QQuickWindow
from ui_support import Harness, QmlWarnings, kiosk_harness

from kiosk.app.technician.desk import startup_desk
from ui.adapters.images import PROVIDER_ID, KioskImageProvider
from ui.adapters.startup_desk_adapter import StartupDeskAdapter
from ui.app import QML_DIR, has_virtual_keyboard
from ui.icons.provider import PROVIDER_ID as ICON_PROVIDER_ID
from ui.icons.provider import IconProvider

QML_FILES = sorted(QML_DIR.glob("*.qml"))
# Delegates with required properties get what their model would give them.
INITIAL: dict[str, dict[str, Any]] = {
    "FormField.qml": {
        "name": "purpose", "labelZh": "用途", "labelEn": "Purpose", "widget": "select",
        "required": True, "value": "", "source": "hub", "errorText": "",
        "options": [{"value": "work", "label_zh": "工作", "label_en": "Work"}],
        "helpZh": "", "helpEn": "", "display": "", "locked": False, "masked": False,
        "clearOnEdit": False,
    },
}
# The out-of-service window of a kiosk that could not start has its own technician desk.
STARTUP_WINDOW = {"OutOfServiceWindow.qml", "StartupTechnicianScreen.qml"}


@pytest.fixture(scope="module")
def kiosk(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    with kiosk_harness(tmp_path_factory.mktemp("ui-load")) as h:
        yield h


def test_there_are_screens() -> None:
    names = {p.stem for p in QML_FILES}
    for screen in ("Main", "HomeScreen", "ReadingScreen", "IdentityScreen", "CodeScreen",
                   "ServicesScreen", "FormScreen", "MaterialsScreen", "ReviewScreen",
                   "SubmittingScreen", "ReceiptScreen", "ServicePointsScreen", "HelpScreen",
                   "IdleOverlay", "StatusBar", "DockPanel"):
        assert screen in names


@pytest.mark.parametrize("path", QML_FILES, ids=lambda p: p.name)
def test_qml_file_loads_without_warnings(kiosk: Harness, qtbot: Any, path: Path) -> None:
    if path.name == "Keyboard.qml" and not has_virtual_keyboard():
        pytest.skip("Qt Virtual Keyboard is not installed (it ships in pyside6-addons)")
    warnings = QmlWarnings()
    warnings.install()
    engine = QQmlEngine()
    engine.warnings.connect(lambda ws: warnings.messages.extend(w.toString() for w in ws))
    engine.addImageProvider(PROVIDER_ID, KioskImageProvider())
    engine.addImageProvider(ICON_PROVIDER_ID, IconProvider())
    ctx = engine.rootContext()
    ui = kiosk.ui
    startup = StartupDeskAdapter(startup_desk(kiosk.rt.ctx), ui.service,
                                 kiosk.rt.ctx.config.terminal, tick_interval_ms=0) \
        if path.name in STARTUP_WINDOW else None
    for name, obj in (("theme", ui.theme), ("journey", ui.journey), ("devices", ui.devices),
                      ("dock", ui.dock), ("screens", ui.screens), ("service", ui.service),
                      ("technician", startup or ui.technician)):
        ctx.setContextProperty(name, obj)
    ctx.setContextProperty("kioskHasDock", ui.dock is not None)
    # One application has one virtual-keyboard input context: the harness's app already
    # holds it, and a second InputPanel in this extra engine blocks Qt forever. Keyboard.qml
    # is loaded on its own below; Main.qml here without its keyboard Loader.
    ctx.setContextProperty("kioskHasKeyboard",
                           has_virtual_keyboard() and path.name != "Main.qml")
    try:
        component = QQmlComponent(engine, QUrl.fromLocalFile(str(path)))
        assert component.isReady(), component.errorString()
        obj = component.createWithInitialProperties(INITIAL.get(path.name, {}))
        assert obj is not None, component.errorString()
        if isinstance(obj, QQuickItem):
            # Give the item a window-sized box, as the Loader does.
            obj.setWidth(1880)
            obj.setHeight(960)
        qtbot.wait(50)
        if isinstance(obj, QQuickWindow):
            obj.close()
        obj.deleteLater()
        qtbot.wait(10)
    finally:
        warnings.uninstall()
        if startup is not None:
            startup.shutdown()
    assert warnings.messages == [], "\n".join(warnings.messages)
