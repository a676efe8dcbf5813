"""The kiosk window: Qt application, QML engine, adapters over one running kiosk.

``main`` is what ``kiosk run`` calls (``kiosk demo`` goes through
``ui.devtools.demo``, which adds the dev dock's side panel). ``build_ui``
assembles the window over an already open :class:`kiosk.app.runtime.Runtime`,
so tests, the screenshot command and the bench can start the same app offscreen.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QSocketNotifier, Qt, QUrl
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow
from PySide6.QtQuickControls2 import QQuickStyle

from devices.simulation import SampleCards
from kiosk.app.runtime import (
    HubLink,
    Runtime,
    StartupError,
    build_journey,
    open_runtime,
    warm_cache,
)
from kiosk.base.clock import Clock, SystemClock
from kiosk.base.context import Context
from kiosk.hub.errors import HubError
from ui.adapters.devices_adapter import DevicesAdapter
from ui.adapters.images import PROVIDER_ID, KioskImageProvider
from ui.adapters.journey_adapter import JourneyAdapter
from ui.adapters.panel import SidePanel
from ui.adapters.screen_adapter import ScreenAdapter
from ui.icons.provider import PROVIDER_ID as ICON_PROVIDER_ID
from ui.icons.provider import IconProvider
from ui.prompts import Speak, VoicePrompter
from ui.theme import FONT_FAMILY, Theme
from ui.voice import Voice

log = logging.getLogger(__name__)

QML_DIR = Path(__file__).with_name("qml")
MAIN_QML = QML_DIR / "Main.qml"
LANDSCAPE = (1920, 1080)
_style_set: list[bool] = []
PORTRAIT = (1080, 1920)


def has_virtual_keyboard() -> bool:
    """Whether Qt Virtual Keyboard's libraries are installed (they ship in pyside6-addons)."""
    libs = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath))
    return (libs / "libQt6VirtualKeyboard.so.6").is_file() \
        and (libs / "libQt6VirtualKeyboardQml.so.6").is_file()


def prepare_environment() -> None:
    """Settings that must be in place before the Qt application exists."""
    if has_virtual_keyboard():
        # The on-screen keyboard is the only keyboard a kiosk has.
        os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    # Once per process: Qt refuses a style change after Controls QML has loaded.
    if not _style_set:
        QQuickStyle.setStyle("Basic")
        _style_set.append(True)


def ensure_app(argv: Sequence[str] = ()) -> QGuiApplication:
    """The process's Qt application (created if there is none), with the SC font set."""
    prepare_environment()
    app = QCoreApplication.instance()
    if app is None:
        app = QGuiApplication([sys.argv[0], *argv])
    assert isinstance(app, QGuiApplication)
    # Named explicitly: the fallback picks the JP variant and draws some characters wrong.
    font = QFont(FONT_FAMILY)
    app.setFont(font)
    return app


def status_source(rt: Runtime) -> tuple[bool, int]:
    """Whether the hub answers, and how many submissions wait in the outbox."""
    counts = rt.outbox.counts()
    pending = counts.get("pending", 0) + counts.get("sending", 0)
    if not rt.online() or rt.client is None:
        return False, pending
    try:
        rt.client.health()
    except HubError:
        return False, pending
    return True, pending


@dataclass
class KioskUi:
    """One kiosk window and everything behind it; ``close()`` releases the UI side."""

    app: QGuiApplication
    engine: QQmlApplicationEngine
    window: QQuickWindow
    journey: JourneyAdapter
    devices: DevicesAdapter
    dock: SidePanel | None
    theme: Theme
    images: KioskImageProvider
    screens: ScreenAdapter
    prompter: VoicePrompter
    voice: Voice | None = None
    warnings: list[str] = field(default_factory=list)
    _closed: bool = False

    def set_locale(self, locale: str) -> None:
        """Load the QML labels' translation for ``locale`` and re-evaluate every qsTr."""
        from ui import translations

        translations.install(self.app, locale, self.engine)

    def resize(self, width: int, height: int) -> None:
        """Landscape (1920×1080) or portrait (1080×1920) or anything in between."""
        self.window.resize(width, height)

    def close(self) -> None:
        """Stop the workers and destroy the window (the runtime stays open)."""
        if self._closed:
            return
        self._closed = True
        self.devices.stop()
        self.journey.shutdown()
        if self.dock is not None:
            self.dock.shutdown()
        if self.voice is not None:
            self.voice.close()
        self.window.close()
        # Destroy the QML before the adapters it binds to, so no binding sees them vanish.
        self.window.deleteLater()
        self.engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def build_ui(
    rt: Runtime,
    *,
    dock: SidePanel | None = None,
    size: tuple[int, int] = LANDSCAPE,
    windowed: bool = True,
    ui_clock: Clock | None = None,
    tick_interval_ms: int = 1000,
    start_devices: bool = True,
    with_status: bool = True,
    speak: Speak | None = None,
) -> KioskUi:
    """The whole window over an open runtime; raises ``RuntimeError`` if QML fails to load.

    ``speak(text, locale)`` says elder mode's voice prompts; by default a
    :class:`ui.voice.Voice` with the backend named by ``KIOSK_VOICE``
    (``auto``, ``qt``, ``espeak`` or ``none``). ``dock`` fills the side panel (the
    dev dock's, in a demo); a terminal has none.
    """
    if rt.devices is None:
        raise RuntimeError("the UI needs devices; open the runtime with with_devices=True")
    app = ensure_app()
    theme = Theme()
    journey = JourneyAdapter(build_journey(rt), tick_interval_ms=tick_interval_ms)
    images = KioskImageProvider()
    devices = DevicesAdapter(rt.devices, rt.ctx.config, journey, images,
                             clock=ui_clock or SystemClock(),
                             status_source=(lambda: status_source(rt)) if with_status else None)
    screens = ScreenAdapter(journey, devices)
    voice = None
    if speak is None:
        voice = Voice(os.environ.get("KIOSK_VOICE", "auto"))
        speak = voice.say
    prompter = VoicePrompter(journey, screens, speak)
    engine = QQmlApplicationEngine()
    warnings: list[str] = []
    engine.warnings.connect(lambda ws: warnings.extend(w.toString() for w in ws))
    engine.addImageProvider(PROVIDER_ID, images)
    engine.addImageProvider(ICON_PROVIDER_ID, IconProvider())
    ctx = engine.rootContext()
    ctx.setContextProperty("theme", theme)
    ctx.setContextProperty("journey", journey)
    ctx.setContextProperty("devices", devices)
    # The panel's QML is loaded only when there is a panel (Main.qml's dockLoader).
    ctx.setContextProperty("kioskHasDock", dock is not None)
    if dock is not None:
        ctx.setContextProperty("dock", dock)
    ctx.setContextProperty("screens", screens)
    ctx.setContextProperty("kioskHasKeyboard", has_virtual_keyboard())
    engine.load(QUrl.fromLocalFile(str(MAIN_QML)))
    roots = engine.rootObjects()
    if not roots or not isinstance(roots[0], QQuickWindow):
        journey.shutdown()
        if dock is not None:
            dock.shutdown()
        if voice is not None:
            voice.close()
        raise RuntimeError("the kiosk QML did not load: " + "; ".join(warnings))
    window = roots[0]
    ui = KioskUi(app, engine, window, journey, devices, dock, theme, images, screens, prompter,
                 voice, warnings)
    journey.elderModeChanged.connect(lambda: theme.set_elder(bool(journey.value("elderMode"))))
    journey.localeChanged.connect(lambda: ui.set_locale(str(journey.value("locale"))))
    ui.set_locale(str(journey.value("locale")))
    window.setFlag(Qt.WindowType.FramelessWindowHint, not windowed)
    window.resize(*size)
    if windowed:
        window.show()
    else:
        window.showFullScreen()
    if start_devices:
        devices.start()
    return ui


def quit_on_signals(app: QCoreApplication) -> Callable[[], None]:
    """SIGTERM (``systemctl stop``) and SIGINT (Ctrl+C) end the event loop, so the kiosk shuts down cleanly.

    Python runs a signal handler only when the interpreter gets control, which a
    Qt event loop waiting in C++ does not give it; the signal's wakeup byte on a
    socket pair wakes a notifier, whose Python callback lets the handler run.
    Returns the function that undoes this once the loop has ended.
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(BlockingIOError):
            reader.recv(64)

    notifier.activated.connect(drain)
    previous = {signum: signal.signal(signum, lambda _signum, _frame: app.quit())
                for signum in (signal.SIGTERM, signal.SIGINT)}

    def restore() -> None:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        signal.set_wakeup_fd(-1)
        notifier.setEnabled(False)
        reader.close()
        writer.close()

    return restore


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="kiosk-ui", description="the kiosk window")
    p.add_argument("--windowed", action="store_true", help="a normal window (development)")
    p.add_argument("--portrait", action="store_true", help="1080×1920 instead of 1920×1080")
    return p.parse_args(list(argv))


PanelStarter = Callable[[Runtime], tuple[SidePanel, Callable[[], None]]]
"""Starts a side panel over the open runtime; returns it and what stops it afterwards."""


def main(argv: Sequence[str], *, ctx: Context, hub: HubLink | None,
         samples: SampleCards | None = None, side_panel: PanelStarter | None = None) -> int:
    """Run the kiosk window until it is closed; the exit code for the shell.

    ``hub`` is the link the CLI chose (``None``: the one ``hub.url`` names) and
    ``samples`` the cards simulated readers may hold (none on a terminal).
    """
    args = _parse(argv)
    ctx.data_dir.mkdir(parents=True, exist_ok=True)
    app = ensure_app()
    try:
        rt = open_runtime(ctx, hub=hub, samples=samples)
    except StartupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    stop_panel: Callable[[], None] = lambda: None  # noqa: E731
    try:
        warm_cache(rt)
        panel = None
        if side_panel is not None:
            panel, stop_panel = side_panel(rt)
        try:
            ui = build_ui(rt, dock=panel, size=PORTRAIT if args.portrait else LANDSCAPE,
                          windowed=args.windowed)
        except RuntimeError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        restore_signals = quit_on_signals(app)
        print("kiosk window ready", file=sys.stderr, flush=True)
        try:
            code = app.exec()
        finally:
            restore_signals()
            ui.close()
        return int(code)
    finally:
        stop_panel()
        rt.close()
