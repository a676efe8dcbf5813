"""The kiosk window: Qt application, QML engine, adapters over one running kiosk.

``main`` is what ``kiosk run`` calls (``kiosk demo`` goes through
``ui.devtools.demo``, which adds the dev dock's side panel). ``build_ui``
assembles the window over an already open :class:`kiosk.app.runtime.Runtime`,
so tests, the screenshot command and the bench can start the same app offscreen.
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import os
import signal
import socket
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QLibraryInfo,
    QSocketNotifier,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow
from PySide6.QtQuickControls2 import QQuickStyle

from devices.simulation import SampleCards
from kiosk.app.activity import ActivityMarker, activity_path
from kiosk.app.journey import Step
from kiosk.app.runtime import (
    HubLink,
    Runtime,
    StartupError,
    build_journey,
    open_runtime,
    warm_cache,
)
from kiosk.app.service import (
    Fault,
    ServiceMonitor,
    ServiceProblem,
    ServiceState,
    initial_state,
    log_state,
    retry_policy,
    runtime_check,
    startup_check,
)
from kiosk.app.technician.desk import desk_for, startup_desk
from kiosk.app.technician.leaving import LEFT_BY_TECHNICIAN, clear_left, mark_left
from kiosk.app.technician.problems import ProblemLog
from kiosk.base.clock import Clock, SystemClock
from kiosk.base.context import Context
from kiosk.base.events import emit
from kiosk.base.events.catalogue import UiReady
from kiosk.base.sdnotify import Notifier
from kiosk.hub.errors import HubError
from ui.adapters.devices_adapter import DevicesAdapter
from ui.adapters.images import PROVIDER_ID, KioskImageProvider
from ui.adapters.journey_adapter import JourneyAdapter
from ui.adapters.panel import SidePanel
from ui.adapters.screen_adapter import ScreenAdapter
from ui.adapters.service_adapter import ServiceAdapter
from ui.adapters.startup_desk_adapter import StartupDeskAdapter
from ui.adapters.technician_adapter import TechnicianAdapter
from ui.icons.provider import PROVIDER_ID as ICON_PROVIDER_ID
from ui.icons.provider import IconProvider
from ui.prompts import Speak, VoicePrompter
from ui.theme import FONT_FAMILY, Theme
from ui.voice import Voice
from ui.watchdog import install_freeze_trigger, start_watchdog

QML_DIR = Path(__file__).with_name("qml")
MAIN_QML = QML_DIR / "Main.qml"
START_QML = QML_DIR / "OutOfServiceWindow.qml"
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
    service: ServiceAdapter
    technician: TechnicianAdapter
    monitor: ServiceMonitor | None = None
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
        # The one close that needs no technician: the app itself is shutting down.
        self.technician.allow_close()
        if self.monitor is not None:
            self.monitor.stop()
        self.technician.shutdown()
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
    step_changed: Callable[[Step], None] | None = None,
    service_monitor: bool = True,
    closable: bool = False,
) -> KioskUi:
    """The whole window over an open runtime; raises ``RuntimeError`` if QML fails to load.

    ``speak(text, locale)`` says elder mode's voice prompts; by default a
    :class:`ui.voice.Voice` with the backend named by ``KIOSK_VOICE``
    (``auto``, ``qt``, ``espeak`` or ``none``). ``dock`` fills the side panel (the
    dev dock's, in a demo); a terminal has none. ``step_changed`` is told each
    new journey step, on the journey's worker thread (the activity marker).
    ``service_monitor`` watches enrolment and the required devices on a background
    thread and shows the out-of-service screen while one is missing. The window
    ignores a close request (a window manager's, a stray key) unless ``closable`` (a
    developer's demo window): a terminal is left only from the technician screen.
    """
    if rt.devices is None:
        raise RuntimeError("the UI needs devices; open the runtime with with_devices=True")
    app = ensure_app()
    theme = Theme()
    journey = JourneyAdapter(build_journey(rt, step_changed=step_changed),
                             tick_interval_ms=tick_interval_ms)
    images = KioskImageProvider()
    devices = DevicesAdapter(rt.devices, rt.ctx.config, journey, images,
                             clock=ui_clock or SystemClock(),
                             status_source=(lambda: status_source(rt)) if with_status else None)
    service = ServiceAdapter(journey, initial_state(rt))
    devices.set_identifying(service.state().in_service)
    service.inServiceChanged.connect(lambda: devices.set_identifying(service.state().in_service))
    desk = desk_for(rt)
    problems = rt.problems if rt.problems is not None else ProblemLog(rt.ctx.clock)
    technician = TechnicianAdapter(rt, desk, problems, journey, devices,
                                   tick_interval_ms=tick_interval_ms, closable=closable)
    screens = ScreenAdapter(journey, devices, service, technician)
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
    ctx.setContextProperty("service", service)
    ctx.setContextProperty("technician", technician)
    ctx.setContextProperty("kioskHasKeyboard", has_virtual_keyboard())
    engine.load(QUrl.fromLocalFile(str(MAIN_QML)))
    roots = engine.rootObjects()
    if not roots or not isinstance(roots[0], QQuickWindow):
        journey.shutdown()
        technician.shutdown()
        if dock is not None:
            dock.shutdown()
        if voice is not None:
            voice.close()
        raise RuntimeError("the kiosk QML did not load: " + "; ".join(warnings))
    window = roots[0]
    ui = KioskUi(app, engine, window, journey, devices, dock, theme, images, screens, prompter,
                 service, technician, None, voice, warnings)

    def apply_elder() -> None:
        # Elder mode's large type is the residents'; the technician screens keep the standard
        # theme so everything they list fits.
        theme.set_elder(bool(journey.value("elderMode"))
                        and technician.value("state") == "closed")

    journey.elderModeChanged.connect(apply_elder)
    technician.stateChanged.connect(apply_elder)
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
    if service_monitor:
        sync = rt.ctx.config.sync
        # Paced by the wall clock like the device threads: a test's manual clock is the
        # kiosk's time, which the monitor's waits must not move.
        ui.monitor = ServiceMonitor(runtime_check(rt), ui_clock or SystemClock(), service.publish,
                                    interval_s=rt.ctx.config.timeouts.health_probe_s,
                                    retry=retry_policy(sync.backoff_base_s, sync.backoff_cap_s))
        ui.monitor.start()
    return ui


def quit_on_signals(app: QCoreApplication,
                    quit: Callable[[], None] | None = None) -> Callable[[], None]:
    """SIGTERM (``systemctl stop``) and SIGINT (Ctrl+C) end the event loop, so the kiosk shuts down cleanly.

    Python runs a signal handler only when the interpreter gets control, which a
    Qt event loop waiting in C++ does not give it; the signal's wakeup byte on a
    socket pair wakes a notifier, whose Python callback lets the handler run.
    ``quit`` replaces ending the application's main loop for a loop of one's own. Returns
    the function that undoes this once the loop has ended.
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
    # ``exit``, not ``quit``: Qt 6's quit first asks every window to close, and the kiosk
    # window refuses a close no technician allowed, so a SIGTERM would never end the loop.
    stop = quit or (lambda: app.exit(0))
    # Through a zero timer: a signal that lands just before the loop starts would find no
    # loop to quit; the timer fires as soon as one runs.
    previous = {signum: signal.signal(signum, lambda _signum, _frame: QTimer.singleShot(0, stop))
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


@dataclass(frozen=True)
class StartupWindow:
    """The out-of-service window of a kiosk that could not start, for a test to drive."""

    window: QQuickWindow
    service: ServiceAdapter
    technician: StartupDeskAdapter
    stop: Callable[[], None]  # end the wait as a SIGTERM does


class StartupEnd(enum.Enum):
    """How the wait for a kiosk that could not start ended without opening it."""

    STOPPED = "stopped"  # told to quit (SIGTERM)
    LEFT = "left"  # a technician left the kiosk for the console


def wait_for_runtime(app: QGuiApplication, ctx: Context, opener: Callable[[], Runtime],
                     error: StartupError, *, windowed: bool, size: tuple[int, int],
                     notifier: Notifier, on_window: Callable[[StartupWindow], None] | None = None
                     ) -> Runtime | StartupEnd:
    """Show the out-of-service window and retry ``opener`` until the kiosk opens.

    The store (or its key, or the saved hub credentials) could not be used: rather
    than exit, which under systemd's ``Restart=always`` is a crash loop, the kiosk
    says so on screen and keeps trying in the background. A technician may sign in
    there with the PIN to read the cause and leave the kiosk for the console. Under
    systemd this window is the one that reports ready and keeps the watchdog fed, so
    waiting is never taken for a hung start. ``on_window`` sees the window (tests).
    """
    first = ServiceState((ServiceProblem(Fault.STORE, "service.store", staff_detail=str(error)),))
    service = ServiceAdapter(None, first, locale=ctx.config.terminal.locale)
    technician = StartupDeskAdapter(startup_desk(ctx), service, ctx.config.terminal)
    theme = Theme()
    engine = QQmlApplicationEngine()
    engine.addImageProvider(ICON_PROVIDER_ID, IconProvider())
    engine.rootContext().setContextProperty("theme", theme)
    engine.rootContext().setContextProperty("service", service)
    engine.rootContext().setContextProperty("technician", technician)
    from ui import translations

    # The sign-in screens are the kiosk window's, labelled through Qt's translator.
    translations.install(app, str(service.locale), engine)
    service.localeChanged.connect(lambda: translations.install(app, str(service.locale), engine))
    engine.load(QUrl.fromLocalFile(str(START_QML)))
    roots = engine.rootObjects()
    if not roots or not isinstance(roots[0], QQuickWindow):
        raise RuntimeError("the out-of-service window did not load")
    window = roots[0]
    window.setFlag(Qt.WindowType.FramelessWindowHint, not windowed)
    window.resize(*size)
    if windowed:
        window.show()
    else:
        window.showFullScreen()
    watchdog = start_watchdog(window, notifier)
    opened: list[Runtime] = []
    loop = QEventLoop()
    service.inServiceChanged.connect(loop.quit)
    left: list[bool] = []

    def leave() -> None:
        left.append(True)
        loop.quit()

    technician.leaveRequested.connect(leave)
    sync = ctx.config.sync
    monitor = ServiceMonitor(startup_check(opener, opened.append), SystemClock(), service.publish,
                             retry=retry_policy(sync.backoff_base_s, sync.backoff_cap_s),
                             stop_when_in_service=True)
    monitor.state = first  # already on screen and in the log
    restore_signals = quit_on_signals(app, loop.quit)
    log_state(first)
    # The cause for whoever started the kiosk by hand (and the journal): technical text
    # (a path, a key problem), never a resident's data; the event above has the code.
    print(f"kiosk out of service, retrying: {first.problems[0].staff_detail}",
          file=sys.stderr, flush=True)
    try:
        monitor.start()
        if on_window is not None:
            on_window(StartupWindow(window, service, technician, loop.quit))
        # SIGTERM ends this loop; so do the runtime opening and a technician leaving.
        loop.exec()
    finally:
        restore_signals()
        monitor.stop()
        watchdog.hand_over()
        technician.allow_close()
        technician.shutdown()
        window.close()
        window.deleteLater()
        engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if left or not service.state().in_service or not opened:
        for rt in opened:
            rt.close()
        return StartupEnd.LEFT if left else StartupEnd.STOPPED
    return opened[0]


def main(argv: Sequence[str], *, ctx: Context, hub: HubLink | None,
         samples: SampleCards | None = None, side_panel: PanelStarter | None = None,
         on_ui: Callable[[KioskUi], None] | None = None, closable: bool = False,
         on_start_window: Callable[[StartupWindow], None] | None = None) -> int:
    """Run the kiosk window until it is closed; the exit code for the shell.

    ``hub`` is the link the CLI chose (``None``: the one ``hub.url`` names) and
    ``samples`` the cards simulated readers may hold (none on a terminal);
    ``on_ui`` sees the window once it is built (the demo hands it to the dev dock),
    ``on_start_window`` the out-of-service window of a kiosk that could not start (tests);
    ``closable`` lets the window's close button end the app (the demo on a desktop). A
    kiosk that cannot enrol, lacks a required device or cannot open its store shows
    the out-of-service screen and recovers by itself; it does not exit for these.
    """
    args = _parse(argv)
    ctx.data_dir.mkdir(parents=True, exist_ok=True)
    # Under systemd (Type=notify): READY=1 on the first frame, WATCHDOG=1 from the event
    # loop. Start-up itself is bounded by the unit's TimeoutStartSec=, not the watchdog.
    notifier = Notifier.from_env()
    app = ensure_app()
    # The window changes once from the out-of-service one to the kiosk's; that is no quit.
    app.setQuitOnLastWindowClosed(False)
    size = PORTRAIT if args.portrait else LANDSCAPE

    def opener() -> Runtime:
        return open_runtime(ctx, hub=hub, samples=samples, defer_enrolment=True,
                            keep_hub_on_failure=True, metrics=True)

    try:
        rt = opener()
    except StartupError as exc:
        waited = wait_for_runtime(app, ctx, opener, exc, windowed=args.windowed, size=size,
                                  notifier=notifier, on_window=on_start_window)
        if isinstance(waited, StartupEnd):
            if hub is not None:
                hub.stop()
            if waited is StartupEnd.LEFT:
                mark_left(ctx)  # as from the kiosk window: the unit does not restart it
                return LEFT_BY_TECHNICIAN
            return 0
        rt = waited
    stop_panel: Callable[[], None] = lambda: None  # noqa: E731
    # What `kiosk update-window` reads: the journey's step, never anything personal.
    marker = ActivityMarker(activity_path(ctx), ctx.clock)
    clear_left(ctx)
    try:
        warm_cache(rt)
        panel = None
        if side_panel is not None:
            panel, stop_panel = side_panel(rt)
        marker.record(Step.IDLE)
        try:
            ui = build_ui(rt, dock=panel, size=size, windowed=args.windowed,
                          step_changed=marker.record, closable=closable)
        except RuntimeError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        watchdog = start_watchdog(ui.window, notifier)
        if ctx.config.is_simulation:
            install_freeze_trigger(notifier)
        if on_ui is not None:
            on_ui(ui)

        def leave() -> None:
            # Ends the app with its own exit code; the marker tells the unit's session
            # wrapper (cage does not pass the code on) not to restart the kiosk.
            mark_left(ctx)
            app.exit(LEFT_BY_TECHNICIAN)

        ui.technician.leaveRequested.connect(leave)
        if closable:
            ui.window.closing.connect(app.quit)
        restore_signals = quit_on_signals(app)
        emit(UiReady())
        print("kiosk window ready", file=sys.stderr, flush=True)
        try:
            code = app.exec()
        finally:
            watchdog.stop()
            restore_signals()
            ui.close()
        return int(code)
    finally:
        marker.clear()
        stop_panel()
        rt.close()
        notifier.close()
